/* credentials-in-alembic-ini: a literal password in alembic.ini or pyproject.toml's
 * [tool.alembic]. The scanning is shared with the other secrets rules. */
#include "retort/rule.h"
#include "retort/secrets.h"

static void check(const rt_rule *self, const rt_project *project, rt_sink *sink)
{
    rt_secrets_check_project(self, project, sink);
}

const rt_rule rt_rule_credentials_in_alembic_ini = {
    .name = "credentials-in-alembic-ini",
    .area = "secrets",
    .default_severity = RT_SEV_ERROR,
    .summary = "alembic.ini or [tool.alembic] holds a literal database password",
    .help = "remove the password and read the URL from the environment in env.py; rotate it, "
            "since it is in the repository's history",
    .check_project = check,
};
