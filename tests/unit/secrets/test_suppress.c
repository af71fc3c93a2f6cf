/* Suppression comments of the secrets rules: where each file kind accepts them. */
#include <criterion/criterion.h>
#include <string.h>

#include "retort/secrets.h"
#include "retort/source.h"

static bool suppressed(const char *text, unsigned line, const char *rule, rt_secrets_comment style)
{
    rt_source src;
    rt_error err;
    cr_assert_eq(rt_source_from_bytes(&src, "t", text, strlen(text), &err), RT_OK);
    bool yes = rt_secrets_suppressed(&src, line, rule, style);
    rt_source_free(&src);
    return yes;
}

#define INI RT_SECRETS_COMMENT_INI
#define PY RT_SECRETS_COMMENT_PY
#define SQL RT_SECRETS_COMMENT_SQL
#define RULE "credentials-in-alembic-ini"

Test(secrets_suppress, ini_full_line_comment_directly_above)
{
    cr_assert(suppressed("[a]\n# retort: ignore[" RULE "]\nurl = x\n", 3, RULE, INI));
    cr_assert(suppressed("[a]\n  ;retort:ignore[leaked-token, " RULE "]\nurl = x\n", 3, RULE, INI));
    cr_assert(suppressed("[a]\n# retort: ignore[secrets]\nurl = x\n", 3, RULE, INI));
    /* Not two lines above, not another rule, not inline (configparser keeps it). */
    cr_assert_not(suppressed("# retort: ignore[" RULE "]\n\nurl = x\n", 3, RULE, INI));
    cr_assert_not(suppressed("[a]\n# retort: ignore[leaked-token]\nurl = x\n", 3, RULE, INI));
    cr_assert_not(suppressed("[a]\nurl = x # retort: ignore[" RULE "]\n", 2, RULE, INI));
    cr_assert_not(suppressed("[a]\n# retort: ignore[" RULE "-x]\nurl = x\n", 3, RULE, INI));
    cr_assert_not(suppressed("# retort: ignore[" RULE "]\n", 1, RULE, INI));
}

Test(secrets_suppress, python_end_of_line_or_alone_above)
{
    cr_assert(suppressed("x = 'a'  # retort: ignore[leaked-token]\n", 1, "leaked-token", PY));
    cr_assert(suppressed("    # retort: ignore[leaked-token]\nx = 'a'\n", 2, "leaked-token", PY));
    cr_assert_not(suppressed("y = 1  # retort: ignore[leaked-token]\nx = 'a'\n", 2, "leaked-token",
                             PY));
    cr_assert_not(suppressed("x = 'a'  # retort: ignore[credentials-in-source]\n", 1,
                             "leaked-token", PY));
    cr_assert_not(suppressed("x = 'a'  # retort: ignore[leaked-token\n", 1, "leaked-token", PY));
    cr_assert_not(suppressed("x = 'a'  -- retort: ignore[leaked-token]\n", 1, "leaked-token", PY));
}

Test(secrets_suppress, sql_uses_double_dash)
{
    cr_assert(suppressed("ALTER ROLE a PASSWORD 'x'; -- retort: ignore[credentials-in-source]\n", 1,
                         "credentials-in-source", SQL));
    cr_assert(suppressed("-- retort: ignore[credentials-in-source]\nALTER ROLE a;\n", 2,
                         "credentials-in-source", SQL));
    cr_assert_not(suppressed("# retort: ignore[credentials-in-source]\nALTER ROLE a;\n", 2,
                             "credentials-in-source", SQL));
}
