/* unknown-production-revision: production ran a revision this branch does not have. */
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
        if (m->removed || !m->path)
            continue;
        rt_emit(sink, self,
                &(rt_loc){.path = m->path, .line = m->line, .column = m->column},
                NULL,
                "%s has revision %.*s, which this branch does not know (%s): the branch "
                "is behind production",
                prod->source, (int)m->revision.len, m->revision.p, m->detail);
    }
}

const rt_rule rt_rule_unknown_production_revision = {
    .name = "unknown-production-revision",
    .area = "production",
    .default_severity = RT_SEV_WARNING,
    .summary = "production has a revision the repository does not know",
    .help = "merge or rebase onto what is deployed before adding migrations",
    .check_project = check,
};
