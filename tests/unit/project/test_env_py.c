/* env.py settings: the timeout forms rt_env_py_sets() recognises, and rt_env_py_read(). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "retort/env_py.h"

static bool sets(const char *text, const char *name)
{
    return rt_env_py_sets(text, strlen(text), name);
}

Test(env_py_sets, set_statement_with_equals)
{
    cr_assert(sets("SET lock_timeout = '5s'", "lock_timeout"));
    cr_assert(sets("SET statement_timeout='30s'", "statement_timeout"));
}

Test(env_py_sets, set_statement_with_to)
{
    cr_assert(sets("SET lock_timeout TO 5000", "lock_timeout"));
    cr_assert(sets("set lock_timeout to '2s'", "lock_timeout"));
}

Test(env_py_sets, libpq_options)
{
    cr_assert(sets("-c lock_timeout=5000", "lock_timeout"));
    cr_assert(sets("-c statement_timeout=60000 -c lock_timeout=3s", "lock_timeout"));
    cr_assert(sets("-c statement_timeout=60000 -c lock_timeout=3s", "statement_timeout"));
}

Test(env_py_sets, zero_turns_it_off)
{
    cr_assert_not(sets("lock_timeout=0", "lock_timeout"));
    cr_assert_not(sets("SET lock_timeout = '0'", "lock_timeout"));
    cr_assert_not(sets("SET lock_timeout TO 000", "lock_timeout"));
    cr_assert_not(sets("-c lock_timeout=0ms", "lock_timeout"));
    cr_assert_not(sets("SET lock_timeout = '0.0s'", "lock_timeout"));
}

/* Fractions are values too: 0.5 s is a timeout (PostgreSQL rounds it to 500 ms). */
Test(env_py_sets, fractions_set_it)
{
    cr_assert(sets("SET lock_timeout = '0.5s'", "lock_timeout"));
    cr_assert(sets("-c lock_timeout=.5s", "lock_timeout"));
}

Test(env_py_sets, settings_are_distinct)
{
    cr_assert_not(sets("SET statement_timeout = '5s'", "lock_timeout"));
    cr_assert_not(sets("SET lock_timeout = '5s'", "statement_timeout"));
    cr_assert_not(sets("SET idle_in_transaction_session_timeout = '5s'", "lock_timeout"));
    cr_assert_not(sets("SET my_lock_timeout = '5s'", "lock_timeout"));
    cr_assert_not(sets("SET lock_timeout_x = '5s'", "lock_timeout"));
}

Test(env_py_sets, case_insensitive)
{
    cr_assert(sets("SET LOCK_TIMEOUT = '5s'", "lock_timeout"));
    cr_assert(sets("Set Statement_Timeout To 5000", "statement_timeout"));
}

Test(env_py_sets, a_name_without_a_value_is_not_a_setting)
{
    cr_assert_not(sets("lock_timeout", "lock_timeout"));
    cr_assert_not(sets("SHOW lock_timeout", "lock_timeout"));
    cr_assert_not(sets("lock_timeout = ", "lock_timeout"));
    cr_assert_not(sets("lock_timeout = 'abc'", "lock_timeout"));
    cr_assert_not(sets("lock_timeouts = '5s'", "lock_timeout"));
    cr_assert_not(sets("lock_timeout tomorrow 5", "lock_timeout"));
}

/* Writes text as env.py in a fresh temporary directory and reads it. */
static rt_env_py read_env(rt_arena *arena, const char *text)
{
    char dir[] = "/tmp/retort-envpy-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/env.py", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    rt_env_py env;
    rt_env_py_read(&env, arena, dir);
    remove(path);
    rmdir(dir);
    return env;
}

Test(env_py_read, strings_and_keywords)
{
    rt_arena *arena = rt_arena_new();
    rt_env_py env = read_env(arena,
        "from sqlalchemy import text\n"
        "# SET statement_timeout = '5s' in a comment does not count\n"
        "def run_migrations_online():\n"
        "    connectable = engine_from_config(\n"
        "        cfg, connect_args={'options': '-c lock_timeout=5000'})\n"
        "    with connectable.connect() as connection:\n"
        "        context.configure(connection=connection, transactional_ddl=False,\n"
        "                          transaction_per_migration=True)\n");
    cr_assert_not_null(env.path);
    cr_assert(env.lock_timeout);
    cr_assert_not(env.statement_timeout);
    cr_assert(env.transactional_ddl_off);
    cr_assert(env.transaction_per_migration);
    rt_arena_free(arena);
}

Test(env_py_read, executed_set_and_defaults)
{
    rt_arena *arena = rt_arena_new();
    rt_env_py env = read_env(arena,
        "def run_migrations_online():\n"
        "    with connectable.connect() as connection:\n"
        "        connection.execute(text(\"SET statement_timeout TO '30s'\"))\n"
        "        context.configure(connection=connection, transactional_ddl=True)\n");
    cr_assert(env.statement_timeout);
    cr_assert_not(env.lock_timeout);
    cr_assert_not(env.transactional_ddl_off);
    cr_assert_not(env.transaction_per_migration);
    rt_arena_free(arena);
}

Test(env_py_read, missing_env_py_sets_nothing)
{
    rt_arena *arena = rt_arena_new();
    rt_env_py env;
    rt_env_py_read(&env, arena, "/nonexistent-retort-dir");
    cr_assert_null(env.path);
    cr_assert_not(env.lock_timeout || env.statement_timeout || env.transactional_ddl_off);
    rt_arena_free(arena);
}
