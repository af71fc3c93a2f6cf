/* rt_sql_map: from a byte of a Python string literal's value back to its source. */
#include "retort/sql.h"

#include <string.h>

typedef struct lit_shape {
    bool raw, fstr, bytes;
    size_t body, end;     /* value source is lit[body, end); the closing quote at end */
} lit_shape;

static bool parse_shape(rt_str lit, lit_shape *s)
{
    size_t i = 0;
    memset(s, 0, sizeof *s);
    while (i < lit.len && i < 3 && strchr("rRbBuUfF", lit.p[i]) && lit.p[i]) {
        char ch = lit.p[i];
        s->raw |= ch == 'r' || ch == 'R';
        s->fstr |= ch == 'f' || ch == 'F';
        s->bytes |= ch == 'b' || ch == 'B';
        i++;
    }
    if (i >= lit.len || (lit.p[i] != '\'' && lit.p[i] != '"'))
        return false;
    char q = lit.p[i];
    size_t qn = (lit.len - i >= 6 && lit.p[i + 1] == q && lit.p[i + 2] == q) ? 3 : 1;
    if (lit.len < i + 2 * qn)
        return false;
    s->body = i + qn;
    s->end = lit.len - qn;
    return true;
}

static size_t utf8_len(unsigned long cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Reads up to max hex digits (exactly max required) at p[0, n); -1 when malformed. */
static long read_hex(const char *p, size_t n, size_t max)
{
    if (n < max)
        return -1;
    long v = 0;
    for (size_t i = 0; i < max; i++) {
        int h = hexval(p[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* One backslash escape at p[0] == '\\' (n bytes available): its source length and the
 * length of what it produces. Returns false when the length is not knowable. */
static bool escape_size(const lit_shape *s, const char *p, size_t n, size_t *src, size_t *val)
{
    if (n < 2)
        return false;
    char e = p[1];
    *src = 2;
    *val = 1;
    if (e == '\n') {
        *val = 0;
    } else if (e == '\r') {
        *src = (n >= 3 && p[2] == '\n') ? 3 : 2;
        *val = 0;
    } else if (e && strchr("\\'\"abfnrtv", e))
        return true;
    else if (e >= '0' && e <= '7') {
        unsigned long v = 0;
        size_t k = 1;
        while (k < 4 && k < n && p[k] >= '0' && p[k] <= '7')
            v = v * 8 + (unsigned long)(p[k++] - '0');
        *src = k;
        *val = s->bytes ? 1 : utf8_len(v);
    } else if (e == 'x') {
        long v = read_hex(p + 2, n - 2, 2);
        if (v < 0)
            return false;
        *src = 4;
        *val = s->bytes ? 1 : utf8_len((unsigned long)v);
    } else if ((e == 'u' || e == 'U') && !s->bytes) {
        size_t digits = e == 'u' ? 4 : 8;
        long v = read_hex(p + 2, n - 2, digits);
        if (v < 0)
            return false;
        *src = 2 + digits;
        *val = utf8_len((unsigned long)v);
    } else if (e == 'N' && !s->bytes) {
        return false;
    } else {
        *val = 2; /* unknown escapes keep the backslash */
    }
    return true;
}

/* The source length of the replacement field starting at p[0] == '{'. */
static size_t field_size(const char *p, size_t n)
{
    int depth = 0;
    char quote = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (quote) {
            if (ch == quote)
                quote = 0;
        } else if (ch == '\'' || ch == '"') {
            quote = ch;
        } else if (ch == '{') {
            depth++;
        } else if (ch == '}' && --depth == 0) {
            return i + 1;
        }
    }
    return 0;
}

size_t rt_sql_map(rt_str lit, size_t offset, const size_t *hole_lens, size_t hole_count)
{
    lit_shape s;
    if (!lit.p || !parse_shape(lit, &s))
        return 0;
    size_t j = s.body, v = 0, hole = 0;
    while (j < s.end) {
        const char *p = lit.p + j;
        size_t n = s.end - j, src = 1, val = 1;
        if (s.fstr && n >= 2 && (p[0] == '{' || p[0] == '}') && p[1] == p[0]) {
            src = 2;
        } else if (s.fstr && p[0] == '{') {
            src = field_size(p, n);
            if (!src || !hole_lens || hole >= hole_count)
                return 0;
            val = hole_lens[hole++];
        } else if (p[0] == '\\' && !s.raw) {
            if (!escape_size(&s, p, n, &src, &val))
                return 0;
        } else if (p[0] == '\r' && n >= 2 && p[1] == '\n') {
            src = 2;
        }
        if (offset < v + val)
            return j;
        v += val;
        j += src;
    }
    return s.end;
}
