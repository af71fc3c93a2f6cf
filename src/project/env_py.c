/* Reading env.py's settings (see env_py.h). */
#include "retort/env_py.h"

#include <string.h>
#include <strings.h>

#include "retort/path.h"
#include "retort/python.h"
#include "retort/source.h"

static bool is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

static const char *skip_spaces(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* The value after `name`: past `=` or `TO` and quotes. Non-zero means it sets a timeout. */
static bool value_is_nonzero(const char *p, const char *end)
{
    p = skip_spaces(p, end);
    if (p < end && *p == '=')
        p++;
    else if (end - p >= 2 && (p[0] == 't' || p[0] == 'T') && (p[1] == 'o' || p[1] == 'O') &&
             (end - p == 2 || !is_word_char(p[2])))
        p += 2;
    else
        return false;
    p = skip_spaces(p, end);
    while (p < end && (*p == '\'' || *p == '"' || *p == '\\'))
        p++;
    return rt_timeout_value_nonzero(p, (size_t)(end - p));
}

bool rt_timeout_value_nonzero(const char *text, size_t len)
{
    for (size_t i = 0; i < len && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.'); i++)
        if (text[i] >= '1' && text[i] <= '9')
            return true;
    return false;
}

bool rt_env_py_sets(const char *text, size_t len, const char *name)
{
    size_t n = strlen(name);
    const char *end = text + len;
    for (const char *p = text; (size_t)(end - p) >= n; p++) {
        if (strncasecmp(p, name, n) == 0 && (p == text || !is_word_char(p[-1])) &&
            (p + n == end || !is_word_char(p[n])) && value_is_nonzero(p + n, end))
            return true;
    }
    return false;
}

/* NAME = <kind> at token i. */
static bool keyword_is(const rt_py_tokens *t, size_t i, const char *name, rt_py_tok value)
{
    rt_str s = rt_py_token_text(t, &t->items[i]);
    return t->items[i].kind == RT_PY_T_NAME && rt_str_eq_cstr(s, name) && i + 2 < t->count &&
           t->items[i + 1].kind == RT_PY_T_EQUAL && t->items[i + 2].kind == value;
}

static void scan(rt_env_py *out, const rt_py_tokens *t)
{
    for (size_t i = 0; i < t->count; i++) {
        const rt_py_token *k = &t->items[i];
        if (k->kind == RT_PY_T_STRING || k->kind == RT_PY_T_FSTRING_MIDDLE) {
            rt_str s = rt_py_token_text(t, k);
            out->lock_timeout |= rt_env_py_sets(s.p, s.len, "lock_timeout");
            out->statement_timeout |= rt_env_py_sets(s.p, s.len, "statement_timeout");
        }
        out->transactional_ddl_off |= keyword_is(t, i, "transactional_ddl", RT_PY_T_FALSE);
        out->transaction_per_migration |=
            keyword_is(t, i, "transaction_per_migration", RT_PY_T_TRUE);
    }
}

void rt_env_py_read(rt_env_py *out, rt_arena *arena, const char *script_dir)
{
    memset(out, 0, sizeof *out);
    if (!script_dir)
        return;
    char *path = rt_path_join(arena, script_dir, "env.py");
    rt_source src;
    rt_error err;
    if (!path || !rt_path_is_file(path) || rt_source_read(&src, path, &err) != RT_OK)
        return;
    rt_arena *scratch = rt_arena_new();
    rt_py_tokens toks;
    if (scratch && rt_py_tokenize(&toks, scratch, src.data, src.len, 0, &err) == RT_OK) {
        out->path = path;
        scan(out, &toks);
    }
    rt_arena_free(scratch);
    rt_source_free(&src);
}
