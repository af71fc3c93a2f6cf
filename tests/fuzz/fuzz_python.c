/* libFuzzer target for the Python front-end: any bytes must parse without a crash, a
 * leak or undefined behaviour, and every node and error must lie inside the input.
 * Build: cmake -DCMAKE_C_COMPILER=clang -DRETORT_FUZZ=ON; run: build/tests/fuzz_python
 * -max_total_time=60 tests/python */
#include <stdint.h>
#include <stdlib.h>

#include "retort/python.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t limit;

static int check_node(const rt_py_node *n, void *ctx)
{
    (void)ctx;
    if (n->start > n->end || n->end > limit)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rt_arena *arena = rt_arena_new();
    rt_py_module *m;
    rt_error err;
    if (arena && rt_py_parse(&m, arena, "fuzz.py", (const char *)data, size, &err) == RT_OK) {
        limit = m->text_len;
        for (uint32_t i = 0; i < m->body.len; i++)
            rt_py_visit(m->body.items[i], check_node, NULL);
        for (size_t i = 0; i < m->error_count; i++)
            if (m->errors[i].offset > m->text_len)
                abort();
        for (uint32_t i = 0; i < m->body.len; i++)
            if (m->body.items[i]->kind == RT_PY_EXPR &&
                m->body.items[i]->u.value.value->kind == RT_PY_STRING) {
                rt_str v;
                rt_py_string_value(&v, arena, m, m->body.items[i]->u.value.value);
            }
    }
    rt_arena_free(arena);
    return 0;
}
