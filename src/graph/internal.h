/* Internals of the revision graph, shared by the files of src/graph. */
#ifndef RETORT_GRAPH_INTERNAL_H
#define RETORT_GRAPH_INTERNAL_H

#include "retort/graph.h"

/* An open-addressing hash table from byte strings to uint32 values. Keys are slices
 * the table does not copy; the table lives in an arena and never shrinks. */
typedef struct gtable_slot {
    const char *p;
    size_t len;
    uint64_t hash;
    uint32_t value;
    bool used;
} gtable_slot;

typedef struct gtable {
    gtable_slot *slots;
    size_t mask;
} gtable;

struct rt_graph_index {
    gtable ids;     /* revision id -> node (the one Alembic keeps) */
    gtable labels;  /* literal branch label -> index into g->labels (first declaration) */
};

/* Room for n keys. Returns RT_OK or RT_ENOMEM. */
int gtable_init(gtable *t, rt_arena *arena, size_t n);
/* The value of key in *out; false when absent. */
bool gtable_get(const gtable *t, rt_str key, uint32_t *out);
/* Sets key to value. When key was present, returns true and its old value in *old.
 * The table must have been sized for every key put into it. */
bool gtable_put(gtable *t, rt_str key, uint32_t value, uint32_t *old);

/* State of one rt_graph_build() call. */
typedef struct gbuild {
    rt_graph *g;
    rt_arena *arena;
    const rt_graph_options *opts;
    rt_buf msg, help, key;     /* scratch for the problem being written */
    size_t problem_cap;
    unsigned suggestions_left; /* bounds the "did you mean" searches */
    bool broken_chain;         /* a down_revision names no revision: heads are uncertain */
    int rc;                    /* RT_OK, or the first allocation failure */
} gbuild;

/* Problems (problems.c). The message, help and key are taken from b->msg, b->help
 * and b->key, which are cleared afterwards; nodes is copied. */
void gproblem_add(gbuild *b, rt_graph_problem_kind kind, uint32_t node, unsigned line,
                  unsigned column, const uint32_t *nodes, size_t node_count);
/* Appends s quoted for a message: 'text' with control characters escaped. */
void gput_quoted(rt_buf *out, rt_str s);
/* Appends the name of node for messages: its id quoted, else its path. */
void gput_node(rt_buf *out, const rt_graph *g, uint32_t node);
/* The file name of a revision: file_name, else the part of path after the last '/'. */
rt_str gfile_name(const rt_revision *rev);
/* The closest revision id or label to name (edit distance, or a unique prefix), or -1
 * for none; at most a bounded number of searches per build. */
int64_t gsuggest_node(gbuild *b, rt_str name);

/* Per-revision checks that need no edges: invalid ids, dynamic identifiers, file
 * names, docstrings. */
void gcheck_revision(gbuild *b, uint32_t node);
/* Multiple heads, once heads and labels are known. */
void gcheck_heads(gbuild *b);

/* Branch labels (labels.c): fills every node's effective labels from the labels each
 * declares (own_first[i], own_count[i]: a range of g->labels). */
int glabels_propagate(gbuild *b, const uint32_t *own_first, const uint32_t *own_count);

/* Byte-wise order of two slices (shorter first on a tie). */
int gstr_cmp(rt_str a, rt_str b);
/* Sorts a node list by id. Returns RT_OK or RT_ENOMEM. */
int gsort_by_id(const rt_graph *g, uint32_t *nodes, size_t n);

#endif
