/* Helpers of the reversibility rules (see rev_ops.h). */
#include "ops/rev_ops.h"

#include <stdio.h>
#include <string.h>

#include "retort/file_ops.h"
#include "retort/project.h"

bool rev_ops_load(rev_ops *r, const rt_file_ctx *ctx)
{
    memset(r, 0, sizeof *r);
    const rt_migration *m = ctx->migration;
    const rt_file_ops *ops = m ? rt_file_ops_get(ctx) : NULL;
    if (!ops || m->revision.form == RT_MIG_ID_ABSENT || !ops->up)
        return false;
    r->m = m;
    r->up = *ops->up;
    if (ops->down)
        r->down = *ops->down;
    return true;
}

const char *rev_downgrade_gap(const rt_migration *m, char *buf, size_t cap)
{
    const rt_mig_function *d = m->downgrade;
    if (!d)
        return "is missing";
    if (d->raises) {
        snprintf(buf, cap, "raises %.*s", (int)(d->raise_name.len ? d->raise_name.len : 9),
                 d->raise_name.len ? d->raise_name.p : "an error");
        return buf;
    }
    if (d->empty || d->op_count == 0)
        return "is empty";
    return NULL;
}

bool rev_has_unknown_sql(const rt_mig_ops *ops)
{
    for (size_t i = 0; i < ops->ops.count; i++)
        if (ops->ops.items[i].kind == RT_OP_UNKNOWN_SQL ||
            (ops->ops.items[i].kind == RT_OP_OTHER && ops->ops.items[i].flags & RT_OPF_HOLE))
            return true;
    return false;
}

bool rev_same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

rt_loc rev_loc(const rt_file_ctx *ctx, const rt_op *op)
{
    return (rt_loc){.path = ctx->file->path, .line = op->loc.line, .column = op->loc.column,
                    .end_line = op->loc.end_line, .end_column = op->loc.end_column};
}

rt_loc rev_fn_loc(const rt_file_ctx *ctx, const rt_mig_function *fn)
{
    if (!fn)
        return (rt_loc){.path = ctx->file->path, .line = 1, .column = 1};
    return (rt_loc){.path = ctx->file->path, .line = fn->span.line, .column = fn->span.column,
                    .end_line = fn->span.end_line, .end_column = fn->span.end_column};
}
