/* The json format, the shape tools rely on (DESIGN.md):
 *
 *   {"findings": [{"rule", "severity", "path", "line", "column", "end_line", "end_column",
 *                  "message", "help", "fingerprint"}, ...],
 *    "summary": {"files", "errors", "warnings", "infos"}}
 *
 * Keys come in this order, pretty-printed with a 2-space indent. "line" and "column" are
 * always integers (0 = the finding is about the whole file, as in rt_finding);
 * "end_line" and "end_column" are null when unknown, so a consumer never mistakes 0 for
 * a position; "help" is null when the finding has none. Strings are valid UTF-8: invalid
 * input bytes become U+FFFD.
 */
#include "report/json_writer.h"
#include "report/reporters.h"

static void position(rt_jw *w, const char *key, unsigned n)
{
    rt_jw_key(w, key);
    if (n)
        rt_jw_int(w, n);
    else
        rt_jw_null(w);
}

static void finding_object(rt_jw *w, const rt_finding *f)
{
    rt_jw_object(w);
    rt_jw_key_string(w, "rule", f->rule);
    rt_jw_key_string(w, "severity", rt_severity_name(f->severity));
    rt_jw_key_string(w, "path", f->path);
    rt_jw_key_int(w, "line", f->line);
    rt_jw_key_int(w, "column", f->column);
    position(w, "end_line", f->end_line);
    position(w, "end_column", f->end_column);
    rt_jw_key_string(w, "message", f->message);
    rt_jw_key_string(w, "help", f->help);
    rt_jw_key_string(w, "fingerprint", f->fingerprint);
    rt_jw_end(w);
}

static void summary_object(rt_jw *w, const rt_findings *list)
{
    size_t counts[4];
    rt_findings_count(list, counts);
    rt_jw_object(w);
    rt_jw_key_int(w, "files", (long long)list->files);
    rt_jw_key_int(w, "errors", (long long)counts[RT_SEV_ERROR]);
    rt_jw_key_int(w, "warnings", (long long)counts[RT_SEV_WARNING]);
    rt_jw_key_int(w, "infos", (long long)counts[RT_SEV_INFO]);
    rt_jw_end(w);
}

int rt_report_json(rt_buf *out, const rt_findings *list, const rt_report_options *opts)
{
    (void)opts;
    rt_jw w;
    rt_jw_init(&w, out);
    rt_jw_object(&w);
    rt_jw_key(&w, "findings");
    rt_jw_array(&w);
    for (size_t i = 0; i < list->count && !out->toobig; i++)
        finding_object(&w, &list->items[i]);
    rt_jw_end(&w);
    rt_jw_key(&w, "summary");
    summary_object(&w, list);
    rt_jw_end(&w);
    rt_buf_putc(out, '\n');
    return out->toobig ? RT_ENOMEM : RT_OK;
}
