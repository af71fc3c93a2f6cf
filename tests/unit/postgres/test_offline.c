/* The revision markers of `alembic upgrade --sql` output. */
#include <criterion/criterion.h>
#include <string.h>

#include "postgres/offline.h"
#include "retort/sql.h"

typedef struct parsed {
    rt_arena *arena;
    rt_sql_result sql;
    pg_offline_marker *markers;
    size_t count;
} parsed;

static parsed markers_of(const char *text)
{
    parsed p = {.arena = rt_arena_new()};
    rt_error err;
    cr_assert_eq(rt_sql_parse(&p.sql, p.arena, text, strlen(text), &err), RT_OK);
    p.count = pg_offline_markers(p.arena, text, strlen(text), &p.sql.ops, &p.markers);
    return p;
}

Test(offline, upgrade_markers_name_the_revision_run)
{
    const char *text = "BEGIN;\n\n-- Running upgrade  -> a1\n\nCREATE TABLE t (id int);\n\n"
                       "-- Running upgrade a1 -> b2\n\nDROP TABLE t;\n\nCOMMIT;\n";
    parsed p = markers_of(text);
    cr_assert_eq(p.count, 2);
    cr_assert_str_eq(p.markers[0].revision, "a1");
    cr_assert_str_eq(p.markers[1].revision, "b2");
    cr_assert_not(p.markers[1].downgrade);
    cr_assert_eq(p.markers[1].offset, (uint32_t)(strstr(text, "-- Running upgrade a1") - text));
    rt_arena_free(p.arena);
}

Test(offline, downgrade_markers_name_the_revision_undone)
{
    parsed p = markers_of("-- Running downgrade b2 -> a1\r\nDROP INDEX ix;\r\n");
    cr_assert_eq(p.count, 1);
    cr_assert_str_eq(p.markers[0].revision, "b2");
    cr_assert(p.markers[0].downgrade);
    rt_arena_free(p.arena);
}

Test(offline, merge_markers_keep_every_parent)
{
    parsed p = markers_of("-- Running upgrade a1, b2 -> c3\nSELECT 1;\n");
    cr_assert_eq(p.count, 1);
    cr_assert_str_eq(p.markers[0].revision, "c3");
    rt_arena_free(p.arena);
}

Test(offline, marker_text_inside_a_string_is_not_a_marker)
{
    parsed p = markers_of("INSERT INTO notes VALUES ('\n-- Running upgrade x -> y\n');\n");
    cr_assert_eq(p.count, 0);
    rt_arena_free(p.arena);
}

Test(offline, other_comments_and_plain_files_have_none)
{
    parsed p = markers_of("-- Running something else\n-- Running upgrade without arrow\n"
                          "CREATE INDEX ix ON t (a);\n");
    cr_assert_eq(p.count, 0);
    cr_assert_null(p.markers);
    rt_arena_free(p.arena);
}
