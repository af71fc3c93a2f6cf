/* missing-downgrade: a revision whose upgrade does something has no working downgrade
 * (none, an empty one, or one that raises). */
#include "ops/rev_ops.h"

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    const rt_migration *m = ctx->migration;
    if (!m || m->revision.form == RT_MIG_ID_ABSENT || !m->upgrade || m->upgrade->empty ||
        m->upgrade->op_count == 0)
        return;
    char buf[128];
    const char *gap = rev_downgrade_gap(m, buf, sizeof buf);
    if (!gap)
        return;
    rt_loc loc = rev_fn_loc(ctx, m->downgrade ? m->downgrade : m->upgrade);
    rt_emit(sink, self, &loc, NULL, "the upgrade changes the database but the downgrade %s",
            gap);
}

const rt_rule rt_rule_missing_downgrade = {
    .name = "missing-downgrade",
    .area = "reversibility",
    .default_severity = RT_SEV_WARNING,
    .summary = "a revision cannot be downgraded: downgrade() is missing, empty or raises",
    .help = "write a downgrade() that undoes the upgrade, in reverse order",
    .check_file = check,
};
