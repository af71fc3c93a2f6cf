/* unrecorded-migration: a migration in a version directory that retort.sum does not
 * list: generated without the sign hook, or written by hand. */
#include <string.h>

#include "retort/project.h"
#include "retort/rule.h"

static bool is_python(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".py") == 0;
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    const rt_project_file *file = ctx->file;
    if (!file->sum || !is_python(file->name) || rt_sumfile_find(file->sum, file->name))
        return;
    if (!file->sum->exists)
        rt_emit(sink, self, &(rt_loc){.path = file->path},
                "record existing migrations once with `retort sign --all DIR`, and wire "
                "`retort sign` into alembic.ini's post_write_hooks for new ones",
                "%s is not recorded: %s has no retort.sum", file->name, file->sum->dir);
    else
        rt_emit(sink, self, &(rt_loc){.path = file->path}, NULL,
                "%s is not recorded in %s: it was generated without the sign hook, or "
                "written by hand",
                file->name, file->sum->path);
}

const rt_rule rt_rule_unrecorded_migration = {
    .name = "unrecorded-migration",
    .area = "integrity",
    .default_severity = RT_SEV_WARNING,
    .summary = "a migration has no line in retort.sum",
    .help = "if Alembic generated it, record it with `retort sign FILE`; check that the sign "
            "hook runs (see `retort explain sign-hook-misconfigured`)",
    .check_file = check,
};
