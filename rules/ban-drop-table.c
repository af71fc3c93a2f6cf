/* ban-drop-table: DROP TABLE of a table that exists already (one created earlier in the
 * same migration is nobody's yet). */
#include "postgres/pg.h"

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_DROP_TABLE || pg_created_before(u, i, op->schema, op->table))
        return;
    char table[160];
    pg_emit(self, u, op, sink, NULL,
            "dropping table %s breaks every running client that still reads or writes it",
            pg_qualified(op->schema, op->table, table, sizeof table));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_ban_drop_table = {
    .name = "ban-drop-table",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "DROP TABLE breaks clients that still use the table",
    .help = "first deploy application code that no longer uses the table, then drop it "
            "(op.drop_table) in a later revision",
    .check_file = check,
};
