/* py_check: runs retort's Python front-end over files, for the integration tests.
 *
 *   py_check [--dump | --tokens | --nodes] [--stdin] [FILE...]
 *
 * Prints each syntax error as "path:line:col: message". With --dump, also prints
 * "S line col" for every module-level statement and "C line col" for every Call node
 * (columns 1-based in code points); with --tokens, "line col KIND text" per token;
 * with --nodes, "Kind line col end_line end_col" per node.
 * --stdin reads more paths, one per line. Exit: 0 no syntax errors, 1 some, 2 I/O. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "retort/python.h"
#include "retort/term.h"

typedef struct dump_ctx {
    const rt_py_module *m;
    rt_source *src;
} dump_ctx;

static int dump_call(const rt_py_node *n, void *ctx)
{
    dump_ctx *d = ctx;
    if (n->kind == RT_PY_CALL) {
        unsigned line, col;
        rt_py_position(d->m, d->src, n->start, &line, &col);
        printf("C %u %u\n", line, col);
    }
    return 0;
}

/* Every node as "Kind line col end_line end_col" (see tests/python/gen_nodes.py). */
static int dump_node(const rt_py_node *n, void *ctx)
{
    dump_ctx *d = ctx;
    unsigned l1, c1, l2, c2;
    rt_py_position(d->m, d->src, n->start, &l1, &c1);
    rt_py_position(d->m, d->src, n->end, &l2, &c2);
    printf("%s %u %u %u %u\n", rt_py_node_type_name(n), l1, c1, l2, c2);
    return 0;
}

static void dump_tokens(rt_source *src)
{
    rt_arena *a = rt_arena_new();
    rt_py_tokens toks;
    rt_error err;
    if (a && rt_py_tokenize(&toks, a, src->data, src->len, RT_PY_TOKENIZE_TRIVIA, &err) == RT_OK) {
        for (size_t i = 0; i < toks.count; i++) {
            unsigned line, col;
            rt_source_position(src, toks.items[i].start, &line, &col);
            printf("%u %u %s ", line, col, rt_py_tok_name((rt_py_tok)toks.items[i].kind));
            rt_term_fputs(stdout, rt_py_token_text(&toks, &toks.items[i]));
            putchar('\n');
        }
    }
    rt_arena_free(a);
}

/* Returns 0 (clean), 1 (syntax errors) or 2 (could not read or parse). */
static int check(const char *path, int mode)
{
    rt_source src;
    rt_error err;
    rt_arena *arena = NULL;
    int rc = 2;
    if (rt_source_read(&src, path, &err) != RT_OK) {
        rt_error_print(&err, stderr);
        return 2;
    }
    if (mode == 2) {
        dump_tokens(&src);
        rc = 0;
        goto cleanup;
    }
    arena = rt_arena_new();
    rt_py_module *m;
    if (!arena || rt_py_parse(&m, arena, path, src.data, src.len, &err) != RT_OK) {
        rt_error_print(&err, stderr);
        goto cleanup;
    }
    for (size_t i = 0; i < m->error_count; i++) {
        unsigned line, col;
        rt_py_position(m, &src, m->errors[i].offset, &line, &col);
        printf("%s:%u:%u: ", path, line, col);
        rt_term_fputs(stdout, rt_str_from(m->errors[i].message));
        putchar('\n');
    }
    if (mode == 3) {
        dump_ctx d = {m, &src};
        for (uint32_t i = 0; i < m->body.len; i++)
            rt_py_visit(m->body.items[i], dump_node, &d);
    }
    if (mode == 1) {
        dump_ctx d = {m, &src};
        for (uint32_t i = 0; i < m->body.len; i++) {
            unsigned line, col;
            rt_py_position(m, &src, m->body.items[i]->start, &line, &col);
            printf("S %u %u\n", line, col);
        }
        for (uint32_t i = 0; i < m->body.len; i++)
            rt_py_visit(m->body.items[i], dump_call, &d);
    }
    rc = m->error_count ? 1 : 0;
cleanup:
    rt_arena_free(arena);
    rt_source_free(&src);
    return rc;
}

int main(int argc, char **argv)
{
    int mode = 0, worst = 0;
    bool from_stdin = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dump") == 0)
            mode = 1;
        else if (strcmp(argv[i], "--tokens") == 0)
            mode = 2;
        else if (strcmp(argv[i], "--nodes") == 0)
            mode = 3;
        else if (strcmp(argv[i], "--stdin") == 0)
            from_stdin = true;
    }
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1] == '-')
            continue;
        int rc = check(argv[i], mode);
        worst = rc > worst ? rc : worst;
    }
    if (from_stdin) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, stdin)) > 0) {
            if (line[n - 1] == '\n')
                line[n - 1] = '\0';
            if (!line[0])
                continue;
            int rc = check(line, mode);
            worst = rc > worst ? rc : worst;
        }
        free(line);
    }
    fflush(stdout);
    return worst;
}
