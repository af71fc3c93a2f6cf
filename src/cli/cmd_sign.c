/* `retort sign FILE...` and `retort sign --all [DIR...]`: record migrations in
 * retort.sum. This is what Alembic's post_write_hooks run on each generated file. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "retort/path.h"
#include "retort/project.h"
#include "retort/sumfile.h"
#include "retort/term.h"

static const char usage[] =
    "Usage: retort sign [-q] FILE...\n"
    "       retort sign --all [--force] [-q] [DIR...]\n"
    "\n"
    "Record migrations as Alembic generated them: the SHA-256 of each FILE goes into\n"
    "retort.sum beside it. Run it as the last of alembic.ini's post_write_hooks.\n"
    "\n"
    "  --all      record every migration of each DIR (a version directory), or with no\n"
    "             DIR of the project's version directories from alembic.ini\n"
    "  --force    with --all, replace an existing retort.sum\n"
    "  -q         print nothing on success\n";

typedef struct sign_opts {
    bool all, force, quiet;
    unsigned flags; /* RT_SIGN_TOKENS when the configuration ignores formatting */
} sign_opts;

static void report(const char *dir, const rt_sign_result *r, size_t n, bool quiet)
{
    for (size_t i = 0; i < n && !quiet; i++) {
        rt_buf b = RT_BUF_INIT;
        rt_term_escape(&b, rt_str_from(r[i].name));
        rt_buf_puts(&b, r[i].action == RT_SIGN_ADDED     ? ": recorded in "
                        : r[i].action == RT_SIGN_CHANGED ? ": re-recorded (it had changed) in "
                                                         : ": already recorded in ");
        rt_term_escape(&b, rt_str_from(dir));
        rt_buf_puts(&b, "/" RT_SUMFILE_NAME "\n");
        fputs(rt_buf_cstr(&b), stdout);
        rt_buf_free(&b);
    }
}

static int sign_dir(rt_arena *a, const char *dir, const char *const *names, size_t n,
                    unsigned flags, bool quiet)
{
    rt_sign_result *results = NULL;
    rt_error err;
    rt_error_clear(&err);
    if (rt_sumfile_sign(a, dir, names, n, flags, &results, &err) != RT_OK) {
        cli_error(&err);
        return EXIT_TROUBLE;
    }
    report(dir, results, n, quiet);
    return EXIT_CLEAN;
}

/* Signs each FILE, one locked update per directory (files grouped in order). */
static int sign_files(rt_arena *a, char **files, size_t n, const sign_opts *o)
{
    const char **names = rt_arena_calloc(a, n, sizeof *names);
    bool *done = rt_arena_calloc(a, n, sizeof *done);
    if (!names || !done)
        return EXIT_TROUBLE;
    for (size_t i = 0; i < n; i++) {
        if (done[i])
            continue;
        const char *dir = rt_path_dirname(a, files[i]);
        size_t count = 0;
        for (size_t j = i; j < n && dir; j++) {
            const char *dj = rt_path_dirname(a, files[j]);
            if (!done[j] && dj && strcmp(dj, dir) == 0) {
                const char *slash = strrchr(files[j], '/');
                names[count++] = slash ? slash + 1 : files[j];
                done[j] = true;
            }
        }
        if (!dir || sign_dir(a, dir, names, count, o->flags, o->quiet) != EXIT_CLEAN)
            return EXIT_TROUBLE;
    }
    return EXIT_CLEAN;
}

static bool is_python(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".py") == 0;
}

/* Signs every migration of one version directory, replacing its retort.sum. A
 * directory none of whose files were listed is left alone. */
static int sign_all_in(rt_arena *a, const rt_project *p, const char *dir, const sign_opts *o)
{
    const char **names = rt_arena_calloc(a, p->file_count + 1, sizeof *names);
    if (!names)
        return EXIT_TROUBLE;
    size_t n = 0;
    for (size_t i = 0; i < p->file_count; i++)
        if (!p->files[i].context && p->files[i].version_dir &&
            strcmp(p->files[i].version_dir, dir) == 0 && is_python(p->files[i].name))
            names[n++] = p->files[i].name;
    if (n == 0)
        return EXIT_CLEAN;
    char *sum = rt_path_join(a, dir, RT_SUMFILE_NAME);
    if (sum && rt_path_is_file(sum) && !o->force) {
        rt_error err;
        rt_error_set(&err, RT_EUSAGE, sum, 0, 0,
                     "already exists; `retort sign --all --force` replaces it");
        cli_error(&err);
        return EXIT_TROUBLE;
    }
    return sign_dir(a, dir, names, n, RT_SIGN_REPLACE_ALL | o->flags, o->quiet);
}

static int sign_all(rt_arena *a, const cli_options *co, const sign_opts *o)
{
    rt_project p;
    rt_error err;
    rt_error_clear(&err);
    rt_project_options popts = {.paths = (const char *const *)co->paths,
                                .path_count = co->path_count,
                                .alembic_ini = co->alembic_ini,
                                .alembic_name = co->alembic_name};
    if (rt_project_open(&p, NULL, &popts, &err) != RT_OK) {
        cli_error(&err);
        return EXIT_TROUBLE;
    }
    int status = EXIT_CLEAN;
    for (size_t i = 0; i < p.sum_count && status == EXIT_CLEAN; i++)
        status = sign_all_in(a, &p, p.sums[i].dir, o);
    rt_project_free(&p);
    return status;
}

/* Takes --all and --force out of argv, leaving the common options to cli_parse(). */
static int take_sign_flags(int argc, char **argv, sign_opts *o)
{
    int n = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--all") == 0)
            o->all = true;
        else if (strcmp(argv[i], "--force") == 0)
            o->force = true;
        else
            argv[n++] = argv[i];
    }
    return n;
}

/* The sign flags the configuration asks for; false (error printed) when it is broken. */
static bool configured_flags(const cli_options *o, unsigned *flags)
{
    rt_config cfg;
    if (!cli_load_config(&cfg, o))
        return false;
    *flags = cfg.integrity.ignore_formatting ? RT_SIGN_TOKENS : 0;
    rt_config_free(&cfg);
    return true;
}

static int run(const cli_options *o, sign_opts *so)
{
    if (so->force && !so->all) {
        cli_usage_error("--force goes with --all");
        return EXIT_TROUBLE;
    }
    if (!so->all && o->path_count == 0) {
        cli_usage_error("retort sign needs the migration files to record (or --all)");
        return EXIT_TROUBLE;
    }
    if (!configured_flags(o, &so->flags))
        return EXIT_TROUBLE;
    return so->all ? sign_all(o->arena, o, so) : sign_files(o->arena, o->paths, o->path_count, so);
}

int cmd_sign(int argc, char **argv)
{
    sign_opts so = {0};
    argc = take_sign_flags(argc, argv, &so);
    cli_options o = {.arena = rt_arena_new()};
    int status = EXIT_TROUBLE;
    if (o.arena && cli_parse(&o, argc, argv, usage)) {
        so.quiet = o.quiet;
        status = o.help ? EXIT_CLEAN : run(&o, &so);
    }
    rt_arena_free(o.arena);
    return status;
}
