/* ban-drop-not-null: ALTER COLUMN ... DROP NOT NULL (op.alter_column(nullable=True)) on a
 * table that exists already. */
#include "postgres/pg.h"

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_ALTER_COLUMN || !(op->alter & RT_ALTER_DROP_NOT_NULL) ||
        pg_created_before(u, i, op->schema, op->table))
        return;
    char table[160];
    pg_emit(self, u, op, sink, NULL,
            "dropping NOT NULL on %s.%s lets NULLs in: running clients that assume a value "
            "may break", pg_qualified(op->schema, op->table, table, sizeof table),
            op->column ? op->column : "?");
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_ban_drop_not_null = {
    .name = "ban-drop-not-null",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "DROP NOT NULL lets NULLs reach clients that assume a value",
    .help = "first deploy code that handles NULL in this column, then make it nullable "
            "(op.alter_column(..., nullable=True))",
    .check_file = check,
};
