/* invalid-revision-id: a revision id Alembic rejects or alembic_version cannot hold. Found by src/graph/. */
#include "retort/rule.h"

const rt_rule rt_rule_invalid_revision_id = {
    .name = "invalid-revision-id",
    .area = "graph",
    .default_severity = RT_SEV_ERROR,
    .summary = "a revision id Alembic rejects or alembic_version cannot hold",
    .help = "use a short id of letters and digits, like the 12 hex digits Alembic generates",
    .check_project = rt_graph_problems_check,
};
