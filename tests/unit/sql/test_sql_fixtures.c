/* Every fixture under tests/sql/ holds SQL and, after each statement, the ops it must
 * give as `-- op: <rt_op_format() text>` lines, in order. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "retort/source.h"
#include "retort/sql.h"

static void check_fixture(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/sql/%s", RETORT_SOURCE_DIR, name);
    rt_source src;
    rt_error err;
    cr_assert_eq(rt_source_read(&src, path, &err), RT_OK, "%s", err.message);
    rt_arena *a = rt_arena_new();
    rt_sql_result r;
    cr_assert_eq(rt_sql_parse(&r, a, src.data, src.len, &err), RT_OK);
    cr_assert_eq(r.error_count, 0, "%s: unexpected syntax error: %s", name,
                 r.error_count ? r.errors[0].message : "");

    size_t seen = 0;
    const char *p = src.data;
    const char *marker = "-- op: ";
    while ((p = strstr(p, marker)) != NULL) {
        p += strlen(marker);
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        cr_assert_lt(seen, r.ops.count, "%s: expected more ops than the %zu produced", name,
                     r.ops.count);
        rt_buf b = RT_BUF_INIT;
        rt_op_format(&r.ops.items[seen], &b);
        char *want = strndup(p, len);
        cr_expect_str_eq(rt_buf_cstr(&b), want, "%s: op %zu", name, seen);
        free(want);
        rt_buf_free(&b);
        seen++;
    }
    cr_assert_eq(seen, r.ops.count, "%s: %zu ops expected, %zu produced", name, seen,
                 r.ops.count);
    rt_arena_free(a);
    rt_source_free(&src);
    rt_sql_shutdown();
}

Test(sql_fixtures, tables_and_columns) { check_fixture("tables.sql"); }
Test(sql_fixtures, indexes_and_constraints) { check_fixture("indexes_constraints.sql"); }
Test(sql_fixtures, types_and_other_objects) { check_fixture("objects.sql"); }
Test(sql_fixtures, data_session_transactions) { check_fixture("data_session.sql"); }
