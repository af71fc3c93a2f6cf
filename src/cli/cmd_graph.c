/* `retort graph`: the revision graph as text, json, dot or mermaid. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "retort/graph.h"
#include "retort/term.h"

static const char usage[] =
    "Usage: retort graph [--format text|json|dot|mermaid] [--heads | --bases] [PATH...]\n"
    "\n"
    "Show the revision graph as Alembic builds it: heads, bases, merges and branch\n"
    "labels. PATHs are found as `retort check` finds them (default: ./alembic.ini).\n"
    "\n"
    "  --format FORMAT    text (default), json (heads, bases, merges, revisions), dot\n"
    "                     (Graphviz) or mermaid (flowchart)\n"
    "  --heads, --bases   print only the head (or base) revision ids, one per line\n"
    "  --alembic-ini FILE, -n NAME, --config FILE   as for `retort check`\n";

typedef enum only { ONLY_ALL, ONLY_HEADS, ONLY_BASES } only;

static int take_graph_flags(int argc, char **argv, only *o)
{
    int n = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--heads") == 0)
            *o = ONLY_HEADS;
        else if (strcmp(argv[i], "--bases") == 0)
            *o = ONLY_BASES;
        else
            argv[n++] = argv[i];
    }
    return n;
}

static void print_ids(const rt_graph *g, const uint32_t *nodes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        rt_term_fputs(stdout, g->nodes[nodes[i]].id);
        putchar('\n');
    }
}

static int show(const rt_graph *g, only o, rt_graph_format fmt)
{
    if (o == ONLY_HEADS)
        print_ids(g, g->heads, g->head_count);
    else if (o == ONLY_BASES)
        print_ids(g, g->bases, g->base_count);
    rt_error err;
    rt_error_clear(&err);
    if (o == ONLY_ALL && rt_graph_write(stdout, g, fmt, &err) != RT_OK) {
        cli_error(&err);
        return EXIT_TROUBLE;
    }
    return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
}

static int run(const cli_options *o, only which)
{
    rt_graph_format fmt = RT_GRAPH_TEXT;
    if (o->format && !rt_graph_format_parse(rt_str_from(o->format), &fmt)) {
        cli_usage_error("retort graph prints text, json, dot or mermaid, not '%s'", o->format);
        return EXIT_TROUBLE;
    }
    rt_config cfg;
    if (!cli_load_config(&cfg, o))
        return EXIT_TROUBLE;
    rt_project p;
    rt_error err;
    rt_error_clear(&err);
    rt_project_options popts = {.paths = (const char *const *)o->paths,
                                .path_count = o->path_count,
                                .alembic_ini = o->alembic_ini,
                                .alembic_name = o->alembic_name};
    int status = EXIT_TROUBLE;
    if (rt_project_open(&p, &cfg, &popts, &err) != RT_OK) {
        cli_error(&err);
    } else {
        if (rt_project_read_revisions(&p, &err) != RT_OK)
            cli_error(&err);
        else
            status = show(p.graph, which, fmt);
        rt_project_free(&p);
    }
    rt_config_free(&cfg);
    return status;
}

int cmd_graph(int argc, char **argv)
{
    only which = ONLY_ALL;
    argc = take_graph_flags(argc, argv, &which);
    cli_options o = {.arena = rt_arena_new()};
    int status = EXIT_TROUBLE;
    if (o.arena && cli_parse(&o, argc, argv, usage))
        status = o.help ? EXIT_CLEAN : run(&o, which);
    rt_arena_free(o.arena);
    return status;
}
