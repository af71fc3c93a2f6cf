/* The shared per-file operations (see file_ops.h). */
#include "retort/file_ops.h"

#include <string.h>

#include "retort/project.h"
#include "retort/source.h"

static bool is_sql_name(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".sql") == 0;
}

static void source_position(void *ctx, size_t offset, unsigned *line, unsigned *column)
{
    rt_source_position(ctx, offset, line, column);
}

static bool build_sql(rt_file_ops *ops, rt_source *src)
{
    rt_error err;
    if (rt_sql_parse(&ops->sql_result, ops->arena, src->data, src->len, &err) != RT_OK)
        return false;
    rt_op_list_locate(&ops->sql_result.ops, 0, 0, source_position, src);
    ops->sql = true;
    return true;
}

static bool build_python(rt_file_ops *ops, const rt_migration *m, rt_source *src)
{
    ops->functions = rt_arena_calloc(ops->arena, m->function_count + 1, sizeof *ops->functions);
    if (!ops->functions)
        return false;
    rt_error err;
    for (size_t f = 0; f < m->function_count; f++) {
        const rt_mig_function *fn = &m->functions[f];
        if (rt_mig_function_ops(&ops->functions[f], ops->arena, m, fn, src, &err) != RT_OK)
            return false;
        if (fn == m->upgrade)
            ops->up = &ops->functions[f];
        if (fn == m->downgrade)
            ops->down = &ops->functions[f];
    }
    ops->function_count = m->function_count;
    return true;
}

const rt_file_ops *rt_file_ops_get(const rt_file_ctx *ctx)
{
    rt_file_ops *ops = ctx->ops;
    if (!ops)
        return NULL;
    if (!ops->built) {
        ops->built = true;
        bool sql = is_sql_name(ctx->file->name);
        if ((sql || ctx->migration) && (ops->arena = rt_arena_new()) != NULL)
            ops->ok = sql ? build_sql(ops, ctx->source)
                          : build_python(ops, ctx->migration, ctx->source);
    }
    return ops->ok ? ops : NULL;
}

void rt_file_ops_free(rt_file_ops *ops)
{
    rt_arena_free(ops->arena);
    memset(ops, 0, sizeof *ops);
}
