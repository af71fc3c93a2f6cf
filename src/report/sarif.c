/* The sarif format: SARIF 2.1.0, one run, for code scanning.
 *
 * tool.driver.rules lists every registered rule (in registry order, so ruleIndex is the
 * registry index), then any rule a finding names that the registry does not know (in
 * order of first appearance), so every result's ruleIndex is valid. Columns are code
 * points (run.columnKind "unicodeCodePoints"); region fields that are 0 are left out, and
 * a finding about a whole file has no region. Paths become relative URI references
 * against %SRCROOT% (the directory retort ran in, described but not spelled out, so the
 * output depends only on the findings); absolute paths become file:// URIs. The output
 * is deterministic: no times, no machine names.
 */
#include <stdlib.h>
#include <string.h>

#include "report/json_writer.h"
#include "report/reporters.h"
#include "retort/rule.h"

#define SARIF_SCHEMA                                                                               \
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define SRCROOT "%SRCROOT%"
#define FINGERPRINT_KEY "retort/v1"

/* The rules of the run: the registry plus unregistered names met in findings. */
typedef struct rule_table {
    const char **extra;
    size_t extra_count;
} rule_table;

static const char *level_name(rt_severity sev)
{
    switch (sev) {
    case RT_SEV_ERROR: return "error";
    case RT_SEV_WARNING: return "warning";
    case RT_SEV_INFO: return "note";
    default: return "none";
    }
}

static size_t rule_index(const rule_table *t, const char *name)
{
    const rt_rule *rule = rt_rule_find(rt_str_from(name));
    if (rule)
        return rt_rule_index(rule);
    for (size_t i = 0; i < t->extra_count; i++)
        if (strcmp(t->extra[i], name) == 0)
            return rt_rule_count() + i;
    return SIZE_MAX;
}

static int rule_table_build(rule_table *t, const rt_findings *list)
{
    t->extra = NULL;
    t->extra_count = 0;
    for (size_t i = 0; i < list->count; i++) {
        const char *name = list->items[i].rule;
        if (rule_index(t, name) != SIZE_MAX)
            continue;
        const char **grown = realloc(t->extra, (t->extra_count + 1) * sizeof *grown);
        if (!grown)
            return RT_ENOMEM;
        grown[t->extra_count++] = name;
        t->extra = grown;
    }
    return RT_OK;
}

/* "key": {"text": text} */
static void text_message(rt_jw *w, const char *key, const char *text)
{
    rt_jw_key(w, key);
    rt_jw_object(w);
    rt_jw_key_string(w, "text", text ? text : "");
    rt_jw_end(w);
}

/* The first paragraph after the first "## " heading of a rule's Markdown doc (the rule
 * docs open with a title and a metadata line, then "## What it finds"), lines joined by
 * spaces; "" when there is none. Caller frees; NULL when out of memory. */
static char *first_paragraph(const char *doc)
{
    rt_buf b = RT_BUF_INIT;
    bool in_section = false;
    for (const char *p = doc; *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        rt_str line = rt_str_trim((rt_str){p, len});
        p += len + (eol != NULL);
        if (line.len == 0 && b.len)
            break;
        if (rt_str_starts_with(line, "## "))
            in_section = true;
        if (!in_section || line.len == 0 || line.p[0] == '#')
            continue;
        if (b.len)
            rt_buf_putc(&b, ' ');
        rt_buf_put_str(&b, line);
    }
    return rt_buf_detach(&b);
}

/* fullDescription and help of a rule from its doc (the summary and help line when it
 * has none); false when out of memory. */
static bool rule_docs(rt_jw *w, const rt_rule *rule)
{
    const char *doc = rt_rule_doc(rule->name);
    char *para = doc ? first_paragraph(doc) : NULL;
    if (doc && !para)
        return false;
    text_message(w, "fullDescription", para && *para ? para : rule->summary);
    free(para);
    rt_jw_key(w, "help");
    rt_jw_object(w);
    if (doc) {
        rt_jw_key_string(w, "text", doc);
        rt_jw_key_string(w, "markdown", doc);
    } else {
        rt_jw_key_string(w, "text", rule->help ? rule->help : rule->summary);
    }
    rt_jw_end(w);
    return true;
}

static bool descriptor(rt_jw *w, const char *name, const rt_rule *rule)
{
    bool ok = true;
    rt_jw_object(w);
    rt_jw_key_string(w, "id", name);
    rt_jw_key_string(w, "name", name);
    if (rule) {
        text_message(w, "shortDescription", rule->summary);
        ok = rule_docs(w, rule);
        rt_jw_key(w, "defaultConfiguration");
        rt_jw_object(w);
        rt_jw_key_string(w, "level", level_name(rule->default_severity));
        rt_jw_end(w);
        rt_jw_key(w, "properties");
        rt_jw_object(w);
        rt_jw_key(w, "tags");
        rt_jw_array(w);
        rt_jw_string(w, rule->area ? rule->area : "retort");
        rt_jw_end(w);
        rt_jw_end(w);
    }
    rt_jw_end(w);
    return ok;
}

/* "tool": {"driver": {name, version, rules}} */
static bool driver(rt_jw *w, const rule_table *t)
{
    bool ok = true;
    rt_jw_key(w, "tool");
    rt_jw_object(w);
    rt_jw_key(w, "driver");
    rt_jw_object(w);
    rt_jw_key_string(w, "name", "retort");
    rt_jw_key_string(w, "version", RETORT_VERSION);
    rt_jw_key(w, "rules");
    rt_jw_array(w);
    for (size_t i = 0; ok && i < rt_rule_count(); i++)
        ok = descriptor(w, rt_rule_at(i)->name, rt_rule_at(i));
    for (size_t i = 0; ok && i < t->extra_count; i++)
        ok = descriptor(w, t->extra[i], NULL);
    rt_jw_end(w);
    rt_jw_end(w);
    rt_jw_end(w);
    return ok;
}

static bool uri_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '/';
}

/* Percent-encodes every byte of path but unreserved characters and '/'. */
static void uri_escape(rt_buf *out, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (uri_unreserved(*p)) {
            rt_buf_putc(out, (char)*p);
        } else {
            char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            rt_buf_put(out, esc, 3);
        }
    }
}

static void artifact_location(rt_jw *w, const char *path)
{
    path = rt_report_ci_path(path);
    bool absolute = path[0] == '/';
    rt_buf uri = RT_BUF_INIT;
    if (absolute)
        rt_buf_puts(&uri, "file://");
    uri_escape(&uri, path);
    w->out->toobig |= uri.toobig;
    rt_jw_key(w, "artifactLocation");
    rt_jw_object(w);
    rt_jw_key(w, "uri");
    rt_jw_string_n(w, rt_buf_cstr(&uri), uri.len);
    if (!absolute)
        rt_jw_key_string(w, "uriBaseId", SRCROOT);
    rt_jw_end(w);
    rt_buf_free(&uri);
}

static void region_field(rt_jw *w, const char *key, unsigned value)
{
    if (value)
        rt_jw_key_int(w, key, value);
}

/* "locations": [{"physicalLocation": {artifactLocation, region}}] */
static void locations(rt_jw *w, const rt_finding *f)
{
    rt_jw_key(w, "locations");
    rt_jw_array(w);
    rt_jw_object(w);
    rt_jw_key(w, "physicalLocation");
    rt_jw_object(w);
    artifact_location(w, f->path);
    if (f->line) {
        rt_jw_key(w, "region");
        rt_jw_object(w);
        region_field(w, "startLine", f->line);
        region_field(w, "startColumn", f->column);
        region_field(w, "endLine", f->end_line);
        region_field(w, "endColumn", f->end_column);
        rt_jw_end(w);
    }
    rt_jw_end(w);
    rt_jw_end(w);
    rt_jw_end(w);
}

static void result(rt_jw *w, const rule_table *t, const rt_finding *f)
{
    rt_jw_object(w);
    rt_jw_key_string(w, "ruleId", f->rule);
    rt_jw_key_int(w, "ruleIndex", (long long)rule_index(t, f->rule));
    rt_jw_key_string(w, "level", level_name(f->severity));
    text_message(w, "message", f->message);
    locations(w, f);
    if (f->fingerprint[0]) {
        rt_jw_key(w, "partialFingerprints");
        rt_jw_object(w);
        rt_jw_key_string(w, FINGERPRINT_KEY, f->fingerprint);
        rt_jw_end(w);
    }
    if (f->help) {
        rt_jw_key(w, "properties");
        rt_jw_object(w);
        rt_jw_key_string(w, "help", f->help);
        rt_jw_end(w);
    }
    rt_jw_end(w);
}

/* "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": ...}}} */
static void base_ids(rt_jw *w)
{
    rt_jw_key(w, "originalUriBaseIds");
    rt_jw_object(w);
    rt_jw_key(w, SRCROOT);
    rt_jw_object(w);
    text_message(w, "description", "The directory retort ran in; result paths are relative to it.");
    rt_jw_end(w);
    rt_jw_end(w);
}

static bool run(rt_jw *w, const rule_table *t, const rt_findings *list)
{
    rt_jw_object(w);
    bool ok = driver(w, t);
    base_ids(w);
    rt_jw_key_string(w, "columnKind", "unicodeCodePoints");
    rt_jw_key(w, "results");
    rt_jw_array(w);
    for (size_t i = 0; ok && i < list->count && !w->out->toobig; i++)
        result(w, t, &list->items[i]);
    rt_jw_end(w);
    rt_jw_end(w);
    return ok;
}

int rt_report_sarif(rt_buf *out, const rt_findings *list, const rt_report_options *opts)
{
    (void)opts;
    rule_table t;
    if (rule_table_build(&t, list) != RT_OK) {
        free(t.extra);
        return RT_ENOMEM;
    }
    rt_jw w;
    rt_jw_init(&w, out);
    rt_jw_object(&w);
    rt_jw_key_string(&w, "$schema", SARIF_SCHEMA);
    rt_jw_key_string(&w, "version", "2.1.0");
    rt_jw_key(&w, "runs");
    rt_jw_array(&w);
    bool ok = run(&w, &t, list);
    rt_jw_end(&w);
    rt_jw_end(&w);
    rt_buf_putc(out, '\n');
    free(t.extra);
    return ok && !out->toobig ? RT_OK : RT_ENOMEM;
}
