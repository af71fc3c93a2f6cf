/* Benchmark of the SQL front-end: parses a generated corpus of migration-like SQL files
 * (each with its own arena, as `retort check` does) and prints statements/s and MB/s,
 * beside libpg_query's own protobuf parse of the same texts. Times are CPU time of the
 * process (steadier than wall time on a shared machine). Never fails on time.
 *
 * Usage: bench_sql_frontend [FILES]   (default 2000 files of 21 statements) */
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "retort/buf.h"
#include "retort/sql.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One migration-like file of 21 statements; i varies the names. */
static void make_file(rt_buf *b, unsigned i)
{
    rt_buf_clear(b);
    rt_buf_printf(b,
        "-- migration %u\nSET lock_timeout = '2s';\nSET statement_timeout = '30s';\nBEGIN;\n"
        "CREATE TABLE IF NOT EXISTS app.orders_%u (\n"
        "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
        "    customer_id bigint NOT NULL REFERENCES app.customers (id),\n"
        "    status varchar(32) NOT NULL DEFAULT 'new',\n"
        "    total numeric(12, 2) NOT NULL DEFAULT 0,\n"
        "    note text,\n"
        "    created_at timestamptz NOT NULL DEFAULT now()\n);\n"
        "ALTER TABLE app.customers ADD COLUMN loyalty_%u integer;\n"
        "ALTER TABLE app.customers ALTER COLUMN email TYPE text;\n"
        "ALTER TABLE app.customers ADD CONSTRAINT customers_%u_fk FOREIGN KEY (org_id) "
        "REFERENCES app.orgs (id) NOT VALID;\n"
        "ALTER TABLE app.customers VALIDATE CONSTRAINT customers_%u_fk;\n"
        "COMMENT ON COLUMN app.orders_%u.note IS 'free text';\n"
        "UPDATE app.customers SET loyalty_%u = 0 WHERE loyalty_%u IS NULL;\n"
        "INSERT INTO app.settings (key, value) VALUES ('v%u', 'x');\n"
        "DELETE FROM app.sessions WHERE expires_at < now();\n"
        "CREATE TYPE app.mood_%u AS ENUM ('sad', 'ok', 'happy');\n"
        "ALTER TYPE app.mood_%u ADD VALUE 'meh' AFTER 'sad';\n"
        "DROP INDEX IF EXISTS app.old_%u;\n"
        "ALTER TABLE app.orders_%u RENAME COLUMN note TO remark;\n"
        "DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'r') THEN\n"
        "    CREATE ROLE r;\n  END IF;\nEND\n$$;\n"
        "ALTER TABLE app.orders_%u DROP COLUMN IF EXISTS legacy;\n"
        "COMMIT;\n"
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_%u_customer ON app.orders_%u "
        "(customer_id) WHERE status <> 'done';\n"
        "REINDEX INDEX CONCURRENTLY app.orders_%u_customer;\n",
        i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i);
}

int main(int argc, char **argv)
{
    unsigned files = 2000;
    if (argc > 1) {
        char *end = NULL;
        unsigned long v = strtoul(argv[1], &end, 10);
        if (!end || *end || v == 0 || v > 1000000) {
            fprintf(stderr, "usage: %s [FILES]\n", argv[0]);
            return 2;
        }
        files = (unsigned)v;
    }
    rt_buf b = RT_BUF_INIT;
    size_t bytes = 0, stmts = 0, ops = 0;
    double t0 = now();
    for (unsigned i = 0; i < files; i++) {
        make_file(&b, i);
        rt_arena *a = rt_arena_new();
        rt_sql_result r;
        rt_error err;
        if (!a || rt_sql_parse(&r, a, b.data, b.len, &err) != RT_OK || r.error_count) {
            fprintf(stderr, "bench: parse failed\n");
            return 1;
        }
        bytes += b.len;
        stmts += r.statement_count;
        ops += r.ops.count;
        rt_arena_free(a);
    }
    double t1 = now();
    for (unsigned i = 0; i < files; i++) {
        make_file(&b, i);
        PgQueryProtobufParseResult r = pg_query_parse_protobuf(b.data);
        pg_query_free_protobuf_parse_result(r);
    }
    double t2 = now();
    /* the same statements as one long text (read statement by statement) */
    rt_buf all = RT_BUF_INIT;
    for (unsigned i = 0; i < files; i++) {
        make_file(&b, i);
        rt_buf_put(&all, b.data, b.len);
    }
    double t3 = now();
    rt_arena *la = rt_arena_new();
    rt_sql_result lr;
    rt_error lerr;
    if (!la || rt_sql_parse(&lr, la, all.data, all.len, &lerr) != RT_OK || lr.error_count) {
        fprintf(stderr, "bench: parse of the long text failed\n");
        return 1;
    }
    double t4 = now();
    size_t long_stmts = lr.statement_count;
    rt_arena_free(la);
    rt_buf_free(&all);
    double ours = t1 - t0, raw = t2 - t1, one = t4 - t3;
    printf("sql front-end: %u files, %zu statements, %zu ops, %.1f MB\n", files, stmts, ops,
           (double)bytes / 1e6);
    printf("  retort rt_sql_parse:            %.3f s  %9.0f statements/s  %6.2f MB/s\n", ours,
           (double)stmts / ours, (double)bytes / 1e6 / ours);
    printf("  libpg_query protobuf parse only: %.3f s  %9.0f statements/s  %6.2f MB/s\n", raw,
           (double)stmts / raw, (double)bytes / 1e6 / raw);
    printf("  retort, all files as one text:   %.3f s  %9.0f statements/s  %6.2f MB/s\n", one,
           (double)long_stmts / one, (double)bytes / 1e6 / one);
    rt_buf_free(&b);
    rt_sql_shutdown();
    return 0;
}
