/* transaction-nesting: BEGIN inside a transaction block, COMMIT or ROLLBACK with no
 * block to end, and, in a Python revision, COMMIT or ROLLBACK that ends Alembic's own
 * transaction (outside autocommit_block()). */
#include "postgres/pg.h"

#include "retort/ops.h"

static const char *word(rt_op_kind kind)
{
    switch (kind) {
    case RT_OP_BEGIN: return "BEGIN";
    case RT_OP_COMMIT: return "COMMIT";
    default: return "ROLLBACK";
    }
}

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_BEGIN && op->kind != RT_OP_COMMIT && op->kind != RT_OP_ROLLBACK)
        return;
    uint32_t st = u->state[i];
    bool alembic = u->kind == PG_UNIT_REVISION && (st & PG_IN_TRANSACTION) &&
                   !(st & PG_EXPLICIT_BEGIN);
    if (op->kind == RT_OP_BEGIN && alembic)
        pg_emit(self, u, op, sink, NULL,
                "BEGIN inside Alembic's migration transaction does nothing (\"there is "
                "already a transaction in progress\"); Alembic opens and commits the "
                "transaction itself");
    else if (op->kind == RT_OP_BEGIN && (st & PG_IN_TRANSACTION))
        pg_emit(self, u, op, sink, NULL,
                "BEGIN inside a transaction block does nothing (\"there is already a "
                "transaction in progress\"): the first COMMIT ends the outer block");
    else if (op->kind != RT_OP_BEGIN && alembic)
        pg_emit(self, u, op, sink, NULL,
                "%s ends Alembic's migration transaction: what ran before it is %s, and "
                "what follows runs outside a transaction, so a failure leaves the "
                "migration half applied", word(op->kind),
                op->kind == RT_OP_COMMIT ? "committed" : "undone");
    else if (op->kind != RT_OP_BEGIN && !(st & PG_IN_TRANSACTION))
        pg_emit(self, u, op, sink, NULL,
                "%s with no transaction in progress does nothing (\"there is no "
                "transaction in progress\")", word(op->kind));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_transaction_nesting = {
    .name = "transaction-nesting",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "BEGIN inside a transaction, or COMMIT/ROLLBACK that ends another's",
    .help = "in Alembic, let it manage the transaction; for statements that must run "
            "outside one, use `with op.get_context().autocommit_block():` (SQL: one "
            "BEGIN ... COMMIT pair)",
    .check_file = check,
};
