/* weak-local-credentials: a literal password for a local or test host — visible,
 * not failing CI. */
#include "retort/rule.h"
#include "retort/secrets.h"

static void check(const rt_rule *self, const rt_project *project, rt_sink *sink)
{
    rt_secrets_check_project(self, project, sink);
}

const rt_rule rt_rule_weak_local_credentials = {
    .name = "weak-local-credentials",
    .area = "secrets",
    .default_severity = RT_SEV_INFO,
    .summary = "a literal password for localhost or a test host",
    .help = "fine for a throw-away local database; read it from the environment if the "
            "configuration may ever point elsewhere",
    .check_project = check,
};
