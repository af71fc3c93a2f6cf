/* hand-edited-migration: a migration whose bytes differ from the hash `retort sign`
 * recorded when Alembic generated it. */
#include "retort/project.h"
#include "retort/rule.h"
#include "retort/source.h"

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    const rt_project_file *file = ctx->file;
    const rt_sum_entry *entry = file->sum ? rt_sumfile_find(file->sum, file->name) : NULL;
    if (!entry)
        return;
    if (rt_sum_entry_matches(entry, ctx->source->data, ctx->source->len))
        return;
    rt_emit(sink, self, &(rt_loc){.path = file->path},
            "regenerate it with `alembic revision --autogenerate`; if the edit was reviewed "
            "and intended, accept it with `retort sign FILE`",
            "%s changed after Alembic generated it: it no longer matches line %u of %s",
            file->name, entry->line, file->sum->path);
}

const rt_rule rt_rule_hand_edited_migration = {
    .name = "hand-edited-migration",
    .area = "integrity",
    .default_severity = RT_SEV_ERROR,
    .summary = "a migration changed after Alembic generated it",
    .help = "regenerate the migration, or accept the edit with `retort sign FILE`",
    .check_file = check,
};
