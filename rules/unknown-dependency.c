/* unknown-dependency: depends_on names neither a revision id nor a branch label. Found by src/graph/. */
#include "retort/rule.h"

const rt_rule rt_rule_unknown_dependency = {
    .name = "unknown-dependency",
    .area = "graph",
    .default_severity = RT_SEV_ERROR,
    .summary = "depends_on names neither a revision id nor a branch label",
    .help = "name an existing revision id or branch label in depends_on",
    .check_project = rt_graph_problems_check,
};
