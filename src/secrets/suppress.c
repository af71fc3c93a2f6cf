/* Suppression comments for the secrets rules: `retort: ignore[rule, ...]`. */
#include <string.h>

#include "retort/secrets.h"
#include "retort/source.h"

/* A rule list longer than this is not read (keeps a line of many markers linear). */
#define LIST_MAX 512

static rt_str skip_blanks(rt_str s)
{
    while (s.len && (*s.p == ' ' || *s.p == '\t')) {
        s.p++;
        s.len--;
    }
    return s;
}

static bool eat(rt_str *s, const char *lit)
{
    if (!rt_str_starts_with(*s, lit))
        return false;
    size_t n = strlen(lit);
    s->p += n;
    s->len -= n;
    return true;
}

static const char *marker(rt_secrets_comment style)
{
    return style == RT_SECRETS_COMMENT_SQL ? "--" : "#";
}

/* Whether s, just after a comment marker, is `retort: ignore[...]` naming rule_name or
 * the area "secrets". */
static bool directive_names(rt_str s, const char *rule_name)
{
    s = skip_blanks(s);
    if (!eat(&s, "retort:"))
        return false;
    s = skip_blanks(s);
    if (!eat(&s, "ignore["))
        return false;
    const char *close = memchr(s.p, ']', s.len < LIST_MAX ? s.len : LIST_MAX);
    if (!close)
        return false;
    rt_str list = {s.p, (size_t)(close - s.p)};
    while (list.len) {
        const char *comma = memchr(list.p, ',', list.len);
        size_t n = comma ? (size_t)(comma - list.p) : list.len;
        rt_str name = rt_str_trim((rt_str){list.p, n});
        if (rt_str_eq_cstr(name, rule_name) || rt_str_eq_cstr(name, "secrets"))
            return true;
        list.p += comma ? n + 1 : n;
        list.len -= comma ? n + 1 : n;
    }
    return false;
}

/* A line that is only a suppression comment. */
static bool full_line(rt_str line, const char *rule_name, rt_secrets_comment style)
{
    line = skip_blanks(line);
    if (style == RT_SECRETS_COMMENT_INI)
        return (eat(&line, "#") || eat(&line, ";")) && directive_names(line, rule_name);
    return eat(&line, marker(style)) && directive_names(line, rule_name);
}

/* A comment that ends the line: any marker followed by the directive. */
static bool trailing(rt_str line, const char *rule_name, rt_secrets_comment style)
{
    const char *m = marker(style);
    size_t n = strlen(m);
    for (size_t i = 0; i + n <= line.len; i++)
        if (memcmp(line.p + i, m, n) == 0 &&
            directive_names((rt_str){line.p + i + n, line.len - i - n}, rule_name))
            return true;
    return false;
}

bool rt_secrets_suppressed(rt_source *src, unsigned line, const char *rule_name,
                           rt_secrets_comment style)
{
    if (line == 0)
        return false;
    if (style != RT_SECRETS_COMMENT_INI && trailing(rt_source_line(src, line), rule_name, style))
        return true;
    return line > 1 && full_line(rt_source_line(src, line - 1), rule_name, style);
}
