/* multiple-heads: the revision graph has more than one head. Found by src/graph/. */
#include "retort/rule.h"

const rt_rule rt_rule_multiple_heads = {
    .name = "multiple-heads",
    .area = "graph",
    .default_severity = RT_SEV_ERROR,
    .summary = "the revision graph has more than one head",
    .help = "merge the heads with `alembic merge heads -m \"merge heads\"`",
    .check_project = rt_graph_problems_check,
};
