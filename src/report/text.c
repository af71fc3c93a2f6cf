/* The text format: one block per finding, in the manner of rustc and ruff.
 *
 *   alembic.ini:3:35: error[credentials-in-alembic-ini]: sqlalchemy.url holds a password
 *     |
 *   3 | sqlalchemy.url = postgresql://app:********@db/prod
 *     |                                   ^^^^^^^^
 *     = help: read the URL from the environment in env.py
 *
 * then `Found 1 error, 0 warnings, 0 infos in 4 files.` (or `No findings in 4 files.`).
 * Every byte from inputs goes through rt_term_escape(); tabs in snippets stay tabs so the
 * caret line, which copies them, lines up. Masked columns are printed as '*'.
 */
#include "report/reporters.h"
#include "retort/term.h"

#define ANSI_RESET "\x1b[0m"
#define ANSI_BOLD "\x1b[1m"
#define ANSI_GUTTER "\x1b[1;34m"

/* Snippets show at most this many columns around the finding's column. */
#define WINDOW_COLUMNS 160
#define WINDOW_LEAD 60

typedef struct style {
    const char *sev, *bold, *gutter, *reset;
} style;

static const char *severity_colour(rt_severity sev)
{
    switch (sev) {
    case RT_SEV_ERROR: return "\x1b[1;31m";
    case RT_SEV_WARNING: return "\x1b[1;33m";
    default: return "\x1b[1;36m";
    }
}

static style style_for(const rt_finding *f, bool color)
{
    if (!color)
        return (style){"", "", "", ""};
    return (style){severity_colour(f->severity), ANSI_BOLD, ANSI_GUTTER, ANSI_RESET};
}

static void escaped(rt_buf *out, const char *s)
{
    rt_term_escape(out, rt_str_from(s));
}

static unsigned digits(unsigned n)
{
    unsigned d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

/* Display width of a code point that prints as itself: 0 for combining marks and
 * zero-width characters, 2 for East Asian wide and fullwidth forms and emoji, else 1. */
static unsigned cp_width(uint32_t cp)
{
    static const uint32_t zero[][2] = {
        {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
        {0x064B, 0x065F}, {0x200B, 0x200F}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
        {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
    };
    static const uint32_t wide[][2] = {
        {0x1100, 0x115F}, {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF},
        {0x4E00, 0x9FFF}, {0xA000, 0xA4CF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
        {0xFE30, 0xFE4F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F},
        {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
    };
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
        if (cp >= zero[i][0] && cp <= zero[i][1])
            return 0;
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (cp >= wide[i][0] && cp <= wide[i][1])
            return 2;
    return 1;
}

/* The columns [start, end) the caret line marks (end > start). */
typedef struct span {
    unsigned start, end;
} span;

static span caret_span(const rt_finding *f)
{
    unsigned end = rt_report_end_column(f);
    if (end)
        return (span){f->column, end};
    if (f->end_line > f->line)
        return (span){f->column, UINT32_MAX};
    return (span){f->column, f->column + 1};
}

/* Appends one code point of a snippet to code as the terminal will show it (a masked one
 * as '*', a tab as itself, anything unsafe escaped) and returns the cells it takes. */
static unsigned show(rt_buf *code, rt_str piece, uint32_t cp, bool masked)
{
    if (masked || cp == '\t' || (cp >= 0x20 && cp < 0x7F)) { /* one cell, shown as is */
        rt_buf_putc(code, masked ? '*' : (char)cp);
        return 1;
    }
    size_t before = code->len;
    rt_term_escape(code, piece);
    size_t shown = code->len - before;
    return shown != piece.len ? (unsigned)shown : cp_width(cp);
}

/* Appends the visible part of the finding's line to code, masked, and the matching caret
 * line to marks. Only the window around the column is decoded past the column, so a
 * huge line costs no more than the finding's column. */
static void render_line(rt_buf *code, rt_buf *marks, rt_str line, const rt_finding *f)
{
    span sp = caret_span(f);
    unsigned first = sp.start > WINDOW_LEAD + 1 ? sp.start - WINDOW_LEAD : 1;
    unsigned last = first + WINDOW_COLUMNS;
    bool carets = false;
    if (first > 1) {
        rt_buf_puts(code, "...");
        rt_buf_puts(marks, "   ");
    }
    unsigned column = 1;
    size_t i = 0;
    for (; i < line.len && column < last; column++) {
        uint32_t cp;
        size_t n = rt_report_decode(line, i, &cp);
        rt_str piece = {line.p + i, n};
        i += n;
        if (column < first)
            continue;
        bool masked = rt_report_masked(f, column);
        unsigned width = show(code, piece, cp, masked);
        bool tab = cp == '\t' && !masked;
        if (column >= sp.end)
            continue;
        bool marked = column >= sp.start;
        carets |= marked;
        for (unsigned w = 0; w < width; w++)
            rt_buf_putc(marks, marked ? '^' : tab ? '\t' : ' ');
    }
    if (i < line.len)
        rt_buf_puts(code, "...");
    if (!carets)
        rt_buf_putc(marks, '^');
}

/* The reports are written with puts, not printf: tens of thousands of findings each
 * take a dozen pieces, and formatting was most of the report's time. */
static void put_uint(rt_buf *out, unsigned v)
{
    char d[10];
    size_t n = 0;
    do {
        d[sizeof d - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    rt_buf_put(out, d + sizeof d - n, n);
}

static void put_spaces(rt_buf *out, unsigned n)
{
    while (n--)
        rt_buf_putc(out, ' ');
}

/* The gutter before a snippet or help line, coloured: width columns of line number (or
 * blank when line is 0), a space and the mark ("|" or "="). */
static void gutter_cell(rt_buf *out, style st, unsigned width, unsigned line, const char *mark)
{
    rt_buf_puts(out, st.gutter);
    if (line)
        put_uint(out, line); /* width is its number of digits */
    else
        put_spaces(out, width);
    rt_buf_putc(out, ' ');
    rt_buf_puts(out, mark);
    rt_buf_puts(out, st.reset);
}

static void snippet(rt_buf *out, rt_str line, const rt_finding *f, style st, unsigned gutter)
{
    rt_buf code = RT_BUF_INIT, marks = RT_BUF_INIT;
    render_line(&code, &marks, line, f);
    gutter_cell(out, st, gutter, 0, "|");
    rt_buf_putc(out, '\n');
    gutter_cell(out, st, gutter, f->line, "|");
    rt_buf_putc(out, ' ');
    rt_buf_put(out, rt_buf_cstr(&code), code.len);
    rt_buf_putc(out, '\n');
    if (f->column) {
        gutter_cell(out, st, gutter, 0, "|");
        rt_buf_putc(out, ' ');
        rt_buf_puts(out, st.sev);
        rt_buf_put(out, rt_buf_cstr(&marks), marks.len);
        rt_buf_puts(out, st.reset);
        rt_buf_putc(out, '\n');
    }
    out->toobig |= code.toobig || marks.toobig;
    rt_buf_free(&code);
    rt_buf_free(&marks);
}

static void header(rt_buf *out, const rt_finding *f, style st)
{
    rt_buf_puts(out, st.bold);
    escaped(out, f->path);
    if (f->line) {
        rt_buf_putc(out, ':');
        put_uint(out, f->line);
    }
    if (f->line && f->column) {
        rt_buf_putc(out, ':');
        put_uint(out, f->column);
    }
    const char *pieces[] = {":", st.reset, " ", st.sev, rt_severity_name(f->severity), st.reset,
                            st.bold, "[", f->rule, "]", st.reset, ": "};
    for (size_t i = 0; i < sizeof pieces / sizeof *pieces; i++)
        rt_buf_puts(out, pieces[i]);
    escaped(out, f->message);
    rt_buf_putc(out, '\n');
}

static void finding(rt_buf *out, const rt_finding *f, const rt_report_options *opts)
{
    style st = style_for(f, opts->color);
    unsigned gutter = f->line ? digits(f->line) : 1;
    header(out, f, st);
    rt_str line = rt_report_line(f, opts);
    if (line.len)
        snippet(out, line, f, st, gutter);
    if (f->help) {
        gutter_cell(out, st, gutter, 0, "=");
        rt_buf_putc(out, ' ');
        rt_buf_puts(out, st.bold);
        rt_buf_puts(out, "help");
        rt_buf_puts(out, st.reset);
        rt_buf_puts(out, ": ");
        escaped(out, f->help);
        rt_buf_putc(out, '\n');
    }
    rt_buf_putc(out, '\n');
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void summary(rt_buf *out, const rt_findings *list, bool color)
{
    size_t counts[4];
    rt_findings_count(list, counts);
    const char *files = plural(list->files, "file", "files");
    if (color)
        rt_buf_puts(out, ANSI_BOLD);
    if (list->count == 0)
        rt_buf_printf(out, "No findings in %zu %s.", list->files, files);
    else
        rt_buf_printf(out, "Found %zu %s, %zu %s, %zu %s in %zu %s.", counts[RT_SEV_ERROR],
                      plural(counts[RT_SEV_ERROR], "error", "errors"), counts[RT_SEV_WARNING],
                      plural(counts[RT_SEV_WARNING], "warning", "warnings"), counts[RT_SEV_INFO],
                      plural(counts[RT_SEV_INFO], "info", "infos"), list->files, files);
    rt_buf_puts(out, color ? ANSI_RESET "\n" : "\n");
}

int rt_report_text(rt_buf *out, const rt_findings *list, const rt_report_options *opts)
{
    for (size_t i = 0; i < list->count; i++)
        finding(out, &list->items[i], opts);
    summary(out, list, opts->color);
    return RT_OK;
}
