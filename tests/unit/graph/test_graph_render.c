/* `retort graph` renderings. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "fixture.h"

#define assert_has(s, needle) cr_assert(strstr((s), (needle)), "%s\n  lacks: %s", (s), (needle))

static char *render(const rt_graph *g, rt_graph_format format)
{
    rt_buf out = RT_BUF_INIT;
    cr_assert_eq(rt_graph_render(&out, g, format), RT_OK);
    cr_assert(!out.toobig);
    char *s = rt_buf_detach(&out);
    cr_assert_not_null(s);
    return s;
}

static void merge_project(gfix *f)
{
    gfix_add(f, "v/a.py", "a", "", "core", NULL);
    gfix_add(f, "v/c.py", "c", "a", NULL, NULL);
    gfix_add(f, "v/b.py", "b", "a", NULL, NULL);
    gfix_add(f, "v/m.py", "m", "c b", NULL, NULL);
    gfix_add(f, "v/x.py", "x", "", "extra", "core");
}

Test(graph_render, json_has_the_documented_shape)
{
    gfix f = {0};
    merge_project(&f);
    rt_graph *g = gfix_build(&f, NULL);
    char *s = render(g, RT_GRAPH_JSON);
    json_error_t jerr;
    json_t *root = json_loads(s, 0, &jerr);
    cr_assert_not_null(root, "%s", jerr.text);
    cr_assert_eq(json_object_size(root), 4);
    json_t *heads = json_object_get(root, "heads");
    cr_assert_eq(json_array_size(heads), 2);
    cr_assert_str_eq(json_string_value(json_array_get(heads, 0)), "m");
    cr_assert_str_eq(json_string_value(json_array_get(heads, 1)), "x");
    cr_assert_eq(json_array_size(json_object_get(root, "bases")), 2);
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(root, "merges"), 0)), "m");
    json_t *revs = json_object_get(root, "revisions");
    cr_assert_eq(json_object_size(revs), 5);
    json_t *m = json_object_get(revs, "m");
    cr_assert_str_eq(json_string_value(json_object_get(m, "path")), "v/m.py");
    json_t *down = json_object_get(m, "down_revisions");
    cr_assert_eq(json_array_size(down), 2);
    cr_assert_str_eq(json_string_value(json_array_get(down, 0)), "c");
    json_t *x = json_object_get(revs, "x");
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(x, "branch_labels"), 0)),
                     "extra");
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(x, "depends_on"), 0)),
                     "core");
    cr_assert(strstr(s, "\"bases\"") < strstr(s, "\"heads\""), "keys are sorted");
    json_decref(root);
    free(s);
    gfix_free(&f);
}

Test(graph_render, json_survives_invalid_utf8)
{
    gfix f = {0};
    gfix_add(&f, "v/\xff.py", "a\xc3(", "", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    char *s = render(g, RT_GRAPH_JSON);
    json_t *root = json_loads(s, 0, NULL);
    cr_assert_not_null(root, "%s", s);
    cr_assert_not_null(json_object_get(json_object_get(root, "revisions"), "a\xEF\xBF\xBD("));
    json_decref(root);
    free(s);
    gfix_free(&f);
}

Test(graph_render, text_marks_heads_bases_merges_and_labels)
{
    gfix f = {0};
    merge_project(&f);
    f.revs[3].message = RT_STR_LIT("merge heads");
    rt_graph *g = gfix_build(&f, NULL);
    char *s = render(g, RT_GRAPH_TEXT);
    assert_has(s, "revisions: 5, heads: 2, bases: 2, merges: 1\n");
    assert_has(s, "heads: m, x\n");
    assert_has(s, "m (head, merge) [core] <- c, b  \"merge heads\"\n    v/m.py\n");
    assert_has(s, "a (base, branch point) [core] <- base\n");
    assert_has(s, "x (head, base) [extra] <- base (depends on core)\n");
    cr_assert(strstr(s, "m (head") < strstr(s, "\nc [core]"), "newest first");
    cr_assert(strstr(s, "\nc [core]") < strstr(s, "\na (base"), "newest first");
    free(s);
    gfix_free(&f);
}

Test(graph_render, text_escapes_control_characters_and_lists_cycles)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a\x1b[31m", "b", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "a\x1b[31m", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    char *s = render(g, RT_GRAPH_TEXT);
    cr_assert_null(strchr(s, '\x1b'));
    assert_has(s, "a\\x1b[31m (in a cycle) <- b\n");
    free(s);
    gfix_free(&f);
}

Test(graph_render, dot_quotes_labels)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a\"b\\c", "", NULL, NULL);
    gfix_add(&f, "v/b.py", "b", "a\"b\\c", NULL, NULL);
    gfix_add(&f, "v/c.py", "c", "b", NULL, "a\"b\\c");
    rt_graph *g = gfix_build(&f, NULL);
    char *s = render(g, RT_GRAPH_DOT);
    cr_assert(strncmp(s, "digraph revisions {\n", 20) == 0);
    assert_has(s, "  n0 [label=\"a\\\"b\\\\c\\nbase\"];\n");
    assert_has(s, "  n2 [label=\"c\\nhead\", penwidth=2];\n");
    assert_has(s, "  n0 -> n1;\n");
    assert_has(s, "  n0 -> n2 [style=dashed, label=\"depends_on\"];\n");
    cr_assert_str_eq(s + strlen(s) - 2, "}\n");
    free(s);
    gfix_free(&f);
}

Test(graph_render, mermaid_encodes_syntax_characters)
{
    gfix f = {0};
    gfix_add(&f, "v/a.py", "a\"]-->x", "", "l#1", NULL);
    gfix_add(&f, "v/b.py", "b", "a\"]-->x", NULL, NULL);
    rt_graph *g = gfix_build(&f, NULL);
    char *s = render(g, RT_GRAPH_MERMAID);
    cr_assert(strncmp(s, "flowchart BT\n", 13) == 0);
    assert_has(s, "  n0[\"a#34;#93;--#62;x<br/>base<br/>#91;l#35;1#93;\"]\n");
    assert_has(s, "  n1[\"b<br/>head<br/>#91;l#35;1#93;\"]:::head\n");
    assert_has(s, "  n0 --> n1\n");
    free(s);
    gfix_free(&f);
}

Test(graph_render, format_names)
{
    rt_graph_format f;
    cr_assert(rt_graph_format_parse(RT_STR_LIT("mermaid"), &f) && f == RT_GRAPH_MERMAID);
    cr_assert(rt_graph_format_parse(RT_STR_LIT("json"), &f) && f == RT_GRAPH_JSON);
    cr_assert(!rt_graph_format_parse(RT_STR_LIT("svg"), &f));
}

Test(graph_render, write_to_a_file)
{
    gfix f = {0};
    merge_project(&f);
    rt_graph *g = gfix_build(&f, NULL);
    FILE *tmp = tmpfile();
    cr_assert_not_null(tmp);
    rt_error err;
    cr_assert_eq(rt_graph_write(tmp, g, RT_GRAPH_DOT, &err), RT_OK);
    char *want = render(g, RT_GRAPH_DOT);
    rewind(tmp);
    char got[4096] = {0};
    size_t n = fread(got, 1, sizeof got - 1, tmp);
    cr_assert_eq(n, strlen(want));
    cr_assert_str_eq(got, want);
    free(want);
    fclose(tmp);
    gfix_free(&f);
}

Test(graph_render, every_problem_kind_has_its_rule)
{
    const char *want[RT_GRAPH_PROBLEM_KINDS] = {
        "multiple-heads", "missing-parent", "duplicate-revision", "revision-cycle",
        "invalid-revision-id", "unknown-dependency", "branch-label-conflict",
        "dynamic-revision-identifier", "filename-revision-mismatch",
        "revises-docstring-mismatch"};
    for (int k = 0; k < RT_GRAPH_PROBLEM_KINDS; k++)
        cr_assert_str_eq(rt_graph_problem_rule((rt_graph_problem_kind)k), want[k]);
    cr_assert_str_eq(rt_graph_problem_rule(RT_GRAPH_PROBLEM_KINDS), "unknown");
}
