/* python-syntax-error: a migration Python cannot compile. Alembic imports every revision
 * file, so one syntax error stops every Alembic command. */
#include "retort/migration.h"
#include "retort/project.h"
#include "retort/rule.h"

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    const rt_migration *m = ctx->migration;
    for (size_t i = 0; m && i < m->syntax_error_count; i++) {
        const rt_mig_syntax_error *e = &m->syntax_errors[i];
        rt_emit(sink, self,
                &(rt_loc){.path = ctx->file->path, .line = e->line, .column = e->column,
                          .key = e->message},
                NULL, "%s", e->message);
    }
}

const rt_rule rt_rule_python_syntax_error = {
    .name = "python-syntax-error",
    .area = "hygiene",
    .default_severity = RT_SEV_ERROR,
    .summary = "a migration is not valid Python: every Alembic command would fail on it",
    .help = "fix the syntax; `python3 -m py_compile FILE` shows the same error",
    .check_file = check,
};
