/* delete-without-where: DELETE without WHERE on a table that exists before the migration:
 * every row of it, in one statement holding each row's lock until the migration
 * commits. */
#include "postgres/locks.h"

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_DELETE || (op->flags & RT_OPF_HAS_WHERE) || !op->table ||
        !pg_op_runs(u, i) || pg_created_before(u, i, op->schema, op->table))
        return;
    char table[160];
    pg_emit(self, u, op, sink, NULL,
            "DELETE without WHERE deletes every row of %s in one statement, locking each "
            "row until the migration commits",
            pg_qualified(op->schema, op->table, table, sizeof table));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_delete_without_where = {
    .name = "delete-without-where",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "DELETE without WHERE deletes every row of an existing table",
    .help = "add the WHERE the change needs; to empty the table on purpose, say so with "
            "TRUNCATE",
    .check_file = check,
};
