/* revises-docstring-mismatch: the docstring's Revises: line disagrees with down_revision. Found by src/graph/. */
#include "retort/rule.h"

const rt_rule rt_rule_revises_docstring_mismatch = {
    .name = "revises-docstring-mismatch",
    .area = "graph",
    .default_severity = RT_SEV_INFO,
    .summary = "the docstring's Revises: line disagrees with down_revision",
    .help = "make the docstring's Revises: line match down_revision",
    .check_project = rt_graph_problems_check,
};
