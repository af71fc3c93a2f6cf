/* require-concurrent-partition-detach: ALTER TABLE ... DETACH PARTITION without
 * CONCURRENTLY (PostgreSQL 14 and later, where CONCURRENTLY exists). FINALIZE, which
 * completes an interrupted concurrent detach, and a parent created earlier in the same
 * migration are not reported. */
#include "postgres/pg.h"

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_DETACH_PARTITION || (op->flags & RT_OPF_CONCURRENTLY) ||
        op->other_kind || u->pg_version < 14 || pg_created_before(u, i, op->schema, op->table))
        return;
    char parent[160];
    pg_emit(self, u, op, sink, NULL,
            "DETACH PARTITION %s without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on %s: "
            "reads and writes of the whole partitioned table wait",
            op->name ? op->name : "?",
            pg_qualified(op->schema, op->table, parent, sizeof parent));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_require_concurrent_partition_detach = {
    .name = "require-concurrent-partition-detach",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "DETACH PARTITION without CONCURRENTLY blocks the partitioned table",
    .help = "op.execute(\"ALTER TABLE p DETACH PARTITION c CONCURRENTLY\") inside `with "
            "op.get_context().autocommit_block():` (PostgreSQL 14+)",
    .check_file = check,
};
