/* The transaction and timeout state before each operation of a unit (postgres/pg.h). */
#include <criterion/criterion.h>
#include <string.h>

#include "postgres/pg.h"
#include "retort/file_ops.h"
#include "retort/migration.h"
#include "retort/project.h"
#include "retort/source.h"
#include "retort/sql.h"

#define MAX_OPS 32

static rt_arena *arena;
static rt_source src;
static rt_project project;
static rt_project_file file;
static rt_file_ops fops;
static uint32_t states[MAX_OPS + 1]; /* before each op, then the end state */
static size_t nstates;
static long open_begin;  /* index of u->open_begin in the unit, -1 for NULL */

static void setup(void)
{
    arena = rt_arena_new();
    memset(&src, 0, sizeof src);
    memset(&project, 0, sizeof project);
    memset(&fops, 0, sizeof fops);
    nstates = 0;
}

static void teardown(void)
{
    rt_file_ops_free(&fops);
    rt_source_free(&src);
    rt_arena_free(arena);
    rt_sql_shutdown();
}

TestSuite(pg_state, .init = setup, .fini = teardown);

static void record(const rt_rule *self, const pg_unit *u, rt_sink *sink)
{
    (void)self;
    (void)sink;
    cr_assert_leq(u->count, MAX_OPS);
    for (size_t i = 0; i < u->count; i++)
        states[i] = u->state[i];
    states[u->count] = u->end_state;
    nstates = u->count + 1;
    open_begin = -1;
    for (size_t i = 0; i < u->count; i++)
        if (u->ops[i] == u->open_begin)
            open_begin = (long)i;
}

static const rt_rule probe = {.name = "probe", .area = "postgresql"};

/* Records the states of the single unit of a file named name holding text. */
static void run(const char *name, const char *text)
{
    rt_error err;
    cr_assert_eq(rt_source_from_bytes(&src, name, text, strlen(text), &err), RT_OK);
    rt_migration *m = NULL;
    if (strstr(name, ".py"))
        cr_assert_eq(rt_migration_read(&m, arena, name, src.data, src.len, &err), RT_OK);
    file = (rt_project_file){.path = name, .name = name};
    rt_file_ctx ctx = {.project = &project, .file = &file, .source = &src, .migration = m,
                       .ops = &fops};
    pg_each_unit(&probe, &ctx, NULL, record);
    cr_assert_gt(nstates, 0, "no unit");
}

static void sql(const char *text)
{
    run("m.sql", text);
}

/* A revision whose upgrade() has body (indented by the caller). */
static void revision(const char *body)
{
    static char text[4096];
    size_t n = (size_t)snprintf(text, sizeof text,
                                "from alembic import op\nimport sqlalchemy as sa\n\n"
                                "revision = 'a1'\ndown_revision = None\n\n\n"
                                "def upgrade():\n%s\n\ndef downgrade():\n    pass\n", body);
    cr_assert_lt(n, sizeof text);
    run("a1_m.py", text);
}

enum { TX = PG_IN_TRANSACTION, EXPLICIT = PG_EXPLICIT_BEGIN, LOCK = PG_LOCK_TIMEOUT,
       STMT = PG_STATEMENT_TIMEOUT };

static void expect(const uint32_t *want, size_t n)
{
    cr_assert_eq(nstates, n, "%zu states, expected %zu", nstates, n);
    for (size_t i = 0; i < n; i++)
        cr_expect_eq(states[i], want[i], "state %zu: %#x, expected %#x", i, states[i], want[i]);
}

Test(pg_state, sql_file_begin_set_commit)
{
    sql("SET lock_timeout = '1s';\nBEGIN;\nSET LOCAL statement_timeout = '5s';\n"
        "ALTER TABLE t ADD COLUMN a text;\nCOMMIT;\nSELECT 1;\n");
    expect((uint32_t[]){0, LOCK, LOCK | TX | EXPLICIT, LOCK | STMT | TX | EXPLICIT,
                        LOCK | STMT | TX | EXPLICIT, LOCK, LOCK}, 7);
}

Test(pg_state, set_local_outside_a_transaction_does_nothing)
{
    sql("SET LOCAL lock_timeout = '1s';\nSELECT 1;\n");
    expect((uint32_t[]){0, 0, 0}, 3);
}

Test(pg_state, zero_and_reset_turn_a_timeout_off)
{
    sql("SET lock_timeout = '1s';\nSET lock_timeout = 0;\nSET statement_timeout TO 5000;\n"
        "RESET statement_timeout;\nSET lock_timeout = '0ms';\n");
    expect((uint32_t[]){0, LOCK, 0, STMT, 0, 0}, 6);
}

Test(pg_state, fractional_values_are_not_zero)
{
    sql("SET lock_timeout = '0.5s';\nSET statement_timeout = '.5s';\nSELECT 1;\n");
    expect((uint32_t[]){0, LOCK, LOCK | STMT, LOCK | STMT}, 4);
}

Test(pg_state, set_config_counts_like_set)
{
    sql("SELECT set_config('lock_timeout', '2s', false);\nSELECT 1;\n");
    expect((uint32_t[]){0, LOCK, LOCK}, 3);
}

Test(pg_state, rollback_undoes_the_sets_of_its_block)
{
    sql("SET statement_timeout = '5s';\nBEGIN;\nSET lock_timeout = '1s';\n"
        "SET statement_timeout = 0;\nROLLBACK;\nSELECT 1;\n");
    expect((uint32_t[]){0, STMT, STMT | TX | EXPLICIT, LOCK | STMT | TX | EXPLICIT,
                        LOCK | TX | EXPLICIT, STMT, STMT}, 7);
}

Test(pg_state, commit_keeps_session_sets_of_its_block)
{
    sql("BEGIN;\nSET lock_timeout = '1s';\nCOMMIT;\nSELECT 1;\n");
    expect((uint32_t[]){0, TX | EXPLICIT, LOCK | TX | EXPLICIT, LOCK, LOCK}, 5);
}

Test(pg_state, revision_runs_in_alembic_transaction)
{
    revision("    op.execute(\"SET LOCAL lock_timeout = '1s'\")\n"
             "    op.add_column('t', sa.Column('a', sa.Text()))\n");
    expect((uint32_t[]){TX, TX | LOCK, TX | LOCK}, 3);
}

Test(pg_state, autocommit_block_ends_alembic_transaction_and_its_local_sets)
{
    revision("    op.execute(\"SET LOCAL lock_timeout = '1s'\")\n"
             "    op.execute(\"SET statement_timeout = '1s'\")\n"
             "    with op.get_context().autocommit_block():\n"
             "        op.create_index('ix', 't', ['a'], postgresql_concurrently=True)\n"
             "    op.add_column('t', sa.Column('a', sa.Text()))\n");
    expect((uint32_t[]){TX, TX | LOCK, STMT, TX | STMT, TX | STMT}, 5);
}

Test(pg_state, begin_inside_autocommit_block_opens_a_block)
{
    revision("    with op.get_context().autocommit_block():\n"
             "        op.execute('BEGIN')\n"
             "        op.create_index('ix', 't', ['a'], postgresql_concurrently=True)\n"
             "        op.execute('COMMIT')\n"
             "    op.add_column('t', sa.Column('a', sa.Text()))\n");
    expect((uint32_t[]){0, TX | EXPLICIT, TX | EXPLICIT, TX, TX}, 5);
}

Test(pg_state, begin_inside_alembic_transaction_opens_nothing)
{
    revision("    op.execute('BEGIN')\n"
             "    op.add_column('t', sa.Column('a', sa.Text()))\n"
             "    op.execute('COMMIT')\n"
             "    op.add_column('t', sa.Column('b', sa.Text()))\n");
    expect((uint32_t[]){TX, TX, TX, 0, 0}, 5);
}

Test(pg_state, the_begin_left_open_is_found)
{
    sql("BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nBEGIN;\nSELECT 2;\n");
    cr_assert_eq(open_begin, 3);
}

Test(pg_state, no_begin_is_left_open_after_commit)
{
    sql("BEGIN;\nSELECT 1;\nCOMMIT;\n");
    cr_assert_eq(open_begin, -1);
}

Test(pg_state, function_bodies_do_not_run_do_blocks_do)
{
    sql("CREATE FUNCTION f() RETURNS void AS $$ BEGIN DELETE FROM t; END $$ LANGUAGE plpgsql;\n"
        "DO $$ BEGIN DELETE FROM t; END $$;\n");
    expect((uint32_t[]){0, PG_IN_FUNCTION_BODY, 0, 0, 0}, 5);
}
