/* irreversible-data-change: the upgrade inserts or updates rows and the downgrade has no
 * data change on that table to reverse it. (Deleting and truncating are
 * destructive-without-downgrade's.) */
#include "ops/rev_ops.h"

static bool reverses(const rt_op *u, const rt_op *d)
{
    if (!rev_same(d->table, u->table))
        return false;
    if (d->kind == RT_OP_DROP_TABLE || d->kind == RT_OP_TRUNCATE)
        return u->kind != RT_OP_UPDATE;
    if (u->kind == RT_OP_UPDATE)
        return d->kind == RT_OP_UPDATE;
    return d->kind == RT_OP_DELETE;
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    rev_ops r;
    if (!rev_ops_load(&r, ctx))
        return;
    if (rev_has_unknown_sql(&r.down))
        return;
    char gapbuf[128];
    const char *gap = rev_downgrade_gap(r.m, gapbuf, sizeof gapbuf);
    for (size_t i = 0; i < r.up.ops.count; i++) {
        const rt_op *u = &r.up.ops.items[i];
        if ((u->kind != RT_OP_INSERT && u->kind != RT_OP_UPDATE &&
             u->kind != RT_OP_BULK_INSERT) || !u->table || (u->flags & RT_OPF_HOLE))
            continue;
        bool found = false;
        for (size_t k = 0; k < r.down.ops.count && !found; k++)
            found = reverses(u, &r.down.ops.items[k]);
        if (found)
            continue;
        rt_loc loc = rev_loc(ctx, u);
        const char *verb = u->kind == RT_OP_UPDATE ? "updates" : "inserts into";
        if (gap)
            rt_emit(sink, self, &loc, NULL, "upgrade %s %s and the downgrade %s", verb,
                    u->table, gap);
        else
            rt_emit(sink, self, &loc, NULL,
                    "upgrade %s %s and the downgrade does not change the rows back", verb,
                    u->table);
    }
}

const rt_rule rt_rule_irreversible_data_change = {
    .name = "irreversible-data-change",
    .area = "reversibility",
    .default_severity = RT_SEV_WARNING,
    .summary = "the upgrade changes rows and the downgrade does not change them back",
    .help = "reverse the data change in the downgrade (DELETE what was inserted, UPDATE "
            "back what was updated), or say why it cannot be with a suppression comment",
    .check_file = check,
};
