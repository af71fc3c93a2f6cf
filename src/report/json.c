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
#include "report/reporters.h"

static json_t *finding_object(const rt_finding *f)
{
    json_t *o = json_object();
    bool ok = o != NULL;
    if (!ok)
        return NULL;
    rt_report_json_set(o, "rule", rt_report_json_str(f->rule), &ok);
    rt_report_json_set(o, "severity", json_string(rt_severity_name(f->severity)), &ok);
    rt_report_json_set(o, "path", rt_report_json_str(f->path), &ok);
    rt_report_json_set(o, "line", json_integer(f->line), &ok);
    rt_report_json_set(o, "column", json_integer(f->column), &ok);
    rt_report_json_set(o, "end_line", rt_report_json_pos(f->end_line), &ok);
    rt_report_json_set(o, "end_column", rt_report_json_pos(f->end_column), &ok);
    rt_report_json_set(o, "message", rt_report_json_str(f->message), &ok);
    rt_report_json_set(o, "help", rt_report_json_str(f->help), &ok);
    rt_report_json_set(o, "fingerprint", rt_report_json_str(f->fingerprint), &ok);
    return rt_report_json_done(o, ok);
}

static json_t *summary_object(const rt_findings *list)
{
    size_t counts[4];
    rt_findings_count(list, counts);
    json_t *o = json_object();
    bool ok = o != NULL;
    if (!ok)
        return NULL;
    rt_report_json_set(o, "files", json_integer((json_int_t)list->files), &ok);
    rt_report_json_set(o, "errors", json_integer((json_int_t)counts[RT_SEV_ERROR]), &ok);
    rt_report_json_set(o, "warnings", json_integer((json_int_t)counts[RT_SEV_WARNING]), &ok);
    rt_report_json_set(o, "infos", json_integer((json_int_t)counts[RT_SEV_INFO]), &ok);
    return rt_report_json_done(o, ok);
}

int rt_report_json(rt_buf *out, const rt_findings *list, const rt_report_options *opts)
{
    (void)opts;
    json_t *root = json_object();
    json_t *findings = json_array();
    bool ok = root && findings;
    for (size_t i = 0; ok && i < list->count; i++)
        rt_report_json_append(findings, finding_object(&list->items[i]), &ok);
    int rc = RT_ENOMEM;
    if (!ok)
        goto cleanup;
    rt_report_json_set(root, "findings", json_incref(findings), &ok);
    rt_report_json_set(root, "summary", summary_object(list), &ok);
    if (ok)
        rc = rt_report_json_dump(out, root);
cleanup:
    json_decref(findings);
    json_decref(root);
    return rc;
}
