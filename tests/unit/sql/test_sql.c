/* SQL front-end: positions, error recovery, plpgsql bodies, limits. */
#include <criterion/criterion.h>
#include <string.h>

#include "retort/source.h"
#include "retort/sql.h"

static rt_arena *arena;

static void setup(void)
{
    arena = rt_arena_new();
    cr_assert_not_null(arena);
}

static void teardown(void)
{
    rt_arena_free(arena);
    rt_sql_shutdown();
}

static rt_sql_result parse(const char *sql)
{
    rt_sql_result r;
    rt_error err;
    cr_assert_eq(rt_sql_parse(&r, arena, sql, strlen(sql), &err), RT_OK, "%s", err.message);
    return r;
}

/* The text an op's span covers. */
static char *span_text(const char *sql, rt_span s)
{
    return strndup(sql + s.start, s.end - s.start);
}

static void assert_span(const char *sql, rt_span s, const char *want)
{
    char *got = span_text(sql, s);
    cr_assert_str_eq(got, want);
    free(got);
}

static const rt_op *op_of(const rt_sql_result *r, rt_op_kind kind, size_t nth)
{
    for (size_t i = 0; i < r->ops.count; i++)
        if (r->ops.items[i].kind == kind && nth-- == 0)
            return &r->ops.items[i];
    cr_assert_fail("no op %s #%zu", rt_op_kind_name(kind), nth);
    return NULL;
}

TestSuite(sql, .init = setup, .fini = teardown);

Test(sql, statement_spans_skip_comments_and_semicolons)
{
    const char *sql = "-- first\n  CREATE TABLE a (id int);\n/* two */ DROP TABLE b ;\n"
                      "SELECT 1";
    rt_sql_result r = parse(sql);
    cr_assert_eq(r.statement_count, 3);
    cr_assert_eq(r.ops.count, 3);
    assert_span(sql, r.ops.items[0].span, "CREATE TABLE a (id int)");
    assert_span(sql, r.ops.items[1].span, "DROP TABLE b");
    assert_span(sql, r.ops.items[2].span, "SELECT 1");
}

Test(sql, op_locations_point_at_the_column_and_the_name)
{
    const char *sql = "ALTER TABLE app.users\n  ADD COLUMN email text,\n  ADD COLUMN age int;";
    rt_sql_result r = parse(sql);
    cr_assert_eq(r.ops.count, 2);
    cr_assert_eq(r.ops.items[0].loc.start, (uint32_t)(strstr(sql, "email") - sql));
    cr_assert_eq(r.ops.items[1].loc.start, (uint32_t)(strstr(sql, "age") - sql));
    cr_assert_eq(r.ops.items[0].col.span.start, r.ops.items[0].loc.start);

    const char *upd = "UPDATE t SET a = 1, b = 2, a = 3";
    r = parse(upd);
    const rt_op *u = op_of(&r, RT_OP_UPDATE, 0);
    cr_assert_eq(u->name_count, 3);
    cr_assert_str_eq(u->names[2].name, "a");
    cr_assert_eq(u->names[2].span.start, (uint32_t)(strstr(upd, "a = 3") - upd));
}

static void source_pos(void *ctx, size_t offset, unsigned *line, unsigned *column)
{
    rt_source_position(ctx, offset, line, column);
}

Test(sql, locate_maps_offsets_to_lines_and_code_point_columns)
{
    const char *sql = "SELECT 1;\n-- é\n  ALTER TABLE \"é\" ADD b int;\n";
    rt_source src;
    rt_error err;
    cr_assert_eq(rt_source_from_bytes(&src, "m.sql", sql, strlen(sql), &err), RT_OK);
    rt_sql_result r = parse(sql);
    rt_op_list_locate(&r.ops, 0, 0, source_pos, &src);
    const rt_op *b = op_of(&r, RT_OP_ADD_COLUMN, 0);
    cr_assert_eq(b->span.line, 3);
    cr_assert_eq(b->span.column, 3);
    cr_assert_eq(b->loc.line, 3);
    cr_assert_eq(b->loc.column, 23, "é counts as one column");
    cr_assert_eq(b->span.end_line, 3);
    cr_assert_eq(b->span.end_column, 28, "the end is exclusive: the semicolon");
    rt_source_free(&src);
}

Test(sql, broken_middle_statement_gives_one_error_and_keeps_the_others)
{
    const char *sql = "CREATE TABLE a (id int);\nALTER TABEL b ADD COLUMN c int;\n"
                      "DROP TABLE d;\n";
    rt_sql_result r = parse(sql);
    cr_assert_eq(r.ops.count, 2);
    cr_assert_eq(r.ops.items[0].kind, RT_OP_CREATE_TABLE);
    cr_assert_eq(r.ops.items[1].kind, RT_OP_DROP_TABLE);
    cr_assert_str_eq(r.ops.items[1].table, "d");
    cr_assert_eq(r.error_count, 1);
    cr_assert_eq(r.errors[0].span.start, (uint32_t)(strstr(sql, "TABEL") - sql));
    cr_assert(strstr(r.errors[0].message, "TABEL"), "%s", r.errors[0].message);
    cr_assert_eq(r.statement_count, 3);
}

Test(sql, error_offset_counts_bytes_after_multibyte_text)
{
    const char *sql = "SELECT 'héllo' FRM t;";
    rt_sql_result r = parse(sql);
    cr_assert_eq(r.error_count, 1);
    cr_assert_eq(r.errors[0].span.start, (uint32_t)(strstr(sql, "t;") - sql));
}

Test(sql, unterminated_string_keeps_the_statements_before_it)
{
    const char *sql = "DROP TABLE a;\nDROP TABLE b;\nINSERT INTO c VALUES ('oops);\nDROP TABLE d;";
    rt_sql_result r = parse(sql);
    cr_assert_eq(r.ops.count, 2);
    cr_assert_str_eq(r.ops.items[1].table, "b");
    cr_assert_eq(r.error_count, 1);
    cr_assert_eq(r.errors[0].span.start, (uint32_t)(strchr(sql, '\'') - sql));
    cr_assert(strstr(r.errors[0].message, "unterminated"), "%s", r.errors[0].message);
}

Test(sql, nul_byte_is_an_error_and_reads_as_space)
{
    const char sql[] = "DROP TABLE a;\0DROP TABLE b;";
    rt_sql_result r;
    rt_error err;
    cr_assert_eq(rt_sql_parse(&r, arena, sql, sizeof sql - 1, &err), RT_OK);
    cr_assert_eq(r.ops.count, 2);
    cr_assert_eq(r.error_count, 1);
    cr_assert_eq(r.errors[0].span.start, 13);
}

Test(sql, begin_atomic_bodies_are_not_split)
{
    const char *sql = "CREATE FUNCTION f() RETURNS int LANGUAGE sql\n"
                      "BEGIN ATOMIC SELECT 1; SELECT 2; END;\nDROP TABLE a;";
    rt_sql_result r = parse(sql);
    cr_assert_eq(r.error_count, 0, "%s", r.error_count ? r.errors[0].message : "");
    cr_assert_eq(r.ops.count, 2);
    cr_assert_eq(r.ops.items[0].kind, RT_OP_CREATE_FUNCTION);
    cr_assert_eq(r.ops.items[1].kind, RT_OP_DROP_TABLE);
    cr_assert_eq(r.statement_count, 2);
}

Test(sql, empty_and_comment_only_texts_give_nothing)
{
    rt_sql_result r = parse("");
    cr_assert_eq(r.ops.count + r.error_count, 0);
    r = parse("  -- nothing\n/* at all */\n");
    cr_assert_eq(r.ops.count + r.error_count, 0);
}

Test(sql, oversized_text_is_refused_before_reading)
{
    rt_sql_result r;
    rt_error err;
    cr_assert_eq(rt_sql_parse(&r, arena, "", RT_SQL_MAX_BYTES + 1, &err), RT_ETOOBIG);
}

Test(sql, deep_nesting_is_an_error_not_a_crash)
{
    size_t n = 100000;
    char *sql = malloc(2 * n + 32);
    size_t k = 0;
    k += (size_t)sprintf(sql, "SELECT ");
    memset(sql + k, '(', n);
    k += n;
    sql[k++] = '1';
    memset(sql + k, ')', n);
    k += n;
    memcpy(sql + k, ";DROP TABLE z;", 15);
    rt_sql_result r = parse(sql);
    cr_assert_eq(r.error_count, 1);
    cr_assert_eq(r.ops.count, 1);
    cr_assert_str_eq(r.ops.items[0].table, "z");
    free(sql);
}

Test(sql, do_block_statements_are_ops_in_place)
{
    const char *sql = "DO $$\nBEGIN\n  ALTER TABLE a ADD COLUMN b int;\n"
                      "  EXECUTE 'CREATE INDEX i ON a (b)';\n"
                      "  IF 1 > 0 THEN DELETE FROM c; END IF;\nEND\n$$;";
    rt_sql_result r = parse(sql);
    cr_assert_eq(r.error_count, 0);
    cr_assert_eq(r.ops.count, 4);
    cr_assert_eq(r.ops.items[0].kind, RT_OP_OTHER);
    cr_assert_str_eq(r.ops.items[0].other_kind, "DoStmt");
    cr_assert_eq(r.ops.items[0].flags & RT_OPF_IN_PLPGSQL, 0);

    const rt_op *add = op_of(&r, RT_OP_ADD_COLUMN, 0);
    cr_assert(add->flags & RT_OPF_IN_PLPGSQL);
    assert_span(sql, add->span, "ALTER TABLE a ADD COLUMN b int");
    cr_assert_eq(add->loc.start, (uint32_t)(strstr(sql, "b int") - sql));

    const rt_op *idx = op_of(&r, RT_OP_CREATE_INDEX, 0);
    cr_assert(idx->flags & RT_OPF_IN_PLPGSQL);
    assert_span(sql, idx->span, "CREATE INDEX i ON a (b)");

    const rt_op *del = op_of(&r, RT_OP_DELETE, 0);
    assert_span(sql, del->span, "DELETE FROM c");
    cr_assert_eq(del->flags & RT_OPF_HAS_WHERE, 0);
}

Test(sql, plpgsql_function_bodies_are_read)
{
    const char *sql = "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
                      "BEGIN\n  UPDATE t SET a = 1;\n"
                      "  EXECUTE 'ALTER TABLE t ADD CONSTRAINT c CHECK (a <> ''x'')';\n"
                      "  EXECUTE 'DROP TABLE ' || name;\n  RETURN NEW;\nEND\n$body$;";
    rt_sql_result r = parse(sql);
    cr_assert_eq(r.error_count, 0, "%s", r.error_count ? r.errors[0].message : "");
    cr_assert_eq(r.ops.count, 3, "the concatenated EXECUTE is not a literal");
    cr_assert_eq(r.ops.items[0].kind, RT_OP_CREATE_FUNCTION);
    const rt_op *u = op_of(&r, RT_OP_UPDATE, 0);
    assert_span(sql, u->span, "UPDATE t SET a = 1");
    const rt_op *c = op_of(&r, RT_OP_ADD_CONSTRAINT, 0);
    cr_assert(c->flags & RT_OPF_IN_PLPGSQL);
    cr_assert_eq(c->constraint, RT_CON_CHECK);
    /* '' inside the literal: offsets are not exact, so the op points at the literal */
    cr_assert_eq(c->span.start, (uint32_t)(strstr(sql, "'ALTER") - sql));
}

Test(sql, plpgsql_syntax_errors_are_reported)
{
    const char *sql = "DROP TABLE a;\nDO $$ BEGIN IF THEN END $$;\nDROP TABLE b;";
    rt_sql_result r = parse(sql);
    cr_assert_eq(r.error_count, 1);
    cr_assert_eq(r.ops.count, 3);
    cr_assert_eq(r.errors[0].span.start, (uint32_t)(strstr(sql, " BEGIN") - sql));
}

Test(sql, nested_do_blocks_stop_at_the_nesting_limit)
{
    /* DO blocks that EXECUTE DO blocks, deeper than RT_SQL_MAX_NESTING */
    const char *sql =
        "DO $a$ BEGIN DROP TABLE t1; EXECUTE 'DO $b$ BEGIN DROP TABLE t2; "
        "EXECUTE ''DO $c$ BEGIN DROP TABLE t3; EXECUTE ''''DO $d$ BEGIN DROP TABLE t4; "
        "EXECUTE ''''''''DO $e$ BEGIN DROP TABLE t5; END $e$''''''''; END $d$''''; "
        "END $c$''; END $b$'; END $a$;";
    rt_sql_result r = parse(sql);
    cr_assert_eq(r.error_count, 0, "%s", r.error_count ? r.errors[0].message : "");
    size_t drops = 0;
    for (size_t i = 0; i < r.ops.count; i++)
        drops += r.ops.items[i].kind == RT_OP_DROP_TABLE;
    cr_assert_eq(drops, RT_SQL_MAX_NESTING);
}

Test(sql, lock_timeout_settings_keep_their_value)
{
    rt_sql_result r = parse("SET lock_timeout = '1s'; SET LOCAL statement_timeout = 500;"
                            "SELECT set_config('lock_timeout', '2s', false);");
    cr_assert_eq(r.ops.count, 3);
    cr_assert_str_eq(r.ops.items[0].name, "lock_timeout");
    cr_assert_str_eq(r.ops.items[0].value, "1s");
    cr_assert_eq(r.ops.items[0].flags & RT_OPF_LOCAL, 0);
    cr_assert_str_eq(r.ops.items[1].value, "500");
    cr_assert(r.ops.items[1].flags & RT_OPF_LOCAL);
    cr_assert_eq(r.ops.items[2].kind, RT_OP_SET);
    cr_assert_str_eq(r.ops.items[2].value, "2s");
}

Test(sql, column_types_are_normalised)
{
    rt_sql_result r = parse("CREATE TABLE t (a int4, b INTEGER, c varchar(20), d timestamptz,"
                            " e timestamp(6), f numeric(12,3), g bigserial, h int[][],"
                            " i character varying, j myschema.mytype, k pg_catalog.int8,"
                            " l double precision, m bool)");
    const rt_op *t = op_of(&r, RT_OP_CREATE_TABLE, 0);
    cr_assert_eq(t->column_count, 13);
    const rt_column *c = t->columns;
    cr_assert_str_eq(c[0].type.name, "integer");
    cr_assert_str_eq(c[1].type.name, "integer");
    cr_assert_str_eq(c[2].type.name, "character varying");
    cr_assert_eq(c[2].type.length, 20);
    cr_assert(rt_type_is_sized_char(&c[2].type));
    cr_assert_str_eq(c[3].type.name, "timestamp with time zone");
    cr_assert_str_eq(c[4].type.name, "timestamp without time zone");
    cr_assert_eq(c[4].type.precision, 6);
    cr_assert_eq(c[5].type.precision, 12);
    cr_assert_eq(c[5].type.scale, 3);
    cr_assert_str_eq(c[6].type.name, "bigserial");
    cr_assert_eq(c[7].type.array_dims, 2);
    cr_assert_eq(c[8].type.length, -1);
    cr_assert(!rt_type_is_sized_char(&c[8].type));
    cr_assert_str_eq(c[9].type.name, "mytype");
    cr_assert_str_eq(c[9].type.schema, "myschema");
    cr_assert_str_eq(c[10].type.name, "bigint");
    cr_assert_null(c[10].type.schema);
    cr_assert_str_eq(c[11].type.name, "double precision");
    cr_assert_str_eq(c[12].type.name, "boolean");
}

Test(sql, default_expressions_are_classified)
{
    rt_sql_result r = parse(
        "ALTER TABLE t ADD a int DEFAULT -1, ADD b text DEFAULT 'x'::text,"
        " ADD c timestamptz DEFAULT now() + interval '1 day', ADD d uuid DEFAULT uuid_generate_v4(),"
        " ADD e int DEFAULT coalesce(f(), 1), ADD g int[] DEFAULT ARRAY[1, 2],"
        " ADD h float DEFAULT round(random() * 10)");
    cr_assert_eq(r.ops.count, 7);
    const rt_op *o = r.ops.items;
    cr_assert_eq(o[0].col.default_kind, RT_DEFAULT_CONSTANT);
    cr_assert_eq(o[1].col.default_kind, RT_DEFAULT_CONSTANT);
    cr_assert_eq(o[2].col.default_kind, RT_DEFAULT_STABLE);
    cr_assert_eq(o[3].col.default_kind, RT_DEFAULT_VOLATILE);
    cr_assert_str_eq(o[3].col.default_func, "uuid_generate_v4");
    cr_assert_eq(o[4].col.default_kind, RT_DEFAULT_UNKNOWN);
    cr_assert_str_eq(o[4].col.default_func, "f");
    cr_assert_eq(o[5].col.default_kind, RT_DEFAULT_CONSTANT);
    cr_assert_eq(o[6].col.default_kind, RT_DEFAULT_VOLATILE, "random() inside round()");
    cr_assert_str_eq(o[6].col.default_func, "random");
}

Test(sql, type_format_matches_postgresql)
{
    char buf[64];
    rt_type t = rt_type_unknown();
    t.name = "character varying";
    t.length = 20;
    t.array_dims = 1;
    rt_type_format(&t, buf, sizeof buf);
    cr_assert_str_eq(buf, "character varying(20)[]");
    t = rt_type_unknown();
    t.name = "timestamp with time zone";
    t.precision = 3;
    rt_type_format(&t, buf, sizeof buf);
    cr_assert_str_eq(buf, "timestamp(3) with time zone");
    rt_type_format(&t, buf, 8);
    cr_assert_eq(strlen(buf), 7, "truncated, NUL-terminated");
    cr_assert_str_eq(rt_type_canonical_name(RT_STR_LIT("INT8")), "bigint");
    cr_assert_null(rt_type_canonical_name(RT_STR_LIT("citext")));
}

Test(sql, long_texts_are_read_statement_by_statement_with_the_same_result)
{
    rt_buf b = RT_BUF_INIT;
    for (int i = 0; i < 200; i++)
        rt_buf_printf(&b, "ALTER TABLE t%d ADD COLUMN c int;\n", i);
    size_t broken = b.len;
    rt_buf_puts(&b, "ALTER TABEL x ADD y int;\n");
    rt_buf_puts(&b, "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n");
    size_t last = b.len;
    rt_buf_puts(&b, "DROP TABLE z;");
    cr_assert_gt(b.len, 4096, "longer than what is parsed whole");
    rt_sql_result r = parse(rt_buf_cstr(&b));
    cr_assert_eq(r.ops.count, 202, "200 columns, the function, the drop");
    cr_assert_eq(r.error_count, 1);
    cr_assert_eq(r.errors[0].span.start, broken + strlen("ALTER "));
    cr_assert_str_eq(r.ops.items[199].table, "t199");
    cr_assert_eq(r.ops.items[200].kind, RT_OP_CREATE_FUNCTION, "BEGIN ATOMIC was rejoined");
    cr_assert_eq(r.statement_count, 203);
    const rt_op *z = &r.ops.items[r.ops.count - 1];
    cr_assert_eq(z->kind, RT_OP_DROP_TABLE);
    cr_assert_eq(z->span.start, last);
    rt_buf_free(&b);
}

Test(sql, update_and_insert_targets_mark_partial_assignments)
{
    rt_sql_result r = parse("UPDATE t SET a[1] = 1, c.f = 2, b = 3;\n"
                            "INSERT INTO t (a[2], b) VALUES (1, 2)");
    cr_assert_eq(r.ops.count, 2);
    const rt_op *u = &r.ops.items[0], *i = &r.ops.items[1];
    cr_assert_eq(u->name_count, 3);
    cr_assert_str_eq(u->names[1].name, "c");
    cr_assert(u->names[0].part && u->names[1].part && !u->names[2].part);
    cr_assert_eq(i->kind, RT_OP_INSERT);
    cr_assert_eq(i->name_count, 2);
    cr_assert_str_eq(i->names[1].name, "b");
    cr_assert(i->names[0].part && !i->names[1].part);
    cr_assert_eq(i->names[1].span.start, 60, "got %u", i->names[1].span.start);
}
