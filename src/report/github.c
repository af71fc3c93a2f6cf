/* The github format: GitHub Actions workflow commands, which the runner turns into
 * annotations on the pull request's diff, one line per finding:
 *
 *   ::error file=alembic.ini,line=3,col=35,endLine=3,endColumn=54,
 *   title=credentials-in-alembic-ini::sqlalchemy.url holds a password%0Ahelp: ...
 *
 * (shown here on two lines). error, warning and info findings become ::error, ::warning
 * and ::notice. GitHub's columns are inclusive, so endColumn is the finding's exclusive
 * end minus one, and is given only for a range on one line. Paths lose any leading "./".
 * Text is first made terminal-safe with rt_term_escape() (the log is shown as a
 * terminal), then escaped for the command: in the message % CR LF become %25 %0D %0A;
 * in properties also ':' and ',' (%3A %2C).
 */
#include "report/reporters.h"
#include "retort/term.h"

static const char *command(rt_severity sev)
{
    switch (sev) {
    case RT_SEV_ERROR: return "error";
    case RT_SEV_WARNING: return "warning";
    default: return "notice";
    }
}

/* Appends s terminal-escaped, then escaped for a command's message or (property) value. */
static void put_escaped(rt_buf *out, const char *s, bool property)
{
    rt_buf safe = RT_BUF_INIT;
    rt_term_escape(&safe, rt_str_from(s));
    for (size_t i = 0; i < safe.len; i++) {
        char c = safe.data[i];
        switch (c) {
        case '%': rt_buf_puts(out, "%25"); break;
        case '\r': rt_buf_puts(out, "%0D"); break;
        case '\n': rt_buf_puts(out, "%0A"); break;
        case ':': rt_buf_puts(out, property ? "%3A" : ":"); break;
        case ',': rt_buf_puts(out, property ? "%2C" : ","); break;
        default: rt_buf_putc(out, c); break;
        }
    }
    out->toobig |= safe.toobig;
    rt_buf_free(&safe);
}

static void annotation(rt_buf *out, const rt_finding *f)
{
    rt_buf_printf(out, "::%s file=", command(f->severity));
    put_escaped(out, rt_report_ci_path(f->path), true);
    if (f->line)
        rt_buf_printf(out, ",line=%u", f->line);
    if (f->line && f->column)
        rt_buf_printf(out, ",col=%u", f->column);
    if (f->line && f->end_line)
        rt_buf_printf(out, ",endLine=%u", f->end_line);
    unsigned end = f->line ? rt_report_end_column(f) : 0;
    if (end)
        rt_buf_printf(out, ",endColumn=%u", end - 1);
    rt_buf_puts(out, ",title=");
    put_escaped(out, f->rule, true);
    rt_buf_puts(out, "::");
    put_escaped(out, f->message, false);
    if (f->help) {
        rt_buf_puts(out, "%0Ahelp: ");
        put_escaped(out, f->help, false);
    }
    rt_buf_putc(out, '\n');
}

int rt_report_github(rt_buf *out, const rt_findings *list, const rt_report_options *opts)
{
    (void)opts;
    for (size_t i = 0; i < list->count; i++)
        annotation(out, &list->items[i]);
    return RT_OK;
}
