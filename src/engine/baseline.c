/* Baselines: record finding identities in a JSON file, hide them in later runs. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "retort/baseline.h"
#include "retort/file.h"
#include "retort/source.h"

#define BASELINE_VERSION 1

typedef struct entry {
    const char *rule, *path, *fingerprint; /* in the JSON document */
    bool used;
} entry;

struct rt_baseline {
    json_t *doc;
    entry *entries;   /* sorted by identity */
    size_t count;
};

static int compare_identity(const char *rule_a, const char *path_a, const char *fp_a,
                            const char *rule_b, const char *path_b, const char *fp_b)
{
    int c = strcmp(rule_a, rule_b);
    if (c == 0)
        c = strcmp(path_a, path_b);
    return c ? c : strcmp(fp_a, fp_b);
}

static int compare_entries(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return compare_identity(x->rule, x->path, x->fingerprint, y->rule, y->path, y->fingerprint);
}

static const char *member(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static int read_entries(rt_baseline *b, const char *path, rt_error *err)
{
    json_t *version = json_object_get(b->doc, "retort_baseline");
    json_t *list = json_object_get(b->doc, "findings");
    if (!json_is_object(b->doc) || !json_is_integer(version) || !json_is_array(list))
        return rt_error_set(err, RT_EPARSE, path, 0, 0,
                            "not a retort baseline: expected an object with "
                            "\"retort_baseline\": %d and a \"findings\" array",
                            BASELINE_VERSION);
    if (json_integer_value(version) != BASELINE_VERSION)
        return rt_error_set(err, RT_EPARSE, path, 0, 0,
                            "baseline version %lld is not supported (this retort writes %d)",
                            (long long)json_integer_value(version), BASELINE_VERSION);
    size_t n = json_array_size(list);
    b->entries = calloc(n ? n : 1, sizeof *b->entries);
    if (!b->entries)
        return rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(list, i);
        entry e = {member(item, "rule"), member(item, "path"), member(item, "fingerprint"), false};
        if (!e.rule || !e.path || !e.fingerprint)
            return rt_error_set(err, RT_EPARSE, path, 0, 0,
                                "findings[%zu]: needs string members \"rule\", \"path\" and "
                                "\"fingerprint\"", i);
        b->entries[b->count++] = e;
    }
    qsort(b->entries, b->count, sizeof *b->entries, compare_entries);
    return RT_OK;
}

int rt_baseline_load(rt_baseline **out, const char *path, rt_error *err)
{
    rt_source src;
    *out = NULL;
    int rc = rt_source_read(&src, path, err);
    if (rc != RT_OK)
        return rc;
    rt_baseline *b = calloc(1, sizeof *b);
    json_error_t jerr;
    if (!b) {
        rc = rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory");
        goto cleanup;
    }
    b->doc = json_loadb(src.data, src.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!b->doc) {
        rc = rt_error_set(err, RT_EPARSE, path, jerr.line > 0 ? (unsigned)jerr.line : 0,
                          jerr.column > 0 ? (unsigned)jerr.column : 0, "invalid baseline: %s",
                          jerr.text);
        goto cleanup;
    }
    rc = read_entries(b, path, err);
cleanup:
    rt_source_free(&src);
    if (rc == RT_OK)
        *out = b;
    else
        rt_baseline_free(b);
    return rc;
}

void rt_baseline_free(rt_baseline *b)
{
    if (!b)
        return;
    json_decref(b->doc);
    free(b->entries);
    free(b);
}

/* The baseline entry with f's identity that no finding has claimed yet, or NULL. */
static entry *claim(rt_baseline *b, const rt_finding *f)
{
    size_t lo = 0, hi = b->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const entry *e = &b->entries[mid];
        if (compare_identity(e->rule, e->path, e->fingerprint, f->rule, f->path,
                             f->fingerprint) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < b->count; i++) {
        entry *e = &b->entries[i];
        if (compare_identity(e->rule, e->path, e->fingerprint, f->rule, f->path,
                             f->fingerprint) != 0)
            break;
        if (!e->used) {
            e->used = true;
            return e;
        }
    }
    return NULL;
}

size_t rt_baseline_apply(rt_baseline *b, rt_findings *list)
{
    size_t kept = 0;
    for (size_t i = 0; i < list->count; i++)
        if (!claim(b, &list->items[i]))
            list->items[kept++] = list->items[i];
    list->count = kept;
    size_t stale = 0;
    for (size_t i = 0; i < b->count; i++)
        stale += !b->entries[i].used;
    return stale;
}

static json_t *entry_json(const rt_finding *f)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "rule", f->rule, "path", f->path, "fingerprint",
                     f->fingerprint, "message", f->message ? f->message : "");
}

int rt_baseline_write(const rt_findings *list, const char *path, rt_error *err)
{
    json_t *findings = json_array();
    json_t *doc = findings ? json_pack("{s:i, s:o}", "retort_baseline", BASELINE_VERSION,
                                       "findings", findings)
                           : NULL;
    char *text = NULL;
    int rc = RT_OK;
    for (size_t i = 0; doc && i < list->count; i++)
        if (json_array_append_new(findings, entry_json(&list->items[i])) != 0) {
            json_decref(doc);
            doc = NULL;
        }
    if (doc)
        text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!text) {
        rc = rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory writing the baseline");
        goto cleanup;
    }
    size_t len = strlen(text);
    text[len] = '\n'; /* json_dumps leaves no final newline; its NUL becomes one */
    rc = rt_file_replace(path, text, len + 1, err);
cleanup:
    free(text);
    json_decref(doc);
    return rc;
}
