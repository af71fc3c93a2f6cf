#include "report/json_writer.h"

#include <stdio.h>
#include <string.h>

#include "retort/term.h"

void rt_jw_init(rt_jw *w, rt_buf *out)
{
    *w = (rt_jw){.out = out};
}

static void newline(rt_jw *w, unsigned depth)
{
    static const char spaces[] = "                                ";
    rt_buf_putc(w->out, '\n');
    for (size_t n = 2 * (size_t)depth; n > 0;) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        rt_buf_put(w->out, spaces, k);
        n -= k;
    }
}

/* What comes before a value or a key: nothing right after a key, else the separator and
 * line break of a container's member. */
static void before_item(rt_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (w->members[w->depth - 1])
        rt_buf_putc(w->out, ',');
    w->members[w->depth - 1] = true;
    newline(w, w->depth);
}

static void open_container(rt_jw *w, char open, char close)
{
    before_item(w);
    rt_buf_putc(w->out, open);
    if (w->depth == RT_JW_MAX_DEPTH) {
        w->out->toobig = true;
        return;
    }
    w->close[w->depth] = close;
    w->members[w->depth++] = false;
}

void rt_jw_object(rt_jw *w)
{
    open_container(w, '{', '}');
}

void rt_jw_array(rt_jw *w)
{
    open_container(w, '[', ']');
}

void rt_jw_end(rt_jw *w)
{
    if (w->depth == 0)
        return;
    w->depth--;
    if (w->members[w->depth])
        newline(w, w->depth);
    rt_buf_putc(w->out, w->close[w->depth]);
}

/* s[0, len) as a JSON string body: runs that need no escape are copied whole. */
static void escaped(rt_buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x80 &&
               s[i] != '"' && s[i] != '\\')
            i++;
        rt_buf_put(out, s + start, i - start);
        if (i == len)
            return;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) { /* a valid sequence as it is, an invalid byte as U+FFFD */
            size_t n = rt_utf8_valid_len((const unsigned char *)s + i, len - i);
            rt_buf_put(out, n ? s + i : "\xEF\xBF\xBD", n ? n : 3);
            i += n ? n : 1;
            continue;
        }
        const char *short_form = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b"
                               : c == '\f' ? "\\f" : c == '\n' ? "\\n" : c == '\r' ? "\\r"
                               : c == '\t' ? "\\t" : NULL;
        if (short_form) {
            rt_buf_put(out, short_form, 2);
        } else {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            rt_buf_put(out, u, sizeof u);
        }
        i++;
    }
}

void rt_jw_string_n(rt_jw *w, const char *s, size_t len)
{
    before_item(w);
    rt_buf_putc(w->out, '"');
    escaped(w->out, s, len);
    rt_buf_putc(w->out, '"');
}

void rt_jw_string(rt_jw *w, const char *s)
{
    if (s)
        rt_jw_string_n(w, s, strlen(s));
    else
        rt_jw_null(w);
}

void rt_jw_int(rt_jw *w, long long v)
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%lld", v);
    before_item(w);
    rt_buf_put(w->out, digits, (size_t)n);
}

void rt_jw_null(rt_jw *w)
{
    before_item(w);
    rt_buf_put(w->out, "null", 4);
}

void rt_jw_key(rt_jw *w, const char *key)
{
    rt_jw_string(w, key);
    rt_buf_put(w->out, ": ", 2);
    w->after_key = true;
}

void rt_jw_key_string(rt_jw *w, const char *key, const char *s)
{
    rt_jw_key(w, key);
    rt_jw_string(w, s);
}

void rt_jw_key_int(rt_jw *w, const char *key, long long v)
{
    rt_jw_key(w, key);
    rt_jw_int(w, v);
}
