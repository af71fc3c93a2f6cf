/* The SQL front-end's helpers for SQL found in Python: f-string placeholders, and
 * offsets in a string literal's value mapped back to its source. */
#include <criterion/criterion.h>
#include <string.h>

#include "retort/sql.h"

/* ---- placeholders ---- */

static rt_arena *arena;
static rt_sql_template tpl;

static void setup(void)
{
    arena = rt_arena_new();
    rt_sql_template_init(&tpl);
}

static void teardown(void)
{
    rt_sql_template_free(&tpl);
    rt_arena_free(arena);
    rt_sql_shutdown();
}

static void text(const char *s)
{
    rt_sql_template_text(&tpl, s, strlen(s));
}

static rt_sql_result parse_template(void)
{
    rt_sql_result r;
    rt_error err;
    cr_assert(!tpl.text.toobig);
    const char *sql = rt_buf_cstr(&tpl.text);
    cr_assert_eq(rt_sql_parse(&r, arena, sql, strlen(sql), &err), RT_OK);
    cr_assert_eq(r.error_count, 0, "%s: %s", sql, r.error_count ? r.errors[0].message : "");
    return r;
}

TestSuite(sql_template, .init = setup, .fini = teardown);

Test(sql_template, a_name_hole_becomes_an_identifier)
{
    text("ALTER TABLE ");
    size_t n = rt_sql_template_hole(&tpl);
    text(" ADD COLUMN x int");
    cr_assert_str_eq(rt_buf_cstr(&tpl.text), "ALTER TABLE __retort_hole_1__ ADD COLUMN x int");
    cr_assert_eq(n, strlen("__retort_hole_1__"));
    rt_sql_result r = parse_template();
    cr_assert_eq(r.ops.count, 1);
    cr_assert_eq(r.ops.items[0].kind, RT_OP_ADD_COLUMN);
    cr_assert(r.ops.items[0].flags & RT_OPF_HOLE);
    cr_assert(rt_sql_is_hole(r.ops.items[0].table));
}

Test(sql_template, where_a_string_is_wanted_the_hole_is_quoted)
{
    text("ALTER TYPE mood ADD VALUE ");
    size_t n = rt_sql_template_hole(&tpl);
    text(" AFTER ");
    rt_sql_template_hole(&tpl);
    text(";\nCOMMENT ON TABLE t IS ");
    rt_sql_template_hole(&tpl);
    cr_assert_eq(n, strlen("'__retort_hole_1__'"));
    rt_sql_result r = parse_template();
    cr_assert_eq(r.ops.count, 2);
    cr_assert_eq(r.ops.items[0].kind, RT_OP_ADD_ENUM_VALUE);
    cr_assert_str_eq(r.ops.items[0].value, "__retort_hole_1__");
    cr_assert_str_eq(r.ops.items[0].neighbor, "__retort_hole_2__");
    cr_assert(r.ops.items[0].flags & RT_OPF_HOLE);
    cr_assert_eq(r.ops.items[1].kind, RT_OP_COMMENT);
}

Test(sql_template, holes_in_strings_comments_and_bodies_stay_bare)
{
    text("-- for ");
    rt_sql_template_hole(&tpl);
    text("\nUPDATE t SET a = 'x-");
    rt_sql_template_hole(&tpl);
    text("', \"b");
    rt_sql_template_hole(&tpl);
    text("\" = 1 WHERE id = ");
    rt_sql_template_hole(&tpl);
    text(";\nDO $x$ BEGIN EXECUTE 'DROP TABLE ");
    rt_sql_template_hole(&tpl);
    text("'; END $x$; CREATE INDEX idx_");
    rt_sql_template_hole(&tpl);
    text(" ON t /* ");
    rt_sql_template_hole(&tpl);
    text(" */ (a)");
    const char *sql = rt_buf_cstr(&tpl.text);
    cr_assert(strstr(sql, "'x-__retort_hole_2__'"), "%s", sql);
    cr_assert(strstr(sql, "\"b__retort_hole_3__\""), "%s", sql);
    cr_assert(strstr(sql, "id = __retort_hole_4__;"), "%s", sql);
    cr_assert(strstr(sql, "'DROP TABLE __retort_hole_5__'"), "%s", sql);
    cr_assert(strstr(sql, "/* __retort_hole_7__ */"), "%s", sql);
    rt_sql_result r = parse_template();
    size_t holes = 0, drops = 0;
    for (size_t i = 0; i < r.ops.count; i++) {
        holes += (r.ops.items[i].flags & RT_OPF_HOLE) != 0;
        drops += r.ops.items[i].kind == RT_OP_DROP_TABLE;
    }
    cr_assert_eq(drops, 1);
    cr_assert_eq(holes, 3, "update (b...), drop table, create index");
    cr_assert_eq(tpl.holes, 7);
}

Test(sql_template, sequence_options_get_numbers)
{
    text("CREATE SEQUENCE s START WITH ");
    rt_sql_template_hole(&tpl);
    text(" INCREMENT ");
    rt_sql_template_hole(&tpl);
    text(" CACHE ");
    size_t n = rt_sql_template_hole(&tpl);
    text(" OWNED BY ");
    rt_sql_template_hole(&tpl);
    text(".id");
    cr_assert_str_eq(rt_buf_cstr(&tpl.text),
                     "CREATE SEQUENCE s START WITH 1 INCREMENT 2 CACHE 3 OWNED BY "
                     "__retort_hole_4__.id");
    cr_assert_eq(n, 1);
    rt_sql_result r = parse_template();
    cr_assert_eq(r.ops.count, 1);
    cr_assert_eq(r.ops.items[0].kind, RT_OP_CREATE_SEQUENCE);
}

Test(sql_template, is_hole_recognises_only_placeholders)
{
    cr_assert(rt_sql_is_hole("__retort_hole_12__"));
    cr_assert(rt_sql_is_hole("idx___retort_hole_1__"));
    cr_assert(!rt_sql_is_hole("users"));
    cr_assert(!rt_sql_is_hole(NULL));
}

/* ---- literal offsets ---- */

static size_t map(const char *lit, size_t offset)
{
    return rt_sql_map(rt_str_from(lit), offset, NULL, 0);
}

/* The offset of needle in hay (which must contain it). */
static size_t at(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    cr_assert_not_null(p, "%s not in %s", needle, hay);
    return (size_t)(p - hay);
}

Test(sql_map, plain_single_line)
{
    cr_assert_eq(map("'abc'", 0), 1);
    cr_assert_eq(map("'abc'", 2), 3);
    cr_assert_eq(map("'abc'", 3), 4, "the end maps to the closing quote");
    cr_assert_eq(map("'abc'", 99), 4);
    cr_assert_eq(map("u\"héllo\"", 3), 5, "bytes, not characters: é is two");
}

Test(sql_map, triple_quoted_multi_line)
{
    const char *lit = "\"\"\"\n    ALTER TABLE t\n    ADD x int\n\"\"\"";
    const char *value = "\n    ALTER TABLE t\n    ADD x int\n";
    cr_assert_eq(map(lit, at(value, "ADD")), at(lit, "ADD"));
    cr_assert_eq(map(lit, strlen(value)), strlen(lit) - 3);
}

Test(sql_map, crlf_in_triple_quotes_is_one_value_byte)
{
    const char *lit = "'''a\r\nb\r\nc'''";
    /* value "a\nb\nc" */
    cr_assert_eq(map(lit, 2), at(lit, "b"));
    cr_assert_eq(map(lit, 4), at(lit, "c"));
}

Test(sql_map, escapes_map_to_their_backslash)
{
    const char *lit = "\"a\\tb\\x41c\\u00e9d\\\\e\"";
    /* value: a \t b A c é(2 bytes) d \ e */
    cr_assert_eq(map(lit, 1), at(lit, "\\t"));
    cr_assert_eq(map(lit, 2), at(lit, "b"));
    cr_assert_eq(map(lit, 3), at(lit, "\\x41"));
    cr_assert_eq(map(lit, 5), at(lit, "\\u00e9"));
    cr_assert_eq(map(lit, 6), at(lit, "\\u00e9"));
    cr_assert_eq(map(lit, 7), at(lit, "d"));
    cr_assert_eq(map(lit, 8), at(lit, "\\\\"));
    cr_assert_eq(map(lit, 9), at(lit, "\\\\e") + 2);
}

Test(sql_map, line_continuation_produces_nothing)
{
    const char *lit = "'ab\\\ncd'";
    cr_assert_eq(map(lit, 2), at(lit, "cd"));
}

Test(sql_map, unicode_names_make_later_offsets_ambiguous)
{
    const char *lit = "'a\\N{EM DASH}b'";
    cr_assert_eq(map(lit, 0), 1, "before the escape: exact");
    cr_assert_eq(map(lit, 2), 0, "after it: the literal's start");
}

Test(sql_map, raw_strings_keep_backslashes)
{
    const char *lit = "r'a\\nb'";
    /* value: a \ n b */
    cr_assert_eq(map(lit, 1), 3);
    cr_assert_eq(map(lit, 3), at(lit, "b"));
    const char *bytes = "rb\"\\d+\"";
    cr_assert_eq(map(bytes, 1), 4);
}

Test(sql_map, f_string_holes_and_doubled_braces)
{
    const char *lit = "f\"ALTER TABLE {name} ADD {{x}} {col!r:>{w}}\"";
    size_t holes[2] = {17, 17};
    /* value: "ALTER TABLE " + 17 + " ADD {x} " + 17 */
    rt_str s = rt_str_from(lit);
    cr_assert_eq(rt_sql_map(s, 12, holes, 2), at(lit, "{name}"));
    cr_assert_eq(rt_sql_map(s, 28, holes, 2), at(lit, "{name}"), "inside the placeholder");
    cr_assert_eq(rt_sql_map(s, 29, holes, 2), at(lit, " ADD"));
    cr_assert_eq(rt_sql_map(s, 34, holes, 2), at(lit, "{{x"));
    cr_assert_eq(rt_sql_map(s, 35, holes, 2), at(lit, "x}}"));
    cr_assert_eq(rt_sql_map(s, 38, holes, 2), at(lit, "{col"));
    cr_assert_eq(rt_sql_map(s, 12, holes, 0), 0, "hole lengths missing: ambiguous");
}

Test(sql_map, malformed_literals_map_to_the_start)
{
    cr_assert_eq(map("abc", 1), 0);
    cr_assert_eq(map("'", 0), 0);
    cr_assert_eq(map("'a\\x4'", 1), 0, "a truncated \\x escape");
}
