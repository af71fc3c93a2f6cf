/* Benchmark of the revision graph: builds graphs of N generated revisions (a main line
 * with a branch and its merge every 50 revisions, a branch label every 1,000) and prints
 * the CPU time of rt_graph_build and the arena it used. Never fails on time; it fails
 * only when the graph comes out wrong (one head, one base), so a broken build is not
 * timed. Usage: bench_graph_build [N...]   (default 300 10000 50000) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "retort/graph.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static rt_str id_of(rt_arena *a, size_t i)
{
    char buf[16];
    int n = snprintf(buf, sizeof buf, "%012zx", i * 2654435761u % 0xffffffffffffu);
    return (rt_str){rt_arena_strndup(a, buf, (size_t)n), (size_t)n};
}

static rt_rev_list list_of(rt_arena *a, const rt_str *ids, size_t n)
{
    rt_rev_ident *items = rt_arena_calloc(a, n ? n : 1, sizeof *items);
    for (size_t i = 0; i < n; i++)
        items[i] = (rt_rev_ident){.text = ids[i], .line = 12, .column = 12};
    return (rt_rev_list){.present = true, .line = 12, .column = 1, .items = items, .count = n};
}

/* Revision i's parents: i-1, except the merge every 50 that also takes the branch. */
static rt_revision *generate(rt_arena *a, size_t n)
{
    rt_revision *revs = rt_arena_calloc(a, n, sizeof *revs);
    rt_str *ids = rt_arena_calloc(a, n, sizeof *ids);
    for (size_t i = 0; i < n; i++)
        ids[i] = id_of(a, i + 1);
    for (size_t i = 0; i < n; i++) {
        rt_str parents[2];
        size_t np = 0;
        if (i % 50 == 49 && i >= 2) {
            parents[np++] = ids[i - 1];
            parents[np++] = ids[i - 2];
        } else if (i % 50 == 48 && i >= 2) {
            parents[np++] = ids[i - 2]; /* the branch: a sibling of i-1 */
        } else if (i > 0) {
            parents[np++] = ids[i - 1];
        }
        char path[64];
        snprintf(path, sizeof path, "versions/%.*s_step.py", (int)ids[i].len, ids[i].p);
        revs[i].path = rt_arena_strndup(a, path, strlen(path));
        revs[i].revision = list_of(a, &ids[i], 1);
        revs[i].down_revisions = list_of(a, parents, np);
        rt_str label = RT_STR_LIT("release");
        revs[i].branch_labels = list_of(a, &label, i == 0 ? 1 : 0);
    }
    return revs;
}

static int run(size_t n)
{
    rt_arena *a = rt_arena_new();
    rt_revision *revs = generate(a, n);
    size_t before = rt_arena_used(a);
    rt_graph *g = NULL;
    rt_error err;
    double t0 = now();
    int rc = rt_graph_build(&g, a, revs, n, NULL, &err);
    double t = now() - t0;
    int ok = rc == RT_OK && g->head_count == 1 && g->base_count == 1 && g->problem_count == 0;
    if (ok)
        printf("%8zu revisions  %8.2f ms  %7.2f MB arena  %5zu merges\n", n, t * 1e3,
               (double)(rt_arena_used(a) - before) / 1e6, g->merge_count);
    else
        fprintf(stderr, "bench_graph_build: wrong graph for %zu revisions\n", n);
    rt_arena_free(a);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    static const size_t defaults[] = {300, 10000, 50000};
    int status = 0;
    puts("rt_graph_build, CPU time:");
    if (argc > 1)
        for (int i = 1; i < argc; i++)
            status |= run(strtoul(argv[i], NULL, 10));
    else
        for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
            status |= run(defaults[i]);
    return status;
}
