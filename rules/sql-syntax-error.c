/* sql-syntax-error: SQL that PostgreSQL would refuse, in a .sql migration or in the text
 * of op.execute(...) (f-strings with replacement fields are not reported: the holes may
 * stand for whole clauses). */
#include "retort/file_ops.h"
#include "retort/project.h"
#include "retort/rule.h"
#include "retort/source.h"

static void emit(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink,
                 const char *message, unsigned line, unsigned column)
{
    rt_emit(sink, self,
            &(rt_loc){.path = ctx->file->path, .line = line, .column = column, .key = message},
            NULL, "%s", message);
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    const rt_file_ops *ops = rt_file_ops_get(ctx);
    if (!ops)
        return;
    for (size_t i = 0; ops->sql && i < ops->sql_result.error_count; i++) {
        unsigned line, column;
        rt_source_position(ctx->source, ops->sql_result.errors[i].span.start, &line, &column);
        emit(self, ctx, sink, ops->sql_result.errors[i].message, line, column);
    }
    for (size_t f = 0; f < ops->function_count; f++) {
        const rt_mig_ops *fn = &ops->functions[f];
        for (size_t i = 0; i < fn->sql_error_count; i++)
            emit(self, ctx, sink, fn->sql_errors[i].message, fn->sql_errors[i].line,
                 fn->sql_errors[i].column);
    }
}

const rt_rule rt_rule_sql_syntax_error = {
    .name = "sql-syntax-error",
    .area = "postgresql",
    .default_severity = RT_SEV_ERROR,
    .summary = "SQL PostgreSQL would refuse, in a .sql file or op.execute(...)",
    .help = "fix the statement; `psql` or `EXPLAIN` on a scratch database shows the same error",
    .check_file = check,
};
