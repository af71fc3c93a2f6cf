/* require-concurrent-index-creation: CREATE INDEX without CONCURRENTLY on a table that
 * exists already (one created earlier in the same migration is nobody's yet). */
#include "postgres/pg.h"

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_CREATE_INDEX || (op->flags & RT_OPF_CONCURRENTLY) ||
        pg_created_before(u, i, op->schema, op->table))
        return;
    char table[160];
    pg_emit(self, u, op, sink, NULL,
            "CREATE INDEX%s%s on %s without CONCURRENTLY blocks writes to the table while "
            "the index builds", op->name ? " " : "", op->name ? op->name : "",
            pg_qualified(op->schema, op->table, table, sizeof table));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_require_concurrent_index_creation = {
    .name = "require-concurrent-index-creation",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "CREATE INDEX without CONCURRENTLY on an existing table blocks its writes",
    .help = "op.create_index(..., postgresql_concurrently=True) inside `with "
            "op.get_context().autocommit_block():` (SQL: CREATE INDEX CONCURRENTLY outside "
            "a transaction)",
    .check_file = check,
};
