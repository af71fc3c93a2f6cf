/* sign-hook-misconfigured: alembic.ini must run `retort sign` as the last
 * post_write_hook, in a form that hands it the generated file. */
#include <string.h>

#include "retort/project.h"
#include "retort/rule.h"

static bool contains_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = s ? strstr(s, word) : NULL; p; p = strstr(p + 1, word)) {
        bool start = p == s || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '/';
        bool end = p[n] == '\0' || p[n] == ' ' || p[n] == '\t';
        if (start && end)
            return true;
    }
    return false;
}

static bool is_console_sign(const rt_alembic_hook *h)
{
    return h->type.value && strcmp(h->type.value, "console_scripts") == 0 &&
           h->entrypoint.value && strcmp(h->entrypoint.value, "retort-sign") == 0;
}

static bool is_exec_sign(const rt_alembic_hook *h)
{
    return h->type.value && strcmp(h->type.value, "exec") == 0 &&
           contains_word(h->executable.value, "retort") && contains_word(h->options.value, "sign");
}

static void check_exec_options(const rt_rule *self, const rt_alembic_hook *h, rt_sink *sink)
{
    if (h->options.value && strstr(h->options.value, "REVISION_SCRIPT_FILENAME"))
        return;
    const rt_alembic_value *at = h->options.value ? &h->options : &h->type;
    rt_emit(sink, self,
            &(rt_loc){.path = at->file, .line = at->line, .column = at->column, .key = h->name},
            "set the hook's options to `sign REVISION_SCRIPT_FILENAME`",
            "hook '%s' runs `retort` without REVISION_SCRIPT_FILENAME in its options: "
            "Alembic then passes the file first, as `retort FILE sign`, and nothing is recorded",
            h->name);
}

static void check(const rt_rule *self, const rt_project *project, rt_sink *sink)
{
    const rt_alembic_config *cfg = project->alembic;
    if (!cfg || !cfg->ini_path)
        return;
    for (size_t i = 0; i < cfg->hook_count; i++) {
        const rt_alembic_hook *h = &cfg->hooks[i];
        if (!is_console_sign(h) && !is_exec_sign(h))
            continue;
        if (is_exec_sign(h))
            check_exec_options(self, h, sink);
        if (i + 1 < cfg->hook_count)
            rt_emit(sink, self,
                    &(rt_loc){.path = cfg->ini_path, .line = h->line, .column = h->column,
                              .end_line = h->line,
                              .end_column = h->column + (unsigned)strlen(h->name),
                              .key = "not-last"},
                    "list it last in `hooks =`",
                    "hook '%s' records the migration before hook '%s' runs, which may rewrite "
                    "the file: every formatted migration would look hand-edited",
                    h->name, cfg->hooks[cfg->hook_count - 1].name);
        return;
    }
    unsigned line = cfg->has_hooks_section ? cfg->hooks_line : 1;
    rt_emit(sink, self,
            &(rt_loc){.path = cfg->ini_path, .line = line, .column = 1, .key = "missing"}, NULL,
            "no post_write_hook runs `retort sign`: migrations Alembic generates are not "
            "recorded in retort.sum, so hand edits cannot be told from generated code");
}

const rt_rule rt_rule_sign_hook_misconfigured = {
    .name = "sign-hook-misconfigured",
    .area = "integrity",
    .default_severity = RT_SEV_WARNING,
    .summary = "alembic.ini does not run `retort sign` as the last post_write_hook",
    .help = "add a [post_write_hooks] entry that runs `retort sign` last (see `retort explain "
            "sign-hook-misconfigured`)",
    .check_project = check,
};
