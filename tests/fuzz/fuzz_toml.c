/* libFuzzer target: the TOML reader. */
#include <stddef.h>
#include <stdint.h>

#include "retort/toml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rt_toml doc;
    rt_error err;
    if (rt_toml_parse(&doc, "fuzz.toml", (const char *)data, size, &err) == RT_OK)
        rt_toml_free(&doc);
    return 0;
}
