/* require-enum-value-ordering: ALTER TYPE ... ADD VALUE without BEFORE or AFTER, which
 * puts the new value last in the enum's sort order. */
#include "postgres/pg.h"

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_ADD_ENUM_VALUE || (op->flags & (RT_OPF_BEFORE | RT_OPF_AFTER)))
        return;
    char type[160];
    pg_emit(self, u, op, sink, NULL,
            "ADD VALUE '%s' to enum %s without BEFORE or AFTER: the value sorts after every "
            "existing one in comparisons and ORDER BY", op->value ? op->value : "?",
            pg_qualified(op->schema, op->table, type, sizeof type));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_require_enum_value_ordering = {
    .name = "require-enum-value-ordering",
    .area = "postgresql",
    .default_severity = RT_SEV_INFO,
    .summary = "ALTER TYPE ... ADD VALUE without BEFORE/AFTER puts the value last",
    .help = "say where the value goes: op.execute(\"ALTER TYPE mood ADD VALUE 'meh' BEFORE "
            "'sad'\") (or AFTER), even when last is intended",
    .check_file = check,
};
