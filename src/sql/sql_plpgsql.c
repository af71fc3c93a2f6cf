/* SQL inside DO blocks and plpgsql functions.
 *
 * libpg_query compiles the body (pg_query_parse_plpgsql) and prints it as JSON. A small
 * streaming scan of that JSON (no DOM) picks out the statements retort cares about:
 * PLpgSQL_stmt_execsql (plain SQL) and PLpgSQL_stmt_dynexecute whose expression is one
 * string literal. Each is found again in the body text, starting at its line, so its
 * ops point into the file; when it cannot be found verbatim its ops point at the body. */
#define _GNU_SOURCE /* memmem (two-way, linear time) */
#include "sql/sql_internal.h"

#include <stdint.h>
#include <string.h>

#define JSON_DEPTH_MAX 512

enum { Q_EXECSQL, Q_DYNEXECUTE };

typedef struct body_ctx {
    sql_ctx *c;
    const sql_frame *f;
    const char *body;     /* decoded body */
    size_t body_len;
    size_t body_off;      /* where the body starts in f->text (when found) */
    bool exact;           /* the body was found verbatim at body_off */
    long line;            /* line_start() cursor: 1-based line at line_off */
    size_t line_off;
} body_ctx;

static bool key_is(const char *p, size_t len, const char *s)
{
    return len == strlen(s) && memcmp(p, s, len) == 0;
}

static unsigned hex4(const char *p)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char ch = p[i];
        v <<= 4;
        if (ch >= '0' && ch <= '9')
            v |= (unsigned)(ch - '0');
        else if (ch >= 'a' && ch <= 'f')
            v |= (unsigned)(ch - 'a' + 10);
        else if (ch >= 'A' && ch <= 'F')
            v |= (unsigned)(ch - 'A' + 10);
    }
    return v;
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the JSON string body raw[0, len) (escapes well formed: libpg_query wrote it)
 * into a NUL-terminated arena string. */
static char *json_decode(sql_ctx *c, const char *raw, size_t len, size_t *out_len)
{
    char *out = rt_arena_alloc(c->arena, len + 1);
    if (!out) {
        c->oom = true;
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (raw[i] != '\\' || i + 1 >= len) {
            out[o++] = raw[i];
            continue;
        }
        char e = raw[++i];
        switch (e) {
        case 'n': out[o++] = '\n'; break;
        case 't': out[o++] = '\t'; break;
        case 'r': out[o++] = '\r'; break;
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'u': {
            if (i + 4 >= len)
                break;
            unsigned cp = hex4(raw + i + 1);
            i += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < len && raw[i + 1] == '\\' &&
                raw[i + 2] == 'u') {
                unsigned lo = hex4(raw + i + 3);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
            }
            o += put_utf8(out + o, cp);
            break;
        }
        default: out[o++] = e; break;
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* Offset in the body of the start of 1-based line `line`, or SIZE_MAX when out of range.
 * Statements come in line order, so the scan resumes from the last line found: linear
 * over a whole body. */
static size_t line_start(body_ctx *b, long line)
{
    if (line < b->line || line < 1) {
        b->line = 1;
        b->line_off = 0;
    }
    while (b->line < line) {
        const char *nl = memchr(b->body + b->line_off, '\n', b->body_len - b->line_off);
        if (!nl)
            return SIZE_MAX;
        b->line_off = (size_t)(nl - b->body) + 1;
        b->line++;
    }
    return b->line_off;
}

static void parse_inner(body_ctx *b, char *sql, size_t len, size_t at, bool exact)
{
    sql_frame sub = {sql, len, 0, false, false, b->f->flags | RT_OPF_IN_PLPGSQL,
                     b->f->depth + 1};
    sub.exact = exact && b->exact && b->f->exact;
    sub.base = sql_offset(b->f, b->body_off + (b->exact ? at : 0));
    sql_parse_frame(b->c, &sub);
}

/* Finds query q (as it stood in the source) in the body: it starts on line `lineno`. */
static bool find_in_body(body_ctx *b, const char *q, size_t qlen, long lineno, size_t *at)
{
    size_t from = line_start(b, lineno);
    if (qlen == 0 || from == SIZE_MAX)
        return false;
    const char *nl = memchr(b->body + from, '\n', b->body_len - from);
    size_t line_end = nl ? (size_t)(nl - b->body) : b->body_len;
    size_t window = line_end - from + qlen;
    if (window > b->body_len - from)
        window = b->body_len - from;
    const char *hit = memmem(b->body + from, window, q, qlen);
    if (!hit)
        return false;
    *at = (size_t)(hit - b->body);
    return true;
}

static void on_execsql(body_ctx *b, char *q, size_t qlen, long lineno)
{
    size_t at = 0;
    bool found = find_in_body(b, q, qlen, lineno, &at);
    parse_inner(b, q, qlen, at, found);
}

/* EXECUTE 'literal': the statement is the literal's value ('' undoubled). */
static void on_dynexecute(body_ctx *b, const char *q, size_t qlen, long lineno)
{
    rt_str lit = rt_str_trim((rt_str){q, qlen});
    if (lit.len < 2 || lit.p[0] != '\'' || lit.p[lit.len - 1] != '\'')
        return;
    char *sql = rt_arena_alloc(b->c->arena, lit.len);
    if (!sql) {
        b->c->oom = true;
        return;
    }
    size_t n = 0;
    bool doubled = false;
    for (size_t i = 1; i + 1 < lit.len; i++) {
        if (lit.p[i] == '\'') {
            if (i + 2 >= lit.len || lit.p[i + 1] != '\'')
                return; /* not a single literal: 'a' || x || 'b' */
            doubled = true;
            i++;
        }
        sql[n++] = lit.p[i];
    }
    sql[n] = '\0';
    size_t at = 0;
    bool found = find_in_body(b, lit.p, lit.len, lineno, &at);
    bool exact = found && !doubled;
    parse_inner(b, sql, n, exact ? at + 1 : at, exact);
}

/* Walks the JSON text, tracking the key path, and hands each statement query over. */
static void scan_json(body_ctx *b, const char *p, const char *end)
{
    struct {
        bool object;
        const char *key;
        size_t key_len;
    } st[JSON_DEPTH_MAX];
    int top = -1;
    bool expect_key = false;
    long lineno = 0;
    while (p < end && !b->c->oom) {
        char ch = *p;
        if (ch == '{' || ch == '[') {
            if (++top >= JSON_DEPTH_MAX)
                return;
            st[top].object = ch == '{';
            st[top].key = NULL;
            st[top].key_len = 0;
            expect_key = ch == '{';
            p++;
        } else if (ch == '}' || ch == ']') {
            if (--top < -1)
                return;
            p++;
        } else if (ch == ',') {
            expect_key = top >= 0 && st[top].object;
            p++;
        } else if (ch == '"') {
            const char *s = ++p;
            while (p < end && *p != '"')
                p += (*p == '\\' && p + 1 < end) ? 2 : 1;
            size_t len = (size_t)(p - s);
            p++;
            if (top < 0 || !st[top].object)
                continue;
            if (expect_key) {
                st[top].key = s;
                st[top].key_len = len;
                expect_key = false;
                continue;
            }
            if (top < 3 || !key_is(st[top].key, st[top].key_len, "query") ||
                !key_is(st[top - 1].key, st[top - 1].key_len, "PLpgSQL_expr"))
                continue;
            int kind = -1;
            if (key_is(st[top - 2].key, st[top - 2].key_len, "sqlstmt") &&
                key_is(st[top - 3].key, st[top - 3].key_len, "PLpgSQL_stmt_execsql"))
                kind = Q_EXECSQL;
            else if (key_is(st[top - 2].key, st[top - 2].key_len, "query") &&
                     key_is(st[top - 3].key, st[top - 3].key_len, "PLpgSQL_stmt_dynexecute"))
                kind = Q_DYNEXECUTE;
            if (kind < 0)
                continue;
            size_t qlen = 0;
            char *q = json_decode(b->c, s, len, &qlen);
            if (!q)
                return;
            if (kind == Q_EXECSQL)
                on_execsql(b, q, qlen, lineno);
            else
                on_dynexecute(b, q, qlen, lineno);
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            long v = 0;
            bool neg = ch == '-';
            p += neg;
            while (p < end && *p >= '0' && *p <= '9') {
                if (v < 100000000)
                    v = v * 10 + (*p - '0');
                p++;
            }
            if (top >= 0 && st[top].object && key_is(st[top].key, st[top].key_len, "lineno"))
                lineno = neg ? 0 : v;
        } else {
            p++;
        }
    }
}

void sql_plpgsql(sql_ctx *c, const sql_frame *f, size_t stmt_start, size_t stmt_end,
                 const char *body, size_t body_hint)
{
    if (f->depth + 1 > RT_SQL_MAX_NESTING || stmt_end <= stmt_start)
        return;
    body_ctx b = {c, f, body, strlen(body), body_hint, false, 1, 0};
    if (body_hint < stmt_end && b.body_len) {
        const char *hit = memmem(f->text + body_hint, stmt_end - body_hint, body, b.body_len);
        if (hit) {
            b.body_off = (size_t)(hit - f->text);
            b.exact = true;
        }
    }
    char *text = sql_strndup(c, f->text + stmt_start, stmt_end - stmt_start);
    if (!text)
        return;
    PgQueryPlpgsqlParseResult r = c->pg->pg_query_parse_plpgsql(text);
    if (r.error) {
        if (f->report_errors && r.error->message)
            sql_add_error(c, f, b.body_off, r.error->message);
    } else if (r.plpgsql_funcs) {
        scan_json(&b, r.plpgsql_funcs, r.plpgsql_funcs + strlen(r.plpgsql_funcs));
    }
    c->pg->pg_query_free_plpgsql_parse_result(r);
}
