/* renaming-column: RENAME COLUMN (op.alter_column(new_column_name=...)) on a table that
 * exists already. */
#include "postgres/pg.h"

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_RENAME_COLUMN || pg_created_before(u, i, op->schema, op->table))
        return;
    char table[160];
    pg_emit(self, u, op, sink, NULL,
            "renaming column %s.%s to %s breaks every running client that still uses the "
            "old name", pg_qualified(op->schema, op->table, table, sizeof table),
            op->column ? op->column : "?", op->new_name ? op->new_name : "?");
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_renaming_column = {
    .name = "renaming-column",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "RENAME COLUMN breaks clients that use the old name",
    .help = "add the new column (op.add_column), write both from the application, backfill, "
            "switch reads, then drop the old column in a later revision",
    .check_file = check,
};
