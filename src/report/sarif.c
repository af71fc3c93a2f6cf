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

static json_t *text_message(const char *text)
{
    json_t *m = json_object();
    bool ok = m != NULL;
    if (ok)
        rt_report_json_set(m, "text", rt_report_json_str(text ? text : ""), &ok);
    return rt_report_json_done(m, ok);
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

static void rule_docs(json_t *d, const rt_rule *rule, bool *ok)
{
    const char *doc = rt_rule_doc(rule->name);
    char *para = doc ? first_paragraph(doc) : NULL;
    if (doc && !para)
        *ok = false;
    rt_report_json_set(d, "fullDescription", text_message(para && *para ? para : rule->summary),
                       ok);
    free(para);
    json_t *help = json_object();
    if (help && doc) {
        rt_report_json_set(help, "text", rt_report_json_str(doc), ok);
        rt_report_json_set(help, "markdown", rt_report_json_str(doc), ok);
    } else if (help) {
        rt_report_json_set(help, "text",
                           rt_report_json_str(rule->help ? rule->help : rule->summary), ok);
    }
    rt_report_json_set(d, "help", help, ok);
}

static json_t *descriptor(const char *name, const rt_rule *rule)
{
    json_t *d = json_object();
    bool ok = d != NULL;
    if (!ok)
        return NULL;
    rt_report_json_set(d, "id", rt_report_json_str(name), &ok);
    rt_report_json_set(d, "name", rt_report_json_str(name), &ok);
    if (rule) {
        rt_report_json_set(d, "shortDescription", text_message(rule->summary), &ok);
        rule_docs(d, rule, &ok);
        json_t *config = json_object();
        if (config)
            rt_report_json_set(config, "level", json_string(level_name(rule->default_severity)),
                               &ok);
        rt_report_json_set(d, "defaultConfiguration", config, &ok);
        json_t *props = json_object();
        if (props)
            rt_report_json_set(props, "tags", json_pack("[s]", rule->area ? rule->area : "retort"),
                               &ok);
        rt_report_json_set(d, "properties", props, &ok);
    }
    return rt_report_json_done(d, ok);
}

static json_t *rules_array(const rule_table *t)
{
    json_t *rules = json_array();
    bool ok = rules != NULL;
    for (size_t i = 0; ok && i < rt_rule_count(); i++)
        rt_report_json_append(rules, descriptor(rt_rule_at(i)->name, rt_rule_at(i)), &ok);
    for (size_t i = 0; ok && i < t->extra_count; i++)
        rt_report_json_append(rules, descriptor(t->extra[i], NULL), &ok);
    return rt_report_json_done(rules, ok);
}

static json_t *driver(const rule_table *t)
{
    json_t *tool = json_object(), *drv = json_object();
    bool ok = tool && drv;
    if (ok) {
        rt_report_json_set(drv, "name", json_string("retort"), &ok);
        rt_report_json_set(drv, "version", json_string(RETORT_VERSION), &ok);
        rt_report_json_set(drv, "rules", rules_array(t), &ok);
        rt_report_json_set(tool, "driver", json_incref(drv), &ok);
    }
    json_decref(drv);
    return rt_report_json_done(tool, ok);
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

static json_t *artifact_location(const char *path)
{
    json_t *a = json_object();
    bool ok = a != NULL;
    if (!ok)
        return NULL;
    path = rt_report_ci_path(path);
    bool absolute = path[0] == '/';
    rt_buf uri = RT_BUF_INIT;
    if (absolute)
        rt_buf_puts(&uri, "file://");
    uri_escape(&uri, path);
    ok = !uri.toobig;
    rt_report_json_set(a, "uri", json_stringn(rt_buf_cstr(&uri), uri.len), &ok);
    if (!absolute)
        rt_report_json_set(a, "uriBaseId", json_string(SRCROOT), &ok);
    rt_buf_free(&uri);
    return rt_report_json_done(a, ok);
}

static void region_field(json_t *region, const char *key, unsigned value, bool *ok)
{
    if (value)
        rt_report_json_set(region, key, json_integer(value), ok);
}

static json_t *location(const rt_finding *f)
{
    json_t *loc = json_object(), *phys = json_object();
    bool ok = loc && phys;
    if (ok) {
        rt_report_json_set(phys, "artifactLocation", artifact_location(f->path), &ok);
        if (f->line) {
            json_t *region = json_object();
            if (region) {
                region_field(region, "startLine", f->line, &ok);
                region_field(region, "startColumn", f->column, &ok);
                region_field(region, "endLine", f->end_line, &ok);
                region_field(region, "endColumn", f->end_column, &ok);
            }
            rt_report_json_set(phys, "region", region, &ok);
        }
        rt_report_json_set(loc, "physicalLocation", json_incref(phys), &ok);
    }
    json_decref(phys);
    return rt_report_json_done(loc, ok);
}

static json_t *help_property(const char *help)
{
    json_t *props = json_object();
    bool ok = props != NULL;
    if (ok)
        rt_report_json_set(props, "help", rt_report_json_str(help), &ok);
    return rt_report_json_done(props, ok);
}

static json_t *result(const rule_table *t, const rt_finding *f)
{
    json_t *r = json_object(), *locations = json_array(), *prints = json_object();
    bool ok = r && locations && prints;
    if (ok) {
        rt_report_json_set(r, "ruleId", rt_report_json_str(f->rule), &ok);
        rt_report_json_set(r, "ruleIndex", json_integer((json_int_t)rule_index(t, f->rule)), &ok);
        rt_report_json_set(r, "level", json_string(level_name(f->severity)), &ok);
        rt_report_json_set(r, "message", text_message(f->message), &ok);
        rt_report_json_append(locations, location(f), &ok);
        rt_report_json_set(r, "locations", json_incref(locations), &ok);
        if (f->fingerprint[0]) {
            rt_report_json_set(prints, FINGERPRINT_KEY, rt_report_json_str(f->fingerprint), &ok);
            rt_report_json_set(r, "partialFingerprints", json_incref(prints), &ok);
        }
        if (f->help)
            rt_report_json_set(r, "properties", help_property(f->help), &ok);
    }
    json_decref(locations);
    json_decref(prints);
    return rt_report_json_done(r, ok);
}

static json_t *base_ids(void)
{
    return json_pack("{s:{s:{s:s}}}", SRCROOT, "description", "text",
                     "The directory retort ran in; result paths are relative to it.");
}

static json_t *run(const rule_table *t, const rt_findings *list)
{
    json_t *r = json_object(), *results = json_array();
    bool ok = r && results;
    for (size_t i = 0; ok && i < list->count; i++)
        rt_report_json_append(results, result(t, &list->items[i]), &ok);
    if (ok) {
        rt_report_json_set(r, "tool", driver(t), &ok);
        rt_report_json_set(r, "originalUriBaseIds", base_ids(), &ok);
        rt_report_json_set(r, "columnKind", json_string("unicodeCodePoints"), &ok);
        rt_report_json_set(r, "results", json_incref(results), &ok);
    }
    json_decref(results);
    return rt_report_json_done(r, ok);
}

int rt_report_sarif(rt_buf *out, const rt_findings *list, const rt_report_options *opts)
{
    (void)opts;
    rule_table t;
    json_t *root = json_object(), *runs = json_array();
    bool ok = rule_table_build(&t, list) == RT_OK && root && runs;
    int rc = RT_ENOMEM;
    if (ok) {
        rt_report_json_set(root, "$schema", json_string(SARIF_SCHEMA), &ok);
        rt_report_json_set(root, "version", json_string("2.1.0"), &ok);
        rt_report_json_append(runs, run(&t, list), &ok);
        rt_report_json_set(root, "runs", json_incref(runs), &ok);
    }
    if (ok)
        rc = rt_report_json_dump(out, root);
    json_decref(runs);
    json_decref(root);
    free(t.extra);
    return rc;
}
