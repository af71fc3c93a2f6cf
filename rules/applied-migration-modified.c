/* applied-migration-modified: a revision production ran whose file changed since. */
#include "retort/production.h"
#include "retort/project.h"
#include "retort/rule.h"

static void check(const rt_rule *self, const rt_project *project, rt_sink *sink)
{
    const rt_production *prod = project->production;
    if (!prod || !prod->nodes)
        return;
    for (size_t n = 0; n < prod->graph->count; n++) {
        const rt_production_node *pn = &prod->nodes[n];
        if (!pn->modified)
            continue;
        const rt_graph_node *node = &prod->graph->nodes[n];
        rt_loc loc = {.path = node->rev->path, .line = pn->diff_line,
                      .column = pn->diff_line ? 1 : 0};
        if (pn->diff_line)
            rt_emit(sink, self, &loc, NULL,
                    "revision %.*s was applied in production but its file changed: line %u "
                    "differs from %s%s%s",
                    (int)node->id.len, node->id.p, pn->diff_line, pn->reference,
                    pn->renamed_from ? ", renamed from " : "",
                    pn->renamed_from ? pn->renamed_from : "");
        else
            rt_emit(sink, self, &loc, NULL,
                    "revision %.*s was applied in production but its file changed: it no "
                    "longer matches %s",
                    (int)node->id.len, node->id.p, pn->reference);
    }
}

const rt_rule rt_rule_applied_migration_modified = {
    .name = "applied-migration-modified",
    .area = "production",
    .default_severity = RT_SEV_ERROR,
    .summary = "a migration production already ran was changed",
    .help = "restore the file as production ran it and put the change in a new revision",
    .check_project = check,
};
