/* credentials-in-source: a literal password in env.py, a migration or a .sql file. */
#include "retort/rule.h"
#include "retort/secrets.h"

static void check(const rt_rule *self, const rt_project *project, rt_sink *sink)
{
    rt_secrets_check_project(self, project, sink);
}

const rt_rule rt_rule_credentials_in_source = {
    .name = "credentials-in-source",
    .area = "secrets",
    .default_severity = RT_SEV_ERROR,
    .summary = "env.py, a migration or a .sql file holds a literal password",
    .help = "read the password from the environment (os.environ) or a secret store; rotate "
            "it, since it is in the repository's history",
    .check_project = check,
};
