/* revision-below-production-head: a new revision whose parent production already moved
 * past: it branches history behind production, or never runs there. */
#include "retort/production.h"
#include "retort/project.h"
#include "retort/rule.h"

/* The applied parent of node that is not a production head, or -1. */
static int64_t buried_parent(const rt_production *prod, const rt_graph_node *node)
{
    for (uint32_t p = 0; p < node->parent_count; p++) {
        const rt_production_node *parent = &prod->nodes[node->parents[p]];
        if (parent->applied && !parent->head)
            return node->parents[p];
    }
    return -1;
}

static void check(const rt_rule *self, const rt_project *project, rt_sink *sink)
{
    const rt_production *prod = project->production;
    if (!prod || !prod->nodes)
        return;
    const rt_graph *g = prod->graph;
    for (size_t n = 0; n < g->count; n++) {
        const rt_graph_node *node = &g->nodes[n];
        if (prod->nodes[n].applied || !node->has_id || node->shadowed)
            continue;
        int64_t parent = buried_parent(prod, node);
        if (parent < 0)
            continue;
        const rt_rev_list *down = &node->rev->down_revisions;
        rt_str pid = g->nodes[parent].id;
        rt_emit(sink, self,
                &(rt_loc){.path = node->rev->path, .line = down->line,
                          .column = down->line ? down->column : 0},
                NULL,
                "revision %.*s revises %.*s, which %s has already moved past: it would "
                "branch history behind production or never run there",
                (int)node->id.len, node->id.p, (int)pid.len, pid.p, prod->source);
    }
}

const rt_rule rt_rule_revision_below_production_head = {
    .name = "revision-below-production-head",
    .area = "production",
    .default_severity = RT_SEV_ERROR,
    .summary = "a new revision revises an applied revision that is not production's head",
    .help = "set down_revision to production's current head (`alembic heads` on the "
            "deployed branch), or merge the heads with `alembic merge`",
    .check_project = check,
};
