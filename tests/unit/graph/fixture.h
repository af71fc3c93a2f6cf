/* Builds rt_revision records for graph tests from compact strings. */
#ifndef RETORT_TEST_GRAPH_FIXTURE_H
#define RETORT_TEST_GRAPH_FIXTURE_H

#include "retort/graph.h"

typedef struct gfix {
    rt_arena *arena;
    rt_revision *revs;
    size_t count, cap;
    rt_graph *g;
} gfix;

/* Each list is NULL (variable absent), "" (None), "?" (dynamic as a whole) or values
 * separated by spaces, where "?" is one dynamic value. Variables sit on lines 10
 * (revision), 11 (down_revision), 12 (branch_labels), 13 (depends_on); a value's column
 * is its offset in the string plus 20. */
rt_revision *gfix_add(gfix *f, const char *path, const char *id, const char *down,
                      const char *labels, const char *deps);
/* Builds f->g (asserting success); opts may be NULL. */
rt_graph *gfix_build(gfix *f, const rt_graph_options *opts);
void gfix_free(gfix *f);

size_t gfix_count(const rt_graph *g, rt_graph_problem_kind kind);
/* The first problem of kind (asserting there is one). */
const rt_graph_problem *gfix_problem(const rt_graph *g, rt_graph_problem_kind kind);
/* The node of id (asserting it exists). */
uint32_t gfix_node(const rt_graph *g, const char *id);
/* The ids of a node list joined with ','. Owned by the graph's arena. */
const char *gfix_ids(const rt_graph *g, const uint32_t *nodes, size_t n);
/* The effective labels of id, joined with ',' in label order. */
const char *gfix_labels(const rt_graph *g, const char *id);

#endif
