/* `retort graph` renderings: text, JSON (DESIGN.md's shape), Graphviz dot, Mermaid. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "graph/internal.h"
#include "retort/term.h"

bool rt_graph_format_parse(rt_str name, rt_graph_format *out)
{
    static const char *const names[] = {"text", "json", "dot", "mermaid"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (rt_str_eq_cstr(name, names[i])) {
            *out = (rt_graph_format)i;
            return true;
        }
    }
    return false;
}

static bool listed(const rt_graph_node *n)
{
    return !n->shadowed;
}

/* The id of a node for display, escaped for terminals; "?" plus the path when unknown. */
static void put_id(rt_buf *out, const rt_graph_node *n)
{
    if (n->has_id) {
        rt_term_escape(out, n->id);
    } else {
        rt_buf_puts(out, "(unknown id: ");
        rt_term_escape(out, rt_str_from(n->rev->path));
        rt_buf_putc(out, ')');
    }
}

static void put_label_names(rt_buf *out, const rt_graph *g, const rt_graph_node *n)
{
    for (uint32_t k = 0; k < n->label_count; k++) {
        const rt_graph_label *l = &g->labels[n->labels[k]];
        if (k)
            rt_buf_puts(out, ", ");
        if (l->dynamic)
            rt_buf_puts(out, "(dynamic)");
        else
            rt_term_escape(out, l->name);
    }
}

/* ---- text ---------------------------------------------------------------------- */

static void put_markers(rt_buf *out, const rt_graph_node *n, bool ordered)
{
    const char *sep = " (";
    const char *names[] = {"head", "base", "merge", "branch point", "in a cycle"};
    bool on[] = {n->head, n->base, n->merge, n->branch_point, !ordered};
    for (size_t i = 0; i < sizeof on / sizeof *on; i++) {
        if (on[i]) {
            rt_buf_printf(out, "%s%s", sep, names[i]);
            sep = ", ";
        }
    }
    if (sep[0] == ',')
        rt_buf_putc(out, ')');
}

static void text_line(rt_buf *out, const rt_graph *g, uint32_t v, bool ordered)
{
    const rt_graph_node *n = &g->nodes[v];
    const rt_revision *rev = n->rev;
    put_id(out, n);
    put_markers(out, n, ordered);
    if (n->label_count) {
        rt_buf_puts(out, " [");
        put_label_names(out, g, n);
        rt_buf_putc(out, ']');
    }
    rt_buf_puts(out, " <- ");
    if (rev->down_revisions.dynamic || !rev->down_revisions.present)
        rt_buf_puts(out, "?");
    else if (rev->down_revisions.count == 0)
        rt_buf_puts(out, "base");
    for (size_t i = 0; !rev->down_revisions.dynamic && i < rev->down_revisions.count; i++) {
        rt_buf_puts(out, i ? ", " : "");
        const rt_rev_ident *item = &rev->down_revisions.items[i];
        if (item->dynamic)
            rt_buf_puts(out, "?");
        else
            rt_term_escape(out, item->text);
    }
    for (size_t i = 0; !rev->depends_on.dynamic && i < rev->depends_on.count; i++) {
        rt_buf_puts(out, i ? ", " : " (depends on ");
        const rt_rev_ident *item = &rev->depends_on.items[i];
        if (item->dynamic)
            rt_buf_puts(out, "?");
        else
            rt_term_escape(out, item->text);
        if (i + 1 == rev->depends_on.count)
            rt_buf_putc(out, ')');
    }
    if (rev->message.len) {
        rt_buf_puts(out, "  \"");
        rt_term_escape(out, rev->message);
        rt_buf_putc(out, '"');
    }
    rt_buf_puts(out, "\n    ");
    rt_term_escape(out, rt_str_from(rev->path));
    rt_buf_putc(out, '\n');
}

static void text_list(rt_buf *out, const rt_graph *g, const char *what, const uint32_t *v,
                      size_t n)
{
    rt_buf_printf(out, "%s:", what);
    for (size_t i = 0; i < n; i++) {
        rt_buf_puts(out, i ? ", " : " ");
        put_id(out, &g->nodes[v[i]]);
    }
    rt_buf_puts(out, n ? "\n" : " none\n");
}

/* Newest first: the reverse of the topological order, then what a cycle left out. */
static void render_text(rt_buf *out, const rt_graph *g, bool *ordered)
{
    size_t listed_count = 0;
    for (size_t i = 0; i < g->count; i++)
        listed_count += listed(&g->nodes[i]);
    rt_buf_printf(out, "revisions: %zu, heads: %zu, bases: %zu, merges: %zu\n", listed_count,
                  g->head_count, g->base_count, g->merge_count);
    text_list(out, g, "heads", g->heads, g->head_count);
    text_list(out, g, "bases", g->bases, g->base_count);
    rt_buf_putc(out, '\n');
    for (size_t k = g->order_count; k-- > 0;) {
        ordered[g->order[k]] = true;
        text_line(out, g, g->order[k], true);
    }
    for (uint32_t i = 0; i < g->count; i++)
        if (listed(&g->nodes[i]) && !ordered[i])
            text_line(out, g, i, false);
}

/* ---- JSON ---------------------------------------------------------------------- */

static bool clean_utf8(rt_str s)
{
    const unsigned char *p = (const unsigned char *)s.p;
    for (size_t i = 0; i < s.len;) {
        size_t n = p[i] ? rt_utf8_valid_len(p + i, s.len - i) : 0;
        if (!n)
            return false;
        i += n;
    }
    return true;
}

/* A JSON string of s: invalid UTF-8 and NUL bytes become U+FFFD. */
static json_t *jstr(rt_str s)
{
    if (clean_utf8(s))
        return json_stringn_nocheck(s.len ? s.p : "", s.len);
    rt_buf tmp = RT_BUF_INIT;
    const unsigned char *p = (const unsigned char *)s.p;
    for (size_t i = 0; i < s.len;) {
        size_t n = p[i] ? rt_utf8_valid_len(p + i, s.len - i) : 0;
        if (n) {
            rt_buf_put(&tmp, p + i, n);
            i += n;
        } else {
            rt_buf_puts(&tmp, "\xEF\xBF\xBD");
            i++;
        }
    }
    json_t *j = tmp.toobig ? NULL : json_string(rt_buf_cstr(&tmp));
    rt_buf_free(&tmp);
    return j;
}

static int jappend(json_t *arr, json_t *v)
{
    return v && arr ? json_array_append_new(arr, v) : -1;
}

static json_t *jnodes(const rt_graph *g, const uint32_t *v, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        if (jappend(arr, jstr(g->nodes[v[i]].id))) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

/* The literal values of an identifier list, as declared (dynamic ones left out). */
static json_t *jlist(const rt_rev_list *l)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && !l->dynamic && i < l->count; i++) {
        if (!l->items[i].dynamic && jappend(arr, jstr(l->items[i].text))) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

static json_t *jrevision(const rt_graph_node *n)
{
    json_t *o = json_object();
    if (!o || json_object_set_new(o, "path", jstr(rt_str_from(n->rev->path))) ||
        json_object_set_new(o, "down_revisions", jlist(&n->rev->down_revisions)) ||
        json_object_set_new(o, "branch_labels", jlist(&n->rev->branch_labels)) ||
        json_object_set_new(o, "depends_on", jlist(&n->rev->depends_on))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *jgraph(const rt_graph *g)
{
    json_t *root = json_object(), *revs = json_object();
    if (!root || !revs || json_object_set_new(root, "heads", jnodes(g, g->heads, g->head_count)) ||
        json_object_set_new(root, "bases", jnodes(g, g->bases, g->base_count)) ||
        json_object_set_new(root, "merges", jnodes(g, g->merges, g->merge_count)))
        goto fail;
    for (size_t i = 0; i < g->count; i++) {
        const rt_graph_node *n = &g->nodes[i];
        if (!n->has_id || n->shadowed)
            continue;
        json_t *key = jstr(n->id);
        int rc = key ? json_object_set_new(revs, json_string_value(key), jrevision(n)) : -1;
        json_decref(key);
        if (rc)
            goto fail;
    }
    if (json_object_set_new(root, "revisions", revs) == 0)
        return root;
    revs = NULL;
fail:
    json_decref(revs);
    json_decref(root);
    return NULL;
}

static int render_json(rt_buf *out, const rt_graph *g)
{
    json_t *root = jgraph(g);
    char *text = root ? json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
    json_decref(root);
    if (!text)
        return RT_ENOMEM;
    rt_buf_puts(out, text);
    rt_buf_putc(out, '\n');
    free(text);
    return RT_OK;
}

/* ---- dot and mermaid ----------------------------------------------------------- */

typedef void (*put_escaped_fn)(rt_buf *out, const char *s, size_t len);

/* Inside a dot "..." string: backslash and quote are escaped. */
static void dot_escape(rt_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"' || s[i] == '\\')
            rt_buf_putc(out, '\\');
        rt_buf_putc(out, s[i]);
    }
}

/* Inside a Mermaid "..." label: ASCII punctuation that Mermaid or HTML could read as
 * syntax becomes an entity code (#35; for '#'); UTF-8 text passes. */
static void mermaid_escape(rt_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool plain = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                     (c >= 'A' && c <= 'Z') || (c && strchr(" _.,:/()-+@", c));
        if (plain)
            rt_buf_putc(out, (char)c);
        else
            rt_buf_printf(out, "#%u;", c);
    }
}

/* The node's label lines (id, markers, labels), each escaped for the format; lines
 * are separated by sep. */
static void node_label(rt_buf *out, const rt_graph *g, const rt_graph_node *n,
                       put_escaped_fn esc, const char *sep)
{
    rt_buf tmp = RT_BUF_INIT;
    put_id(&tmp, n);
    esc(out, tmp.data ? tmp.data : "", tmp.len);
    rt_buf_clear(&tmp);
    put_markers(&tmp, n, true);
    if (tmp.len) {
        rt_buf_puts(out, sep);
        esc(out, tmp.data + 2, tmp.len - 3); /* without " (" and ")" */
    }
    rt_buf_clear(&tmp);
    if (n->label_count) {
        rt_buf_putc(&tmp, '[');
        put_label_names(&tmp, g, n);
        rt_buf_putc(&tmp, ']');
        rt_buf_puts(out, sep);
        esc(out, tmp.data, tmp.len);
    }
    rt_buf_free(&tmp);
}

static void render_dot(rt_buf *out, const rt_graph *g)
{
    rt_buf_puts(out, "digraph revisions {\n  rankdir=BT;\n"
                     "  node [shape=box, fontname=\"monospace\"];\n");
    for (uint32_t i = 0; i < g->count; i++) {
        const rt_graph_node *n = &g->nodes[i];
        if (!listed(n))
            continue;
        rt_buf_printf(out, "  n%u [label=\"", (unsigned)i);
        node_label(out, g, n, dot_escape, "\\n");
        rt_buf_printf(out, "\"%s];\n", n->head ? ", penwidth=2" : "");
    }
    for (uint32_t i = 0; i < g->count; i++) {
        const rt_graph_node *n = &g->nodes[i];
        for (uint32_t k = 0; k < n->parent_count; k++)
            rt_buf_printf(out, "  n%u -> n%u;\n", (unsigned)n->parents[k], (unsigned)i);
        for (uint32_t k = 0; k < n->dep_count; k++)
            rt_buf_printf(out, "  n%u -> n%u [style=dashed, label=\"depends_on\"];\n",
                          (unsigned)n->deps[k], (unsigned)i);
    }
    rt_buf_puts(out, "}\n");
}

static void render_mermaid(rt_buf *out, const rt_graph *g)
{
    rt_buf_puts(out, "flowchart BT\n");
    for (uint32_t i = 0; i < g->count; i++) {
        const rt_graph_node *n = &g->nodes[i];
        if (!listed(n))
            continue;
        rt_buf_printf(out, "  n%u[\"", (unsigned)i);
        node_label(out, g, n, mermaid_escape, "<br/>");
        rt_buf_printf(out, "\"]%s\n", n->head ? ":::head" : "");
    }
    for (uint32_t i = 0; i < g->count; i++) {
        const rt_graph_node *n = &g->nodes[i];
        for (uint32_t k = 0; k < n->parent_count; k++)
            rt_buf_printf(out, "  n%u --> n%u\n", (unsigned)n->parents[k], (unsigned)i);
        for (uint32_t k = 0; k < n->dep_count; k++)
            rt_buf_printf(out, "  n%u -.->|depends_on| n%u\n", (unsigned)n->deps[k], (unsigned)i);
    }
    rt_buf_puts(out, "  classDef head stroke-width:3px\n");
}

int rt_graph_render(rt_buf *out, const rt_graph *g, rt_graph_format format)
{
    switch (format) {
    case RT_GRAPH_JSON:
        return render_json(out, g);
    case RT_GRAPH_DOT:
        render_dot(out, g);
        return RT_OK;
    case RT_GRAPH_MERMAID:
        render_mermaid(out, g);
        return RT_OK;
    case RT_GRAPH_TEXT:
        break;
    }
    bool *ordered = calloc(g->count ? g->count : 1, sizeof *ordered);
    if (!ordered)
        return RT_ENOMEM;
    render_text(out, g, ordered);
    free(ordered);
    return RT_OK;
}

int rt_graph_write(FILE *f, const rt_graph *g, rt_graph_format format, rt_error *err)
{
    rt_buf out = RT_BUF_INIT;
    int rc = rt_graph_render(&out, g, format);
    if (!rc && out.toobig)
        rc = RT_ENOMEM;
    if (rc) {
        rt_buf_free(&out);
        return rt_error_set(err, rc, NULL, 0, 0, "out of memory rendering the revision graph");
    }
    bool ok = fwrite(rt_buf_cstr(&out), 1, out.len, f) == out.len && fflush(f) == 0;
    int saved = errno;
    rt_buf_free(&out);
    if (!ok)
        return rt_error_set(err, RT_EIO, NULL, 0, 0, "cannot write the revision graph: %s",
                            strerror(saved));
    return RT_OK;
}
