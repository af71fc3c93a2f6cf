/* String literals: parsing implicit concatenation and f-strings into nodes, and
 * decoding constant strings on demand. */
#include <string.h>

#include "python/py_parser.h"
#include "retort/buf.h"

#define TRY(x) do { if (!(x)) return NULL; } while (0)

/* Fills a part from a STRING or FSTRING_START token (body_end unknown for the latter). */
static rt_py_strpart make_part(const parser *p, const rt_py_token *t)
{
    rt_py_strpart sp = {t->start, t->start + t->len, 0, 0, 0, 0};
    uint32_t i = t->start;
    for (; p->text[i] != '\'' && p->text[i] != '"'; i++) {
        char c = p->text[i];
        if (c == 'r' || c == 'R')
            sp.raw = 1;
        else if (c == 'b' || c == 'B')
            sp.bytes = 1;
    }
    char q = p->text[i];
    uint32_t qlen = (i + 2 < t->start + t->len && p->text[i + 1] == q && p->text[i + 2] == q &&
                     (t->kind == RT_PY_T_FSTRING_START || t->len >= (i - t->start) + 6))
                        ? 3 : 1;
    sp.body_start = i + qlen;
    sp.body_end = t->kind == RT_PY_T_STRING ? t->start + t->len - qlen : sp.body_start;
    return sp;
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Checks the escapes CPython refuses when it decodes a literal (truncated \x, \u, \U,
 * out-of-range \U, unclosed \N{...}); reports at the token start, like CPython. */
static bool check_escapes(parser *p, const rt_py_strpart *sp, uint32_t at)
{
    if (sp->raw)
        return true;
    const char *s = p->text + sp->body_start;
    size_t len = sp->body_end - sp->body_start;
    const char *bs = memchr(s, '\\', len);
    while (bs) {
        size_t i = (size_t)(bs - s), k = 0, need = 0;
        char c = i + 1 < len ? s[i + 1] : '\0';
        const char *what = NULL;
        if (c == 'x')
            need = 2, what = "truncated \\xXX escape";
        else if (c == 'u' && !sp->bytes)
            need = 4, what = "truncated \\uXXXX escape";
        else if (c == 'U' && !sp->bytes)
            need = 8, what = "truncated \\UXXXXXXXX escape";
        else if (c == 'N' && !sp->bytes && (i + 2 >= len || s[i + 2] != '{' ||
                                             !memchr(s + i + 2, '}', len - i - 2)))
            what = "malformed \\N character escape";
        while (k < need && i + 2 + k < len && is_hex(s[i + 2 + k]))
            k++;
        if (what && (k < need || need == 0)) {
            if (sp->bytes)
                py_fail(p, at, "(value error) invalid \\x escape at position %zu", i);
            else
                py_fail(p, at, "(unicode error) 'unicodeescape' codec can't decode bytes in "
                        "position %zu-%zu: %s", i, i + 1 + k, what);
            return false;
        }
        unsigned long v = 0;
        for (size_t j = 0; c == 'U' && j < 8; j++)
            v = v * 16 + (unsigned long)(s[i + 2 + j] <= '9' ? s[i + 2 + j] - '0'
                                                             : (s[i + 2 + j] | 0x20) - 'a' + 10);
        if (v > 0x10FFFF) {
            py_fail(p, at, "(unicode error) 'unicodeescape' codec can't decode bytes in "
                    "position %zu-%zu: illegal Unicode character", i, i + 9);
            return false;
        }
        size_t next = i + 2 + k;
        bs = next < len ? memchr(s + next, '\\', len - next) : NULL;
    }
    return true;
}

static rt_py_node *middle_node(parser *p, const rt_py_token *t, uint8_t raw)
{
    rt_py_node *n = PY_NEW(p, RT_PY_STRING, string, t->start);
    TRY(n);
    rt_py_strpart *sp = rt_arena_alloc(p->arena, sizeof *sp);
    if (!sp) {
        p->oom = true;
        return py_fail(p, t->start, "out of memory");
    }
    *sp = (rt_py_strpart){t->start, t->start + t->len, t->start, t->start + t->len, raw, 0};
    if (!check_escapes(p, sp, t->start))
        return NULL;
    n->flags = RT_PY_NF_FMIDDLE;
    n->u.string.parts = sp;
    n->u.string.len = 1;
    n->end = t->start + t->len;
    return n;
}

/* Pieces of an f-string or of a format spec up to (not including) the closer token. */
static bool fstring_pieces(parser *p, rt_py_tok closer, uint8_t raw);

/* {expr[=][!c][:spec]} */
static rt_py_node *replacement_field(parser *p, uint8_t raw)
{
    uint32_t start = TOK(p)->start;
    py_advance(p);
    if (KIND(p) == RT_PY_T_RBRACE || KIND(p) == RT_PY_T_EQUAL || KIND(p) == RT_PY_T_COLON ||
        KIND(p) == RT_PY_T_EXCLAMATION)
        return py_fail(p, TOK(p)->start, "f-string: valid expression required before '%.*s'",
                       (int)TOK(p)->len, p->text + TOK(p)->start);
    rt_py_node *n = PY_NEW(p, RT_PY_FORMATTED_VALUE, formatted, start);
    TRY(n);
    TRY(n->u.formatted.value = py_yield_or_star_expressions(p));
    if (py_accept(p, RT_PY_T_EQUAL))
        n->flags |= RT_PY_NF_DEBUG;
    if (py_accept(p, RT_PY_T_EXCLAMATION)) {
        const rt_py_token *t = TOK(p);
        if (t->kind != RT_PY_T_NAME)
            return py_fail(p, t->start, "f-string: missing conversion character");
        char c = p->text[t->start];
        if (t->len != 1 || (c != 's' && c != 'r' && c != 'a'))
            return py_fail(p, t->start,
                           "f-string: invalid conversion character '%.*s': expected 's', "
                           "'r', or 'a'", (int)t->len, p->text + t->start);
        n->op = (uint8_t)c;
        py_advance(p);
    }
    if (KIND(p) == RT_PY_T_COLON) {
        rt_py_node *spec = PY_NEW(p, RT_PY_JOINED_STR, joined, TOK(p)->start + 1);
        TRY(spec);
        py_advance(p);
        size_t mark = p->sn;
        TRY(fstring_pieces(p, RT_PY_T_RBRACE, raw));
        spec->u.joined.values = py_take(p, mark);
        spec->end = TOK(p)->start;
        n->u.formatted.format_spec = spec;
    }
    if (KIND(p) != RT_PY_T_RBRACE)
        return py_fail(p, TOK(p)->start, "f-string: expecting '}'");
    py_advance(p);
    py_finish(p, n);
    return n;
}

static bool fstring_pieces(parser *p, rt_py_tok closer, uint8_t raw)
{
    for (;;) {
        rt_py_tok k = KIND(p);
        rt_py_node *piece;
        if (k == closer)
            return true;
        if (k == RT_PY_T_FSTRING_MIDDLE) {
            TRY(piece = middle_node(p, TOK(p), raw));
            py_advance(p);
        } else if (k == RT_PY_T_LBRACE) {
            TRY(py_enter(p));
            piece = replacement_field(p, raw);
            py_leave(p);
            TRY(piece);
        } else {
            return py_fail_here(p);
        }
        TRY(py_push(p, piece));
    }
}

/* Pushes the pieces of one f-string (at FSTRING_START) on the scratch stack. */
static bool fstring(parser *p, uint8_t raw)
{
    py_advance(p);
    if (!fstring_pieces(p, RT_PY_T_FSTRING_END, raw))
        return false;
    py_advance(p);
    return true;
}

/* Counts the consecutive string tokens from the current one; sets *has_f, and *mixed
 * when bytes and str literals are mixed (*at: the end of the literals, where CPython
 * points). */
static size_t count_strings(parser *p, bool *has_f, bool *bytes, bool *mixed, uint32_t *at)
{
    size_t count = 0, nbytes = 0;
    int first_bytes = -1; /* whether the first literal is bytes */
    *has_f = false;
    size_t i = p->pos;
    int fdepth = 0;
    for (; i < p->n; i++) {
        rt_py_tok k = p->t[i].kind;
        if (fdepth == 0 && k != RT_PY_T_STRING && k != RT_PY_T_FSTRING_START)
            break;
        if (k == RT_PY_T_FSTRING_START) {
            if (fdepth == 0) {
                *has_f = true;
                count++;
                *mixed |= first_bytes == 1;
                first_bytes = first_bytes < 0 ? 0 : first_bytes;
            }
            fdepth++;
        } else if (k == RT_PY_T_FSTRING_END) {
            fdepth--;
            *at = p->t[i].start + p->t[i].len;
        } else if (fdepth == 0) {
            count++;
            int b = make_part(p, &p->t[i]).bytes;
            *at = p->t[i].start + p->t[i].len;
            nbytes += (size_t)b;
            *mixed |= first_bytes >= 0 && b != first_bytes;
            first_bytes = first_bytes < 0 ? b : first_bytes;
        }
    }
    *bytes = nbytes > 0;
    return count;
}

rt_py_node *py_strings(parser *p)
{
    uint32_t start = TOK(p)->start;
    bool has_f = false, bytes, mixed = false;
    size_t count = 1;
    uint32_t mixed_at = start;
    if (KIND(p) == RT_PY_T_STRING && KIND_AT(p, 1) != RT_PY_T_STRING &&
        KIND_AT(p, 1) != RT_PY_T_FSTRING_START)
        bytes = make_part(p, TOK(p)).bytes; /* the common case: one plain literal */
    else
        count = count_strings(p, &has_f, &bytes, &mixed, &mixed_at);
    if (mixed)
        return py_fail(p, mixed_at, "cannot mix bytes and nonbytes literals");
    if (!has_f) {
        rt_py_node *n = PY_NEW(p, RT_PY_STRING, string, start);
        TRY(n);
        rt_py_strpart *parts = rt_arena_alloc(p->arena, count * sizeof *parts);
        if (!parts) {
            p->oom = true;
            return py_fail(p, start, "out of memory");
        }
        for (size_t i = 0; i < count; i++) {
            parts[i] = make_part(p, TOK(p));
            TRY(check_escapes(p, &parts[i], parts[i].start));
            py_advance(p);
        }
        n->flags = bytes ? RT_PY_NF_BYTES : 0;
        n->u.string.parts = parts;
        n->u.string.len = (uint32_t)count;
        py_finish(p, n);
        return n;
    }
    rt_py_node *j = PY_NEW(p, RT_PY_JOINED_STR, joined, start);
    TRY(j);
    size_t mark = p->sn;
    for (size_t i = 0; i < count; i++) {
        if (KIND(p) == RT_PY_T_STRING) {
            rt_py_node *s = PY_NEW(p, RT_PY_STRING, string, TOK(p)->start);
            rt_py_strpart *sp = rt_arena_alloc(p->arena, sizeof *sp);
            if (!s || !sp) {
                p->oom = true;
                return py_fail(p, start, "out of memory");
            }
            *sp = make_part(p, TOK(p));
            TRY(check_escapes(p, sp, sp->start));
            s->u.string.parts = sp;
            s->u.string.len = 1;
            s->end = TOK(p)->start + TOK(p)->len;
            py_advance(p);
            TRY(py_push(p, s));
        } else {
            TRY(py_enter(p));
            uint8_t raw = make_part(p, TOK(p)).raw;
            bool ok = fstring(p, raw);
            py_leave(p);
            TRY(ok);
        }
    }
    j->u.joined.values = py_take(p, mark);
    py_finish(p, j);
    return j;
}

/* ---- decoding ---------------------------------------------------------------------- */

static void put_cp(rt_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp >= 0xD800 && cp <= 0xDFFF)
        cp = 0xFFFD;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else if (cp < 0x110000) {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    } else {
        put_cp(b, 0xFFFD);
        return;
    }
    rt_buf_put(b, u, n);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads exactly n hex digits at s[*i]; returns -1 (and consumes nothing) if short. */
static long read_hex(const char *s, size_t len, size_t *i, int n)
{
    long v = 0;
    if (*i + (size_t)n > len)
        return -1;
    for (int k = 0; k < n; k++) {
        int h = hexval(s[*i + (size_t)k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    *i += (size_t)n;
    return v;
}

/* Appends one escape sequence starting after the backslash at s[*i]. */
static void decode_escape(rt_buf *b, const char *s, size_t len, size_t *i, bool bytes)
{
    char c = s[*i];
    (*i)++;
    long v;
    switch (c) {
    case '\n': return;
    case '\r':
        if (*i < len && s[*i] == '\n')
            (*i)++;
        return;
    case '\\': case '\'': case '"': rt_buf_putc(b, c); return;
    case 'a': rt_buf_putc(b, '\a'); return;
    case 'b': rt_buf_putc(b, '\b'); return;
    case 'f': rt_buf_putc(b, '\f'); return;
    case 'n': rt_buf_putc(b, '\n'); return;
    case 'r': rt_buf_putc(b, '\r'); return;
    case 't': rt_buf_putc(b, '\t'); return;
    case 'v': rt_buf_putc(b, '\v'); return;
    case 'x':
        v = read_hex(s, len, i, 2);
        break;
    case 'u': case 'U':
        if (bytes) {
            rt_buf_putc(b, '\\');
            rt_buf_putc(b, c);
            return;
        }
        v = read_hex(s, len, i, c == 'u' ? 4 : 8);
        break;
    default:
        if (c >= '0' && c <= '7') {
            v = c - '0';
            for (int k = 0; k < 2 && *i < len && s[*i] >= '0' && s[*i] <= '7'; k++)
                v = v * 8 + (s[(*i)++] - '0');
            break;
        }
        /* Unknown escapes (and \N{...}) are kept as written. */
        rt_buf_putc(b, '\\');
        (*i)--;
        return;
    }
    if (v < 0) {
        rt_buf_putc(b, '\\');
        rt_buf_putc(b, c);
        return;
    }
    if (bytes)
        rt_buf_putc(b, (char)(v & 0xFF));
    else
        put_cp(b, (uint32_t)v);
}

static void decode_part(rt_buf *b, const char *text, const rt_py_strpart *sp, bool fmiddle)
{
    const char *s = text + sp->body_start;
    size_t len = sp->body_end - sp->body_start;
    for (size_t i = 0; i < len;) {
        char c = s[i];
        if (c == '\r') {
            rt_buf_putc(b, '\n');
            i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
        } else if (c == '\\' && !sp->raw && i + 1 < len) {
            i++;
            decode_escape(b, s, len, &i, sp->bytes);
        } else if (fmiddle && (c == '{' || c == '}') && i + 1 < len && s[i + 1] == c) {
            rt_buf_putc(b, c);
            i += 2;
        } else {
            size_t j = i + 1;
            while (j < len && s[j] != '\\' && s[j] != '\r' && s[j] != '{' && s[j] != '}')
                j++;
            rt_buf_put(b, s + i, j - i);
            i = j;
        }
    }
}

int rt_py_string_value(rt_str *out, rt_arena *arena, const rt_py_module *m,
                       const rt_py_node *node)
{
    *out = RT_STR_NULL;
    if (!node || node->kind != RT_PY_STRING)
        return RT_EPARSE;
    if (node->u.string.len == 1 && !(node->flags & RT_PY_NF_FMIDDLE)) {
        const rt_py_strpart *sp = &node->u.string.parts[0];
        const char *s = m->text + sp->body_start;
        size_t len = sp->body_end - sp->body_start;
        if (!memchr(s, '\\', len) && !memchr(s, '\r', len)) {
            char *copy = rt_arena_strndup(arena, s, len);
            if (!copy)
                return RT_ENOMEM;
            *out = (rt_str){copy, len};
            return RT_OK;
        }
    }
    rt_buf b = RT_BUF_INIT;
    for (uint32_t i = 0; i < node->u.string.len; i++)
        decode_part(&b, m->text, &node->u.string.parts[i], node->flags & RT_PY_NF_FMIDDLE);
    int rc = RT_OK;
    if (b.toobig) {
        rc = RT_ENOMEM;
        goto cleanup;
    }
    char *copy = rt_arena_strndup(arena, b.data ? b.data : "", b.len);
    if (!copy) {
        rc = RT_ENOMEM;
        goto cleanup;
    }
    *out = (rt_str){copy, b.len};
cleanup:
    rt_buf_free(&b);
    return rc;
}
