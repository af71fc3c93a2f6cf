/* disallowed-unique-constraint: a UNIQUE constraint added to an existing table without
 * USING INDEX (ALTER TABLE ... ADD UNIQUE (...), op.create_unique_constraint, a unique
 * column added with ADD COLUMN / op.add_column(sa.Column(..., unique=True))): the index
 * is built under the ALTER's ACCESS EXCLUSIVE lock. */
#include "postgres/pg.h"

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    bool add = op->kind == RT_OP_ADD_CONSTRAINT && op->constraint == RT_CON_UNIQUE &&
               !op->using_index && !(op->flags & RT_OPF_IN_CREATE_TABLE);
    bool column = op->kind == RT_OP_ADD_COLUMN && (op->col.flags & RT_COLF_UNIQUE);
    if ((!add && !column) || pg_created_before(u, i, op->schema, op->table))
        return;
    char table[160];
    pg_emit(self, u, op, sink, NULL,
            "UNIQUE constraint%s%s on %s builds its index under an ACCESS EXCLUSIVE lock: "
            "reads and writes wait until it is built",
            add && op->name ? " " : "", add && op->name ? op->name : "",
            pg_qualified(op->schema, op->table, table, sizeof table));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_disallowed_unique_constraint = {
    .name = "disallowed-unique-constraint",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "ADD UNIQUE without USING INDEX blocks reads and writes while the index builds",
    .help = "op.create_index(..., unique=True, postgresql_concurrently=True) in an "
            "autocommit_block(), then op.execute(\"ALTER TABLE t ADD CONSTRAINT uq UNIQUE "
            "USING INDEX ix\")",
    .check_file = check,
};
