/* filename-revision-mismatch: the file name's revision id differs from the revision variable. Found by src/graph/. */
#include "retort/rule.h"

const rt_rule rt_rule_filename_revision_mismatch = {
    .name = "filename-revision-mismatch",
    .area = "graph",
    .default_severity = RT_SEV_INFO,
    .summary = "the file name's revision id differs from the revision variable",
    .help = "rename the file to start with its revision id",
    .check_project = rt_graph_problems_check,
};
