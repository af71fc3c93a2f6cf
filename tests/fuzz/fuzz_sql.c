/* libFuzzer target: SQL extraction (rt_sql_parse) and the map from a string literal's
 * value back to its source (rt_sql_map, with the input read as a Python literal).
 * Seeds: tests/sql/. */
#include <stddef.h>
#include <stdint.h>

#include "retort/sql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void map_all(const uint8_t *data, size_t size)
{
    static const size_t holes[] = {3, 7, 1, 12};
    rt_str lit = {(const char *)data, size};
    for (size_t off = 0; off <= size + 1 && off < 4096; off++) {
        size_t at = rt_sql_map(lit, off, holes, sizeof holes / sizeof holes[0]);
        if (size > 0 && at >= size)
            __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rt_arena *arena = rt_arena_new();
    rt_sql_result res;
    rt_error err;
    if (arena)
        rt_sql_parse(&res, arena, (const char *)data, size, &err);
    rt_arena_free(arena);
    map_all(data, size);
    return 0;
}
