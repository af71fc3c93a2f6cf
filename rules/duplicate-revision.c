/* duplicate-revision: two migrations declare the same revision id. Found by src/graph/. */
#include "retort/rule.h"

const rt_rule rt_rule_duplicate_revision = {
    .name = "duplicate-revision",
    .area = "graph",
    .default_severity = RT_SEV_ERROR,
    .summary = "two migrations declare the same revision id",
    .help = "give one of the migrations a new revision id and fix the down_revision that meant it",
    .check_project = rt_graph_problems_check,
};
