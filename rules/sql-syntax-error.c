/* sql-syntax-error: SQL that PostgreSQL would refuse, in a .sql migration or in the text
 * of op.execute(...) (f-strings with replacement fields are not reported: the holes may
 * stand for whole clauses). */
#include <string.h>

#include "retort/migration_ops.h"
#include "retort/project.h"
#include "retort/rule.h"
#include "retort/source.h"
#include "retort/sql.h"

static bool is_sql(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".sql") == 0;
}

static void emit(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink,
                 const char *message, unsigned line, unsigned column)
{
    rt_emit(sink, self,
            &(rt_loc){.path = ctx->file->path, .line = line, .column = column, .key = message},
            NULL, "%s", message);
}

static void check_sql_file(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink,
                           rt_arena *arena)
{
    rt_sql_result r;
    rt_error err;
    if (rt_sql_parse(&r, arena, ctx->source->data, ctx->source->len, &err) != RT_OK)
        return;
    for (size_t i = 0; i < r.error_count; i++) {
        unsigned line, column;
        rt_source_position(ctx->source, r.errors[i].span.start, &line, &column);
        emit(self, ctx, sink, r.errors[i].message, line, column);
    }
}

static void check_python(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink,
                         rt_arena *arena)
{
    const rt_migration *m = ctx->migration;
    for (size_t f = 0; f < m->function_count; f++) {
        rt_mig_ops ops;
        rt_error err;
        if (rt_mig_function_ops(&ops, arena, m, &m->functions[f], ctx->source, &err) != RT_OK)
            return;
        for (size_t i = 0; i < ops.sql_error_count; i++)
            emit(self, ctx, sink, ops.sql_errors[i].message, ops.sql_errors[i].line,
                 ops.sql_errors[i].column);
    }
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    bool sql = is_sql(ctx->file->name);
    if (!sql && !ctx->migration)
        return;
    rt_arena *arena = rt_arena_new();
    if (!arena)
        return;
    if (sql)
        check_sql_file(self, ctx, sink, arena);
    else
        check_python(self, ctx, sink, arena);
    rt_arena_free(arena);
}

const rt_rule rt_rule_sql_syntax_error = {
    .name = "sql-syntax-error",
    .area = "postgresql",
    .default_severity = RT_SEV_ERROR,
    .summary = "SQL PostgreSQL would refuse, in a .sql file or op.execute(...)",
    .help = "fix the statement; `psql` or `EXPLAIN` on a scratch database shows the same error",
    .check_file = check,
};
