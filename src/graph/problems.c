/* Problems of the revision graph: per-revision checks, multiple heads, and the
 * helpers that write their messages. */
#include <stdlib.h>
#include <string.h>

#include "graph/internal.h"
#include "retort/term.h"

#define ID_MAX_CHARS 32     /* alembic_version.version_num is VARCHAR(32) */
#define HEADS_LISTED 8      /* heads named in a multiple-heads message */
#define SUGGEST_MAX_LEN 64  /* ids longer than this are not compared for suggestions */
#define SUGGEST_MAX_DIST 3  /* edits allowed for a "did you mean" */

static const char *const rule_names[RT_GRAPH_PROBLEM_KINDS] = {
    [RT_GRAPH_MULTIPLE_HEADS] = "multiple-heads",
    [RT_GRAPH_MISSING_PARENT] = "missing-parent",
    [RT_GRAPH_DUPLICATE_REVISION] = "duplicate-revision",
    [RT_GRAPH_CYCLE] = "revision-cycle",
    [RT_GRAPH_INVALID_REVISION_ID] = "invalid-revision-id",
    [RT_GRAPH_UNKNOWN_DEPENDENCY] = "unknown-dependency",
    [RT_GRAPH_BRANCH_LABEL_CONFLICT] = "branch-label-conflict",
    [RT_GRAPH_DYNAMIC_IDENTIFIER] = "dynamic-revision-identifier",
    [RT_GRAPH_FILENAME_MISMATCH] = "filename-revision-mismatch",
    [RT_GRAPH_REVISES_MISMATCH] = "revises-docstring-mismatch",
};

const char *rt_graph_problem_rule(rt_graph_problem_kind kind)
{
    return (unsigned)kind < RT_GRAPH_PROBLEM_KINDS ? rule_names[kind] : "unknown";
}

int gstr_cmp(rt_str a, rt_str b)
{
    size_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.p, b.p, n) : 0;
    if (c)
        return c;
    return a.len < b.len ? -1 : a.len > b.len;
}

typedef struct keyed {
    rt_str id;
    uint32_t node;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = gstr_cmp(x->id, y->id);
    return c ? c : (x->node > y->node) - (x->node < y->node);
}

int gsort_by_id(const rt_graph *g, uint32_t *nodes, size_t n)
{
    if (n < 2)
        return RT_OK;
    keyed *tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return RT_ENOMEM;
    for (size_t i = 0; i < n; i++)
        tmp[i] = (keyed){g->nodes[nodes[i]].id, nodes[i]};
    qsort(tmp, n, sizeof *tmp, keyed_cmp);
    for (size_t i = 0; i < n; i++)
        nodes[i] = tmp[i].node;
    free(tmp);
    return RT_OK;
}

rt_str gfile_name(const rt_revision *rev)
{
    if (rev->file_name)
        return rt_str_from(rev->file_name);
    const char *slash = strrchr(rev->path, '/');
    return rt_str_from(slash ? slash + 1 : rev->path);
}

void gput_quoted(rt_buf *out, rt_str s)
{
    rt_buf_putc(out, '\'');
    rt_term_escape(out, s);
    rt_buf_putc(out, '\'');
}

void gput_node(rt_buf *out, const rt_graph *g, uint32_t node)
{
    if (g->nodes[node].has_id) {
        gput_quoted(out, g->nodes[node].id);
    } else {
        rt_buf_puts(out, "the revision in ");
        rt_term_escape(out, rt_str_from(g->nodes[node].rev->path));
    }
}

static char *take(gbuild *b, rt_buf *buf)
{
    char *s = NULL;
    if (buf->toobig)
        b->rc = RT_ENOMEM;
    else if (buf->len && !(s = rt_arena_strndup(b->arena, buf->data, buf->len)))
        b->rc = RT_ENOMEM;
    rt_buf_clear(buf);
    return s;
}

void gproblem_add(gbuild *b, rt_graph_problem_kind kind, uint32_t node, unsigned line,
                  unsigned column, const uint32_t *nodes, size_t node_count)
{
    rt_graph *g = b->g;
    rt_graph_problem p = {.kind = kind, .node = node, .path = g->nodes[node].rev->path,
                          .line = line, .column = column, .node_count = node_count};
    p.message = take(b, &b->msg);
    p.help = take(b, &b->help);
    p.key = take(b, &b->key);
    uint32_t *copy = rt_arena_alloc(b->arena, (node_count ? node_count : 1) * sizeof *copy);
    if (g->problem_count == b->problem_cap) {
        size_t cap = b->problem_cap ? b->problem_cap * 2 : 16;
        rt_graph_problem *grown =
            rt_arena_grow(b->arena, g->problems, g->problem_count, cap, sizeof *grown);
        if (!grown) {
            b->rc = RT_ENOMEM;
            return;
        }
        g->problems = grown;
        b->problem_cap = cap;
    }
    if (!copy || !p.message) {
        b->rc = RT_ENOMEM;
        return;
    }
    if (node_count)
        memcpy(copy, nodes, node_count * sizeof *copy);
    p.nodes = copy;
    g->problems[g->problem_count++] = p;
}

/* ---- "did you mean" ------------------------------------------------------------- */

/* Levenshtein distance of a and b when it is at most max (<= SUGGEST_MAX_DIST), else
 * max + 1. Only the band |i - j| <= max is computed: O(len * max) per pair. */
static size_t bounded_distance(rt_str a, rt_str b, size_t max)
{
    size_t big = max + 1;
    size_t r0[SUGGEST_MAX_LEN + 2], r1[SUGGEST_MAX_LEN + 2];
    size_t *prev = r0, *row = r1;
    for (size_t j = 0; j <= b.len; j++)
        prev[j] = j <= max ? j : big;
    for (size_t i = 1; i <= a.len; i++) {
        size_t lo = i > max ? i - max : 1, hi = i + max < b.len ? i + max : b.len;
        size_t best = row[lo - 1] = lo == 1 && i <= max ? i : big;
        for (size_t j = lo; j <= hi; j++) {
            size_t v = prev[j - 1] + (a.p[i - 1] != b.p[j - 1]);
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v < big ? v : big;
            if (row[j] < best)
                best = row[j];
        }
        if (hi < b.len)
            row[hi + 1] = big;
        if (best > max)
            return big;
        size_t *t = prev;
        prev = row;
        row = t;
    }
    return prev[b.len] <= max ? prev[b.len] : big;
}

int64_t gsuggest_node(gbuild *b, rt_str name)
{
    const rt_graph *g = b->g;
    if (!b->suggestions_left || name.len == 0 || name.len > SUGGEST_MAX_LEN)
        return -1;
    b->suggestions_left--;
    size_t max = name.len <= 4 ? 1 : name.len <= 12 ? 2 : SUGGEST_MAX_DIST;
    int64_t best = -1, prefix = -1;
    size_t best_d = max + 1, prefixes = 0;
    for (uint32_t i = 0; i < g->count; i++) {
        const rt_graph_node *n = &g->nodes[i];
        if (!n->has_id || n->shadowed || n->id.len > SUGGEST_MAX_LEN)
            continue;
        if (name.len >= 4 && n->id.len > name.len && memcmp(n->id.p, name.p, name.len) == 0) {
            prefix = i;
            prefixes++;
        }
        size_t diff = n->id.len > name.len ? n->id.len - name.len : name.len - n->id.len;
        if (diff >= best_d)
            continue;
        size_t d = bounded_distance(name, n->id, best_d - 1);
        if (d < best_d) {
            best_d = d;
            best = i;
        }
    }
    return prefixes == 1 ? prefix : best;
}

/* ---- per-revision checks -------------------------------------------------------- */

static const rt_rev_ident *first_dynamic(const rt_rev_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].dynamic)
            return &l->items[i];
    return NULL;
}

static void check_dynamic(gbuild *b, uint32_t node, const rt_rev_list *l, const char *var,
                          const char *consequence)
{
    const rt_rev_ident *item = l->present ? first_dynamic(l) : NULL;
    if (!l->present || (!l->dynamic && !item))
        return;
    unsigned line = item ? item->line : l->line, col = item ? item->column : l->column;
    rt_buf_printf(&b->msg, "%s is not a string literal: retort reads migrations without "
                           "running them, so %s", var, consequence);
    rt_buf_puts(&b->help, "write revision identifiers as string literals, as Alembic "
                          "generates them");
    rt_buf_puts(&b->key, var);
    gproblem_add(b, RT_GRAPH_DYNAMIC_IDENTIFIER, node, line, col, &node, 1);
}

static size_t utf8_chars(rt_str s)
{
    size_t n = 0;
    for (size_t i = 0; i < s.len; i++)
        n += ((unsigned char)s.p[i] & 0xC0) != 0x80;
    return n;
}

/* Why id is unusable, written into msg; false when it is fine. */
static bool explain_invalid_id(rt_buf *msg, rt_str id)
{
    static const char illegal[] = {'+', '-', '@'}; /* Alembic's _revision_illegal_chars, sorted */
    if (id.len == 0) {
        rt_buf_puts(msg, "the revision id is empty");
        return true;
    }
    bool has[3] = {false, false, false}, any = false;
    for (size_t i = 0; i < id.len; i++)
        for (size_t k = 0; k < 3; k++)
            if (id.p[i] == illegal[k])
                has[k] = any = true;
    if (any) {
        rt_buf_puts(msg, "revision id ");
        gput_quoted(msg, id);
        rt_buf_puts(msg, " contains characters Alembic rejects; it stops with \"Character(s) '");
        const char *sep = "";
        for (size_t k = 0; k < 3; k++) {
            if (has[k]) {
                rt_buf_printf(msg, "%s%c", sep, illegal[k]);
                sep = ", ";
            }
        }
        rt_buf_puts(msg, "' not allowed in revision identifier\"");
        return true;
    }
    if (memchr(id.p, ':', id.len)) {
        rt_buf_puts(msg, "revision id ");
        gput_quoted(msg, id);
        rt_buf_puts(msg, " contains ':', which Alembic's command line reads as a range "
                         "(upgrade --sql a:b), so `alembic upgrade` cannot name it");
        return true;
    }
    size_t chars = utf8_chars(id);
    if (chars > ID_MAX_CHARS) {
        rt_buf_puts(msg, "revision id ");
        gput_quoted(msg, id);
        rt_buf_printf(msg, " is %zu characters long; alembic_version.version_num is "
                           "VARCHAR(32), so the database cannot record it", chars);
        return true;
    }
    if (rt_str_eq_cstr(id, "head") || rt_str_eq_cstr(id, "heads") || rt_str_eq_cstr(id, "base")) {
        rt_buf_puts(msg, "revision id ");
        gput_quoted(msg, id);
        rt_buf_puts(msg, " is one of Alembic's symbolic names (head, heads, base), so the "
                         "command line cannot name this revision");
        return true;
    }
    return false;
}

static void check_id(gbuild *b, uint32_t node)
{
    const rt_graph_node *n = &b->g->nodes[node];
    const rt_rev_list *r = &n->rev->revision;
    unsigned line = r->count ? r->items[0].line : r->line;
    unsigned col = r->count ? r->items[0].column : r->column;
    if (!r->present && !n->has_id) {
        rt_buf_puts(&b->msg, "the migration has no revision variable and its file name is not "
                             "a hex revision id; Alembic stops with \"Could not determine "
                             "revision id from filename ");
        rt_term_escape(&b->msg, gfile_name(n->rev));
        rt_buf_putc(&b->msg, '"');
    } else if (r->present && !r->dynamic && r->count == 0) {
        rt_buf_puts(&b->msg, "revision is None; a migration needs a revision id");
    } else if (r->present && !r->dynamic && r->count > 1) {
        rt_buf_printf(&b->msg, "revision holds %zu values; a migration has exactly one "
                               "revision id (a string)", r->count);
    } else if (!n->has_id || !explain_invalid_id(&b->msg, n->id)) {
        return;
    }
    rt_buf_puts(&b->help, "use a revision id like the ones Alembic generates: 12 hexadecimal "
                          "digits");
    rt_buf_puts(&b->key, "invalid ");
    rt_buf_put_str(&b->key, n->id);
    gproblem_add(b, RT_GRAPH_INVALID_REVISION_ID, node, line, col, &node, 1);
}

static bool is_hex12(rt_str t)
{
    if (t.len != 12)
        return false;
    for (size_t i = 0; i < t.len; i++)
        if (!((t.p[i] >= '0' && t.p[i] <= '9') || (t.p[i] >= 'a' && t.p[i] <= 'f')))
            return false;
    return true;
}

static unsigned two(const char *p)
{
    return (unsigned)(p[0] - '0') * 10 + (unsigned)(p[1] - '0');
}

/* YYYYMMDDHHMM, as a file_template of %(year)d%(month).2d%(day).2d%(hour).2d%(minute).2d
 * writes it: twelve decimal digits that are not a revision id. */
static bool is_timestamp(rt_str t)
{
    for (size_t i = 0; i < 12; i++)
        if (t.p[i] < '0' || t.p[i] > '9')
            return false;
    unsigned century = two(t.p), month = two(t.p + 4), day = two(t.p + 6);
    return (century == 19 || century == 20) && month >= 1 && month <= 12 && day >= 1 &&
           day <= 31 && two(t.p + 8) <= 23 && two(t.p + 10) <= 59;
}

static void check_file_name(gbuild *b, uint32_t node)
{
    const rt_graph_node *n = &b->g->nodes[node];
    if (!n->has_id || !n->rev->revision.present)
        return;
    rt_str name = gfile_name(n->rev);
    size_t end = 0;
    while (end < name.len && name.p[end] != '_' && name.p[end] != '.')
        end++;
    rt_str token = {name.p, end};
    if (!is_hex12(token) || is_timestamp(token) || rt_str_eq(token, n->id))
        return;
    rt_buf_puts(&b->msg, "the file name starts with revision id ");
    gput_quoted(&b->msg, token);
    rt_buf_puts(&b->msg, " but the migration's revision is ");
    gput_quoted(&b->msg, n->id);
    rt_buf_puts(&b->help, "rename the file to start with its revision id, as Alembic names "
                          "generated files (<rev>_<slug>.py)");
    rt_buf_puts(&b->key, "file ");
    rt_buf_put_str(&b->key, token);
    const rt_rev_list *r = &n->rev->revision;
    gproblem_add(b, RT_GRAPH_FILENAME_MISMATCH, node, r->items[0].line, r->items[0].column,
                 &node, 1);
}

static int str_qcmp(const void *a, const void *b)
{
    return gstr_cmp(*(const rt_str *)a, *(const rt_str *)b);
}

/* Sorts and removes repeats; returns the new count. */
static size_t sort_unique(rt_str *v, size_t n)
{
    if (n < 2)
        return n;
    qsort(v, n, sizeof *v, str_qcmp);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (gstr_cmp(v[i], v[k - 1]) != 0)
            v[k++] = v[i];
    return k;
}

/* The ids a "Revises:" value names: "a, b", "a b", "None", "('a', 'b')" or empty. */
static size_t parse_revises(rt_str text, rt_str *out)
{
    size_t n = 0, i = 0;
    while (i < text.len) {
        while (i < text.len && strchr(" \t,()[]'\"", text.p[i]) && text.p[i])
            i++;
        size_t start = i;
        while (i < text.len && !(strchr(" \t,()[]'\"", text.p[i]) && text.p[i]))
            i++;
        if (i > start)
            out[n++] = (rt_str){text.p + start, i - start};
    }
    if (n == 1 && rt_str_eq_cstr(out[0], "None"))
        n = 0;
    return n;
}

static void describe_down(rt_buf *msg, const rt_rev_list *down)
{
    if (down->count == 0) {
        rt_buf_puts(msg, "None (a base)");
        return;
    }
    for (size_t i = 0; i < down->count; i++) {
        if (i)
            rt_buf_puts(msg, ", ");
        gput_quoted(msg, down->items[i].text);
    }
}

static void check_revises(gbuild *b, uint32_t node)
{
    const rt_revision *rev = b->g->nodes[node].rev;
    const rt_rev_list *down = &rev->down_revisions;
    if (!rev->has_revises || !down->present || down->dynamic || first_dynamic(down))
        return;
    rt_str *doc = malloc((rev->revises.len / 2 + 1 + down->count) * sizeof *doc);
    if (!doc) {
        b->rc = RT_ENOMEM;
        return;
    }
    rt_str *code = doc + rev->revises.len / 2 + 1;
    size_t nd = sort_unique(doc, parse_revises(rev->revises, doc));
    for (size_t i = 0; i < down->count; i++)
        code[i] = down->items[i].text;
    size_t nc = sort_unique(code, down->count);
    bool same = nd == nc;
    for (size_t i = 0; same && i < nd; i++)
        same = rt_str_eq(doc[i], code[i]);
    free(doc);
    if (same)
        return;
    rt_buf_puts(&b->msg, "the docstring says \"Revises: ");
    rt_term_escape(&b->msg, rt_str_trim(rev->revises));
    rt_buf_puts(&b->msg, "\" but down_revision is ");
    describe_down(&b->msg, down);
    rt_buf_puts(&b->help, "make the docstring's Revises: line match down_revision (Alembic "
                          "writes both the same; one of them was edited)");
    rt_buf_puts(&b->key, "revises ");
    rt_buf_put_str(&b->key, rt_str_trim(rev->revises));
    gproblem_add(b, RT_GRAPH_REVISES_MISMATCH, node, rev->revises_line, rev->revises_column,
                 &node, 1);
}

void gcheck_revision(gbuild *b, uint32_t node)
{
    const rt_revision *rev = b->g->nodes[node].rev;
    check_dynamic(b, node, &rev->revision, "revision",
                  "the revision graph around this migration is unknown");
    check_dynamic(b, node, &rev->down_revisions, "down_revision",
                  "the revisions it follows are unknown");
    check_dynamic(b, node, &rev->branch_labels, "branch_labels",
                  "its branch labels are unknown");
    check_dynamic(b, node, &rev->depends_on, "depends_on", "its dependencies are unknown");
    check_id(b, node);
    check_file_name(b, node);
    check_revises(b, node);
}

/* ---- multiple heads ----------------------------------------------------------- */

static bool allowed(const rt_graph_options *opts, rt_str id)
{
    for (size_t i = 0; i < opts->allowed_head_count; i++)
        if (rt_str_eq(opts->allowed_heads[i], id))
            return true;
    return false;
}

/* Each head is on its own branch label: a deliberate multi-branch project. */
static bool distinct_labels(const rt_graph *g, const uint32_t *heads, size_t n, uint8_t *used)
{
    if (g->labels_truncated)
        return false;
    for (size_t i = 0; i < n; i++) {
        const rt_graph_node *h = &g->nodes[heads[i]];
        if (!h->label_count)
            return false;
        for (uint32_t k = 0; k < h->label_count; k++)
            if (used[h->labels[k]]++)
                return false;
    }
    return true;
}

static void write_heads_message(gbuild *b, const uint32_t *heads, size_t n)
{
    const rt_graph *g = b->g;
    rt_buf_printf(&b->msg, "%zu heads: ", n);
    for (size_t i = 0; i < n && i < HEADS_LISTED; i++) {
        if (i)
            rt_buf_puts(&b->msg, ", ");
        gput_quoted(&b->msg, g->nodes[heads[i]].id);
        rt_buf_puts(&b->msg, " (");
        rt_term_escape(&b->msg, rt_str_from(g->nodes[heads[i]].rev->path));
        rt_buf_putc(&b->msg, ')');
    }
    if (n > HEADS_LISTED)
        rt_buf_printf(&b->msg, " and %zu more", n - HEADS_LISTED);
    rt_buf_puts(&b->msg, "; `alembic upgrade head` and `alembic revision` refuse to run "
                         "until they are merged");
    rt_buf_puts(&b->help, "merge them: alembic merge -m \"merge heads\"");
    for (size_t i = 0; i < n && n <= HEADS_LISTED; i++) {
        rt_buf_putc(&b->help, ' ');
        rt_term_escape(&b->help, g->nodes[heads[i]].id);
    }
    if (n > HEADS_LISTED)
        rt_buf_puts(&b->help, " heads");
    rt_buf_puts(&b->key, "heads");
    for (size_t i = 0; i < n; i++) {
        rt_buf_putc(&b->key, ' ');
        rt_buf_put_str(&b->key, g->nodes[heads[i]].id);
    }
}

void gcheck_heads(gbuild *b)
{
    const rt_graph *g = b->g;
    if (g->incomplete || b->broken_chain || g->head_count < 2)
        return; /* the missing revisions may join the heads: report those first */
    uint32_t *heads = malloc(g->head_count * sizeof *heads);
    uint8_t *used = calloc(g->label_count ? g->label_count : 1, 1);
    if (!heads || !used) {
        b->rc = RT_ENOMEM;
        goto cleanup;
    }
    size_t n = 0;
    uint32_t primary = UINT32_MAX;
    for (size_t i = 0; i < g->head_count; i++) {
        uint32_t h = g->heads[i];
        if (allowed(b->opts, g->nodes[h].id))
            continue;
        heads[n++] = h;
        if (h < primary)
            primary = h;
    }
    if (n < 2 || distinct_labels(g, heads, n, used))
        goto cleanup;
    write_heads_message(b, heads, n);
    const rt_rev_list *r = &g->nodes[primary].rev->revision;
    unsigned line = r->count ? r->items[0].line : r->line;
    unsigned col = r->count ? r->items[0].column : r->column;
    gproblem_add(b, RT_GRAPH_MULTIPLE_HEADS, primary, line, col, heads, n);
cleanup:
    free(heads);
    free(used);
}
