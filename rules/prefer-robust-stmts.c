/* prefer-robust-stmts: a statement that fails when the migration is run again after
 * failing part way, where it runs outside a transaction (so what ran before the failure
 * stays): CREATE without IF NOT EXISTS, DROP without IF EXISTS, ADD CONSTRAINT, renames,
 * partition attach/detach. Inside a transaction a failure undoes everything, and a
 * re-run starts clean: Alembic revisions are fine unless in autocommit_block() or
 * env.py turns transactional DDL off. */
#include <string.h>

#include "postgres/locks.h"

enum { LOOKBACK = 16 };

/* ADD CONSTRAINT name right after `DROP CONSTRAINT IF EXISTS name` on the same table
 * (within the LOOKBACK ops before it: linear time) re-runs fine. */
static bool dropped_first(const pg_unit *u, size_t i)
{
    const rt_op *op = u->ops[i];
    size_t stop = i > LOOKBACK ? i - LOOKBACK : 0;
    for (size_t k = i; op->name && op->table && k-- > stop;) {
        const rt_op *d = u->ops[k];
        if (d->kind == RT_OP_DROP_CONSTRAINT && (d->flags & RT_OPF_IF_EXISTS) && d->name &&
            d->table && !strcmp(d->name, op->name) && !strcmp(d->table, op->table))
            return true;
    }
    return false;
}

/* What to add to make op re-runnable ("IF NOT EXISTS", "IF EXISTS"), "" when only a
 * transaction helps, NULL when it re-runs fine as written. */
static const char *missing(const pg_unit *u, size_t i)
{
    const rt_op *op = u->ops[i];
    bool ine = (op->flags & RT_OPF_IF_NOT_EXISTS) != 0, ie = (op->flags & RT_OPF_IF_EXISTS) != 0;
    switch (op->kind) {
    case RT_OP_CREATE_TABLE: case RT_OP_ADD_COLUMN:
        return ine ? NULL : "IF NOT EXISTS";
    case RT_OP_CREATE_INDEX:   /* an unnamed index gets a new name each time */
        return ine || !op->name ? NULL : "IF NOT EXISTS";
    case RT_OP_DROP_TABLE: case RT_OP_DROP_INDEX: case RT_OP_DROP_COLUMN:
    case RT_OP_DROP_CONSTRAINT: case RT_OP_DROP_TYPE:
        return ie ? NULL : "IF EXISTS";
    case RT_OP_ADD_CONSTRAINT:
        return (op->flags & RT_OPF_IN_CREATE_TABLE) || dropped_first(u, i) ? NULL : "";
    case RT_OP_RENAME_TABLE: case RT_OP_RENAME_COLUMN: case RT_OP_RENAME_CONSTRAINT:
    case RT_OP_ATTACH_PARTITION: case RT_OP_DETACH_PARTITION:
        return "";
    default:
        return NULL;
    }
}

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if ((u->state[i] & PG_IN_TRANSACTION) || !pg_op_runs(u, i))
        return;
    const char *fix = missing(u, i);
    if (!fix)
        return;
    const char *where = u->kind == PG_UNIT_REVISION ? "outside a transaction (autocommit "
                                                      "block, or transactional DDL off)"
                                                    : "outside a transaction";
    if (*fix)
        pg_emit(self, u, op, sink, NULL,
                "%s without %s runs %s: if the migration fails after it, running it again "
                "fails here", rt_op_kind_name(op->kind), fix, where);
    else
        pg_emit(self, u, op, sink,
                "run it inside a transaction: outside op.get_context().autocommit_block() "
                "(SQL: BEGIN ... COMMIT)",
                "%s runs %s and cannot be written to re-run: if the migration fails after "
                "it, running it again fails here", rt_op_kind_name(op->kind), where);
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_prefer_robust_stmts = {
    .name = "prefer-robust-stmts",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "a statement outside a transaction cannot be re-run after a partial failure",
    .help = "add if_not_exists=True / if_exists=True (op.create_index, op.drop_index, "
            "op.create_table, op.drop_table, op.add_column, op.drop_column; SQL: IF NOT "
            "EXISTS / IF EXISTS)",
    .check_file = check,
};
