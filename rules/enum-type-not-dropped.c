/* enum-type-not-dropped: the upgrade creates a table or column with an sa.Enum /
 * postgresql.ENUM type, which makes SQLAlchemy issue CREATE TYPE; the downgrade drops
 * the table or column but never the type, so the next upgrade fails with "type ...
 * already exists". */
#include "ops/rev_ops.h"

static bool drops_type(const rt_op_list *down, const char *name)
{
    for (size_t i = 0; i < down->count; i++)
        if (down->items[i].kind == RT_OP_DROP_TYPE && rev_same(down->items[i].table, name))
            return true;
    return false;
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    rev_ops r;
    if (!rev_ops_load(&r, ctx))
        return;
    char gap[128];
    if (rev_downgrade_gap(r.m, gap, sizeof gap) || rev_has_unknown_sql(&r.down))
        return;
    for (size_t i = 0; i < r.up.ops.count; i++) {
        const rt_op *u = &r.up.ops.items[i];
        if (u->kind != RT_OP_CREATE_TYPE || !(u->flags & RT_OPF_IMPLICIT) || !u->table ||
            drops_type(&r.down.ops, u->table))
            continue;
        rt_loc loc = rev_loc(ctx, u);
        rt_emit(sink, self, &loc, NULL,
                "upgrade creates enum type %s with its column; the downgrade never drops the "
                "type, so upgrading again fails with 'type \"%s\" already exists'",
                u->table, u->table);
    }
}

const rt_rule rt_rule_enum_type_not_dropped = {
    .name = "enum-type-not-dropped",
    .area = "reversibility",
    .default_severity = RT_SEV_WARNING,
    .summary = "an enum type created with a table or column is left behind by the downgrade",
    .help = "drop the type in the downgrade after the table: "
            "sa.Enum(name=\"...\").drop(op.get_bind()) or op.execute(\"DROP TYPE ...\")",
    .check_file = check,
};
