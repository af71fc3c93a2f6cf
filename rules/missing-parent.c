/* missing-parent: down_revision names a revision that no migration defines. Found by src/graph/. */
#include "retort/rule.h"

const rt_rule rt_rule_missing_parent = {
    .name = "missing-parent",
    .area = "graph",
    .default_severity = RT_SEV_ERROR,
    .summary = "down_revision names a revision that no migration defines",
    .help = "point down_revision at an existing revision, or restore the missing migration",
    .check_project = rt_graph_problems_check,
};
