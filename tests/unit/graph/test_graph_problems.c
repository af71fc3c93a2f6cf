/* Problems the revision graph reports, with their positions and messages. */
#include <criterion/criterion.h>
#include <string.h>

#include "fixture.h"

#define assert_has(s, needle) cr_assert(strstr((s), (needle)), "%s\n  lacks: %s", (s), (needle))

Test(graph_problem, multiple_heads_with_merge_advice)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", NULL, NULL);
    gfix_add(&f, "v/c.py", "c", "a", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "a", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_eq(g->problem_count, 1);
    const rt_graph_problem *p = gfix_problem(g, RT_GRAPH_MULTIPLE_HEADS);
    cr_assert_str_eq(gfix_ids(g, p->nodes, p->node_count), "b,c");
    cr_assert_str_eq(p->path, "v/c.py", "reported at the first head in input order");
    cr_assert_eq(p->line, 10);
    assert_has(p->message, "2 heads: 'b' (v/b.py), 'c' (v/c.py)");
    cr_assert_str_eq(p->help, "merge them: alembic merge -m \"merge heads\" b c");
    cr_assert_str_eq(rt_graph_problem_rule(p->kind), "multiple-heads");
    gfix_free(&f);
}

Test(graph_problem, allowed_heads_are_not_reported)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "a", NULL, NULL);
    gfix_add(&f, "v/c.py", "c", "a", NULL, NULL);
    rt_str allowed = RT_STR_LIT("c");
    rt_graph_options opts = {.allowed_heads = &allowed, .allowed_head_count = 1};
    rt_graph *g = gfix_build(&f, &opts);
    cr_assert_eq(gfix_count(g, RT_GRAPH_MULTIPLE_HEADS), 0);
    gfix_free(&f);
}

Test(graph_problem, heads_on_distinct_branch_labels_are_fine)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", "expand", NULL);
    gfix_add(&f, "v/b.py", "b", "a", NULL, NULL);
    gfix_add(&f, "v/x.py", "x", "", "contract", NULL);
    gfix_add(&f, "v/y.py", "y", "x", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_eq(g->problem_count, 0);
    gfix_add(&f, "v/u.py", "u", "", NULL, NULL); /* an unlabelled third head */
    g = gfix_build(&f, NULL);
    cr_assert_eq(gfix_count(g, RT_GRAPH_MULTIPLE_HEADS), 1);
    gfix_free(&f);
}

Test(graph_problem, missing_parent_suggests_the_nearest_id)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "1a2b3c4d5e6f", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "2b3c4d5e6f70", "1a2b3c4d5e6e", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    const rt_graph_problem *p = gfix_problem(g, RT_GRAPH_MISSING_PARENT);
    cr_assert_str_eq(p->path, "v/b.py");
    cr_assert_eq(p->line, 11);
    cr_assert_eq(p->column, 20);
    assert_has(p->message, "down_revision names '1a2b3c4d5e6e', which no migration defines");
    assert_has(p->message, "did you mean '1a2b3c4d5e6f' (v/a.py)?");
    cr_assert_eq(gfix_count(g, RT_GRAPH_MULTIPLE_HEADS), 0, "a missing parent is not a head");
    cr_assert(!g->nodes[1].base);
    gfix_free(&f);
}

Test(graph_problem, missing_parent_suggests_a_unique_prefix)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "1a2b3c4d5e6f", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "2b3c4d5e6f70", "1a2b", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    assert_has(gfix_problem(g, RT_GRAPH_MISSING_PARENT)->message, "did you mean '1a2b3c4d5e6f'");
    gfix_free(&f);
}

Test(graph_problem, missing_parent_far_from_any_id_has_no_suggestion)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "1a2b3c4d5e6f", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "2b3c4d5e6f70", "ffffffffffff", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_null(strstr(gfix_problem(g, RT_GRAPH_MISSING_PARENT)->message, "did you mean"));
    gfix_free(&f);
}

Test(graph_problem, branch_label_as_down_revision)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", "core", NULL);
    gfix_add(&f, "v/b.py", "b", "core", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    assert_has(gfix_problem(g, RT_GRAPH_MISSING_PARENT)->message, "'core', a branch label");
    gfix_free(&f);
}

Test(graph_problem, no_down_revision_variable)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", NULL, NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    const rt_graph_problem *p = gfix_problem(g, RT_GRAPH_MISSING_PARENT);
    assert_has(p->message, "no down_revision variable");
    cr_assert(!g->nodes[0].base);
    gfix_free(&f);
}

Test(graph_problem, duplicate_revision_names_both_files)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", NULL, NULL);
    gfix_add(&f, "v/b1.py", "b", "a", NULL, NULL);
    gfix_add(&f, "v/b2.py", "b", "a", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    const rt_graph_problem *p = gfix_problem(g, RT_GRAPH_DUPLICATE_REVISION);
    cr_assert_str_eq(p->path, "v/b2.py");
    cr_assert_eq(p->node_count, 2);
    cr_assert_eq(p->nodes[0], 1);
    cr_assert_eq(p->nodes[1], 2);
    assert_has(p->message, "revision id 'b' is also defined in v/b1.py");
    assert_has(p->message, "depending on directory order");
    cr_assert(g->nodes[1].shadowed);
    cr_assert_eq(gfix_node(g, "b"), 2);
    cr_assert_eq(g->head_count, 1, "the shadowed file is out of the graph");
    cr_assert_eq(g->nodes[0].child_count, 1);
    cr_assert_eq(gfix_count(g, RT_GRAPH_MULTIPLE_HEADS), 0);
    gfix_free(&f);
}

Test(graph_problem, cycle_members_in_order)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "c", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "a", NULL, NULL);
    gfix_add(&f, "v/c.py", "c", "b", NULL, NULL);
    gfix_add(&f, "v/d.py", "d", "c", NULL, NULL); /* after the cycle, not in it */
    gfix_add(&f, "v/r.py", "r", "", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_eq(gfix_count(g, RT_GRAPH_CYCLE), 1);
    const rt_graph_problem *p = gfix_problem(g, RT_GRAPH_CYCLE);
    cr_assert_str_eq(gfix_ids(g, p->nodes, p->node_count), "a,b,c");
    assert_has(p->message, "revisions form a cycle: 'a' -> 'b' -> 'c' -> 'a'");
    assert_has(p->message, "\"Cycle is detected in revisions");
    cr_assert_str_eq(p->path, "v/a.py");
    cr_assert_eq(p->line, 11);
    cr_assert_eq(g->order_count, 1, "only r can be ordered");
    gfix_free(&f);
}

Test(graph_problem, two_separate_cycles)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "b", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "a", NULL, NULL);
    gfix_add(&f, "v/x.py", "x", "z", NULL, NULL);
    gfix_add(&f, "v/y.py", "y", "x", NULL, NULL);
    gfix_add(&f, "v/z.py", "z", "y", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_eq(gfix_count(g, RT_GRAPH_CYCLE), 2);
    gfix_free(&f);
}

Test(graph_problem, dependency_cycle)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "a", NULL, "c");
    gfix_add(&f, "v/c.py", "c", "b", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    const rt_graph_problem *p = gfix_problem(g, RT_GRAPH_CYCLE);
    cr_assert_str_eq(gfix_ids(g, p->nodes, p->node_count), "b,c");
    assert_has(p->message, "(through depends_on)");
    assert_has(p->message, "Dependency cycle is detected");
    cr_assert_eq(p->line, 13, "at b's depends_on");
    gfix_free(&f);
}

Test(graph_problem, self_loops)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "a", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "", "lab", "lab");
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_eq(gfix_count(g, RT_GRAPH_CYCLE), 2);
    const rt_graph_problem *p = gfix_problem(g, RT_GRAPH_CYCLE);
    assert_has(p->message, "revision 'a' names itself in down_revision");
    assert_has(p->message, "\"Self-loop is detected in revisions (a)\"");
    cr_assert_eq(p->line, 11);
    cr_assert_eq(p->node_count, 1);
    assert_has(g->problems[1].message, "Dependency self-loop");
    gfix_free(&f);
}

Test(graph_problem, invalid_revision_ids)
{
    gfix f = {0};
    gfix_add(&f, "v/1.py", "", "", NULL, NULL);
    gfix_add(&f, "v/2.py", "a-b+c", "", NULL, NULL);
    gfix_add(&f, "v/3.py", "a:b", "", NULL, NULL);
    gfix_add(&f, "v/4.py", "0123456789abcdef0123456789abcdef0", "", NULL, NULL);
    gfix_add(&f, "v/5.py", "head", "", NULL, NULL);
    gfix_add(&f, "v/6.py", "None", "", NULL, NULL);
    gfix_add(&f, "v/add_users.py", NULL, "", NULL, NULL);
    gfix_add(&f, "v/0123456789abcdef0123456789abcdef.py", "0123456789abcdef0123456789abcdef", "",
             NULL, NULL);
    gfix_add(&f, "v/1a2b.py", NULL, "", NULL, NULL); /* legacy: id from the file name */
    gfix_add(&f, "v/7.py", "a b", "", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    const char *want[] = {
        "the revision id is empty",
        "contains characters Alembic rejects; it stops with \"Character(s) '+, -' not allowed",
        "contains ':'",
        "is 33 characters long; alembic_version.version_num is VARCHAR(32)",
        "one of Alembic's symbolic names",
        "revision is None",
        "\"Could not determine revision id from filename add_users.py\"",
        "revision holds 2 values",
    };
    size_t n = 0;
    for (size_t i = 0; i < g->problem_count; i++) {
        if (g->problems[i].kind != RT_GRAPH_INVALID_REVISION_ID)
            continue;
        cr_assert_lt(n, 8, "unexpected: %s", g->problems[i].message);
        cr_assert_eq(g->problems[i].node, n < 7 ? n : 9);
        assert_has(g->problems[i].message, want[n]);
        n++;
    }
    cr_assert_eq(n, 8);
    cr_assert_eq(gfix_node(g, "1a2b"), 8);
    gfix_free(&f);
}

Test(graph_problem, unknown_dependency)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", "core", NULL);
    gfix_add(&f, "v/b.py", "b", "a", NULL, "kore");
    rt_graph *g = gfix_build(&f, NULL);
    const rt_graph_problem *p = gfix_problem(g, RT_GRAPH_UNKNOWN_DEPENDENCY);
    assert_has(p->message, "depends_on names 'kore', which is neither a revision id nor a "
                           "branch label");
    cr_assert_eq(p->line, 13);
    gfix_free(&f);
}

Test(graph_problem, branch_label_conflicts)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", "x", NULL);
    gfix_add(&f, "v/b.py", "b", "", "x", NULL);
    gfix_add(&f, "v/c.py", "c", "", "a", NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_eq(gfix_count(g, RT_GRAPH_BRANCH_LABEL_CONFLICT), 2);
    assert_has(g->problems[0].message, "branch label 'x' is also declared by the revision in v/a.py");
    assert_has(g->problems[1].message, "branch label 'a' is also the id of the revision in v/a.py");
    cr_assert_str_eq(g->problems[1].path, "v/c.py");
    cr_assert_eq(g->problems[1].line, 12);
    gfix_free(&f);
}

Test(graph_problem, dynamic_identifiers_make_the_graph_incomplete)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "?", "a", NULL, NULL);
    gfix_add(&f, "v/c.py", "c", "bbb", NULL, NULL); /* bbb may be b's id */
    gfix_add(&f, "v/d.py", "d", "a", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert(g->incomplete);
    cr_assert_eq(gfix_count(g, RT_GRAPH_DYNAMIC_IDENTIFIER), 1);
    const rt_graph_problem *p = gfix_problem(g, RT_GRAPH_DYNAMIC_IDENTIFIER);
    assert_has(p->message, "revision is not a string literal");
    cr_assert_eq(p->line, 10);
    cr_assert_eq(gfix_count(g, RT_GRAPH_MISSING_PARENT), 0);
    cr_assert_eq(gfix_count(g, RT_GRAPH_MULTIPLE_HEADS), 0);
    gfix_free(&f);
}

Test(graph_problem, dynamic_label_counts_as_its_own_branch)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a", "", "?", NULL);
    gfix_add(&f, "v/x.py", "x", "", "contract", NULL);
    gfix_add(&f, "v/y.py", "y", "x", NULL, "expand");
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_eq(gfix_count(g, RT_GRAPH_DYNAMIC_IDENTIFIER), 1);
    cr_assert_eq(gfix_problem(g, RT_GRAPH_DYNAMIC_IDENTIFIER)->line, 12);
    cr_assert_eq(gfix_count(g, RT_GRAPH_MULTIPLE_HEADS), 0);
    cr_assert_eq(gfix_count(g, RT_GRAPH_UNKNOWN_DEPENDENCY), 0, "expand may be the dynamic label");
    gfix_free(&f);
}

Test(graph_problem, filename_revision_mismatch)
{
    gfix f = {0};
    gfix_add(&f, "v/1a2b3c4d5e6f_add_users.py", "ffffffffffff", "", NULL, NULL);
    gfix_add(&f, "v/aaaaaaaaaaaa_ok.py", "aaaaaaaaaaaa", "ffffffffffff", NULL, NULL);
    gfix_add(&f, "v/202401011230_bbbbbbbbbbbb_dated.py", "bbbbbbbbbbbb", "aaaaaaaaaaaa", NULL, NULL);
    gfix_add(&f, "v/2024_01_01_cccccccccccc_dated.py", "cccccccccccc", "bbbbbbbbbbbb", NULL, NULL);
    gfix_add(&f, "v/add_users.py", "dddddddddddd", "cccccccccccc", NULL, NULL);
    gfix_add(&f, "v/eeeeeeeeeeee.py", "dddddddddddf", "dddddddddddd", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_eq(gfix_count(g, RT_GRAPH_FILENAME_MISMATCH), 2);
    const rt_graph_problem *p = gfix_problem(g, RT_GRAPH_FILENAME_MISMATCH);
    cr_assert_eq(p->node, 0);
    assert_has(p->message, "the file name starts with revision id '1a2b3c4d5e6f' but the "
                           "migration's revision is 'ffffffffffff'");
    cr_assert_eq(p->line, 10);
    cr_assert_eq(p->column, 20);
    gfix_free(&f);
}

static rt_revision *with_revises(rt_revision *r, const char *text)
{
    r->has_revises = true;
    r->revises = rt_str_from(text);
    r->revises_line = 3;
    r->revises_column = 10;
    return r;
}

Test(graph_problem, revises_docstring_mismatch)
{
    gfix f = {0};
    with_revises(gfix_add(&f, "v/a.py", "a", "", NULL, NULL), " ");
    with_revises(gfix_add(&f, "v/b.py", "b", "a", NULL, NULL), "a");
    with_revises(gfix_add(&f, "v/c.py", "c", "a", NULL, NULL), "None");
    with_revises(gfix_add(&f, "v/d.py", "d", "c b", NULL, NULL), "b, c");
    with_revises(gfix_add(&f, "v/e.py", "e", "d", NULL, NULL), "('d',)");
    with_revises(gfix_add(&f, "v/f.py", "f", "e", NULL, NULL), "d");
    with_revises(gfix_add(&f, "v/g.py", "g", "", NULL, NULL), "f");
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_eq(gfix_count(g, RT_GRAPH_REVISES_MISMATCH), 3);
    size_t seen = 0;
    for (size_t i = 0; i < g->problem_count; i++) {
        const rt_graph_problem *p = &g->problems[i];
        if (p->kind != RT_GRAPH_REVISES_MISMATCH)
            continue;
        cr_assert_eq(p->line, 3);
        if (p->node == 2)
            assert_has(p->message, "the docstring says \"Revises: None\" but down_revision is 'a'");
        else if (p->node == 5)
            assert_has(p->message, "\"Revises: d\" but down_revision is 'e'");
        else if (p->node == 6)
            assert_has(p->message, "\"Revises: f\" but down_revision is None (a base)");
        else
            cr_assert_fail("unexpected: %s", p->message);
        seen++;
    }
    cr_assert_eq(seen, 3);
    gfix_free(&f);
}

Test(graph_problem, control_characters_are_escaped_in_messages)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a\x1b[2Jb", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "x\ny", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    for (size_t i = 0; i < g->problem_count; i++) {
        cr_assert_null(strchr(g->problems[i].message, '\x1b'));
        cr_assert_null(strchr(g->problems[i].message, '\n'));
    }
    assert_has(gfix_problem(g, RT_GRAPH_MISSING_PARENT)->message, "'x\\ny'");
    gfix_free(&f);
}

Test(graph_problem, suggestion_allows_a_dropped_character)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "1a2b3c4d5e6f", "", NULL, NULL);
    gfix_add(&f, "v/z.py", "1a2b3c4d5e6a", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "2b3c4d5e6f70", "1a2b3c4d56f", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    assert_has(gfix_problem(g, RT_GRAPH_MISSING_PARENT)->message, "did you mean '1a2b3c4d5e6f'");
    gfix_free(&f);
}

Test(graph_problem, many_missing_parents_among_long_ids)
{
    /* "did you mean" searches are bounded: many missing parents stay linear */
    enum { N = 20000 };
    gfix f = {0};
    char *ids = malloc((size_t)N * 144);
    cr_assert_not_null(ids);
    for (int i = 0; i < N; i++) {
        char *id = ids + (size_t)i * 144, *parent = id + 72;
        snprintf(id, 72, "%064d", i);
        snprintf(parent, 72, "%063dx", N - i); /* close to many ids, equal to none */
        gfix_add(&f, "v/x.py", id, i % 2 ? parent : "", NULL, NULL);
    }
    rt_graph *g = gfix_build(&f, NULL);
    cr_assert_eq(gfix_count(g, RT_GRAPH_MISSING_PARENT), N / 2);
    cr_assert_eq(gfix_count(g, RT_GRAPH_INVALID_REVISION_ID), N, "64 characters each");
    free(ids);
    gfix_free(&f);
}
