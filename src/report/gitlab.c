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
#include "report/reporters.h"

static const char *severity(rt_severity sev)
{
    switch (sev) {
    case RT_SEV_ERROR: return "critical";
    case RT_SEV_WARNING: return "minor";
    default: return "info";
    }
}

static json_t *description(const rt_finding *f)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_puts(&b, f->message);
    if (f->help) {
        rt_buf_puts(&b, " \xE2\x80\x94 help: ");
        rt_buf_puts(&b, f->help);
    }
    json_t *v = b.toobig ? NULL : rt_report_json_str(rt_buf_cstr(&b));
    rt_buf_free(&b);
    return v;
}

static json_t *location(const rt_finding *f)
{
    json_t *loc = json_object(), *lines = json_object();
    bool ok = loc && lines;
    if (ok) {
        rt_report_json_set(loc, "path", rt_report_json_str(rt_report_ci_path(f->path)), &ok);
        rt_report_json_set(lines, "begin", json_integer(f->line ? f->line : 1), &ok);
        rt_report_json_set(loc, "lines", json_incref(lines), &ok);
    }
    json_decref(lines);
    return rt_report_json_done(loc, ok);
}

static json_t *issue(const rt_finding *f)
{
    json_t *o = json_object();
    bool ok = o != NULL;
    if (ok) {
        rt_report_json_set(o, "description", description(f), &ok);
        rt_report_json_set(o, "check_name", rt_report_json_str(f->rule), &ok);
        rt_report_json_set(o, "fingerprint", rt_report_json_str(f->fingerprint), &ok);
        rt_report_json_set(o, "severity", json_string(severity(f->severity)), &ok);
        rt_report_json_set(o, "location", location(f), &ok);
    }
    return rt_report_json_done(o, ok);
}

int rt_report_gitlab(rt_buf *out, const rt_findings *list, const rt_report_options *opts)
{
    (void)opts;
    json_t *issues = json_array();
    bool ok = issues != NULL;
    for (size_t i = 0; ok && i < list->count; i++)
        rt_report_json_append(issues, issue(&list->items[i]), &ok);
    int rc = ok ? rt_report_json_dump(out, issues) : RT_ENOMEM;
    json_decref(issues);
    return rc;
}
