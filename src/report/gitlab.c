/* The gitlab format: a GitLab Code Quality report (the subset of the Code Climate issue
 * format GitLab reads), a JSON array of
 *
 *   {"description", "check_name", "fingerprint", "severity", "location": {"path",
 *    "lines": {"begin"}}}
 *
 * Severities: error -> "critical" (retort fails the pipeline on it; "blocker" is left
 * for nothing retort reports), warning -> "minor", info -> "info"; "major" stays unused
 * so the three levels are far apart in GitLab's ordering. A finding about a whole file
 * is placed on line 1, since GitLab needs a line; paths lose any leading "./". The
 * description is the message, then " — help: " and the help when there is one.
 * Strings are valid UTF-8.
 */
#include "report/json_writer.h"
#include "report/reporters.h"

static const char *severity(rt_severity sev)
{
    switch (sev) {
    case RT_SEV_ERROR: return "critical";
    case RT_SEV_WARNING: return "minor";
    default: return "info";
    }
}

static void description(rt_jw *w, const rt_finding *f)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_puts(&b, f->message);
    if (f->help) {
        rt_buf_puts(&b, " \xE2\x80\x94 help: ");
        rt_buf_puts(&b, f->help);
    }
    w->out->toobig |= b.toobig;
    rt_jw_key(w, "description");
    rt_jw_string_n(w, rt_buf_cstr(&b), b.len);
    rt_buf_free(&b);
}

static void location(rt_jw *w, const rt_finding *f)
{
    rt_jw_key(w, "location");
    rt_jw_object(w);
    rt_jw_key_string(w, "path", rt_report_ci_path(f->path));
    rt_jw_key(w, "lines");
    rt_jw_object(w);
    rt_jw_key_int(w, "begin", f->line ? f->line : 1);
    rt_jw_end(w);
    rt_jw_end(w);
}

static void issue(rt_jw *w, const rt_finding *f)
{
    rt_jw_object(w);
    description(w, f);
    rt_jw_key_string(w, "check_name", f->rule);
    rt_jw_key_string(w, "fingerprint", f->fingerprint);
    rt_jw_key_string(w, "severity", severity(f->severity));
    location(w, f);
    rt_jw_end(w);
}

int rt_report_gitlab(rt_buf *out, const rt_findings *list, const rt_report_options *opts)
{
    (void)opts;
    rt_jw w;
    rt_jw_init(&w, out);
    rt_jw_array(&w);
    for (size_t i = 0; i < list->count && !out->toobig; i++)
        issue(&w, &list->items[i]);
    rt_jw_end(&w);
    rt_buf_putc(out, '\n');
    return out->toobig ? RT_ENOMEM : RT_OK;
}
