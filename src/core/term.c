#include "retort/term.h"

size_t rt_utf8_valid_len(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    unsigned cp = c & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static void escape_byte(rt_buf *out, unsigned char c)
{
    switch (c) {
    case '\n': rt_buf_puts(out, "\\n"); break;
    case '\r': rt_buf_puts(out, "\\r"); break;
    case '\t': rt_buf_puts(out, "\\t"); break;
    default: rt_buf_printf(out, "\\x%02x", c); break;
    }
}

void rt_term_escape(rt_buf *out, rt_str s)
{
    const unsigned char *p = (const unsigned char *)s.p;
    size_t i = 0;
    while (i < s.len) {
        size_t start = i;
        while (i < s.len && p[i] >= 0x20 && p[i] < 0x7F)
            i++;
        rt_buf_put(out, s.p + start, i - start);
        if (i >= s.len)
            break;
        if (p[i] < 0x20 || p[i] == 0x7F) {
            escape_byte(out, p[i++]);
            continue;
        }
        size_t n = rt_utf8_valid_len(p + i, s.len - i);
        if (n == 0) {
            escape_byte(out, p[i++]);
        } else if (n == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0) {
            rt_buf_printf(out, "\\u%04x", p[i + 1]); /* C1 control, e.g. CSI */
            i += 2;
        } else {
            rt_buf_put(out, s.p + i, n);
            i += n;
        }
    }
}

void rt_term_fputs(FILE *f, rt_str s)
{
    rt_buf b = RT_BUF_INIT;
    rt_term_escape(&b, s);
    fwrite(rt_buf_cstr(&b), 1, b.len, f);
    rt_buf_free(&b);
}
