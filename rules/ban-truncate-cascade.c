/* ban-truncate-cascade: TRUNCATE ... CASCADE, which also empties every table that
 * references the truncated ones by a foreign key, transitively. Once per statement. */
#include "postgres/locks.h"

/* The first op of its statement (`TRUNCATE a, b CASCADE` gives one op per table). */
static bool first_of_statement(const pg_unit *u, size_t i)
{
    const rt_op *op = u->ops[i], *prev = i > 0 ? u->ops[i - 1] : NULL;
    return !prev || prev->kind != RT_OP_TRUNCATE || prev->span.start != op->span.start ||
           prev->span.line != op->span.line;
}

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_TRUNCATE || !(op->flags & RT_OPF_CASCADE) || !pg_op_runs(u, i) ||
        !first_of_statement(u, i))
        return;
    char table[160];
    pg_emit(self, u, op, sink, NULL,
            "TRUNCATE %s CASCADE also empties every table that references it by a foreign "
            "key, and the tables referencing those", pg_qualified(op->schema, op->table,
                                                                table, sizeof table));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_ban_truncate_cascade = {
    .name = "ban-truncate-cascade",
    .area = "postgresql",
    .default_severity = RT_SEV_ERROR,
    .summary = "TRUNCATE ... CASCADE empties every table that references the truncated one",
    .help = "name every table to empty: op.execute(\"TRUNCATE orders, order_lines\") "
            "(without CASCADE it fails if another table still references them)",
    .check_file = check,
};
