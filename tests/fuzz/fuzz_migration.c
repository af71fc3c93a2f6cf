/* libFuzzer target: the migration model (and its JSON) on arbitrary bytes. Seeds:
 * fixtures/python/ (e.g. build/tests/fuzz_migration -max_total_time=60 fixtures/python/
 * handwritten fixtures/python/alembic-1.8.1/generic). */
#include <stddef.h>
#include <stdint.h>

#include "retort/migration.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rt_arena *arena = rt_arena_new();
    rt_migration *m = NULL;
    rt_error err;
    if (arena && rt_migration_read(&m, arena, "versions/abc123.py", (const char *)data, size,
                                   &err) == RT_OK) {
        rt_buf out = RT_BUF_INIT;
        for (size_t i = 0; i < m->function_count; i++)
            for (size_t j = 0; j < m->functions[i].op_count; j++)
                rt_mig_op_sql(&m->functions[i].ops[j]);
        rt_migration_json(&out, m);
        rt_buf_free(&out);
    }
    rt_arena_free(arena);
    return 0;
}
