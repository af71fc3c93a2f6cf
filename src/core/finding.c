#include "retort/finding.h"

#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

static const char *const severity_names[] = {"off", "info", "warning", "error"};

const char *rt_severity_name(rt_severity sev)
{
    return (unsigned)sev < 4 ? severity_names[sev] : "unknown";
}

bool rt_severity_parse(rt_str name, rt_severity *out)
{
    for (int i = 0; i < 4; i++) {
        if (rt_str_eq_cstr(name, severity_names[i])) {
            *out = (rt_severity)i;
            return true;
        }
    }
    return false;
}

int rt_findings_init(rt_findings *list)
{
    memset(list, 0, sizeof *list);
    list->arena = rt_arena_new();
    return list->arena ? RT_OK : RT_ENOMEM;
}

void rt_findings_free(rt_findings *list)
{
    free(list->items);
    rt_arena_free(list->arena);
    memset(list, 0, sizeof *list);
}

static const char *copy(rt_arena *a, const char *s)
{
    return s ? rt_arena_strndup(a, s, strlen(s)) : NULL;
}

int rt_findings_add(rt_findings *list, const rt_finding *f)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 64;
        rt_finding *items = realloc(list->items, cap * sizeof *items);
        if (!items)
            return RT_ENOMEM;
        list->items = items;
        list->cap = cap;
    }
    rt_finding *dst = &list->items[list->count];
    *dst = *f;
    dst->path = copy(list->arena, f->path);
    dst->message = copy(list->arena, f->message);
    dst->help = copy(list->arena, f->help);
    dst->key = copy(list->arena, f->key);
    if (!dst->path || !dst->message || (f->help && !dst->help) || (f->key && !dst->key))
        return RT_ENOMEM;
    dst->fingerprint[0] = '\0';
    list->count++;
    return RT_OK;
}

static int strcmp_null(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int compare_findings(const void *pa, const void *pb)
{
    const rt_finding *a = pa, *b = pb;
    int c = strcmp(a->path, b->path);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    if ((c = strcmp(a->rule, b->rule)))
        return c;
    return strcmp_null(a->message, b->message);
}

/* The identity a fingerprint hashes: rule, path and key (or the line's text, with
 * white space runs folded so re-indentation does not change it). */
static void update(struct sha256_ctx *md, const void *p, size_t n)
{
    sha256_update(md, n, p);
}

static void identity(const rt_finding *f, rt_line_text_fn line_text, void *ctx,
                     struct sha256_ctx *md)
{
    update(md, f->rule, strlen(f->rule) + 1);
    update(md, f->path, strlen(f->path) + 1);
    if (f->key) {
        update(md, "k", 1);
        update(md, f->key, strlen(f->key));
        return;
    }
    rt_str text = line_text && f->line ? rt_str_trim(line_text(ctx, f->path, f->line)) : RT_STR_NULL;
    update(md, "l", 1);
    for (size_t i = 0; i < text.len;) { /* runs of blanks hash as one space */
        size_t start = i;
        while (i < text.len && text.p[i] != ' ' && text.p[i] != '\t')
            i++;
        update(md, text.p + start, i - start);
        if (i == text.len)
            break;
        while (i < text.len && (text.p[i] == ' ' || text.p[i] == '\t'))
            i++;
        if (i < text.len)
            update(md, " ", 1);
    }
}

static void fingerprint(rt_finding *f, rt_line_text_fn line_text, void *ctx)
{
    unsigned char digest[SHA256_DIGEST_SIZE];
    struct sha256_ctx md;
    sha256_init(&md);
    identity(f, line_text, ctx, &md);
    sha256_digest(&md, sizeof digest, digest);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < RT_FINGERPRINT_LEN / 2; i++) {
        f->fingerprint[2 * i] = hex[digest[i] >> 4];
        f->fingerprint[2 * i + 1] = hex[digest[i] & 15];
    }
    f->fingerprint[RT_FINGERPRINT_LEN] = '\0';
}

/* Orders findings by path, then identity (the fingerprint's first 24 digits), then
 * position in the list (the pointers point into one array). */
static int compare_identity(const void *pa, const void *pb)
{
    const rt_finding *a = *(const rt_finding *const *)pa, *b = *(const rt_finding *const *)pb;
    int c = strcmp(a->path, b->path);
    if (c == 0)
        c = memcmp(a->fingerprint, b->fingerprint, 24);
    if (c == 0 && a != b)
        c = a < b ? -1 : 1;
    return c;
}

/* Findings whose identity repeats (the same line text twice in a file) get the
 * occurrence number folded into the last hex digits, in file order. list is sorted by
 * path. O(n log n): a sorted index groups equal identities. Without memory for the index
 * the fingerprints stay as they are (repeats then share one). */
static void disambiguate(rt_findings *list)
{
    rt_finding **order = malloc(list->count * sizeof *order);
    if (!order)
        return;
    for (size_t i = 0; i < list->count; i++)
        order[i] = &list->items[i];
    qsort(order, list->count, sizeof *order, compare_identity);
    unsigned occurrence = 0;
    for (size_t i = 1; i < list->count; i++) {
        const rt_finding *prev = order[i - 1];
        bool same = strcmp(prev->path, order[i]->path) == 0 &&
                    memcmp(prev->fingerprint, order[i]->fingerprint, 24) == 0;
        occurrence = same ? occurrence + 1 : 0;
        if (occurrence)
            snprintf(order[i]->fingerprint + 24, 9, "%08x", occurrence);
    }
    free(order);
}

void rt_findings_finish(rt_findings *list, rt_line_text_fn line_text, void *ctx)
{
    if (list->count > 1)
        qsort(list->items, list->count, sizeof *list->items, compare_findings);
    for (size_t i = 0; i < list->count; i++)
        fingerprint(&list->items[i], line_text, ctx);
    disambiguate(list);
}

void rt_findings_count(const rt_findings *list, size_t out[4])
{
    memset(out, 0, 4 * sizeof *out);
    for (size_t i = 0; i < list->count; i++)
        if ((unsigned)list->items[i].severity < 4)
            out[list->items[i].severity]++;
}
