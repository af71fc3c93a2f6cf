/* require-concurrent-reindex: REINDEX without CONCURRENTLY (PostgreSQL 12 and later,
 * where CONCURRENTLY exists). REINDEX SYSTEM cannot be concurrent and a table created
 * earlier in the same migration is nobody's yet: neither is reported. */
#include <string.h>

#include "postgres/pg.h"

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_REINDEX || (op->flags & RT_OPF_CONCURRENTLY) || u->pg_version < 12 ||
        (op->other_kind && strcmp(op->other_kind, "system") == 0) ||
        pg_created_before(u, i, op->schema, op->table))
        return;
    char object[160];
    pg_emit(self, u, op, sink, NULL,
            "REINDEX %s %s without CONCURRENTLY locks out writes to the table (and reads "
            "that use the index) until the rebuild ends",
            op->other_kind ? op->other_kind : "",
            pg_qualified(op->schema, op->table ? op->table : op->name, object, sizeof object));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_require_concurrent_reindex = {
    .name = "require-concurrent-reindex",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "REINDEX without CONCURRENTLY blocks the table while indexes are rebuilt",
    .help = "op.execute(\"REINDEX INDEX CONCURRENTLY ix\") inside `with "
            "op.get_context().autocommit_block():` (PostgreSQL 12+)",
    .check_file = check,
};
