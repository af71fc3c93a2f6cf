/* dynamic-revision-identifier: a revision identifier is not a literal, so the graph cannot be read without running code. Found by src/graph/. */
#include "retort/rule.h"

const rt_rule rt_rule_dynamic_revision_identifier = {
    .name = "dynamic-revision-identifier",
    .area = "graph",
    .default_severity = RT_SEV_WARNING,
    .summary = "a revision identifier is not a literal, so the graph cannot be read without running code",
    .help = "write the identifier as a string literal, as Alembic generates it",
    .check_project = rt_graph_problems_check,
};
