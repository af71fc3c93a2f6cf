/* Matching what production applied against the working tree's revision graph. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "retort/buf.h"
#include "retort/production.h"
#include "retort/project.h"
#include "retort/source.h"
#include "retort/sumfile.h"

typedef struct resolver {
    rt_production *prod;
    const rt_graph *g;
    const rt_project_file **node_file;  /* per node: its file, or NULL */
    const rt_sumfile *sums;
    size_t sum_count;
    size_t missing_cap;
    rt_error *err;
} resolver;

static int oom(resolver *r)
{
    return rt_error_set(r->err, RT_ENOMEM, NULL, 0, 0, "out of memory");
}

/* A single-line description built with printf, in prod's arena (NULL when out of memory). */
static const char *describe(rt_production *prod, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static const char *describe(rt_production *prod, const char *fmt, ...)
{
    rt_buf b = RT_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    rt_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    const char *s = b.toobig ? NULL : rt_arena_strndup(prod->arena, rt_buf_cstr(&b), b.len);
    rt_buf_free(&b);
    return s;
}

static bool id_in(rt_str id, const rt_str *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (rt_str_eq(id, list[i]))
            return true;
    return false;
}

static bool already_missing(const rt_production *prod, rt_str id)
{
    for (size_t i = 0; i < prod->missing_count; i++)
        if (rt_str_eq(prod->missing[i].revision, id))
            return true;
    return false;
}

static int add_missing(resolver *r, const rt_production_missing *m)
{
    rt_production *prod = r->prod;
    if (already_missing(prod, m->revision))
        return RT_OK;
    if (!m->detail)
        return oom(r);
    if (prod->missing_count == r->missing_cap) {
        size_t cap = r->missing_cap ? r->missing_cap * 2 : 8;
        prod->missing = rt_arena_grow(prod->arena, prod->missing, r->missing_cap, cap,
                                      sizeof *prod->missing);
        if (!prod->missing)
            return oom(r);
        r->missing_cap = cap;
    }
    prod->missing[prod->missing_count++] = *m;
    return RT_OK;
}

/* The retort.sum entry of a file named after revision id ("<id>_slug.py" or
 * "<id>.py"), or NULL. */
static const rt_sum_entry *sum_entry_for(resolver *r, rt_str id, const rt_sumfile **sum)
{
    for (size_t s = 0; s < r->sum_count; s++) {
        for (size_t i = 0; i < r->sums[s].count; i++) {
            const char *name = r->sums[s].entries[i].name;
            if (id.len == 0 || strncmp(name, id.p, id.len) != 0)
                continue;
            if (name[id.len] == '_' || strcmp(name + id.len, ".py") == 0) {
                *sum = &r->sums[s];
                return &r->sums[s].entries[i];
            }
        }
    }
    return NULL;
}

/* A recorded head the graph lacks: removed when a retort.sum still lists its file. */
static int head_missing(resolver *r, size_t h)
{
    rt_production *prod = r->prod;
    rt_str id = prod->heads[h];
    const rt_sumfile *sum = NULL;
    const rt_sum_entry *entry = sum_entry_for(r, id, &sum);
    rt_production_missing m = {.revision = id, .removed = entry != NULL};
    if (entry) {
        m.path = sum->path;
        m.line = entry->line;
        m.column = 1;
        m.detail = describe(prod, "%s still lists %s", sum->path, entry->name);
    } else {
        m.path = prod->head_paths ? prod->head_paths[h] : NULL;
        m.line = prod->head_lines ? prod->head_lines[h] : 0;
        m.column = m.line && prod->head_columns ? prod->head_columns[h] : 0;
        m.detail = describe(prod, "no file declares it");
    }
    return add_missing(r, &m);
}

/* A file at the git ref whose revision the graph lacks: removed when HEAD's history
 * had it at the fork point (or there is no fork point to tell). */
static int blob_missing(resolver *r, const rt_production_blob *b)
{
    rt_production *prod = r->prod;
    bool known = !prod->has_fork_point || id_in(b->revision, prod->forked, prod->forked_count);
    rt_production_missing m = {
        .revision = b->revision, .removed = known, .path = b->shown,
        .detail = describe(prod, "it was %s at the ref%s", b->path,
                           known ? "" : ", added after this branch forked")};
    return add_missing(r, &m);
}

static int seed(resolver *r, bool *seeds)
{
    rt_production *prod = r->prod;
    int rc = RT_OK;
    for (size_t h = 0; h < prod->head_count && rc == RT_OK; h++) {
        int64_t n = rt_graph_find(r->g, prod->heads[h]);
        if (n >= 0)
            seeds[n] = true;
        else
            rc = head_missing(r, h);
    }
    for (size_t b = 0; b < prod->blob_count && rc == RT_OK; b++) {
        const rt_production_blob *blob = &prod->blobs[b];
        if (blob->revision.len == 0)
            continue;
        int64_t n = rt_graph_find(r->g, blob->revision);
        if (n >= 0)
            seeds[n] = true;
        else
            rc = blob_missing(r, blob);
    }
    return rc;
}

/* An applied revision names a parent or dependency that has no file: production ran
 * it (it ran everything an applied revision needs), so its file was deleted. */
static int lost_ancestors(resolver *r, uint32_t n)
{
    const rt_revision *rev = r->g->nodes[n].rev;
    const rt_rev_list *lists[] = {&rev->down_revisions, &rev->depends_on};
    for (size_t l = 0; l < 2; l++) {
        if (lists[l]->dynamic)
            continue;
        for (size_t i = 0; i < lists[l]->count; i++) {
            const rt_rev_ident *it = &lists[l]->items[i];
            if (it->dynamic || it->text.len == 0 || rt_graph_resolve(r->g, it->text) >= 0)
                continue;
            const rt_sumfile *sum = NULL;
            const rt_sum_entry *entry = sum_entry_for(r, it->text, &sum);
            rt_production_missing m = {.revision = it->text, .removed = true,
                                       .path = entry ? sum->path : rev->path,
                                       .line = entry ? entry->line : it->line,
                                       .column = entry ? 1 : it->column,
                                       .detail = describe(r->prod, "%s names it", rev->path)};
            int rc = add_missing(r, &m);
            if (rc != RT_OK)
                return rc;
        }
    }
    return RT_OK;
}

static bool has_applied_child(const rt_production *prod, const rt_graph_node *node)
{
    for (uint32_t c = 0; c < node->child_count; c++)
        if (prod->nodes[node->children[c]].applied)
            return true;
    return false;
}

/* Bytes a and b compared as text with CRLF read as LF; returns the 1-based line of the
 * first difference, or 0 when they are equal. */
static unsigned first_difference(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0, j = 0;
    unsigned line = 1;
    for (;;) {
        if (i + 1 < alen && a[i] == '\r' && a[i + 1] == '\n')
            i++;
        if (j + 1 < blen && b[j] == '\r' && b[j + 1] == '\n')
            j++;
        if (i == alen || j == blen)
            return i == alen && j == blen ? 0 : line;
        if (a[i] != b[j])
            return line;
        if (a[i] == '\n')
            line++;
        i++;
        j++;
    }
}

static const rt_production_blob *blob_for(const rt_production *prod, rt_str id)
{
    for (size_t b = 0; b < prod->blob_count; b++)
        if (rt_str_eq(prod->blobs[b].revision, id))
            return &prod->blobs[b];
    return NULL;
}

static int compare_with_blob(resolver *r, rt_production_node *pn, const rt_project_file *file,
                             const rt_production_blob *blob)
{
    rt_source src;
    int rc = rt_source_read(&src, file->path, r->err);
    if (rc != RT_OK)
        return rc;
    pn->diff_line = first_difference(src.data, src.len, blob->bytes, blob->len);
    pn->modified = pn->diff_line != 0;
    rt_source_free(&src);
    pn->reference = describe(r->prod, "%s at %s", blob->path, r->prod->source);
    if (!pn->reference)
        return oom(r);
    if (strcmp(blob->name, file->name) != 0)
        pn->renamed_from = blob->name;
    return RT_OK;
}

static int compare_with_sum(resolver *r, rt_production_node *pn, const rt_project_file *file)
{
    const rt_sum_entry *entry = file->sum ? rt_sumfile_find(file->sum, file->name) : NULL;
    if (!entry)
        return RT_OK;
    rt_source src;
    int rc = rt_source_read(&src, file->path, r->err);
    if (rc != RT_OK)
        return rc;
    pn->modified = !rt_sum_entry_matches(entry, src.data, src.len);
    rt_source_free(&src);
    pn->reference = describe(r->prod, "line %u of %s", entry->line, file->sum->path);
    return pn->reference ? RT_OK : oom(r);
}

static int compare(resolver *r)
{
    rt_production *prod = r->prod;
    for (size_t n = 0; n < r->g->count; n++) {
        rt_production_node *pn = &prod->nodes[n];
        const rt_graph_node *node = &r->g->nodes[n];
        const rt_project_file *file = r->node_file[n];
        if (!pn->applied || !node->has_id || node->shadowed || !file)
            continue;
        int rc;
        if (prod->kind == RT_PRODUCTION_GIT) {
            const rt_production_blob *blob = blob_for(prod, node->id);
            rc = blob ? compare_with_blob(r, pn, file, blob) : RT_OK;
        } else {
            rc = compare_with_sum(r, pn, file);
        }
        if (rc != RT_OK)
            return rc;
    }
    return RT_OK;
}

static int mark_applied(resolver *r)
{
    size_t count = r->g->count;
    bool *seeds = calloc(count ? count : 1, sizeof *seeds);
    uint32_t *from = calloc(count ? count : 1, sizeof *from);
    bool *applied = calloc(count ? count : 1, sizeof *applied);
    int rc = seeds && from && applied ? RT_OK : oom(r);
    if (rc == RT_OK)
        rc = seed(r, seeds);
    size_t nfrom = 0;
    for (size_t n = 0; rc == RT_OK && n < count; n++)
        if (seeds[n])
            from[nfrom++] = (uint32_t)n;
    if (rc == RT_OK && rt_graph_ancestors(r->g, from, nfrom, applied) != RT_OK)
        rc = oom(r);
    for (size_t n = 0; rc == RT_OK && n < count; n++)
        r->prod->nodes[n].applied = applied[n];
    free(seeds);
    free(from);
    free(applied);
    return rc;
}

/* Pairs each node with its file: both lists are in file order. */
static const rt_project_file **pair_files(resolver *r, const rt_project_file *files,
                                          size_t file_count)
{
    const rt_graph *g = r->g;
    const rt_project_file **out = rt_arena_calloc(r->prod->arena, g->count ? g->count : 1,
                                                  sizeof *out);
    if (!out)
        return NULL;
    size_t f = 0;
    for (size_t n = 0; n < g->count; n++) {
        size_t start = f;
        while (f < file_count && strcmp(files[f].path, g->nodes[n].rev->path) != 0)
            f++;
        if (f == file_count) {
            f = start;
            continue;
        }
        out[n] = &files[f++];
    }
    return out;
}

int rt_production_resolve(rt_production *prod, const rt_graph *graph,
                          const rt_project_file *files, size_t file_count,
                          const rt_sumfile *sums, size_t sum_count, rt_error *err)
{
    resolver r = {.prod = prod, .g = graph, .sums = sums, .sum_count = sum_count, .err = err};
    prod->graph = graph;
    prod->missing_count = 0;
    prod->nodes = rt_arena_calloc(prod->arena, graph->count ? graph->count : 1,
                                  sizeof *prod->nodes);
    r.node_file = prod->nodes ? pair_files(&r, files, file_count) : NULL;
    if (!r.node_file)
        return oom(&r);
    int rc = mark_applied(&r);
    for (size_t n = 0; rc == RT_OK && n < graph->count; n++) {
        if (!prod->nodes[n].applied)
            continue;
        prod->nodes[n].head = !has_applied_child(prod, &graph->nodes[n]);
        rc = lost_ancestors(&r, (uint32_t)n);
    }
    return rc == RT_OK ? compare(&r) : rc;
}
