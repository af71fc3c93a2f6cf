/* Values assigned to secret-like keys (generic-high-entropy, aws-secret-key) and
 * passwords set by SQL statements (credentials-sql). */
#include <string.h>

#include "secrets/internal.h"

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

static bool key_char(char c)
{
    return ident_char(c) || c == '.' || c == '-';
}

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool space(char c)
{
    return blank(c) || c == '\n' || c == '\r';
}

static bool in_set(char c, const char *set)
{
    return c != '\0' && strchr(set, c) != NULL;
}

static bool b64_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '/' || c == '=';
}

static bool all_b64(const char *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!b64_char(v[i]))
            return false;
    return true;
}

void secrets_kv_value(scan *s, int key_class, size_t start, size_t end)
{
    const char *v = s->t + start;
    size_t n = end - start, off, len;
    if (n == 0 || secrets_find(v, n, "://", 3) || !judge_credential(v, n, &off, &len))
        return;
    v += off;
    if (judge_known_example(v, len) || judge_low_variety(v, len))
        return;
    double bits = rt_secrets_entropy(v, len);
    if (bits < RT_SECRETS_GENERIC_MIN_BITS)
        return;
    candidate c = {.start = start + off, .end = start + off + len, .secret = v, .len = len};
    if (key_class == KEY_AWS_SECRET && len == 40 && all_b64(v, len)) {
        c.detector = RT_SECRET_AWS_SECRET_KEY;
        secrets_emit(s, &c);
        return;
    }
    if (len < RT_SECRETS_GENERIC_MIN_LEN || len > RT_SECRETS_GENERIC_MAX_LEN ||
        !judge_generic_shape(v, len))
        return;
    c.detector = RT_SECRET_GENERIC_HIGH_ENTROPY;
    secrets_emit(s, &c);
}

/* The key before the `=` or `:` at i: `key`, "key", 'key', ["key"], with blanks. */
static bool key_before(const char *t, size_t i, size_t *ks, size_t *ke)
{
    size_t j = i, lim = i > 16 ? i - 16 : 0;
    while (j > lim && blank(t[j - 1]))
        j--;
    bool bracket = j > 0 && t[j - 1] == ']';
    j -= bracket;
    char q = j > 0 && (t[j - 1] == '"' || t[j - 1] == '\'') ? t[j - 1] : 0;
    j -= q != 0;
    *ke = j;
    size_t klim = j > SECRETS_KEY_MAX ? j - SECRETS_KEY_MAX : 0;
    while (j > klim && key_char(t[j - 1]))
        j--;
    *ks = j;
    if (*ks == *ke || (j > 0 && key_char(t[j - 1]) && !q))
        return false;
    if (q && !(j > 0 && t[j - 1] == q))
        return false;
    j -= q != 0;
    return !bracket || (j > 0 && t[j - 1] == '[');
}

/* Skips a Python annotation after `key:` (`KEY: str = value`); returns the value start. */
static size_t skip_annotation(const char *t, size_t n, size_t v)
{
    size_t w = v;
    while (w < n && w - v < 64 && (ident_char(t[w]) || in_set(t[w], "[]., |")))
        w++;
    if (w == v || w >= n || t[w] != '=' || (w + 1 < n && t[w + 1] == '='))
        return v;
    w++;
    while (w < n && blank(t[w]))
        w++;
    return w;
}

static bool unquoted_stop(char c)
{
    return (unsigned char)c <= ' ' || c == 0x7f || in_set(c, "\"'&;,()[]{}");
}

/* The end of the unquoted run at from (cached: a long run is read once). */
static size_t unquoted_end(scan *s, size_t from)
{
    struct lookup *lk = &s->kv_stop;
    if (lk->from != SIZE_MAX && from >= lk->from && from <= lk->pos)
        return lk->pos;
    size_t i = from;
    while (i < s->n && !unquoted_stop(s->t[i]))
        i++;
    lk->from = from;
    lk->pos = i;
    return i;
}

/* Reads the value at v (quoted, `${...}`, or a bare run) and judges it. Returns the
 * offset up to which the text was read. */
static size_t kv_value(scan *s, int kc, size_t v)
{
    const char *t = s->t;
    size_t n = s->n, p = v;
    while (p < n && p - v < 2 && in_set(t[p], "rRbBuUfF"))
        p++;
    if (p < n && (t[p] == '"' || t[p] == '\'')) {
        char q = t[p];
        if (p + 2 < n && t[p + 1] == q && t[p + 2] == q)
            return p + 3; /* a triple-quoted block is prose, not a value */
        size_t vs = p + 1, ve = vs;
        while (ve < n && ve - vs < SECRETS_VALUE_MAX && t[ve] != q && t[ve] != '\n')
            ve += t[ve] == '\\' ? 2 : 1;
        if (ve < n && t[ve] == q)
            secrets_kv_value(s, kc, vs, ve);
        return ve;
    }
    size_t ve = v;
    if (v + 1 < n && t[v] == '$' && t[v + 1] == '{') {
        /* ${VAR:-default}: judged whole (by its default). */
        while (ve < n && ve - v < SECRETS_VALUE_MAX && t[ve] != '}' && t[ve] != '\n')
            ve++;
        if (ve < n && t[ve] == '}')
            secrets_kv_value(s, kc, v, ve + 1);
        return ve;
    }
    ve = unquoted_end(s, v);
    /* A call, subscript or literal right after the name: an expression, not a value. */
    if (ve > v && ve - v <= SECRETS_VALUE_MAX && (ve >= n || !in_set(t[ve], "\"'([{")))
        secrets_kv_value(s, kc, v, ve);
    return ve;
}

void secrets_kv(scan *s, size_t i)
{
    const char *t = s->t;
    size_t n = s->n, ks, ke;
    if (i < s->kv_done)
        return; /* inside a value already read */
    static const bool operator_before[256] = {
        ['='] = 1, ['!'] = 1, ['<'] = 1, ['>'] = 1, ['+'] = 1, ['-'] = 1, ['*'] = 1,
        ['/'] = 1, ['%'] = 1, ['&'] = 1, ['|'] = 1, ['^'] = 1, ['~'] = 1, [':'] = 1,
    };
    if (t[i] == '=' && ((i + 1 < n && t[i + 1] == '=') || (i > 0 && operator_before[(unsigned char)t[i - 1]])))
        return;
    if (t[i] == ':' && ((i + 1 < n && in_set(t[i + 1], ":=")) || (i > 0 && t[i - 1] == ':')))
        return;
    if (!key_before(t, i, &ks, &ke))
        return;
    int kc = judge_key(t + ks, ke - ks);
    if (kc == KEY_PLAIN)
        return;
    size_t v = i + 1;
    while (v < n && v - i <= 16 && blank(t[v]))
        v++;
    if (t[i] == ':')
        v = skip_annotation(t, n, v);
    s->kv_done = kv_value(s, kc, v);
}

void secrets_value_key(scan *s, const char *key)
{
    int kc = judge_key(key, strlen(key));
    size_t vs = 0, ve = s->n;
    while (vs < ve && space(s->t[vs]))
        vs++;
    while (ve > vs && space(s->t[ve - 1]))
        ve--;
    if (kc != KEY_PLAIN && ve - vs <= SECRETS_VALUE_MAX)
        secrets_kv_value(s, kc, vs, ve);
}

static bool word_is(const char *t, size_t ws, size_t we, const char *word)
{
    size_t n = strlen(word);
    if (we - ws != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((t[ws + i] | 0x20) != word[i] && !(word[i] == '_' && t[ws + i] == '_'))
            return false;
    return true;
}

/* Whether the quote at k-1 ends a host-language string: only blanks then `)`, `,` or a
 * line end follow it before limit. */
static bool ends_string(const char *t, size_t k, size_t limit)
{
    while (k < limit && blank(t[k]))
        k++;
    return k >= limit || in_set(t[k], "),\n\r");
}

/* The start of the statement that holds t[j]: after a `;` or the end of an enclosing
 * string, at most SECRETS_SQL_WINDOW bytes back. */
static size_t statement_start(const char *t, size_t j, size_t q)
{
    size_t lim = q > SECRETS_SQL_WINDOW ? q - SECRETS_SQL_WINDOW : 0;
    size_t k = j;
    while (k > lim) {
        char c = t[k - 1];
        if (c == ';' || ((c == '"' || c == '\'') && ends_string(t, k, j)))
            break;
        k--;
    }
    return k;
}

void secrets_sql(scan *s, size_t q)
{
    const char *t = s->t;
    size_t n = s->n, j = q;
    char qc = t[q];
    if (j > 0 && (t[j - 1] | 0x20) == 'n' && (j < 2 || !ident_char(t[j - 2])))
        j--;
    size_t lim = j > 32 ? j - 32 : 0;
    while (j > lim && space(t[j - 1]))
        j--;
    if (j > 0 && (t[j - 1] == '(' || t[j - 1] == '=')) {
        j--;
        while (j > lim && space(t[j - 1]))
            j--;
    }
    if (j == 0 || ((t[j - 1] | 0x20) != 'd' && (t[j - 1] | 0x20) != 'y'))
        return; /* the word before must end like PASSWORD or BY */
    size_t we = j;
    while (j > 0 && we - j < 16 && ident_char(t[j - 1]))
        j--;
    bool by = word_is(t, j, we, "by");
    if (!by && (qc == '"' || !(word_is(t, j, we, "password") || word_is(t, j, we, "old_password"))))
        return;
    size_t ws = statement_start(t, j, q);
    if (secrets_match(s->sc, secrets_builtin(s->sc, RX_SQL_CONTEXT), t + ws, q - ws, 0) <= 0)
        return;
    size_t vs = q + 1, ve = vs;
    while (ve < n && ve - vs < 256 && t[ve] != '\n') {
        if (t[ve] == qc) {
            if (ve + 1 < n && t[ve + 1] == qc) {
                ve += 2;
                continue;
            }
            break;
        }
        ve++;
    }
    if (ve >= n || t[ve] != qc)
        return;
    scratch *sec = &s->sc->sec;
    if (!scratch_reserve(s, sec, ve - vs))
        return;
    size_t k = 0;
    for (size_t i = vs; i < ve; i++) {
        sec->map[k] = i;
        sec->data[k++] = t[i];
        i += t[i] == qc; /* '' is one quote */
    }
    sec->map[k] = ve;
    size_t off, len;
    if (!judge_credential(sec->data, k, &off, &len))
        return;
    candidate c = {
        .detector = RT_SECRET_CREDENTIALS_SQL,
        .start = sec->map[off],
        .end = sec->map[off + len],
        .secret = sec->data + off,
        .len = len,
    };
    secrets_emit(s, &c);
}
