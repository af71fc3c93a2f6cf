/* require-concurrent-index-deletion: DROP INDEX (op.drop_index) without CONCURRENTLY,
 * unless the index's table was created earlier in the same migration. SQL names no
 * table: the table is the one of a CREATE INDEX of that name among the LOOKBACK ops
 * before it (a bound that keeps the check linear; past it the index counts as old). */
#include <string.h>

#include "postgres/pg.h"

#define LOOKBACK 1024

/* True when the index op drops is on a table created before ops[i]. */
static bool on_new_table(const pg_unit *u, size_t i, const rt_op *op)
{
    if (op->table)
        return pg_created_before(u, i, op->schema, op->table);
    if (!op->name)
        return false;
    for (size_t k = i; k-- > 0 && i - k <= LOOKBACK;) {
        const rt_op *c = u->ops[k];
        if (c->kind == RT_OP_CREATE_INDEX && c->name && strcmp(c->name, op->name) == 0)
            return pg_created_before(u, k, c->schema, c->table);
    }
    return false;
}

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_DROP_INDEX || (op->flags & RT_OPF_CONCURRENTLY) ||
        on_new_table(u, i, op))
        return;
    char index[160];
    pg_emit(self, u, op, sink, NULL,
            "DROP INDEX %s without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on its table: "
            "reads and writes wait", pg_qualified(op->schema, op->name, index, sizeof index));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_require_concurrent_index_deletion = {
    .name = "require-concurrent-index-deletion",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "DROP INDEX without CONCURRENTLY blocks reads and writes to its table",
    .help = "op.drop_index(..., postgresql_concurrently=True) inside `with "
            "op.get_context().autocommit_block():` (SQL: DROP INDEX CONCURRENTLY outside a "
            "transaction)",
    .check_file = check,
};
