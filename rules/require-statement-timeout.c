/* require-statement-timeout: the first statement of a migration that takes a lock blocking
 * reads or writes of an existing table, with no statement_timeout set for it (by a SET
 * earlier in the migration, or by env.py for every migration). */
#include "postgres/locks.h"

static void check_unit(const rt_rule *self, const pg_unit *u, rt_sink *sink)
{
    pg_require_timeout(self, u, sink, PG_STATEMENT_TIMEOUT, "statement_timeout");
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_unit(self, ctx, sink, check_unit);
}

const rt_rule rt_rule_require_statement_timeout = {
    .name = "require-statement-timeout",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "a migration takes a blocking lock without a statement_timeout",
    .help = "op.execute(\"SET statement_timeout = '30s'\") at the top of upgrade(), or once "
            "for every migration in env.py (SQL: SET statement_timeout = '30s';)",
    .check_file = check,
};
