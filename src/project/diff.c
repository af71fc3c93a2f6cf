/* A unified diff of two small texts, line by line: common prefix and suffix trimmed,
 * then a longest-common-subsequence table over the rest (or, past a size bound, the
 * rest shown as replaced). Enough for the local edits `retort init` makes. */
#include <stdlib.h>
#include <string.h>

#include "retort/ini_edit.h"

#define CONTEXT 3
#define LCS_MAX_CELLS ((size_t)4 << 20)

typedef struct lines {
    rt_str *items;  /* each line with its line end */
    size_t count;
} lines;

typedef struct op {
    char kind;      /* ' ', '-', '+' */
    rt_str line;
} op;

static int split(lines *out, const char *text, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    out->items = malloc((n + 1) * sizeof *out->items);
    out->count = 0;
    if (!out->items)
        return RT_ENOMEM;
    for (size_t start = 0; start < len;) {
        const char *lf = memchr(text + start, '\n', len - start);
        size_t end = lf ? (size_t)(lf - text) + 1 : len;
        out->items[out->count++] = (rt_str){text + start, end - start};
        start = end;
    }
    return RT_OK;
}

static bool same(rt_str a, rt_str b)
{
    return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

/* Fills ops for a[0..na) vs b[0..nb) with an LCS table; false if it would be too big. */
static bool lcs_ops(op *ops, size_t *n, const rt_str *a, size_t na, const rt_str *b, size_t nb)
{
    if ((na + 1) > LCS_MAX_CELLS / (nb + 1))
        return false;
    unsigned *t = calloc((na + 1) * (nb + 1), sizeof *t);
    if (!t)
        return false;
#define T(i, j) t[(i) * (nb + 1) + (j)]
    for (size_t i = na; i-- > 0;)
        for (size_t j = nb; j-- > 0;)
            T(i, j) = same(a[i], b[j]) ? T(i + 1, j + 1) + 1
                      : T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
    size_t i = 0, j = 0;
    while (i < na || j < nb) {
        if (i < na && j < nb && same(a[i], b[j])) {
            ops[(*n)++] = (op){' ', a[i]};
            i++, j++;
        } else if (j == nb || (i < na && T(i + 1, j) >= T(i, j + 1))) {
            ops[(*n)++] = (op){'-', a[i++]};
        } else {
            ops[(*n)++] = (op){'+', b[j++]};
        }
    }
#undef T
    free(t);
    return true;
}

static void edit_script(op *ops, size_t *n, const lines *a, const lines *b)
{
    size_t pre = 0, suf = 0;
    while (pre < a->count && pre < b->count && same(a->items[pre], b->items[pre]))
        pre++;
    while (suf < a->count - pre && suf < b->count - pre &&
           same(a->items[a->count - 1 - suf], b->items[b->count - 1 - suf]))
        suf++;
    for (size_t i = 0; i < pre; i++)
        ops[(*n)++] = (op){' ', a->items[i]};
    const rt_str *ma = a->items + pre, *mb = b->items + pre;
    size_t na = a->count - pre - suf, nb = b->count - pre - suf;
    if (!lcs_ops(ops, n, ma, na, mb, nb)) {
        for (size_t i = 0; i < na; i++)
            ops[(*n)++] = (op){'-', ma[i]};
        for (size_t j = 0; j < nb; j++)
            ops[(*n)++] = (op){'+', mb[j]};
    }
    for (size_t i = a->count - suf; i < a->count; i++)
        ops[(*n)++] = (op){' ', a->items[i]};
}

static void put_line(rt_buf *out, char kind, rt_str line)
{
    rt_buf_putc(out, kind);
    rt_buf_put_str(out, line);
    if (line.len == 0 || line.p[line.len - 1] != '\n')
        rt_buf_puts(out, "\n\\ No newline at end of file\n");
}

/* Prints ops[from, to) as one hunk; old_line/new_line are the 0-based line numbers of
 * ops[from]. */
static void hunk(rt_buf *out, const op *ops, size_t from, size_t to, size_t old_line,
                 size_t new_line)
{
    size_t ol = 0, nl = 0;
    for (size_t i = from; i < to; i++) {
        ol += ops[i].kind != '+';
        nl += ops[i].kind != '-';
    }
    rt_buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", ol ? old_line + 1 : old_line, ol,
                  nl ? new_line + 1 : new_line, nl);
    for (size_t i = from; i < to; i++)
        put_line(out, ops[i].kind, ops[i].line);
}

static void print_hunks(rt_buf *out, const op *ops, size_t n)
{
    size_t old_line = 0, new_line = 0;
    for (size_t i = 0; i < n;) {
        if (ops[i].kind == ' ') {
            old_line++, new_line++, i++;
            continue;
        }
        size_t back = i < CONTEXT ? i : CONTEXT;
        size_t from = i - back, end = i;
        /* Extend while the next change is within 2 * CONTEXT unchanged lines. */
        for (size_t quiet = 0; end < n && quiet <= 2 * CONTEXT; end++)
            quiet = ops[end].kind == ' ' ? quiet + 1 : 0;
        while (end > i && ops[end - 1].kind == ' ')
            end--;
        size_t to = end + CONTEXT < n ? end + CONTEXT : n;
        hunk(out, ops, from, to, old_line - back, new_line - back);
        for (size_t k = i; k < to; k++) {
            old_line += ops[k].kind != '+';
            new_line += ops[k].kind != '-';
        }
        i = to;
    }
}

void rt_ini_edit_diff(rt_buf *out, const char *name, const char *old_text, size_t old_len,
                      const char *new_text, size_t new_len)
{
    if (old_len == new_len && memcmp(old_text, new_text, old_len) == 0)
        return;
    lines a = {0}, b = {0};
    op *ops = NULL;
    if (split(&a, old_text, old_len) != RT_OK || split(&b, new_text, new_len) != RT_OK)
        goto cleanup;
    ops = malloc((a.count + b.count + 1) * sizeof *ops);
    if (!ops)
        goto cleanup;
    size_t n = 0;
    edit_script(ops, &n, &a, &b);
    rt_buf_printf(out, "--- a/%s\n+++ b/%s\n", name, name);
    print_hunks(out, ops, n);
cleanup:
    if (!ops)
        out->toobig = true;
    free(ops);
    free(a.items);
    free(b.items);
}
