/* require-lock-timeout: the first statement of a migration that takes a lock blocking
 * reads or writes of an existing table, with no lock_timeout set for it (by a SET
 * earlier in the migration, or by env.py for every migration). */
#include "postgres/locks.h"

static void check_unit(const rt_rule *self, const pg_unit *u, rt_sink *sink)
{
    pg_require_timeout(self, u, sink, PG_LOCK_TIMEOUT, "lock_timeout");
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_unit(self, ctx, sink, check_unit);
}

const rt_rule rt_rule_require_lock_timeout = {
    .name = "require-lock-timeout",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "a migration takes a blocking lock without a lock_timeout",
    .help = "op.execute(\"SET lock_timeout = '5s'\") at the top of upgrade(), or once for "
            "every migration in env.py (SQL: SET lock_timeout = '5s';)",
    .check_file = check,
};
