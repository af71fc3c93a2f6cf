/* rt_sql_parse: parse once, and on a syntax error split into statements and parse each
 * alone so that one broken statement does not hide the others. */
#include "sql/sql_internal.h"

#include <stdlib.h>
#include <string.h>

char *sql_strndup(sql_ctx *c, const char *s, size_t len)
{
    char *p = rt_arena_strndup(c->arena, s, len);
    if (!p)
        c->oom = true;
    return p;
}

uint32_t sql_offset(const sql_frame *f, size_t o)
{
    if (!f->exact)
        return f->base;
    if (o > f->len)
        o = f->len;
    return f->base + (uint32_t)o;
}

size_t sql_cursor_offset(const char *text, size_t len, int cursorpos)
{
    size_t o = 0;
    for (int ch = 1; ch < cursorpos && o < len; ch++) {
        o++;
        while (o < len && ((unsigned char)text[o] & 0xC0) == 0x80)
            o++;
    }
    return o;
}

void sql_add_error(sql_ctx *c, const sql_frame *f, size_t o, const char *message)
{
    rt_sql_result *r = c->out;
    if (r->error_count == c->error_cap) {
        size_t ncap = c->error_cap ? c->error_cap * 2 : 4;
        rt_sql_error *e = rt_arena_grow(c->arena, r->errors, r->error_count, ncap, sizeof *e);
        if (!e) {
            c->oom = true;
            return;
        }
        r->errors = e;
        c->error_cap = ncap;
    }
    const char *msg = sql_strndup(c, message, strlen(message));
    if (!msg)
        return;
    uint32_t at = sql_offset(f, o);
    r->errors[r->error_count++] = (rt_sql_error){msg, {at, at, 0, 0, 0, 0}};
}

/* protobuf-c allocations come from a scratch arena freed after the tree is mapped. */
static void *pb_alloc(void *data, size_t size)
{
    return rt_arena_alloc(data, size);
}

static void pb_free(void *data, void *p)
{
    (void)data;
    (void)p;
}

/* The statement's text [start, end) without leading space/comments or trailing space. */
static void trim_stmt(const char *t, size_t *start, size_t *end)
{
    size_t s = *start, e = *end;
    for (;;) {
        while (s < e && (t[s] == ' ' || t[s] == '\t' || t[s] == '\n' || t[s] == '\r' ||
                         t[s] == '\f' || t[s] == '\v'))
            s++;
        if (s + 1 < e && t[s] == '-' && t[s + 1] == '-') {
            while (s < e && t[s] != '\n')
                s++;
        } else if (s + 1 < e && t[s] == '/' && t[s + 1] == '*') {
            int depth = 0;
            while (s + 1 < e) {
                if (t[s] == '/' && t[s + 1] == '*') {
                    depth++;
                    s += 2;
                } else if (t[s] == '*' && t[s + 1] == '/') {
                    s += 2;
                    if (--depth == 0)
                        break;
                } else {
                    s++;
                }
            }
            if (depth)
                s = e;
        } else {
            break;
        }
    }
    while (e > s && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\n' ||
                     t[e - 1] == '\r' || t[e - 1] == ';'))
        e--;
    *start = s;
    *end = e;
}

/* Maps a parse tree of f->text. */
static void map_tree(sql_ctx *c, const sql_frame *f, const PgQuery__ParseResult *tree)
{
    for (size_t i = 0; i < tree->n_stmts && !c->oom; i++) {
        const PgQuery__RawStmt *raw = tree->stmts[i];
        size_t start = raw->stmt_location > 0 ? (size_t)raw->stmt_location : 0;
        size_t end = raw->stmt_len > 0 ? start + (size_t)raw->stmt_len : f->len;
        if (start > f->len)
            start = f->len;
        if (end > f->len)
            end = f->len;
        trim_stmt(f->text, &start, &end);
        if (f->depth == 0)
            c->out->statement_count++;
        if (raw->stmt)
            sql_map_stmt(c, f, raw->stmt, start, end);
    }
}

/* Parses f->text (NUL-terminated at f->len). On success maps the tree and returns true;
 * on a syntax error returns false with the error's offset in f->text and message (an
 * arena copy). */
static bool parse_once(sql_ctx *c, const sql_frame *f, size_t *err_off, const char **err_msg)
{
    bool ok = false;
    rt_arena *scratch = NULL;
    PgQuery__ParseResult *tree = NULL;
    PgQueryProtobufParseResult r = c->pg->pg_query_parse_protobuf(f->text);
    if (r.error) {
        *err_off = r.error->cursorpos > 0
                       ? sql_cursor_offset(f->text, f->len, r.error->cursorpos)
                       : 0;
        const char *m = r.error->message ? r.error->message : "syntax error";
        *err_msg = sql_strndup(c, m, strlen(m));
        goto cleanup;
    }
    scratch = rt_arena_new();
    if (!scratch) {
        c->oom = true;
        goto cleanup;
    }
    ProtobufCAllocator alloc = {pb_alloc, pb_free, scratch};
    tree = c->pg->pg_query__parse_result__unpack(&alloc, r.parse_tree.len,
                                          (const uint8_t *)r.parse_tree.data);
    if (!tree) {
        c->oom = true;
        goto cleanup;
    }
    map_tree(c, f, tree);
    ok = true;
cleanup:
    rt_arena_free(scratch);
    c->pg->pg_query_free_protobuf_parse_result(r);
    return ok;
}

/* Parses f->text[start, end) alone, NUL-terminating it in place for the time of the
 * parse; on a syntax error gives its offset in f->text and message. */
static bool parse_piece(sql_ctx *c, const sql_frame *f, size_t start, size_t end,
                        size_t *err_off, const char **err_msg)
{
    char saved = f->text[end];
    f->text[end] = '\0';
    sql_frame sub = *f;
    sub.text = f->text + start;
    sub.len = end - start;
    sub.base = sql_offset(f, start);
    size_t off = 0;
    bool ok = parse_once(c, &sub, &off, err_msg);
    *err_off = start + off;
    f->text[end] = saved;
    return ok;
}

/* The end of split statement i (its ';' excluded) in a text of len bytes. */
static size_t piece_end(const PgQuerySplitResult *s, int i, size_t len)
{
    size_t start = (size_t)s->stmts[i]->stmt_location;
    size_t end = s->stmts[i]->stmt_len > 0 ? start + (size_t)s->stmts[i]->stmt_len : len;
    return end > len ? len : end;
}

/* Texts up to this size are parsed whole first: one libpg_query call is cheapest for a
 * typical migration. Longer texts are split first and parsed in runs of statements of
 * about this size: libpg_query's cost per statement grows with the length of the text
 * (its output buffers outgrow malloc's cached memory), and each call has a fixed cost. */
#define WHOLE_PARSE_MAX ((size_t)4 << 10)

/* How many following statements a statement cut short by the split may be joined with:
 * the scanner splits BEGIN ATOMIC ... END bodies at their inner semicolons. */
#define JOIN_MAX 64

/* Parses split statement i alone; a statement whose error is at its very end ("at end of
 * input") is tried again joined with the next ones, up to JOIN_MAX. Returns the index of
 * the next statement to read. */
static int parse_one(sql_ctx *c, const sql_frame *f, const PgQuerySplitResult *s, int i,
                     int n, size_t len)
{
    size_t start = (size_t)s->stmts[i]->stmt_location;
    if (start >= len)
        return i + 1;
    size_t end = piece_end(s, i, len);
    size_t off = 0, off2 = 0;
    const char *msg = NULL, *msg2 = NULL;
    if (parse_piece(c, f, start, end, &off, &msg))
        return i + 1;
    for (int j = i + 1; off == end && j < n && j <= i + JOIN_MAX && !c->oom; j++) {
        size_t end2 = piece_end(s, j, len);
        if (parse_piece(c, f, start, end2, &off2, &msg2))
            return j + 1;
        if (off2 != end2)
            break;
    }
    if (f->depth == 0)
        c->out->statement_count++;
    if (f->report_errors && msg)
        sql_add_error(c, f, off, msg);
    return i + 1;
}

/* Parses the statements the scanner split f->text[0, len) into, in runs of up to
 * WHOLE_PARSE_MAX bytes; a run that fails is read again statement by statement. With
 * cut (the text was cut short at a lexical error) a final statement not ended by ';' is
 * skipped: it is the one the error is in. */
static void parse_split(sql_ctx *c, const sql_frame *f, const PgQuerySplitResult *s,
                        size_t len, bool cut)
{
    int n = s->n_stmts;
    if (cut && n > 0) {
        size_t e = (size_t)s->stmts[n - 1]->stmt_location + (size_t)s->stmts[n - 1]->stmt_len;
        if (s->stmts[n - 1]->stmt_len == 0 || e >= len || f->text[e] != ';')
            n--;
    }
    int i = 0;
    while (i < n && !c->oom) {
        size_t start = (size_t)s->stmts[i]->stmt_location;
        int j = i;
        while (start < len && j + 1 < n && piece_end(s, j + 1, len) - start <= WHOLE_PARSE_MAX)
            j++;
        size_t off = 0;
        const char *msg = NULL;
        if (j > i && parse_piece(c, f, start, piece_end(s, j, len), &off, &msg)) {
            i = j + 1;
            continue;
        }
        while (i <= j && !c->oom)
            i = parse_one(c, f, s, i, n, len);
    }
}

/* A lexical error (e.g. an unterminated string) stops the scanner: it is reported, and
 * the statements before the one it is in are still read. */
static void lexical_error(sql_ctx *c, const sql_frame *f, const PgQueryError *e)
{
    size_t off = e->cursorpos > 0 ? sql_cursor_offset(f->text, f->len, e->cursorpos) : 0;
    if (f->report_errors)
        sql_add_error(c, f, off, e->message ? e->message : "syntax error");
    if (off == 0)
        return;
    char saved = f->text[off];
    f->text[off] = '\0';
    PgQuerySplitResult s = c->pg->pg_query_split_with_scanner(f->text);
    if (!s.error)
        parse_split(c, f, &s, off, true);
    c->pg->pg_query_free_split_result(s);
    f->text[off] = saved;
}

/* Splits with the scanner and parses statement by statement, so that a broken statement
 * costs only itself. */
static void parse_by_statement(sql_ctx *c, const sql_frame *f)
{
    PgQuerySplitResult s = c->pg->pg_query_split_with_scanner(f->text);
    if (s.error)
        lexical_error(c, f, s.error);
    else
        parse_split(c, f, &s, f->len, false);
    c->pg->pg_query_free_split_result(s);
}

void sql_parse_frame(sql_ctx *c, const sql_frame *f)
{
    size_t off = 0;
    const char *msg = NULL;
    if (f->len <= WHOLE_PARSE_MAX && (parse_once(c, f, &off, &msg) || c->oom))
        return;
    parse_by_statement(c, f);
}

/* pg_query_exit() must not run in a thread that never parsed. */
static _Thread_local bool parsed;

static int cmp_error(const void *a, const void *b)
{
    uint32_t x = ((const rt_sql_error *)a)->span.start;
    uint32_t y = ((const rt_sql_error *)b)->span.start;
    return (x > y) - (x < y);
}

int rt_sql_parse(rt_sql_result *out, rt_arena *arena, const char *sql, size_t len,
                 rt_error *err)
{
    memset(out, 0, sizeof *out);
    rt_op_list_init(&out->ops, arena);
    if (len > RT_SQL_MAX_BYTES)
        return rt_error_set(err, RT_ETOOBIG, NULL, 0, 0,
                            "SQL text of %zu bytes is over the limit of %zu bytes", len,
                            RT_SQL_MAX_BYTES);
    sql_ctx c = {.arena = arena, .out = out};
    int rc = rt_pg_query_load(&c.pg, err);
    if (rc != RT_OK)
        return rc;
    parsed = true;
    char *text = sql_strndup(&c, sql, len);
    if (!text)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory parsing SQL");
    sql_frame f = {text, len, 0, true, true, 0, 0};
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\0') {
            sql_add_error(&c, &f, i, "NUL byte in SQL text");
            text[i] = ' ';
        }
    }
    sql_parse_frame(&c, &f);
    if (out->error_count > 1)
        qsort(out->errors, out->error_count, sizeof *out->errors, cmp_error);
    if (c.oom)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory parsing SQL");
    return RT_OK;
}

void rt_sql_shutdown(void)
{
    const rt_pg_query *pg;
    if (parsed && rt_pg_query_load(&pg, NULL) == RT_OK)
        pg->pg_query_exit();
    parsed = false;
}
