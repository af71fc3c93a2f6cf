/* Positions in linear time: line and code-point column of many offsets, also on very
 * long lines. Columns count like rt_source_position(): a valid UTF-8 sequence is one
 * column, an invalid byte one column. On a line of ASCII only the column is a byte
 * distance; in a file with other lines, every CHECK_STEP bytes we remember the column of
 * the next character start, so a lookup scans at most CHECK_STEP + 3 bytes. */
#include "migration/mig_internal.h"
#include "retort/term.h"

#define CHECK_STEP 64

static bool all_ascii(const rt_source *src)
{
    if (!src->line_ascii)
        return false;
    for (size_t i = 0; i < src->line_count; i++)
        if (!src->line_ascii[i])
            return false;
    return true;
}

bool mig_pos_init(mig_ctx *c)
{
    unsigned line, column;
    rt_source_position(c->src, 0, &line, &column); /* builds the line index */
    if (all_ascii(c->src)) { /* columns are byte distances: rt_source_position() */
        c->check_count = 0;
        return true;
    }
    size_t n = c->src->len / CHECK_STEP + 1;
    c->check_off = rt_arena_alloc(c->a, n * sizeof *c->check_off);
    c->check_col = rt_arena_alloc(c->a, n * sizeof *c->check_col);
    if (!c->check_off || !c->check_col)
        return false;
    const unsigned char *p = (const unsigned char *)c->src->data;
    size_t next_line = 1, k = 0;
    uint32_t col = 1;
    for (size_t i = 0; i <= c->src->len;) {
        if (next_line < c->src->line_count && i >= c->src->line_starts[next_line]) {
            next_line++;
            col = 1;
        }
        while (k < n && k * CHECK_STEP <= i) {
            c->check_off[k] = (uint32_t)i;
            c->check_col[k++] = col;
        }
        if (i == c->src->len)
            break;
        size_t step = rt_utf8_valid_len(p + i, c->src->len - i);
        i += step ? step : 1;
        col++;
    }
    c->check_count = k;
    return true;
}

/* 1-based line and column of byte offset off of the original file. */
static void position(mig_ctx *c, size_t off, unsigned *line, unsigned *column)
{
    if (off > c->src->len)
        off = c->src->len;
    if (!c->src->line_starts || !c->check_count) {
        rt_source_position(c->src, off, line, column);
        return;
    }
    size_t lo = 0, hi = c->src->line_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->src->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    size_t start = c->src->line_starts[lo], at = start;
    if (c->src->line_ascii[lo] && off >= start) {
        *line = (unsigned)(lo + 1);
        *column = (unsigned)(off - start + 1);
        return;
    }
    uint32_t col = 1;
    size_t k = off / CHECK_STEP;
    while (k > 0 && k < c->check_count && c->check_off[k] > off)
        k--;
    if (k < c->check_count && c->check_off[k] <= off && c->check_off[k] >= start) {
        at = c->check_off[k];
        col = c->check_col[k];
    }
    const unsigned char *p = (const unsigned char *)c->src->data;
    while (at < off) {
        size_t step = rt_utf8_valid_len(p + at, c->src->len - at);
        at += step ? step : 1;
        col++;
    }
    *line = (unsigned)(lo + 1);
    *column = col;
}

void mig_position(mig_ctx *c, uint32_t text_offset, unsigned *line, unsigned *column)
{
    position(c, rt_py_source_offset(c->m, text_offset), line, column);
}
