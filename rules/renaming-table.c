/* renaming-table: RENAME TABLE (op.rename_table) of a table that exists already. */
#include "postgres/pg.h"

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_RENAME_TABLE || pg_created_before(u, i, op->schema, op->table))
        return;
    char table[160];
    pg_emit(self, u, op, sink, NULL,
            "renaming table %s to %s breaks every running client that still uses the old "
            "name", pg_qualified(op->schema, op->table, table, sizeof table),
            op->new_name ? op->new_name : "?");
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_renaming_table = {
    .name = "renaming-table",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "RENAME TABLE breaks clients that use the old name",
    .help = "rename the table and create a view with the old name in the same revision "
            "(op.rename_table, then op.execute(\"CREATE VIEW old AS SELECT * FROM new\")), "
            "drop the view once no client uses it",
    .check_file = check,
};
