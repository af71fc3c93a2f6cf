/* The revision graph: ids, labels, edges, heads and bases, topological order, cycles.
 * Mirrors Alembic's RevisionMap (alembic/script/revision.py) without executing
 * anything; every pass is linear in revisions plus identifiers. */
#include <stdlib.h>
#include <string.h>

#include "graph/internal.h"
#include "retort/term.h"

static rt_str legacy_id(const rt_revision *rev)
{
    /* Alembic's fallback for files without `revision`: the name matches [a-f0-9]+\.py */
    rt_str name = gfile_name(rev);
    if (name.len <= 3 || !rt_str_ends_with(name, ".py"))
        return RT_STR_NULL;
    for (size_t i = 0; i < name.len - 3; i++) {
        char c = name.p[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return RT_STR_NULL;
    }
    return (rt_str){name.p, name.len - 3};
}

static bool list_has_dynamic(const rt_rev_list *l)
{
    if (l->dynamic)
        return true;
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].dynamic)
            return true;
    return false;
}

static void set_id(rt_graph_node *n)
{
    const rt_rev_list *r = &n->rev->revision;
    if (r->present) {
        if (!r->dynamic && r->count == 1 && !r->items[0].dynamic) {
            n->id = r->items[0].text;
            n->has_id = true;
        }
        return;
    }
    rt_str legacy = legacy_id(n->rev);
    if (legacy.p) {
        n->id = legacy;
        n->has_id = true;
    }
}

static void report_duplicate(gbuild *b, uint32_t first, uint32_t later)
{
    rt_graph *g = b->g;
    const rt_revision *rev = g->nodes[later].rev;
    rt_buf_puts(&b->msg, "revision id ");
    gput_quoted(&b->msg, g->nodes[later].id);
    rt_buf_puts(&b->msg, " is also defined in ");
    rt_term_escape(&b->msg, rt_str_from(g->nodes[first].rev->path));
    rt_buf_puts(&b->msg, "; Alembic only warns \"Revision ");
    rt_term_escape(&b->msg, g->nodes[later].id);
    rt_buf_puts(&b->msg, " is present more than once\" and uses one of the two files, "
                         "depending on directory order");
    rt_buf_puts(&b->help, "give one of the two migrations a new revision id (and update the "
                          "down_revision of its children)");
    rt_buf_put_str(&b->key, g->nodes[later].id);
    uint32_t pair[2] = {first, later};
    unsigned line = rev->revision.count ? rev->revision.items[0].line : rev->revision.line;
    unsigned col = rev->revision.count ? rev->revision.items[0].column : rev->revision.column;
    gproblem_add(b, RT_GRAPH_DUPLICATE_REVISION, later, line, col, pair, 2);
}

/* Ids and duplicates: when two files share an id, the later one in input order stays
 * in the graph, as when Alembic reads the files in that order. */
static int assign_ids(gbuild *b)
{
    rt_graph *g = b->g;
    int rc = gtable_init(&g->index->ids, b->arena, g->count);
    if (rc)
        return rc;
    for (uint32_t i = 0; i < g->count; i++) {
        rt_graph_node *n = &g->nodes[i];
        n->rev = &g->revisions[i];
        set_id(n);
        if (n->rev->revision.present && list_has_dynamic(&n->rev->revision))
            g->incomplete = true;
        if (list_has_dynamic(&n->rev->down_revisions))
            g->incomplete = true;
        uint32_t old;
        if (n->has_id && gtable_put(&g->index->ids, n->id, i, &old)) {
            g->nodes[old].shadowed = true;
            report_duplicate(b, old, i);
        }
        gcheck_revision(b, i);
    }
    return b->rc;
}

static void report_label_conflict(gbuild *b, uint32_t node, const rt_rev_ident *item,
                                  uint32_t other, bool is_id)
{
    rt_graph *g = b->g;
    rt_buf_puts(&b->msg, "branch label ");
    gput_quoted(&b->msg, item->text);
    rt_buf_puts(&b->msg, is_id ? " is also the id of the revision in "
                               : " is also declared by the revision in ");
    rt_term_escape(&b->msg, rt_str_from(g->nodes[other].rev->path));
    rt_buf_puts(&b->msg, "; branch labels share one namespace with revision ids, and Alembic "
                         "stops with \"Branch name '");
    rt_term_escape(&b->msg, item->text);
    rt_buf_puts(&b->msg, "' ... already used by revision ...\"");
    rt_buf_puts(&b->help, "choose a branch label that no other revision id or label uses");
    rt_buf_put_str(&b->key, item->text);
    uint32_t pair[2] = {other, node};
    gproblem_add(b, RT_GRAPH_BRANCH_LABEL_CONFLICT, node, item->line, item->column, pair, 2);
}

static void add_label(rt_graph *g, rt_str name, bool dynamic, uint32_t node)
{
    g->labels[g->label_count++] = (rt_graph_label){name, dynamic, node};
}

/* Branch labels, after every id is known (labels equal to an id conflict, as in
 * Alembic's _map_branch_labels). A dynamic label is distinct from every other. */
static int map_labels(gbuild *b, uint32_t *own_first, uint32_t *own_count)
{
    rt_graph *g = b->g;
    size_t total = 0;
    for (size_t i = 0; i < g->count; i++)
        total += g->revisions[i].branch_labels.dynamic ? 1 : g->revisions[i].branch_labels.count;
    g->labels = rt_arena_calloc(b->arena, total ? total : 1, sizeof *g->labels);
    int rc = g->labels ? gtable_init(&g->index->labels, b->arena, total) : RT_ENOMEM;
    if (rc)
        return rc;
    for (uint32_t i = 0; i < g->count; i++) {
        const rt_rev_list *l = &g->revisions[i].branch_labels;
        own_first[i] = (uint32_t)g->label_count;
        if (g->nodes[i].shadowed || !l->present)
            continue;
        if (l->dynamic)
            add_label(g, RT_STR_NULL, true, i);
        for (size_t j = 0; !l->dynamic && j < l->count; j++) {
            const rt_rev_ident *item = &l->items[j];
            uint32_t other;
            if (item->dynamic) {
                add_label(g, RT_STR_NULL, true, i);
            } else if (gtable_get(&g->index->ids, item->text, &other)) {
                report_label_conflict(b, i, item, other, true);
            } else if (gtable_get(&g->index->labels, item->text, &other)) {
                report_label_conflict(b, i, item, g->labels[other].node, false);
            } else {
                gtable_put(&g->index->labels, item->text, (uint32_t)g->label_count, &other);
                add_label(g, item->text, false, i);
            }
        }
        own_count[i] = (uint32_t)g->label_count - own_first[i];
    }
    return b->rc;
}

static void report_self_loop(gbuild *b, uint32_t node, const rt_rev_ident *item, bool dep)
{
    rt_graph_node *n = &b->g->nodes[node];
    rt_buf_puts(&b->msg, "revision ");
    gput_quoted(&b->msg, n->id);
    rt_buf_puts(&b->msg, dep ? " names itself in depends_on" : " names itself in down_revision");
    rt_buf_puts(&b->msg, dep ? "; Alembic stops with \"Dependency self-loop is detected in "
                             : "; Alembic stops with \"Self-loop is detected in ");
    rt_buf_puts(&b->msg, "revisions (");
    rt_term_escape(&b->msg, n->id);
    rt_buf_puts(&b->msg, ")\"");
    rt_buf_puts(&b->help, dep ? "remove the revision's own id from depends_on"
                              : "set down_revision to the revision this one follows");
    rt_buf_puts(&b->key, "self-loop ");
    rt_buf_put_str(&b->key, n->id);
    gproblem_add(b, RT_GRAPH_CYCLE, node, item->line, item->column, &node, 1);
}

static void report_missing(gbuild *b, uint32_t node, const rt_rev_ident *item, bool dep)
{
    rt_graph *g = b->g;
    uint32_t label;
    bool is_label = !dep && gtable_get(&g->index->labels, item->text, &label);
    rt_buf_puts(&b->msg, dep ? "depends_on names " : "down_revision names ");
    gput_quoted(&b->msg, item->text);
    if (is_label) {
        rt_buf_puts(&b->msg, ", a branch label; down_revision takes revision ids only, and "
                             "Alembic stops with a KeyError");
        rt_buf_puts(&b->help, "name the revision id in down_revision, or move the branch label "
                              "to depends_on");
    } else {
        rt_buf_puts(&b->msg, dep ? ", which is neither a revision id nor a branch label"
                                 : ", which no migration defines");
        rt_buf_puts(&b->msg, dep ? "; Alembic stops with a KeyError"
                                 : "; Alembic warns \"Revision ... is not present\" and stops "
                                   "with a KeyError");
        int64_t near = gsuggest_node(b, item->text);
        if (near >= 0) {
            rt_buf_puts(&b->msg, "; did you mean ");
            gput_node(&b->msg, g, (uint32_t)near);
            rt_buf_puts(&b->msg, " (");
            rt_term_escape(&b->msg, rt_str_from(g->nodes[near].rev->path));
            rt_buf_puts(&b->msg, ")?");
        }
        rt_buf_puts(&b->help, dep ? "name an existing revision id or branch label in depends_on"
                                  : "point down_revision at an existing revision (or restore the "
                                    "missing migration file)");
    }
    rt_buf_put_str(&b->key, item->text);
    gproblem_add(b, dep ? RT_GRAPH_UNKNOWN_DEPENDENCY : RT_GRAPH_MISSING_PARENT, node,
                 item->line, item->column, &node, 1);
}

static void report_no_down_revision(gbuild *b, uint32_t node)
{
    const rt_revision *rev = b->g->nodes[node].rev;
    rt_buf_puts(&b->msg, "the migration has no down_revision variable; Alembic stops with an "
                         "AttributeError while loading it");
    rt_buf_puts(&b->help, "add `down_revision = None` for a first migration, or the id of the "
                          "revision it follows");
    rt_buf_puts(&b->key, "no down_revision");
    gproblem_add(b, RT_GRAPH_MISSING_PARENT, node, rev->revision.line, rev->revision.column,
                 &node, 1);
}

/* Resolves one edge list (down_revision or depends_on) of node into targets, skipping
 * dynamic values, self-references, unknown names and repeats (seen holds node + 1 for
 * targets already taken). Returns how many were stored. */
static uint32_t resolve_list(gbuild *b, uint32_t node, const rt_rev_list *l, bool dep,
                             bool quiet, uint32_t *targets, uint32_t *seen)
{
    rt_graph *g = b->g;
    uint32_t count = 0;
    for (size_t j = 0; !l->dynamic && j < l->count; j++) {
        const rt_rev_ident *item = &l->items[j];
        if (item->dynamic)
            continue;
        int64_t t = dep ? rt_graph_resolve(g, item->text) : rt_graph_find(g, item->text);
        if (t == node) {
            report_self_loop(b, node, item, dep);
        } else if (t < 0) {
            b->broken_chain |= !dep;
            if (!quiet)
                report_missing(b, node, item, dep);
        } else if (seen[t] != node + 1) {
            seen[t] = node + 1;
            targets[count++] = (uint32_t)t;
        }
    }
    return count;
}

static bool any_dynamic_label(const rt_graph *g)
{
    for (size_t i = 0; i < g->label_count; i++)
        if (g->labels[i].dynamic)
            return true;
    return false;
}

static uint32_t edge_count(const rt_graph_node *n, bool deps)
{
    return deps ? n->dep_count : n->parent_count;
}

static uint32_t edge_target(const rt_graph_node *n, bool deps, uint32_t k)
{
    return deps ? n->deps[k] : n->parents[k];
}

/* Gathers the reverse edges (children, or dependents) into one array, in input order. */
static int invert_edges(gbuild *b, bool deps)
{
    rt_graph *g = b->g;
    size_t total = 0;
    for (size_t i = 0; i < g->count; i++)
        total += edge_count(&g->nodes[i], deps);
    uint32_t *all = rt_arena_alloc(b->arena, (total ? total : 1) * sizeof *all);
    uint32_t *cursor = rt_arena_calloc(b->arena, g->count ? g->count : 1, sizeof *cursor);
    if (!all || !cursor)
        return RT_ENOMEM;
    for (size_t i = 0; i < g->count; i++)
        for (uint32_t k = 0; k < edge_count(&g->nodes[i], deps); k++)
            cursor[edge_target(&g->nodes[i], deps, k)]++;
    uint32_t at = 0;
    for (size_t i = 0; i < g->count; i++) {
        rt_graph_node *n = &g->nodes[i];
        uint32_t c = cursor[i];
        cursor[i] = at;
        if (deps) {
            n->dependents = all + at;
            n->dependent_count = c;
        } else {
            n->children = all + at;
            n->child_count = c;
        }
        at += c;
    }
    for (uint32_t i = 0; i < g->count; i++)
        for (uint32_t k = 0; k < edge_count(&g->nodes[i], deps); k++)
            all[cursor[edge_target(&g->nodes[i], deps, k)]++] = i;
    return RT_OK;
}

static int link_edges(gbuild *b)
{
    rt_graph *g = b->g;
    /* seen_p / seen_d: node + 1 of the last revision that took this target */
    uint32_t *seen_p = rt_arena_calloc(b->arena, g->count ? g->count : 1, sizeof *seen_p);
    uint32_t *seen_d = rt_arena_calloc(b->arena, g->count ? g->count : 1, sizeof *seen_d);
    if (!seen_p || !seen_d)
        return RT_ENOMEM;
    /* An unknown name may be a dynamic id or label: unknown dependencies stay unsaid. */
    bool quiet_deps = g->incomplete || any_dynamic_label(g);
    for (uint32_t i = 0; i < g->count; i++) {
        rt_graph_node *n = &g->nodes[i];
        const rt_revision *rev = n->rev;
        if (n->shadowed)
            continue;
        if (!rev->down_revisions.present && rev->revision.present && !g->incomplete) {
            report_no_down_revision(b, i);
            b->broken_chain = true;
        }
        uint32_t *p = rt_arena_alloc(b->arena, (rev->down_revisions.count + 1) * sizeof *p);
        uint32_t *d = rt_arena_alloc(b->arena, (rev->depends_on.count + 1) * sizeof *d);
        if (!p || !d)
            return RT_ENOMEM;
        n->parents = p;
        n->parent_count =
            resolve_list(b, i, &rev->down_revisions, false, g->incomplete, p, seen_p);
        n->deps = d;
        n->dep_count = resolve_list(b, i, &rev->depends_on, true, quiet_deps, d, seen_d);
        n->base = rev->down_revisions.present && !rev->down_revisions.dynamic &&
                  rev->down_revisions.count == 0;
        n->merge = !rev->down_revisions.dynamic && rev->down_revisions.count > 1;
    }
    int rc = invert_edges(b, false);
    if (!rc)
        rc = invert_edges(b, true);
    return rc ? rc : b->rc;
}

static uint32_t *collect(gbuild *b, size_t *out_count, bool (*pick)(const rt_graph_node *))
{
    rt_graph *g = b->g;
    size_t n = 0;
    for (size_t i = 0; i < g->count; i++)
        n += g->nodes[i].has_id && !g->nodes[i].shadowed && pick(&g->nodes[i]);
    uint32_t *list = rt_arena_alloc(b->arena, (n ? n : 1) * sizeof *list);
    if (!list) {
        b->rc = RT_ENOMEM;
        return NULL;
    }
    n = 0;
    for (uint32_t i = 0; i < g->count; i++)
        if (g->nodes[i].has_id && !g->nodes[i].shadowed && pick(&g->nodes[i]))
            list[n++] = i;
    if (gsort_by_id(g, list, n))
        b->rc = RT_ENOMEM;
    *out_count = n;
    return list;
}

static bool pick_head(const rt_graph_node *n) { return n->head; }
static bool pick_base(const rt_graph_node *n) { return n->base; }
static bool pick_merge(const rt_graph_node *n) { return n->merge; }
static bool pick_branch(const rt_graph_node *n) { return n->branch_point; }

static int classify(gbuild *b)
{
    rt_graph *g = b->g;
    for (size_t i = 0; i < g->count; i++) {
        rt_graph_node *n = &g->nodes[i];
        n->head = !n->shadowed && n->child_count == 0;
        n->branch_point = n->child_count > 1;
    }
    g->heads = collect(b, &g->head_count, pick_head);
    g->bases = collect(b, &g->base_count, pick_base);
    g->merges = collect(b, &g->merge_count, pick_merge);
    g->branch_points = collect(b, &g->branch_point_count, pick_branch);
    return b->rc;
}

/* The e-th outgoing edge of v towards later revisions: children, then dependents. */
static uint32_t out_edge(const rt_graph_node *v, uint32_t e)
{
    return e < v->child_count ? v->children[e] : v->dependents[e - v->child_count];
}

static uint32_t out_degree(const rt_graph_node *v)
{
    return v->child_count + v->dependent_count;
}

/* Kahn's algorithm over down_revision and depends_on edges. */
static int topo_sort(gbuild *b)
{
    rt_graph *g = b->g;
    uint32_t *indeg = rt_arena_calloc(b->arena, g->count ? g->count : 1, sizeof *indeg);
    g->order = rt_arena_alloc(b->arena, (g->count ? g->count : 1) * sizeof *g->order);
    if (!indeg || !g->order)
        return RT_ENOMEM;
    size_t tail = 0;
    for (uint32_t i = 0; i < g->count; i++) {
        indeg[i] = g->nodes[i].parent_count + g->nodes[i].dep_count;
        if (indeg[i] == 0 && !g->nodes[i].shadowed)
            g->order[tail++] = i;
    }
    for (size_t head = 0; head < tail; head++) {
        const rt_graph_node *v = &g->nodes[g->order[head]];
        for (uint32_t e = 0; e < out_degree(v); e++) {
            uint32_t w = out_edge(v, e);
            if (--indeg[w] == 0)
                g->order[tail++] = w;
        }
    }
    g->order_count = tail;
    return RT_OK;
}

typedef struct tarjan {
    uint32_t *index, *low;   /* index 0 = not visited; else visit number */
    uint32_t *stack;         /* Tarjan's node stack */
    size_t sp;
    uint32_t *call_node, *call_edge; /* the explicit call stack */
    bool *on_stack;
    uint32_t *comp;          /* component number + 1 of each finished node */
    uint32_t next_index, next_comp;
} tarjan;

/* A simple cycle through start inside component c, in upgrade order, by breadth-first
 * search back to start. Returns its length (>= 2), the nodes in out. */
static size_t cycle_through(const rt_graph *g, const tarjan *t, uint32_t c, uint32_t start,
                            uint32_t *queue, uint32_t *pred, uint32_t *out)
{
    size_t head = 0, tail = 0;
    queue[tail++] = start;
    pred[start] = start;
    uint32_t last = start;
    bool found = false;
    while (head < tail && !found) {
        uint32_t v = queue[head++];
        for (uint32_t e = 0; e < out_degree(&g->nodes[v]) && !found; e++) {
            uint32_t w = out_edge(&g->nodes[v], e);
            if (t->comp[w] != c)
                continue;
            if (w == start) {
                found = true;
                last = v;
            } else if (pred[w] == UINT32_MAX) {
                pred[w] = v;
                queue[tail++] = w;
            }
        }
    }
    size_t n = 0;
    for (uint32_t v = last; v != start; v = pred[v])
        out[n++] = v;
    out[n++] = start;
    for (size_t i = 0; i < n / 2; i++) {
        uint32_t tmp = out[i];
        out[i] = out[n - 1 - i];
        out[n - 1 - i] = tmp;
    }
    for (size_t i = 0; i < tail; i++)
        pred[queue[i]] = UINT32_MAX;
    return n;
}

static bool is_parent(const rt_graph_node *child, uint32_t parent)
{
    for (uint32_t k = 0; k < child->parent_count; k++)
        if (child->parents[k] == parent)
            return true;
    return false;
}

static void report_cycle(gbuild *b, const uint32_t *cyc, size_t n)
{
    rt_graph *g = b->g;
    bool dep = false;
    for (size_t i = 0; i < n; i++)
        if (!is_parent(&g->nodes[cyc[(i + 1) % n]], cyc[i]))
            dep = true;
    rt_buf_puts(&b->msg, "revisions form a cycle: ");
    for (size_t i = 0; i <= n; i++) {
        if (i)
            rt_buf_puts(&b->msg, " -> ");
        gput_node(&b->msg, g, cyc[i % n]);
    }
    rt_buf_puts(&b->msg, dep ? " (through depends_on); Alembic stops with \"Dependency cycle"
                             : "; Alembic stops with \"Cycle");
    rt_buf_puts(&b->msg, " is detected in revisions (...)\"");
    rt_buf_puts(&b->help, "break the cycle: the first revision's down_revision must name a "
                          "revision that does not depend on it");
    rt_buf_puts(&b->key, "cycle");
    uint32_t first = cyc[0];
    for (size_t i = 0; i < n; i++) {
        rt_buf_putc(&b->key, ' ');
        rt_buf_put_str(&b->key, g->nodes[cyc[i]].id);
    }
    const rt_rev_list *at = dep && g->nodes[first].rev->depends_on.present
                                ? &g->nodes[first].rev->depends_on
                                : &g->nodes[first].rev->down_revisions;
    gproblem_add(b, RT_GRAPH_CYCLE, first, at->line, at->column, cyc, n);
}

/* Pops one strongly connected component rooted at v; reports it when it is a cycle. */
static void pop_component(gbuild *b, tarjan *t, uint32_t v, uint32_t *queue, uint32_t *pred,
                          uint32_t *cyc)
{
    uint32_t c = ++t->next_comp;
    size_t size = 0;
    uint32_t first = v;
    uint32_t w;
    do {
        w = t->stack[--t->sp];
        t->on_stack[w] = false;
        t->comp[w] = c;
        if (w < first)
            first = w;
        size++;
    } while (w != v);
    if (size > 1) {
        size_t n = cycle_through(b->g, t, c, first, queue, pred, cyc);
        report_cycle(b, cyc, n);
    }
}

/* Iterative Tarjan over the nodes Kahn's algorithm could not order. */
static void find_cycles(gbuild *b, tarjan *t, const bool *left, uint32_t *queue,
                        uint32_t *pred, uint32_t *cyc)
{
    rt_graph *g = b->g;
    for (uint32_t root = 0; root < g->count; root++) {
        if (!left[root] || t->index[root])
            continue;
        size_t csp = 0;
        t->call_node[csp] = root;
        t->call_edge[csp++] = 0;
        t->index[root] = t->low[root] = ++t->next_index;
        t->stack[t->sp++] = root;
        t->on_stack[root] = true;
        while (csp) {
            uint32_t v = t->call_node[csp - 1];
            const rt_graph_node *nv = &g->nodes[v];
            if (t->call_edge[csp - 1] < out_degree(nv)) {
                uint32_t w = out_edge(nv, t->call_edge[csp - 1]++);
                if (!left[w])
                    continue;
                if (!t->index[w]) {
                    t->index[w] = t->low[w] = ++t->next_index;
                    t->stack[t->sp++] = w;
                    t->on_stack[w] = true;
                    t->call_node[csp] = w;
                    t->call_edge[csp++] = 0;
                } else if (t->on_stack[w] && t->index[w] < t->low[v]) {
                    t->low[v] = t->index[w];
                }
                continue;
            }
            if (t->low[v] == t->index[v])
                pop_component(b, t, v, queue, pred, cyc);
            csp--;
            if (csp) {
                uint32_t u = t->call_node[csp - 1];
                if (t->low[v] < t->low[u])
                    t->low[u] = t->low[v];
            }
        }
    }
}

static int detect_cycles(gbuild *b)
{
    rt_graph *g = b->g;
    size_t ordered = g->order_count, shadowed = 0;
    for (size_t i = 0; i < g->count; i++)
        shadowed += g->nodes[i].shadowed;
    if (ordered + shadowed == g->count)
        return RT_OK;
    size_t n = g->count;
    bool *left = rt_arena_calloc(b->arena, n, sizeof *left);
    bool *on_stack = rt_arena_calloc(b->arena, n, sizeof *on_stack);
    uint32_t *u32 = rt_arena_calloc(b->arena, n * 9, sizeof *u32);
    if (!left || !on_stack || !u32)
        return RT_ENOMEM;
    tarjan t = {.index = u32, .low = u32 + n, .stack = u32 + 2 * n, .call_node = u32 + 3 * n,
                .call_edge = u32 + 4 * n, .comp = u32 + 5 * n, .on_stack = on_stack};
    uint32_t *queue = u32 + 6 * n, *pred = u32 + 7 * n, *cyc = u32 + 8 * n;
    for (size_t i = 0; i < n; i++) {
        left[i] = !g->nodes[i].shadowed;
        pred[i] = UINT32_MAX;
    }
    for (size_t i = 0; i < ordered; i++)
        left[g->order[i]] = false;
    find_cycles(b, &t, left, queue, pred, cyc);
    return b->rc;
}

int64_t rt_graph_find(const rt_graph *g, rt_str id)
{
    uint32_t v;
    return gtable_get(&g->index->ids, id, &v) ? (int64_t)v : -1;
}

int64_t rt_graph_resolve(const rt_graph *g, rt_str name)
{
    uint32_t v;
    if (gtable_get(&g->index->ids, name, &v))
        return v;
    if (gtable_get(&g->index->labels, name, &v))
        return g->labels[v].node;
    return -1;
}

int rt_graph_ancestors(const rt_graph *g, const uint32_t *from, size_t from_count, bool *out)
{
    memset(out, 0, g->count * sizeof *out);
    uint32_t *stack = malloc((g->count ? g->count : 1) * sizeof *stack);
    if (!stack)
        return RT_ENOMEM;
    size_t sp = 0;
    for (size_t i = 0; i < from_count; i++) {
        if (from[i] < g->count && !out[from[i]]) {
            out[from[i]] = true;
            stack[sp++] = from[i];
        }
    }
    while (sp) {
        const rt_graph_node *v = &g->nodes[stack[--sp]];
        for (uint32_t k = 0; k < v->parent_count + v->dep_count; k++) {
            uint32_t w = k < v->parent_count ? v->parents[k] : v->deps[k - v->parent_count];
            if (!out[w]) {
                out[w] = true;
                stack[sp++] = w;
            }
        }
    }
    free(stack);
    return RT_OK;
}

int rt_graph_build(rt_graph **out, rt_arena *arena, const rt_revision *revisions, size_t count,
                   const rt_graph_options *opts, rt_error *err)
{
    static const rt_graph_options no_options;
    *out = NULL;
    if (count >= UINT32_MAX / 16)
        return rt_error_set(err, RT_ETOOBIG, NULL, 0, 0,
                            "too many revisions for one graph (%zu)", count);
    gbuild b = {.arena = arena, .opts = opts ? opts : &no_options, .suggestions_left = 16,
                .msg = RT_BUF_INIT, .help = RT_BUF_INIT, .key = RT_BUF_INIT};
    rt_graph *g = rt_arena_calloc(arena, 1, sizeof *g);
    uint32_t *own = rt_arena_calloc(arena, count ? count * 2 : 1, sizeof *own);
    int rc = RT_ENOMEM;
    if (!g || !own)
        goto cleanup;
    b.g = g;
    g->arena = arena;
    g->revisions = revisions;
    g->count = count;
    g->nodes = rt_arena_calloc(arena, count ? count : 1, sizeof *g->nodes);
    g->index = rt_arena_calloc(arena, 1, sizeof *g->index);
    if (!g->nodes || !g->index)
        goto cleanup;
    if ((rc = assign_ids(&b)) || (rc = map_labels(&b, own, own + count)) ||
        (rc = link_edges(&b)) || (rc = classify(&b)) || (rc = topo_sort(&b)) ||
        (rc = detect_cycles(&b)) || (rc = glabels_propagate(&b, own, own + count)))
        goto cleanup;
    gcheck_heads(&b);
    rc = b.rc;
cleanup:
    rt_buf_free(&b.msg);
    rt_buf_free(&b.help);
    rt_buf_free(&b.key);
    if (rc)
        return rt_error_set(err, rc, NULL, 0, 0, "out of memory building the revision graph");
    *out = g;
    return RT_OK;
}
