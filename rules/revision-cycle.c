/* revision-cycle: revisions depend on each other in a cycle. Found by src/graph/. */
#include "retort/rule.h"

const rt_rule rt_rule_revision_cycle = {
    .name = "revision-cycle",
    .area = "graph",
    .default_severity = RT_SEV_ERROR,
    .summary = "revisions depend on each other in a cycle",
    .help = "break the cycle: one of the revisions must not name its descendant in down_revision or depends_on",
    .check_project = rt_graph_problems_check,
};
