/* retort — the revision graph.
 *
 * The caller (the migration model) describes each migration file with one rt_revision:
 * its identifiers as written, with their positions. rt_graph_build() links them the way
 * Alembic's RevisionMap does — nodes by id, down_revision edges, depends_on edges
 * resolved by id or branch label, heads, bases, merge and branch points, branch labels
 * propagated along branches, a topological order — and lists the problems it sees as
 * rt_graph_problem records that the graph rules turn into findings.
 *
 * Everything is linear in the number of revisions and identifiers; nothing recurses.
 * Node i of a graph is input record i, so indices mean the same in both.
 */
#ifndef RETORT_GRAPH_H
#define RETORT_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "retort/arena.h"
#include "retort/buf.h"
#include "retort/error.h"
#include "retort/str.h"

/* ---- Input: one record per migration file, filled by the caller ---------------- */

/* One value of an identifier variable. */
typedef struct rt_rev_ident {
    rt_str text;            /* the string literal's value; ignored when dynamic */
    bool dynamic;           /* not a string literal (a name, an attribute, a call...) */
    unsigned line, column;  /* where the value starts (1-based); 0 when unknown */
} rt_rev_ident;

/* A module-level identifier variable: revision, down_revision, branch_labels or
 * depends_on. The caller normalises Alembic's spellings: None, (), [] and "" give
 * count 0 (a base, no labels, no dependencies), a string gives count 1, a tuple or a
 * list gives its elements. For `revision`, count is 1 (an empty literal is an empty
 * text), 0 for `revision = None`, more for a tuple (both reported as invalid). */
typedef struct rt_rev_list {
    bool present;            /* the variable is assigned at module level */
    bool dynamic;            /* the whole value is not a literal: items are unknown */
    unsigned line, column;   /* of the assignment's target name; 0 when unknown */
    const rt_rev_ident *items;
    size_t count;
} rt_rev_list;

typedef struct rt_revision {
    const char *path;        /* the file as displayed; never NULL */
    const char *file_name;   /* its base name; NULL means the part of path after the last '/' */
    rt_rev_list revision;
    rt_rev_list down_revisions;
    rt_rev_list branch_labels;
    rt_rev_list depends_on;
    bool has_revises;        /* the module docstring has a "Revises:" line */
    rt_str revises;          /* the text after "Revises:", as written */
    unsigned revises_line, revises_column;
    rt_str message;          /* the docstring's first line (for `retort graph`); may be empty */
} rt_revision;

/* ---- The graph ----------------------------------------------------------------- */

typedef struct rt_graph_label {
    rt_str name;             /* empty for a dynamic label */
    bool dynamic;            /* a label whose value is not a literal: distinct from all others */
    uint32_t node;           /* the revision that declares it */
} rt_graph_label;

typedef struct rt_graph_node {
    const rt_revision *rev;  /* the input record */
    rt_str id;               /* the revision id; the file name's stem for legacy files */
    bool has_id;             /* false when the id is dynamic, None or absent */
    bool shadowed;           /* another file has the same id: this one is out of the graph */
    bool head;               /* no child names it in down_revision (depends_on ignored) */
    bool base;               /* down_revision is None, (), "" */
    bool merge;              /* several down_revisions */
    bool branch_point;       /* several children name it in down_revision */
    const uint32_t *parents;       /* down_revisions that exist, in declared order */
    uint32_t parent_count;
    const uint32_t *children;      /* revisions naming this one in down_revision */
    uint32_t child_count;
    const uint32_t *deps;          /* depends_on resolved to revisions */
    uint32_t dep_count;
    const uint32_t *dependents;    /* revisions whose depends_on resolves to this one */
    uint32_t dependent_count;
    const uint32_t *labels;        /* effective branch labels (indices into labels), ascending */
    uint32_t label_count;
} rt_graph_node;

typedef enum rt_graph_problem_kind {
    RT_GRAPH_MULTIPLE_HEADS,
    RT_GRAPH_MISSING_PARENT,
    RT_GRAPH_DUPLICATE_REVISION,
    RT_GRAPH_CYCLE,
    RT_GRAPH_INVALID_REVISION_ID,
    RT_GRAPH_UNKNOWN_DEPENDENCY,
    RT_GRAPH_BRANCH_LABEL_CONFLICT,
    RT_GRAPH_DYNAMIC_IDENTIFIER,
    RT_GRAPH_FILENAME_MISMATCH,
    RT_GRAPH_REVISES_MISMATCH,
    RT_GRAPH_PROBLEM_KINDS
} rt_graph_problem_kind;

/* A problem of the graph, ready to become a finding. All strings live in the graph's
 * arena; message and help are single lines with control characters escaped. */
typedef struct rt_graph_problem {
    rt_graph_problem_kind kind;
    uint32_t node;            /* the revision (input record) the finding belongs to */
    const char *path;         /* that revision's path */
    unsigned line, column;    /* the identifier or docstring line at fault; 0 = whole file */
    const uint32_t *nodes;    /* every revision involved, in order (heads by id, the cycle
                                 in upgrade order, the duplicate pair in input order...) */
    size_t node_count;
    const char *message;
    const char *help;         /* the fix to suggest; NULL when the rule's default fits */
    const char *key;          /* identity without line numbers, for fingerprints */
} rt_graph_problem;

typedef struct rt_graph {
    rt_arena *arena;          /* the caller's arena that holds everything below */
    const rt_revision *revisions;
    size_t count;             /* number of revisions = number of nodes */
    rt_graph_node *nodes;
    rt_graph_label *labels;
    size_t label_count;
    /* Node lists, each sorted by id (bytewise); nodes without a known id or shadowed
     * by a duplicate are in none of them. */
    uint32_t *heads;
    size_t head_count;
    uint32_t *bases;
    size_t base_count;
    uint32_t *merges;
    size_t merge_count;
    uint32_t *branch_points;
    size_t branch_point_count;
    /* Topological order: parents and dependencies before dependents (Kahn's algorithm,
     * queue seeded in input order, so deterministic). Revisions in or after a cycle,
     * and shadowed ones, are left out. */
    uint32_t *order;
    size_t order_count;
    rt_graph_problem *problems;
    size_t problem_count;
    /* A dynamic revision id or down_revision hides edges: heads, bases and missing
     * parents cannot be known, so multiple-heads and missing-parent are not reported
     * (nor unknown-dependency while a label is dynamic). multiple-heads also waits
     * while a down_revision names a missing revision: that one may join the heads. */
    bool incomplete;
    /* Too many labels to propagate within the memory budget: node labels are only the
     * ones each revision declares. */
    bool labels_truncated;
    struct rt_graph_index *index;  /* private: the id and label tables */
} rt_graph;

typedef struct rt_graph_options {
    /* Heads that may stay unmerged (e.g. long-lived branches); never reported. */
    const rt_str *allowed_heads;
    size_t allowed_head_count;
} rt_graph_options;

/* Builds the graph of count revisions (count < UINT32_MAX). revisions and their
 * strings must outlive the graph; everything the graph holds is allocated from arena
 * and dies with it. opts may be NULL. Problems in the input are reported in
 * out->problems, not as errors: the only errors are RT_ENOMEM and RT_ETOOBIG. */
int rt_graph_build(rt_graph **out, rt_arena *arena, const rt_revision *revisions,
                   size_t count, const rt_graph_options *opts, rt_error *err);

/* The node whose revision id is id (the one Alembic keeps when duplicated), or -1. */
int64_t rt_graph_find(const rt_graph *g, rt_str id);

/* Resolves a name as depends_on does: a revision id, else a branch label (the node
 * declaring it). Returns the node or -1. */
int64_t rt_graph_resolve(const rt_graph *g, rt_str name);

/* Marks in out (an array of g->count bools the caller owns) every revision that the
 * given nodes need, following down_revision and depends_on edges: the nodes themselves
 * and all their ancestors. Returns RT_OK or RT_ENOMEM. */
int rt_graph_ancestors(const rt_graph *g, const uint32_t *from, size_t from_count, bool *out);

/* The rule name of a problem kind ("multiple-heads", ...). */
const char *rt_graph_problem_rule(rt_graph_problem_kind kind);

/* ---- Rendering for `retort graph` ---------------------------------------------- */

typedef enum rt_graph_format {
    RT_GRAPH_TEXT,     /* newest first, one revision a line, heads/bases/merges marked */
    RT_GRAPH_JSON,     /* {"heads", "bases", "merges", "revisions": {id: {...}}} */
    RT_GRAPH_DOT,      /* Graphviz digraph, edges from parent to child */
    RT_GRAPH_MERMAID   /* Mermaid flowchart */
} rt_graph_format;

/* Parses "text", "json", "dot" or "mermaid"; false for anything else. */
bool rt_graph_format_parse(rt_str name, rt_graph_format *out);

/* Appends the rendering to out (check out->toobig afterwards). Returns RT_OK, or
 * RT_ENOMEM when JSON could not be built. */
int rt_graph_render(rt_buf *out, const rt_graph *g, rt_graph_format format);

/* Writes the rendering to f. Returns RT_OK, RT_ENOMEM or RT_EIO. */
int rt_graph_write(FILE *f, const rt_graph *g, rt_graph_format format, rt_error *err);

#endif
