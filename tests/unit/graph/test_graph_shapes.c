/* Revision graph shapes: what Alembic's RevisionMap reports for each. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"

Test(graph_shape, linear_chain)
{
    gfix f = {0};
    gfix_add(&f, "v/c.py", "c", "b", NULL, NULL);
    gfix_add(&f, "v/a.py", "a", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "a", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_str_eq(gfix_ids(g, g->heads, g->head_count), "c");
    cr_assert_str_eq(gfix_ids(g, g->bases, g->base_count), "a");
    cr_assert_eq(g->merge_count, 0);
    cr_assert_eq(g->branch_point_count, 0);
    cr_assert_str_eq(gfix_ids(g, g->order, g->order_count), "a,b,c");
    cr_assert_eq(g->problem_count, 0, "%s", g->problem_count ? g->problems[0].message : "");
    const rt_graph_node *b = &g->nodes[gfix_node(g, "b")];
    cr_assert_eq(b->parent_count, 1);
    cr_assert_str_eq(gfix_ids(g, b->parents, 1), "a");
    cr_assert_str_eq(gfix_ids(g, b->children, b->child_count), "c");
    cr_assert(!b->head && !b->base);
    gfix_free(&f);
}

Test(graph_shape, empty_project)
{
    gfix f = {0};
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_eq(g->count, 0);
    cr_assert_eq(g->head_count + g->base_count + g->problem_count + g->order_count, 0);
    gfix_free(&f);
}

Test(graph_shape, branch_point_gives_two_heads)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", NULL, NULL);
    gfix_add(&f, "v/c.py", "c", "a", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "a", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_str_eq(gfix_ids(g, g->heads, g->head_count), "b,c");
    cr_assert_str_eq(gfix_ids(g, g->branch_points, g->branch_point_count), "a");
    cr_assert(g->nodes[gfix_node(g, "a")].branch_point);
    gfix_free(&f);
}

Test(graph_shape, merge_point_joins_heads)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "a", NULL, NULL);
    gfix_add(&f, "v/c.py", "c", "a", NULL, NULL);
    gfix_add(&f, "v/d.py", "d", "c b", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_str_eq(gfix_ids(g, g->heads, g->head_count), "d");
    cr_assert_str_eq(gfix_ids(g, g->merges, g->merge_count), "d");
    const rt_graph_node *d = &g->nodes[gfix_node(g, "d")];
    cr_assert_str_eq(gfix_ids(g, d->parents, d->parent_count), "c,b", "declared order");
    cr_assert_eq(g->order_count, 4);
    cr_assert_eq(g->order[3], gfix_node(g, "d"));
    cr_assert_eq(g->problem_count, 0);
    gfix_free(&f);
}

Test(graph_shape, several_bases)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", NULL, NULL);
    gfix_add(&f, "v/x.py", "x", "", NULL, NULL);
    gfix_add(&f, "v/m.py", "m", "a x", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_str_eq(gfix_ids(g, g->bases, g->base_count), "a,x");
    cr_assert_str_eq(gfix_ids(g, g->heads, g->head_count), "m");
    gfix_free(&f);
}

Test(graph_shape, repeated_parent_is_one_edge)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "a a", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    const rt_graph_node *a = &g->nodes[gfix_node(g, "a")];
    cr_assert_eq(a->child_count, 1);
    cr_assert(!a->branch_point);
    cr_assert_eq(g->order_count, 2);
    gfix_free(&f);
}

Test(graph_shape, depends_on_by_id_and_label)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", "core", NULL);
    gfix_add(&f, "v/b.py", "b", "a", NULL, NULL);
    gfix_add(&f, "v/x.py", "x", "", "extra", NULL);
    gfix_add(&f, "v/y.py", "y", "x", NULL, "core");
    gfix_add(&f, "v/z.py", "z", "y", NULL, "b");
    rt_graph *g = gfix_build(&f, NULL);
    const rt_graph_node *y = &g->nodes[gfix_node(g, "y")];
    const rt_graph_node *z = &g->nodes[gfix_node(g, "z")];
    cr_assert_str_eq(gfix_ids(g, y->deps, y->dep_count), "a", "label resolves to its revision");
    cr_assert_str_eq(gfix_ids(g, z->deps, z->dep_count), "b");
    const rt_graph_node *b = &g->nodes[gfix_node(g, "b")];
    cr_assert(b->head, "depends_on does not make a revision a parent (Alembic's heads)");
    cr_assert_str_eq(gfix_ids(g, g->heads, g->head_count), "b,z");
    cr_assert_eq(gfix_count(g, RT_GRAPH_MULTIPLE_HEADS), 0, "heads on branches core, extra");
    cr_assert_eq(rt_graph_resolve(g, RT_STR_LIT("extra")), gfix_node(g, "x"));
    cr_assert_eq(rt_graph_find(g, RT_STR_LIT("extra")), -1, "find takes ids only");
    /* order: dependencies first */
    size_t pos[5] = {0};
    for (size_t i = 0; i < g->order_count; i++)
        pos[g->order[i]] = i;
    cr_assert_lt(pos[gfix_node(g, "b")], pos[gfix_node(g, "z")]);
    cr_assert_lt(pos[gfix_node(g, "a")], pos[gfix_node(g, "y")]);
    gfix_free(&f);
}

Test(graph_shape, ancestors_follow_down_revision_and_depends_on)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "a", NULL, NULL);
    gfix_add(&f, "v/c.py", "c", "a", NULL, NULL); /* another branch, not needed by b */
    gfix_add(&f, "v/x.py", "x", "", NULL, NULL);
    gfix_add(&f, "v/y.py", "y", "x", NULL, "b");
    gfix_add(&f, "v/z.py", "z", "y", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    bool marks[6];
    uint32_t from = gfix_node(g, "y");
    cr_assert_eq(rt_graph_ancestors(g, &from, 1, marks), RT_OK);
    bool want[6] = {true, true, false, true, true, false};
    for (int i = 0; i < 6; i++)
        cr_assert_eq(marks[i], want[i], "node %d", i);
    gfix_free(&f);
}

Test(graph_shape, labels_propagate_to_descendants)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", "main", NULL);
    gfix_add(&f, "v/b.py", "b", "a", NULL, NULL);
    gfix_add(&f, "v/c.py", "c", "b", "feature", NULL);
    gfix_add(&f, "v/d.py", "d", "c", NULL, NULL);
    gfix_add(&f, "v/e.py", "e", "b", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_str_eq(gfix_labels(g, "a"), "main");
    cr_assert_str_eq(gfix_labels(g, "d"), "main,feature");
    cr_assert_str_eq(gfix_labels(g, "e"), "main");
    /* d and e share "main": two heads on one branch */
    cr_assert_eq(gfix_count(g, RT_GRAPH_MULTIPLE_HEADS), 1);
    gfix_free(&f);
}

Test(graph_shape, labels_walk_down_a_plain_line)
{
    /* Alembic also labels ancestors up to the nearest branch or merge point when the
     * labelled revision's descendants form one plain line. */
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "a", NULL, NULL);
    gfix_add(&f, "v/c.py", "c", "b", NULL, NULL);
    gfix_add(&f, "v/d.py", "d", "c", "tip", NULL);
    gfix_add(&f, "v/e.py", "e", "a", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_str_eq(gfix_labels(g, "c"), "tip");
    cr_assert_str_eq(gfix_labels(g, "b"), "tip");
    cr_assert_str_eq(gfix_labels(g, "a"), "", "a is a branch point: the walk stops");
    cr_assert_str_eq(gfix_labels(g, "e"), "");
    gfix_free(&f);
}

Test(graph_shape, labels_do_not_walk_down_when_descendants_branch)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "a", "lab", NULL);
    gfix_add(&f, "v/c.py", "c", "b", NULL, NULL);
    gfix_add(&f, "v/d.py", "d", "b", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_str_eq(gfix_labels(g, "a"), "");
    cr_assert_str_eq(gfix_labels(g, "c"), "lab");
    cr_assert_str_eq(gfix_labels(g, "d"), "lab");
    gfix_free(&f);
}

Test(graph_shape, long_linear_chain)
{
    enum { N = 50000 };
    gfix f = {0};
    char *ids = malloc((size_t)N * 16);
    cr_assert_not_null(ids);
    for (int i = 0; i < N; i++) {
        snprintf(ids + (size_t)i * 16, 16, "%012x", (unsigned)i * 2654435761u);
    }
    for (int i = N - 1; i >= 0; i--) /* reversed input: the order must not rely on it */
        gfix_add(&f, "v/x.py", ids + (size_t)i * 16, i ? ids + (size_t)(i - 1) * 16 : "",
                 NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_eq(g->problem_count, 0, "%s", g->problem_count ? g->problems[0].message : "");
    cr_assert_eq(g->head_count, 1);
    cr_assert_str_eq(g->nodes[g->heads[0]].id.p, ids + (size_t)(N - 1) * 16);
    cr_assert_eq(g->base_count, 1);
    cr_assert_eq(g->order_count, N);
    for (int i = 0; i < N; i++)
        cr_assert_eq(g->order[i], (uint32_t)(N - 1 - i));
    bool *marks = malloc(N);
    cr_assert_eq(rt_graph_ancestors(g, g->heads, 1, marks), RT_OK);
    for (int i = 0; i < N; i++)
        cr_assert(marks[i]);
    free(marks);
    free(ids);
    gfix_free(&f);
}

Test(graph_shape, wide_fan)
{
    enum { N = 50000 };
    gfix f = {0};
    char *ids = malloc((size_t)N * 16);
    cr_assert_not_null(ids);
    gfix_add(&f, "v/root.py", "root", "", NULL, NULL);
    for (int i = 0; i < N; i++) {
        snprintf(ids + (size_t)i * 16, 16, "h%06d", i);
        gfix_add(&f, "v/x.py", ids + (size_t)i * 16, "root", NULL, NULL);
    }
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_eq(g->head_count, N);
    cr_assert_eq(g->nodes[0].child_count, N);
    cr_assert_eq(g->order_count, N + 1);
    cr_assert_eq(g->problem_count, 1);
    const rt_graph_problem *p = gfix_problem(g, RT_GRAPH_MULTIPLE_HEADS);
    cr_assert_eq(p->node_count, N);
    cr_assert(strstr(p->message, "and 49992 more"), "%s", p->message);
    cr_assert_str_eq(p->help, "merge them: alembic merge -m \"merge heads\" heads");
    free(ids);
    gfix_free(&f);
}
