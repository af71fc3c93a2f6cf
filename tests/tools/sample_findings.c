#include "sample_findings.h"

#include <string.h>

#define EVIL_PATH "evil\x1b[31mred\xff\n.py"

static const struct {
    const char *path;
    unsigned line;
    const char *text;
} lines[] = {
    {"alembic.ini", 3, "sqlalchemy.url = postgresql://app:" SAMPLE_SECRET "@db.internal/prod"},
    {"alembic.ini", 12, "hooks = retort, black"},
    {EVIL_PATH, 2,
     "x = \x1b[2J\xc2\x9b\xfe = 1\t# \x07"
     "bell"},
    {"migrations/versions/1a2b3c4d5e6f_add_users.py", 20, "    op.execute(\"\"\""},
    {"migrations/versions/ae10_\xe5\x90\x8d\xe5\x89\x8d.py", 7,
     "\top.add_column(\"\xe5\x90\x8d\xe5\x89\x8d\", sa.Column(\"na\xc3\xafve\", sa.DateTime()))"},
};

rt_str sample_line_text(void *ctx, const char *path, unsigned line)
{
    (void)ctx;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        if (lines[i].line == line && strcmp(lines[i].path, path) == 0)
            return rt_str_from(lines[i].text);
    return RT_STR_NULL;
}

static const rt_finding samples[] = {
    {.rule = "credentials-in-alembic-ini",
     .severity = RT_SEV_ERROR,
     .path = "alembic.ini",
     .line = 3,
     .column = 35,
     .end_line = 3,
     .end_column = 55,
     .mask_column = 35,
     .mask_end_column = 55,
     .message = "sqlalchemy.url holds a password for user 'app'",
     .help = "read the URL from the environment in env.py"},
    {.rule = "sign-hook-misconfigured",
     .severity = RT_SEV_WARNING,
     .path = "alembic.ini",
     .line = 12,
     .column = 9,
     .end_column = 15,
     .key = "not-last",
     .message = "hook 'retort' records the migration before hook 'black' runs"},
    {.rule = "unrecorded-migration",
     .severity = RT_SEV_WARNING,
     .path = "migrations/versions/1a2b3c4d5e6f_add_users.py",
     .message = "migration is not recorded in retort.sum",
     .help = "run `retort sign` on it if Alembic generated it"},
    {.rule = "update-without-where",
     .severity = RT_SEV_ERROR,
     .path = "migrations/versions/1a2b3c4d5e6f_add_users.py",
     .line = 20,
     .column = 5,
     .end_line = 22,
     .end_column = 8,
     .message = "UPDATE without WHERE rewrites every row of \"users\"",
     .help = "add a WHERE clause, or update in batches"},
    {.rule = "prefer-timestamptz",
     .severity = RT_SEV_INFO,
     .path = "migrations/versions/ae10_\xe5\x90\x8d\xe5\x89\x8d.py",
     .line = 7,
     .column = 41,
     .end_column = 54,
     .message = "column \xe2\x80\x9cna\xc3\xafve\xe2\x80\x9d uses TIMESTAMP without time zone "
                "\xe2\x80\x94 prefer timestamptz",
     .help = "use sa.DateTime(timezone=True)"},
    {.rule = "python-syntax-error",
     .severity = RT_SEV_ERROR,
     .path = EVIL_PATH,
     .line = 2,
     .column = 5,
     .end_column = 9,
     .message = "invalid syntax near \x1b]0;pwned\x07 & <tag> \"q\" \xc3\x28 byte\r\nforged: line, "
                "100% \xef\xbf\xbe",
     .help = "fix\x1b[0m it"},
};

int sample_findings_build(rt_findings *list)
{
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        int rc = rt_findings_add(list, &samples[i]);
        if (rc != 0)
            return rc;
    }
    list->files = 4;
    rt_findings_finish(list, sample_line_text, NULL);
    return 0;
}
