/* libFuzzer target: the INI reader and interpolation of every option it finds. */
#include <stddef.h>
#include <stdint.h>

#include "retort/ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void interpolate_all(const rt_ini *ini, const rt_ini_section *s)
{
    rt_ini_var here = {"here", "/p%(here)s"};
    for (size_t i = 0; i < s->count; i++) {
        const char *out;
        rt_error err;
        rt_ini_interpolate(ini, s->name, &s->entries[i], &here, 1, &out, &err);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rt_ini ini;
    rt_error err;
    if (rt_ini_parse(&ini, "fuzz.ini", (const char *)data, size, &err) != RT_OK)
        return 0;
    interpolate_all(&ini, &ini.defaults);
    for (size_t i = 0; i < ini.count; i++)
        interpolate_all(&ini, &ini.sections[i]);
    rt_ini_free(&ini);
    return 0;
}
