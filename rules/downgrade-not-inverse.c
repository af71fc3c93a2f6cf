/* downgrade-not-inverse: something the upgrade creates the downgrade leaves in place, or
 * an index or constraint the upgrade drops the downgrade does not recreate. Tables,
 * columns and types the upgrade drops are destructive-without-downgrade's; enum types
 * SQLAlchemy creates for a column are enum-type-not-dropped's. */
#include <stdio.h>

#include "ops/rev_ops.h"

/* The op kind that undoes kind (for objects named by table / name), or RT_OP_OTHER. */
static rt_op_kind undo_kind(const rt_op *op)
{
    switch (op->kind) {
    case RT_OP_CREATE_TABLE: return RT_OP_DROP_TABLE;
    case RT_OP_ADD_COLUMN: return RT_OP_DROP_COLUMN;
    case RT_OP_CREATE_INDEX: return RT_OP_DROP_INDEX;
    case RT_OP_ADD_CONSTRAINT:
        return op->flags & RT_OPF_IN_CREATE_TABLE ? RT_OP_OTHER : RT_OP_DROP_CONSTRAINT;
    case RT_OP_CREATE_TYPE:
        return op->flags & RT_OPF_IMPLICIT ? RT_OP_OTHER : RT_OP_DROP_TYPE;
    case RT_OP_CREATE_SCHEMA: return RT_OP_DROP_SCHEMA;
    case RT_OP_CREATE_EXTENSION: return RT_OP_DROP_EXTENSION;
    case RT_OP_CREATE_SEQUENCE: return RT_OP_DROP_SEQUENCE;
    case RT_OP_CREATE_VIEW: return RT_OP_DROP_VIEW;
    case RT_OP_CREATE_FUNCTION: return RT_OP_DROP_FUNCTION;
    case RT_OP_CREATE_TRIGGER: return RT_OP_DROP_TRIGGER;
    case RT_OP_DROP_INDEX: return RT_OP_CREATE_INDEX;
    case RT_OP_DROP_CONSTRAINT: return RT_OP_ADD_CONSTRAINT;
    default: return RT_OP_OTHER;
    }
}

/* Indexes and constraints are known by name; the rest by table (and column). */
static bool by_name(rt_op_kind k)
{
    return k == RT_OP_CREATE_INDEX || k == RT_OP_DROP_INDEX || k == RT_OP_ADD_CONSTRAINT ||
           k == RT_OP_DROP_CONSTRAINT || k == RT_OP_CREATE_TRIGGER;
}

static bool undoes(const rt_op *u, rt_op_kind want, const rt_op *d)
{
    /* dropping the table takes its columns, indexes, constraints and triggers along */
    if (d->kind == RT_OP_DROP_TABLE && u->kind != RT_OP_CREATE_TABLE &&
        (u->kind == RT_OP_ADD_COLUMN || u->kind == RT_OP_CREATE_INDEX ||
         u->kind == RT_OP_ADD_CONSTRAINT || u->kind == RT_OP_CREATE_TRIGGER) &&
        rev_same(d->table, u->table))
        return true;
    if (d->kind == RT_OP_DROP_COLUMN && u->kind == RT_OP_CREATE_INDEX &&
        rev_same(d->table, u->table) && u->name_count == 1 &&
        rev_same(d->column, u->names[0].name))
        return true;
    if (d->kind != want)
        return false;
    if (by_name(u->kind))
        return rev_same(d->name, u->name);
    if (u->kind == RT_OP_ADD_COLUMN)
        return rev_same(d->table, u->table) && rev_same(d->column, u->column);
    return rev_same(d->table, u->table);
}

static const char *object_name(const rt_op *op)
{
    return by_name(op->kind) ? op->name : op->table;
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
        rt_op_kind want = undo_kind(u);
        if (want == RT_OP_OTHER || !object_name(u) || (u->flags & RT_OPF_HOLE))
            continue;
        bool found = false;
        for (size_t k = 0; k < r.down.ops.count && !found; k++)
            found = undoes(u, want, &r.down.ops.items[k]);
        if (found)
            continue;
        rt_loc loc = rev_loc(ctx, u);
        char what[256];
        if (u->kind == RT_OP_ADD_COLUMN)
            snprintf(what, sizeof what, "%s.%s", u->table, u->column ? u->column : "?");
        else
            snprintf(what, sizeof what, "%s", object_name(u));
        rt_emit(sink, self, &loc, NULL, "upgrade does %s %s but the downgrade has no %s for it",
                rt_op_kind_name(u->kind), what, rt_op_kind_name(want));
    }
}

const rt_rule rt_rule_downgrade_not_inverse = {
    .name = "downgrade-not-inverse",
    .area = "reversibility",
    .default_severity = RT_SEV_WARNING,
    .summary = "the downgrade does not undo what the upgrade did",
    .help = "undo each upgrade step in the downgrade, in reverse order",
    .check_file = check,
};
