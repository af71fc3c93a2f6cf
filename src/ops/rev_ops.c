/* Helpers of the reversibility rules (see rev_ops.h). */
#include "ops/rev_ops.h"

#include <stdio.h>
#include <string.h>

#include "retort/project.h"

bool rev_ops_load(rev_ops *r, const rt_file_ctx *ctx)
{
    memset(r, 0, sizeof *r);
    const rt_migration *m = ctx->migration;
    if (!m || m->revision.form == RT_MIG_ID_ABSENT || !m->upgrade)
        return false;
    r->m = m;
    r->arena = rt_arena_new();
    if (!r->arena)
        return false;
    rt_error err;
    rt_op_list_init(&r->down.ops, r->arena);
    if (rt_mig_function_ops(&r->up, r->arena, m, m->upgrade, ctx->source, &err) != RT_OK ||
        (m->downgrade &&
         rt_mig_function_ops(&r->down, r->arena, m, m->downgrade, ctx->source, &err) != RT_OK)) {
        rev_ops_free(r);
        return false;
    }
    return true;
}

void rev_ops_free(rev_ops *r)
{
    rt_arena_free(r->arena);
    r->arena = NULL;
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
