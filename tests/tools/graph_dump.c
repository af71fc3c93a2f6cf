/* graph_dump: builds a revision graph from a line-based description on stdin and prints
 * one rendering. For tests only: it stands in for the migration model.
 *
 *   graph_dump [MODE...] [--allow-head ID]...
 *
 * MODE is json (the default), text, dot, mermaid, problems or labels; several modes
 * print one after the other, separated by a line holding a form feed.
 *
 * Input, one directive a line; values are separated by spaces, %XX encodes any byte,
 * "?" is a dynamic (non-literal) value, and a directive ending in "?" ("down?") makes
 * the whole variable dynamic. A variable without its line is absent from the file.
 *
 *   rev PATH            starts a migration file
 *   id ID               revision = "ID" (no value: revision = None)
 *   down [ID...]        down_revision (no value: None)
 *   labels [LABEL...]   branch_labels
 *   deps [NAME...]      depends_on
 *   revises TEXT        the docstring's "Revises:" value (the rest of the line)
 *   message TEXT        the docstring's first line
 *
 * Each value's position is reported as line = the input line, column = its byte offset.
 * "problems" prints rule<TAB>path:line:col<TAB>nodes<TAB>message<TAB>help per problem;
 * "labels" prints id<TAB>label,label... per revision with a known id, sorted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "retort/arena.h"
#include "retort/graph.h"

#define MAX_REVS 1000000

typedef struct reader {
    rt_arena *arena;
    rt_revision *revs;
    size_t count, cap;
} reader;

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static rt_str decode(rt_arena *a, const char *p, size_t len)
{
    char *out = rt_arena_alloc(a, len + 1);
    size_t n = 0;
    for (size_t i = 0; out && i < len; i++) {
        if (p[i] == '%' && i + 2 < len && hexval(p[i + 1]) >= 0 && hexval(p[i + 2]) >= 0) {
            out[n++] = (char)(hexval(p[i + 1]) * 16 + hexval(p[i + 2]));
            i += 2;
        } else {
            out[n++] = p[i];
        }
    }
    return (rt_str){out, n};
}

/* Fills l from the values after the directive (text at col, on line). */
static void parse_list(reader *r, rt_rev_list *l, const char *text, unsigned line,
                       unsigned col, bool dynamic)
{
    size_t cap = 1;
    for (const char *p = text; *p; p++)
        cap += *p == ' ';
    rt_rev_ident *items = rt_arena_calloc(r->arena, cap, sizeof *items);
    *l = (rt_rev_list){.present = true, .dynamic = dynamic, .line = line, .column = 1,
                       .items = items};
    const char *p = text;
    while (items && *p) {
        while (*p == ' ')
            p++;
        const char *start = p;
        while (*p && *p != ' ')
            p++;
        if (p == start)
            break;
        rt_rev_ident *it = &items[l->count++];
        it->line = line;
        it->column = col + (unsigned)(start - text);
        if (p - start == 1 && *start == '?')
            it->dynamic = true;
        else
            it->text = decode(r->arena, start, (size_t)(p - start));
    }
}

static rt_revision *current(reader *r)
{
    return r->count ? &r->revs[r->count - 1] : NULL;
}

static int directive(reader *r, char *line, unsigned lineno)
{
    char *sp = strchr(line, ' ');
    size_t wlen = sp ? (size_t)(sp - line) : strlen(line);
    const char *rest = sp ? sp + 1 : "";
    unsigned col = (unsigned)(rest - line) + 1;
    bool dyn = wlen > 0 && line[wlen - 1] == '?';
    size_t name_len = dyn ? wlen - 1 : wlen;
    if (name_len == 3 && strncmp(line, "rev", 3) == 0) {
        if (r->count == r->cap) {
            size_t cap = r->cap ? r->cap * 2 : 64;
            if (cap > MAX_REVS)
                return -1;
            r->revs = rt_arena_grow(r->arena, r->revs, r->count, cap, sizeof *r->revs);
            if (!r->revs)
                return -1;
            r->cap = cap;
        }
        memset(&r->revs[r->count], 0, sizeof *r->revs);
        r->revs[r->count++].path = rt_arena_strndup(r->arena, rest, strlen(rest));
        return 0;
    }
    rt_revision *rev = current(r);
    if (!rev)
        return -1;
    if (name_len == 2 && strncmp(line, "id", 2) == 0)
        parse_list(r, &rev->revision, rest, lineno, col, dyn);
    else if (name_len == 4 && strncmp(line, "down", 4) == 0)
        parse_list(r, &rev->down_revisions, rest, lineno, col, dyn);
    else if (name_len == 6 && strncmp(line, "labels", 6) == 0)
        parse_list(r, &rev->branch_labels, rest, lineno, col, dyn);
    else if (name_len == 4 && strncmp(line, "deps", 4) == 0)
        parse_list(r, &rev->depends_on, rest, lineno, col, dyn);
    else if (name_len == 7 && strncmp(line, "revises", 7) == 0) {
        rev->has_revises = true;
        rev->revises = decode(r->arena, rest, strlen(rest));
        rev->revises_line = lineno;
        rev->revises_column = col;
    } else if (name_len == 7 && strncmp(line, "message", 7) == 0)
        rev->message = decode(r->arena, rest, strlen(rest));
    else
        return -1;
    return 0;
}

static int read_input(reader *r, FILE *in)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned lineno = 0;
    int rc = 0;
    while (rc == 0 && (len = getline(&line, &cap, in)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        rc = directive(r, line, lineno);
        if (rc)
            fprintf(stderr, "graph_dump: line %u: cannot read \"%s\"\n", lineno, line);
    }
    free(line);
    return rc;
}

static void print_problems(const rt_graph *g)
{
    for (size_t i = 0; i < g->problem_count; i++) {
        const rt_graph_problem *p = &g->problems[i];
        printf("%s\t%s:%u:%u\t", rt_graph_problem_rule(p->kind), p->path, p->line, p->column);
        for (size_t k = 0; k < p->node_count; k++)
            printf("%s%zu", k ? "," : "", (size_t)p->nodes[k]);
        printf("\t%s\t%s\n", p->message, p->help ? p->help : "");
    }
}

static int cmp_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int print_labels(const rt_graph *g)
{
    char **lines = calloc(g->count + 1, sizeof *lines);
    size_t n = 0;
    int rc = lines ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < g->count; i++) {
        const rt_graph_node *node = &g->nodes[i];
        if (!node->has_id || node->shadowed)
            continue;
        rt_buf b = RT_BUF_INIT;
        rt_buf_put_str(&b, node->id);
        for (uint32_t k = 0; k < node->label_count; k++) {
            rt_buf_putc(&b, k ? ',' : '\t');
            rt_buf_put_str(&b, g->labels[node->labels[k]].name);
        }
        if (!(lines[n++] = rt_buf_detach(&b)))
            rc = -1;
    }
    if (rc == 0) {
        qsort(lines, n, sizeof *lines, cmp_lines);
        for (size_t i = 0; i < n; i++)
            printf("%s\n", lines[i]);
    }
    for (size_t i = 0; lines && i < n; i++)
        free(lines[i]);
    free(lines);
    return rc;
}

static int print_mode(const rt_graph *g, const char *mode)
{
    rt_graph_format format;
    rt_error err;
    if (strcmp(mode, "problems") == 0) {
        print_problems(g);
        return 0;
    }
    if (strcmp(mode, "labels") == 0)
        return print_labels(g);
    if (!rt_graph_format_parse(rt_str_from(mode), &format)) {
        fprintf(stderr, "graph_dump: unknown mode %s\n", mode);
        return -1;
    }
    if (rt_graph_write(stdout, g, format, &err)) {
        rt_error_print(&err, stderr);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *modes[8];
    size_t mode_count = 0;
    rt_str allowed[64];
    rt_graph_options opts = {.allowed_heads = allowed};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--allow-head") == 0 && i + 1 < argc && opts.allowed_head_count < 64)
            allowed[opts.allowed_head_count++] = rt_str_from(argv[++i]);
        else if (mode_count < 8)
            modes[mode_count++] = argv[i];
    }
    if (mode_count == 0)
        modes[mode_count++] = "json";
    reader r = {.arena = rt_arena_new()};
    rt_graph *g = NULL;
    rt_error err;
    rt_error_clear(&err);
    int status = 2;
    if (!r.arena || read_input(&r, stdin))
        goto cleanup;
    if (rt_graph_build(&g, r.arena, r.revs, r.count, &opts, &err)) {
        rt_error_print(&err, stderr);
        goto cleanup;
    }
    status = 0;
    for (size_t i = 0; i < mode_count && status == 0; i++) {
        if (i)
            printf("\f\n");
        fflush(stdout);
        status = print_mode(g, modes[i]) ? 2 : 0;
    }
cleanup:
    rt_arena_free(r.arena);
    return status;
}
