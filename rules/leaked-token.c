/* leaked-token: a private key, cloud or service token, JWT, high-entropy secret or
 * custom pattern in the Alembic configuration, env.py, a migration or a .sql file. */
#include "retort/rule.h"
#include "retort/secrets.h"

static void check(const rt_rule *self, const rt_project *project, rt_sink *sink)
{
    rt_secrets_check_project(self, project, sink);
}

const rt_rule rt_rule_leaked_token = {
    .name = "leaked-token",
    .area = "secrets",
    .default_severity = RT_SEV_ERROR,
    .summary = "a key or token (private key, AWS, GitHub, GitLab, Slack, JWT, high-entropy "
               "secret, custom pattern) is committed",
    .help = "revoke the token, then read it from the environment or a secret store",
    .check_project = check,
};
