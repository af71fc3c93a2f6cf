/* applied-migration-removed: a revision production ran has no file any more. */
#include "retort/production.h"
#include "retort/project.h"
#include "retort/rule.h"

static void check(const rt_rule *self, const rt_project *project, rt_sink *sink)
{
    const rt_production *prod = project->production;
    if (!prod)
        return;
    for (size_t i = 0; i < prod->missing_count; i++) {
        const rt_production_missing *m = &prod->missing[i];
        if (!m->removed || !m->path)
            continue;
        rt_emit(sink, self,
                &(rt_loc){.path = m->path, .line = m->line, .column = m->column},
                NULL, "%s applied revision %.*s, but its file is gone: %s", prod->source,
                (int)m->revision.len, m->revision.p, m->detail);
    }
}

const rt_rule rt_rule_applied_migration_removed = {
    .name = "applied-migration-removed",
    .area = "production",
    .default_severity = RT_SEV_ERROR,
    .summary = "a migration production already ran was deleted",
    .help = "restore the file from version control: production's history needs it",
    .check_project = check,
};
