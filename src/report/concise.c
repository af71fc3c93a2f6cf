/* The concise format: one line per finding, for grep and editors' quickfix lists.
 *
 *   alembic.ini:3:31: error: sqlalchemy.url holds a password [credentials-in-alembic-ini]
 *   migrations/versions/1a2b.py: warning: migration is not recorded [unrecorded-migration]
 *
 * (a finding about a whole file has no line and column). Inputs are escaped with
 * rt_term_escape(); there is no colour and no summary.
 */
#include "report/reporters.h"
#include "retort/term.h"

int rt_report_concise(rt_buf *out, const rt_findings *list, const rt_report_options *opts)
{
    (void)opts;
    for (size_t i = 0; i < list->count; i++) {
        const rt_finding *f = &list->items[i];
        rt_term_escape(out, rt_str_from(f->path));
        if (f->line)
            rt_buf_printf(out, ":%u", f->line);
        if (f->line && f->column)
            rt_buf_printf(out, ":%u", f->column);
        rt_buf_printf(out, ": %s: ", rt_severity_name(f->severity));
        rt_term_escape(out, rt_str_from(f->message));
        rt_buf_puts(out, " [");
        rt_term_escape(out, rt_str_from(f->rule));
        rt_buf_puts(out, "]\n");
    }
    return RT_OK;
}
