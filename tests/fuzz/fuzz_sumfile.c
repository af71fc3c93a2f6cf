/* libFuzzer target: the retort.sum reader, then a lookup of every entry it returned.
 * Seeds: the retort.sum files under fixtures/. */
#include <stddef.h>
#include <stdint.h>

#include "retort/sumfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rt_arena *arena = rt_arena_new();
    rt_sumfile sum;
    rt_error err;
    if (arena && rt_sumfile_parse(&sum, arena, "versions/retort.sum", (const char *)data, size,
                                  &err) == RT_OK)
        for (size_t i = 0; i < sum.count; i++)
            rt_sumfile_find(&sum, sum.entries[i].name);
    rt_arena_free(arena);
    return 0;
}
