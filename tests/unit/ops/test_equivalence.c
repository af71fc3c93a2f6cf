/* Both front-ends give the same model: for every operation kind that an op.* call and SQL
 * can both express, the fields rules read are equal (retort issue 7). Each row pairs a
 * migration body with its SQL; where a field legitimately differs, the row names it in
 * `differs` and says why. */
#include <criterion/criterion.h>
#include <string.h>

#include "retort/migration_ops.h"
#include "retort/sql.h"

static rt_arena *arena;
static rt_source src;

static void setup(void)
{
    arena = rt_arena_new();
    memset(&src, 0, sizeof src);
}

static void teardown(void)
{
    rt_source_free(&src);
    rt_arena_free(arena);
    rt_sql_shutdown();
}

TestSuite(ops_equivalence, .init = setup, .fini = teardown);

#define HEAD "from alembic import op\nimport sqlalchemy as sa\n" \
             "from sqlalchemy.dialects import postgresql\n\ndef upgrade():\n"

/* The fields compared; a row's `differs` removes some of them. */
enum {
    F_SCHEMA = 1u << 0, F_TABLE = 1u << 1, F_COLUMN = 1u << 2, F_NAME = 1u << 3,
    F_NEW_NAME = 1u << 4, F_FLAGS = 1u << 5, F_TYPE = 1u << 6, F_NULL = 1u << 7,
    F_DEFAULT = 1u << 8, F_CONSTRAINT = 1u << 9, F_REF = 1u << 10, F_ALTER = 1u << 11,
    F_NAMES = 1u << 12, F_VALUE = 1u << 13
};

/* The flags rules rely on; front-end-only flags (batch, implicit, ...) are not compared. */
#define RULE_FLAGS                                                                          \
    (RT_OPF_IF_EXISTS | RT_OPF_IF_NOT_EXISTS | RT_OPF_CONCURRENTLY | RT_OPF_UNIQUE |        \
     RT_OPF_NOT_VALID | RT_OPF_CASCADE | RT_OPF_HAS_WHERE | RT_OPF_MATERIALIZED |           \
     RT_OPF_ENUM | RT_OPF_OR_REPLACE)

typedef struct pair {
    const char *py;      /* the body of upgrade(), indented */
    const char *sql;
    size_t py_index;     /* which op of each side is compared */
    size_t sql_index;
    unsigned differs;    /* F_* not compared (each documented at its row) */
    rt_op_kind kind;     /* the expected kind of the Python op */
    rt_op_kind sql_kind; /* the SQL op's kind when it differs (RT_OP_OTHER: the same) */
} pair;

#define SAME RT_OP_OTHER /* the SQL op has the Python op's kind */

static const pair pairs[] = {
    /* ---- tables ---- */
    {"    op.create_table('t', sa.Column('id', sa.Integer(), nullable=False),\n"
     "                    sa.Column('name', sa.String(50), server_default='x'),\n"
     "                    schema='s')\n",
     "CREATE TABLE s.t (id integer NOT NULL, name varchar(50) DEFAULT 'x')", 0, 0, 0,
     RT_OP_CREATE_TABLE, SAME},
    {"    op.drop_table('t', schema='s')\n", "DROP TABLE s.t", 0, 0, 0, RT_OP_DROP_TABLE, SAME},
    /* if_not_exists= / if_exists= are Alembic 1.13+ keywords of create_table/drop_table. */
    {"    op.create_table('t', sa.Column('id', sa.Integer()), if_not_exists=True)\n",
     "CREATE TABLE IF NOT EXISTS t (id integer)", 0, 0, 0, RT_OP_CREATE_TABLE, SAME},
    {"    op.drop_table('t', if_exists=True)\n", "DROP TABLE IF EXISTS t", 0, 0, 0,
     RT_OP_DROP_TABLE, SAME},
    /* op.drop_table() has no cascade keyword: CASCADE has no op.* spelling. */
    {"    op.drop_table('t', if_exists=True)\n", "DROP TABLE IF EXISTS t CASCADE", 0, 0, F_FLAGS,
     RT_OP_DROP_TABLE, SAME},
    {"    op.rename_table('a', 'b', schema='s')\n", "ALTER TABLE s.a RENAME TO b", 0, 0, 0,
     RT_OP_RENAME_TABLE, SAME},
    {"    op.create_table_comment('t', 'about t')\n", "COMMENT ON TABLE t IS 'about t'", 0, 0,
     0, RT_OP_COMMENT, SAME},
    {"    op.drop_table_comment('t')\n", "COMMENT ON TABLE t IS NULL", 0, 0, 0, RT_OP_COMMENT,
     SAME},

    /* ---- columns ---- */
    {"    op.add_column('t', sa.Column('email', sa.String(255), nullable=False,\n"
     "                  server_default=sa.text('now()')), schema='s')\n",
     "ALTER TABLE s.t ADD COLUMN email varchar(255) NOT NULL DEFAULT now()", 0, 0, 0,
     RT_OP_ADD_COLUMN, SAME},
    {"    op.add_column('t', sa.Column('id', sa.dialects.postgresql.UUID(),\n"
     "                  server_default=sa.text('gen_random_uuid()')))\n",
     "ALTER TABLE t ADD COLUMN id uuid DEFAULT gen_random_uuid()", 0, 0, 0, RT_OP_ADD_COLUMN, SAME},
    /* known calls are read without libpg_query (upper case folded, blanks inside); an
     * unknown one goes through it: the same kinds and function names either way */
    {"    op.add_column('t', sa.Column('at', sa.DateTime(), server_default=sa.text('NOW ( )')))\n",
     "ALTER TABLE t ADD COLUMN at timestamp DEFAULT now()", 0, 0, 0, RT_OP_ADD_COLUMN, SAME},
    {"    op.add_column('t', sa.Column('at', sa.DateTime(), server_default=sa.func.clock_timestamp()))\n",
     "ALTER TABLE t ADD COLUMN at timestamp DEFAULT clock_timestamp()", 0, 0, 0, RT_OP_ADD_COLUMN,
     SAME},
    {"    op.add_column('t', sa.Column('k', sa.Text(), server_default=sa.text('make_key2()')))\n",
     "ALTER TABLE t ADD COLUMN k text DEFAULT make_key2()", 0, 0, 0, RT_OP_ADD_COLUMN, SAME},
    {"    op.add_column('t', sa.Column('n', sa.Numeric(10, 2), nullable=True))\n",
     "ALTER TABLE t ADD COLUMN n numeric(10,2) NULL", 0, 0, 0, RT_OP_ADD_COLUMN, SAME},
    {"    op.drop_column('t', 'c', schema='s')\n", "ALTER TABLE s.t DROP COLUMN c", 0, 0, 0,
     RT_OP_DROP_COLUMN, SAME},
    {"    with op.batch_alter_table('t') as batch_op:\n"
     "        batch_op.drop_column('c')\n",
     "ALTER TABLE t DROP COLUMN c", 0, 0, 0, RT_OP_DROP_COLUMN, SAME},
    {"    op.alter_column('t', 'c', new_column_name='d')\n", "ALTER TABLE t RENAME COLUMN c TO d",
     0, 0, 0, RT_OP_RENAME_COLUMN, SAME},
    {"    op.alter_column('t', 'c', type_=sa.BigInteger())\n",
     "ALTER TABLE t ALTER COLUMN c TYPE bigint", 0, 0, 0, RT_OP_ALTER_COLUMN, SAME},
    {"    op.alter_column('t', 'c', type_=sa.String(20))\n",
     "ALTER TABLE t ALTER COLUMN c TYPE varchar(20)", 0, 0, 0, RT_OP_ALTER_COLUMN, SAME},
    {"    op.alter_column('t', 'c', nullable=False)\n",
     "ALTER TABLE t ALTER COLUMN c SET NOT NULL", 0, 0, 0, RT_OP_ALTER_COLUMN, SAME},
    {"    op.alter_column('t', 'c', nullable=True)\n",
     "ALTER TABLE t ALTER COLUMN c DROP NOT NULL", 0, 0, 0, RT_OP_ALTER_COLUMN, SAME},
    {"    op.alter_column('t', 'c', server_default='0')\n",
     "ALTER TABLE t ALTER COLUMN c SET DEFAULT '0'", 0, 0, 0, RT_OP_ALTER_COLUMN, SAME},
    {"    op.alter_column('t', 'c', server_default=None)\n",
     "ALTER TABLE t ALTER COLUMN c DROP DEFAULT", 0, 0, 0, RT_OP_ALTER_COLUMN, SAME},
    {"    op.alter_column('t', 'c', comment='hi')\n", "COMMENT ON COLUMN t.c IS 'hi'", 0, 0, 0,
     RT_OP_ALTER_COLUMN, SAME},

    /* ---- indexes ---- */
    {"    op.create_index('ix', 't', ['a', 'b'], schema='s')\n",
     "CREATE INDEX ix ON s.t (a, b)", 0, 0, 0, RT_OP_CREATE_INDEX, SAME},
    {"    op.create_index('ix', 't', ['a'], unique=True, postgresql_concurrently=True,\n"
     "                    if_not_exists=True)\n",
     "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON t (a)", 0, 0, 0,
     RT_OP_CREATE_INDEX, SAME},
    {"    op.create_index('ix', 't', ['a'], postgresql_where=sa.text('a > 0'))\n",
     "CREATE INDEX ix ON t (a) WHERE a > 0", 0, 0, 0, RT_OP_CREATE_INDEX, SAME},
    /* DROP INDEX names no table: the SQL side's table is NULL, op.drop_index's is t. */
    {"    op.drop_index('ix', table_name='t')\n", "DROP INDEX ix", 0, 0, F_TABLE,
     RT_OP_DROP_INDEX, SAME},
    {"    op.drop_index('ix', table_name='t', postgresql_concurrently=True, if_exists=True)\n",
     "DROP INDEX CONCURRENTLY IF EXISTS ix", 0, 0, F_TABLE, RT_OP_DROP_INDEX, SAME},

    /* ---- constraints ---- */
    {"    op.create_primary_key('pk', 't', ['id'])\n",
     "ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY (id)", 0, 0, 0, RT_OP_ADD_CONSTRAINT, SAME},
    {"    op.create_foreign_key('fk', 't', 'o', ['o_id'], ['id'])\n",
     "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (o_id) REFERENCES o (id)", 0, 0, 0,
     RT_OP_ADD_CONSTRAINT, SAME},
    {"    op.create_foreign_key('fk', 't', 'o', ['o_id'], ['id'], postgresql_not_valid=True)\n",
     "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (o_id) REFERENCES o (id) NOT VALID", 0, 0,
     0, RT_OP_ADD_CONSTRAINT, SAME},
    {"    op.create_unique_constraint('uq', 't', ['a', 'b'])\n",
     "ALTER TABLE t ADD CONSTRAINT uq UNIQUE (a, b)", 0, 0, 0, RT_OP_ADD_CONSTRAINT, SAME},
    /* The check's expression is a Python string: op.* lists no columns for it, and
     * neither does SQL (CHECK names no column list), so names match (empty). */
    {"    op.create_check_constraint('ck', 't', 'a > 0')\n",
     "ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0)", 0, 0, 0, RT_OP_ADD_CONSTRAINT, SAME},
    {"    op.create_exclude_constraint('ex', 't', ('period', '&&'), using='gist')\n",
     "ALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING gist (period WITH &&)", 0, 0, 0,
     RT_OP_ADD_CONSTRAINT, SAME},
    /* op.drop_constraint's type_= tells the kind; DROP CONSTRAINT in SQL does not. */
    {"    op.drop_constraint('fk', 't', type_='foreignkey')\n",
     "ALTER TABLE t DROP CONSTRAINT fk", 0, 0, F_CONSTRAINT, RT_OP_DROP_CONSTRAINT, SAME},
    {"    op.drop_constraint('uq', 't')\n", "ALTER TABLE t DROP CONSTRAINT uq", 0, 0, 0,
     RT_OP_DROP_CONSTRAINT, SAME},

    /* ---- enum types ---- */
    /* The op.* side is the CREATE TYPE that SQLAlchemy issues for the column (flagged
     * implicit, not compared); its values are names[] on both sides. */
    {"    op.create_table('t', sa.Column('m', sa.Enum('sad', 'ok', name='mood')))\n",
     "CREATE TYPE mood AS ENUM ('sad', 'ok')", 0, 0, 0, RT_OP_CREATE_TYPE, SAME},
    {"    op.create_table('t', sa.Column('m', sa.Enum('sad', 'ok', name='mood')))\n",
     "CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (m mood)", 1, 1, 0,
     RT_OP_CREATE_TABLE, SAME},
    /* .drop(bind) lists no values; DROP TYPE has none either. The SQL cannot tell an enum
     * from another type, so ENUM is only on the op.* side. */
    {"    sa.Enum('a', name='mood').drop(op.get_bind())\n", "DROP TYPE mood", 0, 0, F_FLAGS,
     RT_OP_DROP_TYPE, SAME},

    /* ---- op.execute: the same SQL parser ---- */
    {"    op.execute('CREATE SCHEMA IF NOT EXISTS s')\n", "CREATE SCHEMA IF NOT EXISTS s", 0, 0,
     0, RT_OP_CREATE_SCHEMA, SAME},
    {"    op.execute('DROP SCHEMA s CASCADE')\n", "DROP SCHEMA s CASCADE", 0, 0, 0,
     RT_OP_DROP_SCHEMA, SAME},
    {"    op.execute('CREATE EXTENSION IF NOT EXISTS pgcrypto')\n",
     "CREATE EXTENSION IF NOT EXISTS pgcrypto", 0, 0, 0, RT_OP_CREATE_EXTENSION, SAME},
    {"    op.execute('DROP EXTENSION pgcrypto')\n", "DROP EXTENSION pgcrypto", 0, 0, 0,
     RT_OP_DROP_EXTENSION, SAME},
    {"    op.execute('CREATE SEQUENCE s.q')\n", "CREATE SEQUENCE s.q", 0, 0, 0,
     RT_OP_CREATE_SEQUENCE, SAME},
    {"    op.execute('DROP SEQUENCE IF EXISTS q')\n", "DROP SEQUENCE IF EXISTS q", 0, 0, 0,
     RT_OP_DROP_SEQUENCE, SAME},
    {"    op.execute('CREATE OR REPLACE VIEW v AS SELECT 1')\n",
     "CREATE OR REPLACE VIEW v AS SELECT 1", 0, 0, 0, RT_OP_CREATE_VIEW, SAME},
    {"    op.execute('DROP MATERIALIZED VIEW v')\n", "DROP MATERIALIZED VIEW v", 0, 0, 0,
     RT_OP_DROP_VIEW, SAME},
    {"    op.execute(\"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'\")\n",
     "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", 0, 0, 0,
     RT_OP_CREATE_FUNCTION, SAME},
    {"    op.execute('DROP FUNCTION f()')\n", "DROP FUNCTION f()", 0, 0, 0,
     RT_OP_DROP_FUNCTION, SAME},
    {"    op.execute('CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()')\n",
     "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", 0, 0, 0,
     RT_OP_CREATE_TRIGGER, SAME},
    {"    op.execute('DROP TRIGGER tr ON t')\n", "DROP TRIGGER tr ON t", 0, 0, 0,
     RT_OP_DROP_TRIGGER, SAME},

    /* ---- data ---- */
    /* op.bulk_insert is its own kind, RT_OP_BULK_INSERT, where SQL gives RT_OP_INSERT
     * (rules that care about inserts read both), and only SQL's column list gives names[];
     * every other compared field is equal. */
    {"    op.bulk_insert(sa.table('t'), [{'a': 1}])\n", "INSERT INTO t (a) VALUES (1)", 0, 0,
     F_NAMES, RT_OP_BULK_INSERT, RT_OP_INSERT},
    {"    op.execute('UPDATE t SET a = 1 WHERE b')\n", "UPDATE t SET a = 1 WHERE b", 0, 0, 0,
     RT_OP_UPDATE, SAME},
    {"    op.execute(sa.text('DELETE FROM t'))\n", "DELETE FROM t", 0, 0, 0, RT_OP_DELETE, SAME},
    {"    op.execute('TRUNCATE t CASCADE')\n", "TRUNCATE t CASCADE", 0, 0, 0, RT_OP_TRUNCATE, SAME},
};

static const rt_op_list *py_ops(const char *body)
{
    rt_error err;
    size_t n = strlen(HEAD) + strlen(body);
    char *text = rt_arena_alloc(arena, n + 1);
    cr_assert_not_null(text);
    memcpy(text, HEAD, strlen(HEAD));
    memcpy(text + strlen(HEAD), body, strlen(body) + 1);
    rt_source_free(&src);
    cr_assert_eq(rt_source_from_bytes(&src, "m.py", text, n, &err), RT_OK);
    rt_migration *m = NULL;
    cr_assert_eq(rt_migration_read(&m, arena, "m.py", src.data, src.len, &err), RT_OK);
    cr_assert_not_null(m->upgrade);
    rt_mig_ops *out = rt_arena_alloc(arena, sizeof *out);
    cr_assert_not_null(out);
    cr_assert_eq(rt_mig_function_ops(out, arena, m, m->upgrade, &src, &err), RT_OK);
    cr_assert_eq(out->sql_error_count, 0, "%s", body);
    return &out->ops;
}

static const rt_op_list *sql_ops(const char *sql)
{
    rt_error err;
    rt_sql_result *r = rt_arena_alloc(arena, sizeof *r);
    cr_assert_not_null(r);
    cr_assert_eq(rt_sql_parse(r, arena, sql, strlen(sql), &err), RT_OK);
    cr_assert_eq(r->error_count, 0, "%s", sql);
    return &r->ops;
}

static const char *fmt(const rt_op *op)
{
    rt_buf b = RT_BUF_INIT;
    rt_op_format(op, &b);
    char *s = rt_arena_strndup(arena, rt_buf_cstr(&b), b.len);
    rt_buf_free(&b);
    return s;
}

static bool same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool same_names(const rt_op *a, const rt_op *b)
{
    if (a->name_count != b->name_count)
        return false;
    for (size_t i = 0; i < a->name_count; i++)
        if (!same_str(a->names[i].name, b->names[i].name))
            return false;
    return true;
}

static bool same_columns(const rt_op *a, const rt_op *b)
{
    if (a->column_count != b->column_count)
        return false;
    for (size_t i = 0; i < a->column_count; i++) {
        const rt_column *x = &a->columns[i], *y = &b->columns[i];
        if (!same_str(x->name, y->name) || !same_str(x->type.name, y->type.name) ||
            x->type.length != y->type.length || x->nullability != y->nullability ||
            x->default_kind != y->default_kind)
            return false;
    }
    return true;
}

/* Which F_* fields of a and b differ. */
static unsigned differing(const rt_op *a, const rt_op *b)
{
    unsigned d = 0;
    d |= same_str(a->schema, b->schema) ? 0 : F_SCHEMA;
    d |= same_str(a->table, b->table) ? 0 : F_TABLE;
    d |= same_str(a->column, b->column) ? 0 : F_COLUMN;
    d |= same_str(a->name, b->name) ? 0 : F_NAME;
    d |= same_str(a->new_name, b->new_name) ? 0 : F_NEW_NAME;
    d |= (a->flags & RULE_FLAGS) == (b->flags & RULE_FLAGS) ? 0 : F_FLAGS;
    d |= same_str(a->col.type.name, b->col.type.name) &&
                 a->col.type.length == b->col.type.length &&
                 a->col.type.precision == b->col.type.precision &&
                 a->col.type.scale == b->col.type.scale && same_columns(a, b)
             ? 0
             : F_TYPE;
    d |= a->col.nullability == b->col.nullability ? 0 : F_NULL;
    d |= a->col.default_kind == b->col.default_kind &&
                 same_str(a->col.default_func, b->col.default_func)
             ? 0
             : F_DEFAULT;
    d |= a->constraint == b->constraint && same_str(a->method, b->method) ? 0 : F_CONSTRAINT;
    d |= same_str(a->ref_table, b->ref_table) && same_str(a->ref_schema, b->ref_schema)
             ? 0
             : F_REF;
    d |= a->alter == b->alter ? 0 : F_ALTER;
    d |= same_names(a, b) ? 0 : F_NAMES;
    d |= same_str(a->value, b->value) ? 0 : F_VALUE;
    return d;
}

Test(ops_equivalence, every_pair_gives_the_same_fields)
{
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const pair *p = &pairs[i];
        const rt_op_list *a = py_ops(p->py);
        const rt_op_list *b = sql_ops(p->sql);
        cr_assert_gt(a->count, p->py_index, "row %zu: %s", i, p->py);
        cr_assert_gt(b->count, p->sql_index, "row %zu: %s", i, p->sql);
        const rt_op *x = &a->items[p->py_index], *y = &b->items[p->sql_index];
        cr_expect_eq(x->kind, p->kind, "row %zu python: %s", i, fmt(x));
        rt_op_kind sql_kind = p->sql_kind != RT_OP_OTHER ? p->sql_kind : p->kind;
        cr_expect_eq(y->kind, sql_kind, "row %zu sql: %s", i, fmt(y));
        unsigned d = differing(x, y);
        cr_expect_eq(d & ~p->differs, 0, "row %zu differs (0x%x):\n  python: %s\n  sql:    %s",
                     i, d & ~p->differs, fmt(x), fmt(y));
        /* A documented difference must still be one, or the row's comment is stale. */
        cr_expect_eq(d & p->differs, p->differs, "row %zu no longer differs (0x%x): %s", i,
                     p->differs & ~d, fmt(x));
    }
}

/* ---- SQL positions inside Python strings ---- */

/* The 1-based line and code-point column of the first occurrence of needle in text. */
static void place_of(const char *text, const char *needle, unsigned *line, unsigned *col)
{
    const char *at = strstr(text, needle);
    cr_assert_not_null(at, "%s", needle);
    *line = 1;
    *col = 1;
    for (const char *p = text; p < at; p++) {
        if (*p == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            ++*col;
        }
    }
}

/* Asserts that op i of the body starts where needle is in the file. */
static void assert_placed(const char *body, size_t i, rt_op_kind kind, const char *needle)
{
    const rt_op_list *ops = py_ops(body);
    cr_assert_gt(ops->count, i);
    const rt_op *op = &ops->items[i];
    cr_assert_eq(op->kind, kind, "%s", fmt(op));
    unsigned line, col;
    char *text = rt_arena_alloc(arena, strlen(HEAD) + strlen(body) + 1);
    cr_assert_not_null(text);
    memcpy(text, HEAD, strlen(HEAD));
    memcpy(text + strlen(HEAD), body, strlen(body) + 1);
    place_of(text, needle, &line, &col);
    cr_expect_eq(op->span.line, line, "%s: line %u, want %u", needle, op->span.line, line);
    cr_expect_eq(op->span.column, col, "%s: column %u, want %u", needle, op->span.column, col);
}

Test(ops_equivalence, sql_in_a_single_line_string_is_placed_in_the_file)
{
    const char *body = "    op.execute('ALTER TABLE b DROP COLUMN c;  DROP TABLE a')\n";
    assert_placed(body, 0, RT_OP_DROP_COLUMN, "ALTER TABLE b");
    assert_placed(body, 1, RT_OP_DROP_TABLE, "DROP TABLE a");
}

Test(ops_equivalence, sql_in_a_triple_quoted_string_is_placed_in_the_file)
{
    const char *body = "    op.execute(\"\"\"CREATE INDEX ix ON t (a);\n"
                       "\n"
                       "          DROP TABLE old;\n"
                       "      TRUNCATE u\"\"\")\n";
    assert_placed(body, 0, RT_OP_CREATE_INDEX, "CREATE INDEX");
    assert_placed(body, 1, RT_OP_DROP_TABLE, "DROP TABLE old");
    assert_placed(body, 2, RT_OP_TRUNCATE, "TRUNCATE u");
}

Test(ops_equivalence, sql_after_escapes_is_placed_in_the_file)
{
    /* \' and \t are two characters in the file but one in the SQL; é is one code point. */
    const char *body = "    op.execute('UPDATE t SET a = \\'\\t\\', b = \\'é\\'; DROP TABLE z')\n";
    assert_placed(body, 0, RT_OP_UPDATE, "UPDATE t");
    assert_placed(body, 1, RT_OP_DROP_TABLE, "DROP TABLE z");
}

Test(ops_equivalence, sql_in_an_f_string_with_a_hole_is_placed_in_the_file)
{
    const char *body = "    op.execute(f'ALTER TABLE {name} ADD COLUMN x int; DROP TABLE {other}; "
                       "TRUNCATE q')\n";
    assert_placed(body, 0, RT_OP_ADD_COLUMN, "ALTER TABLE");
    assert_placed(body, 1, RT_OP_DROP_TABLE, "DROP TABLE {other}");
    assert_placed(body, 2, RT_OP_TRUNCATE, "TRUNCATE q");
    const rt_op_list *ops = py_ops(body);
    cr_assert(ops->items[0].flags & RT_OPF_HOLE);
    cr_assert_str_eq(ops->items[2].table, "q");
}
