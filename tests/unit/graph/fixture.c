#include "fixture.h"

#include <criterion/criterion.h>
#include <string.h>

static void fill(gfix *f, rt_rev_list *l, const char *spec, unsigned line)
{
    if (!spec)
        return;
    l->present = true;
    l->line = line;
    l->column = 1;
    if (strcmp(spec, "?") == 0) {
        l->dynamic = true;
        return;
    }
    size_t cap = 1;
    for (const char *p = spec; *p; p++)
        cap += *p == ' ';
    rt_rev_ident *items = rt_arena_calloc(f->arena, cap, sizeof *items);
    cr_assert_not_null(items);
    const char *p = spec;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *start = p;
        while (*p && *p != ' ')
            p++;
        if (p == start)
            break;
        rt_rev_ident *it = &items[l->count++];
        it->line = line;
        it->column = 20 + (unsigned)(start - spec);
        if (p - start == 1 && *start == '?')
            it->dynamic = true;
        else
            it->text = (rt_str){start, (size_t)(p - start)};
    }
    l->items = items;
}

rt_revision *gfix_add(gfix *f, const char *path, const char *id, const char *down,
                      const char *labels, const char *deps)
{
    if (!f->arena)
        f->arena = rt_arena_new();
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        f->revs = rt_arena_grow(f->arena, f->revs, f->count, cap, sizeof *f->revs);
        cr_assert_not_null(f->revs);
        f->cap = cap;
    }
    rt_revision *r = &f->revs[f->count++];
    memset(r, 0, sizeof *r);
    r->path = path;
    if (id) {
        /* revision = "" is one empty value, unlike an empty down_revision list */
        if (id[0] == '\0') {
            rt_rev_ident *it = rt_arena_calloc(f->arena, 1, sizeof *it);
            it->line = 10;
            it->column = 20;
            r->revision = (rt_rev_list){.present = true, .line = 10, .column = 1, .items = it,
                                        .count = 1};
        } else if (strcmp(id, "None") == 0) {
            r->revision = (rt_rev_list){.present = true, .line = 10, .column = 1};
        } else {
            fill(f, &r->revision, id, 10);
        }
    }
    fill(f, &r->down_revisions, down, 11);
    fill(f, &r->branch_labels, labels, 12);
    fill(f, &r->depends_on, deps, 13);
    return r;
}

rt_graph *gfix_build(gfix *f, const rt_graph_options *opts)
{
    if (!f->arena)
        f->arena = rt_arena_new();
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_graph_build(&f->g, f->arena, f->revs, f->count, opts, &err);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    return f->g;
}

void gfix_free(gfix *f)
{
    rt_arena_free(f->arena);
    memset(f, 0, sizeof *f);
}

size_t gfix_count(const rt_graph *g, rt_graph_problem_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < g->problem_count; i++)
        n += g->problems[i].kind == kind;
    return n;
}

const rt_graph_problem *gfix_problem(const rt_graph *g, rt_graph_problem_kind kind)
{
    for (size_t i = 0; i < g->problem_count; i++)
        if (g->problems[i].kind == kind)
            return &g->problems[i];
    cr_assert_fail("no %s problem", rt_graph_problem_rule(kind));
    return NULL;
}

uint32_t gfix_node(const rt_graph *g, const char *id)
{
    int64_t n = rt_graph_find(g, rt_str_from(id));
    cr_assert_geq(n, 0, "no revision %s", id);
    return (uint32_t)n;
}

const char *gfix_ids(const rt_graph *g, const uint32_t *nodes, size_t n)
{
    rt_buf b = RT_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i)
            rt_buf_putc(&b, ',');
        rt_buf_put_str(&b, g->nodes[nodes[i]].id);
    }
    char *s = rt_arena_strndup(g->arena, rt_buf_cstr(&b), b.len);
    rt_buf_free(&b);
    return s;
}

const char *gfix_labels(const rt_graph *g, const char *id)
{
    const rt_graph_node *n = &g->nodes[gfix_node(g, id)];
    rt_buf b = RT_BUF_INIT;
    for (uint32_t k = 0; k < n->label_count; k++) {
        if (k)
            rt_buf_putc(&b, ',');
        rt_buf_put_str(&b, g->labels[n->labels[k]].name);
    }
    char *s = rt_arena_strndup(g->arena, rt_buf_cstr(&b), b.len);
    rt_buf_free(&b);
    return s;
}
