/* ban-uncommitted-transaction: a .sql file (or `alembic upgrade --sql` output) that
 * opens a transaction with BEGIN and ends without COMMIT or ROLLBACK. Reported at the
 * BEGIN that opened the block left open. */
#include "postgres/pg.h"

static void check_unit(const rt_rule *self, const pg_unit *u, rt_sink *sink)
{
    if (u->kind != PG_UNIT_REVISION && u->open_begin)
        pg_emit(self, u, u->open_begin, sink, NULL,
                "this transaction is never committed: when the file ends, the session "
                "ends and PostgreSQL rolls back everything after BEGIN");
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_unit(self, ctx, sink, check_unit);
}

const rt_rule rt_rule_ban_uncommitted_transaction = {
    .name = "ban-uncommitted-transaction",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "a SQL migration opens a transaction and never commits it",
    .help = "end the file with COMMIT; (in Alembic, let it manage the transaction: "
            "remove op.execute(\"BEGIN\"))",
    .check_file = check,
};
