/* SQL text built from an f-string: placeholders that keep it parseable. */
#include "retort/sql.h"

#include <stdio.h>
#include <string.h>

#define HOLE_MARK "__retort_hole_"

enum { S_NORMAL, S_SQUOTE, S_DQUOTE, S_DOLLAR, S_LINE_COMMENT, S_BLOCK_COMMENT };
/* S_BLOCK_COMMENT + n - 1 is a block comment nested n deep. */

static bool is_word(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9') || ch == '_' || (unsigned char)ch >= 0x80;
}

void rt_sql_template_init(rt_sql_template *t)
{
    memset(t, 0, sizeof *t);
    rt_buf b = RT_BUF_INIT;
    t->text = b;
}

void rt_sql_template_free(rt_sql_template *t)
{
    rt_buf_free(&t->text);
}

void rt_sql_template_text(rt_sql_template *t, const char *s, size_t len)
{
    rt_buf_put(&t->text, s, len);
}

/* Returns the length of a dollar-quote tag ($tag$) at p (within n bytes), or 0. */
static size_t dollar_tag(const char *p, size_t n)
{
    size_t i = 1;
    while (i < n && (is_word(p[i]) && !(i == 1 && p[i] >= '0' && p[i] <= '9')))
        i++;
    return i < n && p[i] == '$' ? i + 1 : 0;
}

/* Tracks the last word outside quotes and comments (lower case, truncated). */
static void note_word(rt_sql_template *t, const char *w, size_t n)
{
    memcpy(t->prev_word, t->last_word, sizeof t->prev_word);
    size_t k = n < sizeof t->last_word - 1 ? n : sizeof t->last_word - 1;
    for (size_t i = 0; i < k; i++) {
        char ch = w[i];
        t->last_word[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
    }
    t->last_word[k] = '\0';
}

static size_t scan_normal(rt_sql_template *t, const char *p, size_t i, size_t n)
{
    char ch = p[i];
    if (is_word(ch)) {
        size_t s = i;
        while (i < n && (is_word(p[i]) || p[i] == '$'))
            i++;
        note_word(t, p + s, i - s);
        return i;
    }
    if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
        t->last_word[0] = '\0';
        t->prev_word[0] = '\0';
    }
    if (ch == '\'')
        t->state = S_SQUOTE;
    else if (ch == '"')
        t->state = S_DQUOTE;
    else if (ch == '-' && i + 1 < n && p[i + 1] == '-')
        t->state = S_LINE_COMMENT;
    else if (ch == '/' && i + 1 < n && p[i + 1] == '*') {
        t->state = S_BLOCK_COMMENT;
        return i + 2;
    } else if (ch == '$') {
        size_t k = dollar_tag(p + i, n - i);
        if (k && k <= sizeof t->dollar_tag) {
            memcpy(t->dollar_tag, p + i, k);
            t->dollar_len = k;
            t->state = S_DOLLAR;
            return i + k;
        }
    }
    return i + 1;
}

/* Advances the lexical state over the text appended since the last hole. */
static void scan(rt_sql_template *t)
{
    const char *p = t->text.data;
    size_t n = t->text.len, i = t->scanned;
    while (i < n) {
        char ch = p[i];
        switch (t->state) {
        case S_NORMAL: i = scan_normal(t, p, i, n); continue;
        case S_SQUOTE: if (ch == '\'') t->state = S_NORMAL; break;
        case S_DQUOTE: if (ch == '"') t->state = S_NORMAL; break;
        case S_LINE_COMMENT: if (ch == '\n') t->state = S_NORMAL; break;
        case S_DOLLAR:
            if (ch == '$' && n - i >= t->dollar_len &&
                memcmp(p + i, t->dollar_tag, t->dollar_len) == 0) {
                t->state = S_NORMAL;
                i += t->dollar_len;
                continue;
            }
            break;
        default: /* block comments nest */
            if (ch == '*' && i + 1 < n && p[i + 1] == '/') {
                t->state = t->state == S_BLOCK_COMMENT ? S_NORMAL : t->state - 1;
                i += 2;
                continue;
            }
            if (ch == '/' && i + 1 < n && p[i + 1] == '*' && t->state < 1000) {
                t->state++;
                i += 2;
                continue;
            }
            break;
        }
        i++;
    }
    t->scanned = n;
}

static bool word_in(const char *w, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(w, words[i]) == 0)
            return true;
    return false;
}

static bool wants_string(const rt_sql_template *t)
{
    static const char *const words[] = {"value", "is", "before", "after", "version",
                                        "encoding"};
    return word_in(t->last_word, words, sizeof words / sizeof *words);
}

/* Sequence options: START [WITH] n, RESTART [WITH] n, INCREMENT [BY] n, CACHE n... */
static bool wants_number(const rt_sql_template *t)
{
    static const char *const options[] = {"start", "restart", "increment", "minvalue",
                                          "maxvalue", "cache"};
    static const char *const joins[] = {"with", "by"};
    size_t no = sizeof options / sizeof *options;
    return word_in(t->last_word, options, no) ||
           (word_in(t->last_word, joins, 2) && word_in(t->prev_word, options, no));
}

size_t rt_sql_template_hole(rt_sql_template *t)
{
    scan(t);
    char ph[48];
    t->holes++;
    bool normal = t->state == S_NORMAL;
    bool quote = normal && wants_string(t);
    int n;
    if (normal && wants_number(t))
        n = snprintf(ph, sizeof ph, "%u", t->holes);
    else
        n = snprintf(ph, sizeof ph, "%s%s%u__%s", quote ? "'" : "", HOLE_MARK, t->holes,
                     quote ? "'" : "");
    size_t len = n > 0 ? (size_t)n : 0;
    rt_buf_put(&t->text, ph, len);
    scan(t);
    return len;
}

bool rt_sql_is_hole(const char *name)
{
    return name && strstr(name, HOLE_MARK) != NULL;
}
