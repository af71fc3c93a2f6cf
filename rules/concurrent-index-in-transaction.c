/* concurrent-index-in-transaction: CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY
 * or DETACH PARTITION CONCURRENTLY where it runs inside a transaction block, which
 * PostgreSQL refuses. */
#include "postgres/pg.h"

static bool concurrent(const rt_op *op)
{
    return (op->kind == RT_OP_CREATE_INDEX || op->kind == RT_OP_DROP_INDEX ||
            op->kind == RT_OP_REINDEX || op->kind == RT_OP_DETACH_PARTITION) &&
           (op->flags & RT_OPF_CONCURRENTLY);
}

static const char *statement(const rt_op *op)
{
    switch (op->kind) {
    case RT_OP_CREATE_INDEX: return "CREATE INDEX CONCURRENTLY";
    case RT_OP_DROP_INDEX: return "DROP INDEX CONCURRENTLY";
    case RT_OP_DETACH_PARTITION: return "DETACH PARTITION CONCURRENTLY";
    default: return "REINDEX CONCURRENTLY";
    }
}

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (!concurrent(op) || !(u->state[i] & PG_IN_TRANSACTION))
        return;
    if (u->kind == PG_UNIT_REVISION && !(u->state[i] & PG_EXPLICIT_BEGIN))
        pg_emit(self, u, op, sink, NULL,
                "%s inside Alembic's migration transaction fails: \"cannot run inside a "
                "transaction block\"", statement(op));
    else
        pg_emit(self, u, op, sink, NULL,
                "%s inside a transaction block fails: \"cannot run inside a transaction "
                "block\"", statement(op));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_concurrent_index_in_transaction = {
    .name = "concurrent-index-in-transaction",
    .area = "postgresql",
    .default_severity = RT_SEV_ERROR,
    .summary = "CREATE/DROP INDEX, REINDEX or DETACH PARTITION CONCURRENTLY inside a "
               "transaction block fails",
    .help = "run it inside `with op.get_context().autocommit_block():` (SQL: outside "
            "BEGIN ... COMMIT)",
    .check_file = check,
};
