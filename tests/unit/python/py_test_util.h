/* Helpers shared by the Python front-end unit tests. */
#ifndef RETORT_PY_TEST_UTIL_H
#define RETORT_PY_TEST_UTIL_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "retort/buf.h"
#include "retort/python.h"

/* Every test gets a fresh arena (Criterion runs each test in its own process). */
static rt_arena *A;

static inline void py_setup(void)
{
    A = rt_arena_new();
    cr_assert_not_null(A);
}

static inline void py_teardown(void)
{
    rt_arena_free(A);
}

static inline rt_py_module *parse_n(const char *src, size_t len)
{
    rt_py_module *m = NULL;
    rt_error err;
    int rc = rt_py_parse(&m, A, "test.py", src, len, &err);
    cr_assert_eq(rc, RT_OK, "rt_py_parse failed: %s", err.message);
    return m;
}

static inline rt_py_module *parse(const char *src)
{
    return parse_n(src, strlen(src));
}

/* Parses src and asserts that it has no syntax error. */
static inline rt_py_module *parse_ok(const char *src)
{
    rt_py_module *m = parse(src);
    cr_assert_eq(m->error_count, 0, "unexpected syntax error at %u: %s",
                 m->error_count ? m->errors[0].offset : 0,
                 m->error_count ? m->errors[0].message : "");
    return m;
}

static inline rt_py_tokens tokenize(const char *src, unsigned flags)
{
    rt_py_tokens t;
    rt_error err;
    cr_assert_eq(rt_py_tokenize(&t, A, src, strlen(src), flags, &err), RT_OK);
    return t;
}

#endif
