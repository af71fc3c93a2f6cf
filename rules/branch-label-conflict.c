/* branch-label-conflict: a branch label is declared twice or equals a revision id. Found by src/graph/. */
#include "retort/rule.h"

const rt_rule rt_rule_branch_label_conflict = {
    .name = "branch-label-conflict",
    .area = "graph",
    .default_severity = RT_SEV_ERROR,
    .summary = "a branch label is declared twice or equals a revision id",
    .help = "rename one of the labels: labels and revision ids share one namespace",
    .check_project = rt_graph_problems_check,
};
