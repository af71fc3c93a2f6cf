/* rt_production_resolve(): the applied set, production heads, missing revisions and
 * changed files, from hand-built graphs and production facts. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "retort/path.h"
#include "retort/production.h"
#include "retort/project.h"
#include "retort/sumfile.h"

#define MAX_REVS 8

typedef struct pfix {
    rt_arena *arena;
    char dir[64];
    rt_revision revs[MAX_REVS];
    rt_project_file files[MAX_REVS];
    size_t count;
    rt_graph *graph;
    rt_production prod;
    rt_sumfile sum;
    rt_error err;
} pfix;

static pfix F;

static void setup(void)
{
    memset(&F, 0, sizeof F);
    F.arena = rt_arena_new();
    cr_assert_not_null(F.arena);
    snprintf(F.dir, sizeof F.dir, "%s", "/tmp/retort-prod-unit-XXXXXX");
    cr_assert_not_null(mkdtemp(F.dir));
    F.prod.arena = rt_arena_new();
    F.prod.kind = RT_PRODUCTION_HEADS;
    F.prod.source = "production (test)";
}

static void teardown(void)
{
    for (size_t i = 0; i < F.count; i++)
        unlink(F.files[i].path);
    rmdir(F.dir);
    rt_production_free(&F.prod);
    rt_arena_free(F.arena);
}

static rt_rev_list list_of(const char *id)
{
    rt_rev_list l = {.present = true, .line = 3, .column = 1};
    if (!id)
        return l;
    rt_rev_ident *it = rt_arena_calloc(F.arena, 1, sizeof *it);
    it->text = rt_str_from(id);
    it->line = 3;
    it->column = 17;
    l.items = it;
    l.count = 1;
    return l;
}

/* Adds revision id (down_revision down, depends_on dep) whose file holds content. */
static void rev(const char *id, const char *down, const char *dep, const char *content)
{
    size_t i = F.count++;
    char name[64];
    snprintf(name, sizeof name, "%s_step.py", id);
    F.files[i].path = rt_path_join(F.arena, F.dir, name);
    F.files[i].name = rt_arena_strndup(F.arena, name, strlen(name));
    F.files[i].version_dir = F.dir;
    F.files[i].sum = &F.sum;
    FILE *f = fopen(F.files[i].path, "wb");
    cr_assert_not_null(f);
    fputs(content ? content : id, f);
    fclose(f);
    F.revs[i] = (rt_revision){.path = F.files[i].path, .file_name = F.files[i].name,
                              .revision = list_of(id), .down_revisions = list_of(down),
                              .depends_on = list_of(dep)};
}

static void heads(const char *a, const char *b)
{
    F.prod.heads = rt_arena_calloc(F.prod.arena, 2, sizeof *F.prod.heads);
    F.prod.heads[F.prod.head_count++] = rt_str_from(a);
    if (b)
        F.prod.heads[F.prod.head_count++] = rt_str_from(b);
}

static void sums(const char *text)
{
    cr_assert_eq(rt_sumfile_parse(&F.sum, F.arena, "retort.sum", text, strlen(text), &F.err),
                 RT_OK, "%s", F.err.message);
}

static void resolve(void)
{
    cr_assert_eq(rt_graph_build(&F.graph, F.arena, F.revs, F.count, NULL, &F.err), RT_OK);
    cr_assert_eq(rt_production_resolve(&F.prod, F.graph, F.files, F.count, &F.sum, 1, &F.err),
                 RT_OK, "%s", F.err.message);
}

static const rt_production_node *node(const char *id)
{
    int64_t n = rt_graph_find(F.graph, rt_str_from(id));
    cr_assert_geq(n, 0, "no revision %s", id);
    return &F.prod.nodes[n];
}

TestSuite(production, .init = setup, .fini = teardown);

Test(production, heads_apply_their_ancestors_only)
{
    rev("a1", NULL, NULL, NULL);
    rev("b2", "a1", NULL, NULL);
    rev("c3", "b2", NULL, NULL);
    heads("b2", NULL);
    resolve();
    cr_expect(node("a1")->applied && node("b2")->applied);
    cr_expect(!node("c3")->applied);
    cr_expect(node("b2")->head && !node("a1")->head);
    cr_expect_eq(F.prod.missing_count, 0);
}

Test(production, depends_on_is_followed)
{
    rev("a1", NULL, NULL, NULL);
    rev("x9", NULL, NULL, NULL);
    rev("b2", "a1", "x9", NULL);
    heads("b2", NULL);
    resolve();
    cr_expect(node("x9")->applied);
    cr_expect(node("x9")->head, "x9 has no applied child by down_revision");
}

Test(production, unknown_head_is_removed_only_when_retort_sum_lists_it)
{
    rev("a1", NULL, NULL, NULL);
    sums("b2_orders.py sha256:" "0000000000000000000000000000000000000000000000000000000000000000\n");
    heads("b2", "ffee");
    resolve();
    cr_assert_eq(F.prod.missing_count, 2);
    cr_expect(rt_str_eq_cstr(F.prod.missing[0].revision, "b2"));
    cr_expect(F.prod.missing[0].removed);
    cr_expect_eq(F.prod.missing[0].line, 1);
    cr_expect(rt_str_eq_cstr(F.prod.missing[1].revision, "ffee"));
    cr_expect(!F.prod.missing[1].removed);
}

Test(production, missing_parent_of_an_applied_revision_was_removed)
{
    rev("b2", "a1", NULL, NULL);
    heads("b2", NULL);
    resolve();
    cr_assert_eq(F.prod.missing_count, 1);
    cr_expect(rt_str_eq_cstr(F.prod.missing[0].revision, "a1"));
    cr_expect(F.prod.missing[0].removed);
    cr_expect_eq(F.prod.missing[0].line, 3);
    cr_expect_eq(F.prod.missing[0].column, 17);
}

Test(production, retort_sum_hash_is_the_reference_without_git)
{
    rev("a1", NULL, NULL, "print(1)\n");
    rev("b2", "a1", NULL, "print(2)\r\n");
    unsigned char h[RT_HASH_LEN];
    char a_line[72], b_line[72];
    rt_hash_migration("print(0)\n", 9, h);
    rt_hash_format(h, a_line);
    rt_hash_migration("print(2)\n", 9, h);
    rt_hash_format(h, b_line);
    char text[256];
    snprintf(text, sizeof text, "a1_step.py %s\nb2_step.py %s\n", a_line, b_line);
    sums(text);
    heads("b2", NULL);
    resolve();
    cr_expect(node("a1")->modified);
    cr_expect_eq(node("a1")->diff_line, 0);
    cr_expect(!node("b2")->modified, "CRLF is read as LF");
}

static rt_production_blob blob(const char *id, const char *name, const char *bytes)
{
    return (rt_production_blob){.revision = rt_str_from(id), .path = name, .shown = name,
                                .name = name, .bytes = bytes, .len = strlen(bytes)};
}

static void git_blobs(rt_production_blob *b, size_t n)
{
    F.prod.kind = RT_PRODUCTION_GIT;
    F.prod.blobs = b;
    F.prod.blob_count = n;
}

Test(production, git_reference_gives_the_first_differing_line)
{
    rev("a1", NULL, NULL, "one\r\ntwo\r\nthree\r\n");
    rev("b2", "a1", NULL, "one\ntwo\nTHREE\n");
    rev("c3", "b2", NULL, "x\n");
    rt_production_blob b[] = {blob("a1", "a1_step.py", "one\ntwo\nthree\n"),
                              blob("b2", "b2_step.py", "one\ntwo\nthree\nfour\n")};
    git_blobs(b, 2);
    resolve();
    cr_expect(!node("a1")->modified);
    cr_expect(node("b2")->modified);
    cr_expect_eq(node("b2")->diff_line, 3);
    cr_expect(!node("c3")->applied);
}

Test(production, git_rename_with_same_content_is_matched_by_revision)
{
    rev("a1", NULL, NULL, "same\n");
    rt_production_blob b[] = {blob("a1", "0001_old_name.py", "same\n")};
    git_blobs(b, 1);
    resolve();
    cr_expect(node("a1")->applied && !node("a1")->modified);
    cr_expect_str_eq(node("a1")->renamed_from, "0001_old_name.py");
    cr_expect_eq(F.prod.missing_count, 0);
}

Test(production, git_file_truncated_differs_at_the_line_after_the_end)
{
    rev("a1", NULL, NULL, "one\ntwo\n");
    rt_production_blob b[] = {blob("a1", "a1_step.py", "one\ntwo\nthree\n")};
    git_blobs(b, 1);
    resolve();
    cr_expect_eq(node("a1")->diff_line, 3);
}

Test(production, git_revision_missing_here_is_removed_or_ahead_by_the_fork_point)
{
    rev("a1", NULL, NULL, "a\n");
    rt_production_blob b[] = {blob("a1", "a1_step.py", "a\n"), blob("b2", "b2_step.py", "b\n"),
                              blob("d4", "d4_step.py", "d\n")};
    rt_str forked[] = {RT_STR_LIT("a1"), RT_STR_LIT("b2")};
    git_blobs(b, 3);
    F.prod.has_fork_point = true;
    F.prod.forked = forked;
    F.prod.forked_count = 2;
    resolve();
    cr_assert_eq(F.prod.missing_count, 2);
    cr_expect(rt_str_eq_cstr(F.prod.missing[0].revision, "b2") && F.prod.missing[0].removed);
    cr_expect(rt_str_eq_cstr(F.prod.missing[1].revision, "d4") && !F.prod.missing[1].removed);
}

Test(production, git_without_fork_point_counts_every_missing_revision_as_removed)
{
    rev("a1", NULL, NULL, "a\n");
    rt_production_blob b[] = {blob("d4", "d4_step.py", "d\n")};
    git_blobs(b, 1);
    resolve();
    cr_assert_eq(F.prod.missing_count, 1);
    cr_expect(F.prod.missing[0].removed);
    cr_expect(!node("a1")->applied);
}

Test(production, several_sources_are_refused_and_none_is_not_configured)
{
    const char *hs[] = {"a1"};
    rt_production p;
    rt_production_sources both = {.git_ref = "production", .heads = hs, .head_count = 1};
    cr_expect_eq(rt_production_read(&p, &both, ".", NULL, 0, &F.err), RT_ECONFIG);
    rt_production_free(&p);
    rt_production_sources none = {0};
    cr_expect(!rt_production_configured(&none));
    cr_expect_eq(rt_production_read(&p, &none, ".", NULL, 0, &F.err), RT_OK);
    cr_expect_eq(p.kind, RT_PRODUCTION_NONE);
    rt_production_free(&p);
}

Test(production, unset_database_variable_is_a_configuration_error)
{
    rt_production p;
    unsetenv("RETORT_UNIT_NO_SUCH_URL");
    rt_production_sources src = {.database_url_env = "RETORT_UNIT_NO_SUCH_URL"};
    cr_expect_eq(rt_production_read(&p, &src, ".", NULL, 0, &F.err), RT_ECONFIG);
    cr_expect(strstr(F.err.message, "RETORT_UNIT_NO_SUCH_URL") != NULL);
    rt_production_free(&p);
}
