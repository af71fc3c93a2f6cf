/* destructive-without-downgrade: the upgrade destroys something (a table, a column, a
 * type, a schema, rows, or a column's wider type) and the downgrade cannot bring it back.
 * What counts as "recreates" is written in destructive-without-downgrade.md. */
#include <stdio.h>
#include <string.h>

#include "ops/rev_ops.h"

/* Rank of integer types, by width. */
static int int_rank(const char *t)
{
    if (!t)
        return 0;
    if (!strcmp(t, "smallint"))
        return 1;
    if (!strcmp(t, "integer"))
        return 2;
    if (!strcmp(t, "bigint"))
        return 3;
    return 0;
}

static bool is_char(const char *t)
{
    return t && (!strcmp(t, "character varying") || !strcmp(t, "character") ||
                 !strcmp(t, "text"));
}

/* True when changing old to new can lose data: a shorter character limit, text to a
 * limited type, a narrower integer, a numeric with fewer digits. */
static bool narrows(const rt_type *old, const rt_type *new)
{
    if (!old->name || !new->name)
        return false;
    int ro = int_rank(old->name), rn = int_rank(new->name);
    if (ro && rn)
        return rn < ro;
    if (is_char(old->name) && is_char(new->name)) {
        if (new->length < 0)
            return false;
        return old->length < 0 || new->length < old->length;
    }
    if (!strcmp(old->name, "numeric") && !strcmp(new->name, "numeric"))
        return new->precision >= 0 &&
               (old->precision < 0 || new->precision < old->precision ||
                (new->scale >= 0 && old->scale > new->scale));
    return false;
}

static bool destructive(const rt_op *op)
{
    switch (op->kind) {
    case RT_OP_DROP_TABLE:
    case RT_OP_DROP_COLUMN:
    case RT_OP_DROP_TYPE:
    case RT_OP_DROP_SCHEMA:
    case RT_OP_TRUNCATE:
    case RT_OP_DELETE:
        return op->table != NULL;
    case RT_OP_ALTER_COLUMN:
        return (op->alter & RT_ALTER_TYPE) && narrows(&op->old_type, &op->col.type);
    default:
        return false;
    }
}

static bool table_has_column(const rt_op *t, const char *column)
{
    for (size_t i = 0; i < t->column_count; i++)
        if (rev_same(t->columns[i].name, column))
            return true;
    return false;
}

/* Does downgrade op d recreate what op u destroyed? */
static bool recreates(const rt_op *u, const rt_op *d)
{
    switch (u->kind) {
    case RT_OP_DROP_TABLE:
        return (d->kind == RT_OP_CREATE_TABLE && rev_same(d->table, u->table)) ||
               (d->kind == RT_OP_RENAME_TABLE && rev_same(d->new_name, u->table));
    case RT_OP_DROP_COLUMN:
        return (d->kind == RT_OP_ADD_COLUMN && rev_same(d->table, u->table) &&
                rev_same(d->column, u->column)) ||
               (d->kind == RT_OP_CREATE_TABLE && rev_same(d->table, u->table) &&
                table_has_column(d, u->column)) ||
               (d->kind == RT_OP_RENAME_COLUMN && rev_same(d->table, u->table) &&
                rev_same(d->new_name, u->column));
    case RT_OP_DROP_TYPE:
    case RT_OP_DROP_SCHEMA:
        return d->kind == (u->kind == RT_OP_DROP_TYPE ? RT_OP_CREATE_TYPE : RT_OP_CREATE_SCHEMA)
               && rev_same(d->table, u->table);
    case RT_OP_TRUNCATE:
    case RT_OP_DELETE:
        return (d->kind == RT_OP_INSERT || d->kind == RT_OP_BULK_INSERT ||
                d->kind == RT_OP_COPY) && rev_same(d->table, u->table);
    case RT_OP_ALTER_COLUMN:
        return d->kind == RT_OP_ALTER_COLUMN && (d->alter & RT_ALTER_TYPE) &&
               rev_same(d->table, u->table) && rev_same(d->column, u->column);
    default:
        return false;
    }
}

static bool any_recreates(const rt_op *u, const rt_op_list *down)
{
    for (size_t i = 0; i < down->count; i++)
        if (recreates(u, &down->items[i]))
            return true;
    return false;
}

/* "table users", "column users.email", "rows of users", "column users.name's type". */
static void describe(const rt_op *op, char *buf, size_t cap)
{
    switch (op->kind) {
    case RT_OP_DROP_TABLE: snprintf(buf, cap, "drops table %s", op->table); break;
    case RT_OP_DROP_COLUMN:
        snprintf(buf, cap, "drops column %s.%s", op->table, op->column ? op->column : "?");
        break;
    case RT_OP_DROP_TYPE: snprintf(buf, cap, "drops type %s", op->table); break;
    case RT_OP_DROP_SCHEMA: snprintf(buf, cap, "drops schema %s", op->table); break;
    case RT_OP_TRUNCATE: snprintf(buf, cap, "truncates %s", op->table); break;
    case RT_OP_DELETE: snprintf(buf, cap, "deletes rows of %s", op->table); break;
    default: {
        char o[64], n[64];
        rt_type_format(&op->old_type, o, sizeof o);
        rt_type_format(&op->col.type, n, sizeof n);
        snprintf(buf, cap, "narrows column %s.%s from %s to %s", op->table,
                 op->column ? op->column : "?", o, n);
    }
    }
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    rev_ops r;
    if (!rev_ops_load(&r, ctx))
        return;
    char gapbuf[128], what[320];
    const char *gap = rev_downgrade_gap(r.m, gapbuf, sizeof gapbuf);
    bool unknown = rev_has_unknown_sql(&r.down);
    for (size_t i = 0; i < r.up.ops.count; i++) {
        const rt_op *op = &r.up.ops.items[i];
        if (!destructive(op))
            continue;
        if (!gap && (unknown || any_recreates(op, &r.down.ops)))
            continue;
        describe(op, what, sizeof what);
        rt_loc loc = rev_loc(ctx, op);
        if (gap)
            rt_emit(sink, self, &loc, NULL, "upgrade %s and the downgrade %s", what, gap);
        else
            rt_emit(sink, self, &loc, NULL, "upgrade %s and the downgrade does not %s", what,
                    op->kind == RT_OP_ALTER_COLUMN ? "change the type back" : "recreate it");
    }
}

const rt_rule rt_rule_destructive_without_downgrade = {
    .name = "destructive-without-downgrade",
    .area = "reversibility",
    .default_severity = RT_SEV_ERROR,
    .summary = "the upgrade destroys a table, column, type, schema or rows the downgrade "
               "cannot bring back",
    .help = "write a downgrade that recreates what the upgrade destroys (and restores its "
            "data where it can), or keep the object and drop it in a later release",
    .check_file = check,
};
