/* `retort init [DIR]`: write a starter .retort.yaml and make `retort sign` the last of
 * alembic.ini's post_write_hooks, touching nothing else in the file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "retort/file.h"
#include "retort/ini_edit.h"
#include "retort/path.h"
#include "retort/source.h"
#include "retort/term.h"

static const char usage[] =
    "Usage: retort init [--dry-run] [--hook-type TYPE] [--alembic-ini FILE] [DIR]\n"
    "\n"
    "Prepare the Alembic project in DIR (default: the working directory): write a\n"
    "commented .retort.yaml if there is none, and add `retort sign` to alembic.ini as the\n"
    "last post_write_hook (or move it there). Comments, order and formatting of\n"
    "alembic.ini are kept; running it again changes nothing.\n"
    "\n"
    "Options:\n"
    "  --hook-type TYPE     console_scripts (default; Alembic >= 1.2, needs the\n"
    "                       retort-sign entry point installed) or exec (Alembic >= 1.12)\n"
    "  --alembic-ini FILE   the alembic.ini to edit (default: DIR/alembic.ini)\n"
    "  --dry-run            print the changes as a unified diff and write nothing\n"
    "  -q, --quiet          print nothing on success\n"
    "  -h, --help           this help\n";

static const char starter_config[] =
    "# retort configuration (`retort --help`, `retort rules`, `retort explain RULE`).\n"
    "# Unknown keys and wrong types are errors, reported with their line and column.\n"
    "\n"
    "# The Alembic configuration, relative to this file, and its section (alembic -n).\n"
    "# alembic_ini: alembic.ini\n"
    "# alembic_name: alembic\n"
    "\n"
    "# The database dialect; by default taken from sqlalchemy.url's scheme.\n"
    "# dialect: postgresql\n"
    "\n"
    "# `retort check` exits 1 on findings at or above this level: error, warning or info.\n"
    "fail_on: error\n"
    "\n"
    "# Severity per rule (error, warning, info or off); `retort rules` lists them.\n"
    "# rules:\n"
    "#   prefer-text-field: off\n"
    "\n"
    "# What production has applied, for the production rules (any one of these).\n"
    "# production:\n"
    "#   git_ref: origin/production\n"
    "#   database_url_env: PRODUCTION_DATABASE_URL\n"
    "#   heads: [ae1027a6acf2]\n"
    "\n"
    "# Values the secrets rules may ignore, and extra token patterns to look for.\n"
    "# secrets:\n"
    "#   allow: []\n"
    "#   patterns:\n"
    "#     - {id: internal-token, regex: 'itk_[A-Za-z0-9]{32}'}\n";

typedef struct init_opts {
    const char *alembic_ini;
    const char *dir;
    rt_hook_type hook_type;
    bool dry_run, quiet, help;
} init_opts;

enum { OPT_ALEMBIC_INI = 256, OPT_HOOK_TYPE, OPT_DRY_RUN };

static bool parse(init_opts *o, int argc, char **argv)
{
    static const struct option long_options[] = {
        {"alembic-ini", required_argument, NULL, OPT_ALEMBIC_INI},
        {"hook-type", required_argument, NULL, OPT_HOOK_TYPE},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 0;
    opterr = 0;
    for (int c; (c = getopt_long(argc, argv, ":qh", long_options, NULL)) != -1;) {
        if (c == OPT_ALEMBIC_INI) {
            o->alembic_ini = optarg;
        } else if (c == OPT_HOOK_TYPE) {
            if (!rt_hook_type_parse(optarg, &o->hook_type)) {
                cli_usage_error("--hook-type must be console_scripts or exec, not '%s'", optarg);
                return false;
            }
        } else if (c == OPT_DRY_RUN || c == 'q' || c == 'h') {
            *(c == OPT_DRY_RUN ? &o->dry_run : c == 'q' ? &o->quiet : &o->help) = true;
        } else {
            cli_usage_error("%s option '%s' (see `retort init --help`)",
                            c == ':' ? "missing value for" : "unknown", argv[optind - 1]);
            return false;
        }
    }
    if (argc - optind > 1) {
        cli_usage_error("retort init takes at most one DIR");
        return false;
    }
    o->dir = optind < argc ? argv[optind] : ".";
    return true;
}

static void say(const init_opts *o, const char *path, const char *what)
{
    if (o->quiet)
        return;
    rt_buf b = RT_BUF_INIT;
    rt_term_escape(&b, rt_str_from(path));
    rt_buf_printf(&b, ": %s\n", what);
    fputs(rt_buf_cstr(&b), stdout);
    rt_buf_free(&b);
}

/* Prints the diff of path (old → new) for --dry-run, each line escaped for the
 * terminal except its line end. */
static void show_diff(const char *path, const char *old_text, size_t old_len,
                      const char *new_text, size_t new_len)
{
    rt_buf b = RT_BUF_INIT;
    rt_ini_edit_diff(&b, path, old_text, old_len, new_text, new_len);
    rt_buf t = RT_BUF_INIT;
    const char *p = rt_buf_cstr(&b), *end = p + b.len;
    while (p < end) {
        const char *lf = memchr(p, '\n', (size_t)(end - p));
        size_t len = lf ? (size_t)(lf - p) : (size_t)(end - p);
        size_t keep = len > 0 && p[len - 1] == '\r' ? len - 1 : len;
        rt_term_escape(&t, (rt_str){p, keep});
        rt_buf_put(&t, p + keep, len - keep);
        if (lf)
            rt_buf_putc(&t, '\n');
        p += len + (lf != NULL);
    }
    fputs(rt_buf_cstr(&t), stdout);
    rt_buf_free(&t);
    rt_buf_free(&b);
}

static int edit_ini(const init_opts *o, const char *ini_path, rt_error *err)
{
    rt_source src;
    int rc = rt_source_read(&src, ini_path, err);
    if (rc != RT_OK)
        return rc;
    char *edited = NULL;
    size_t edited_len = 0;
    bool changed = false;
    rc = rt_ini_edit_sign_hook(&edited, &edited_len, &changed, ini_path, src.data, src.len,
                               o->hook_type, err);
    if (rc == RT_OK && changed && o->dry_run)
        show_diff(ini_path, src.data, src.len, edited, edited_len);
    else if (rc == RT_OK && changed)
        rc = rt_file_replace(ini_path, edited, edited_len, err);
    if (rc == RT_OK && !o->dry_run)
        say(o, ini_path, changed ? "retort sign is now the last post_write_hook"
                                 : "retort sign is already the last post_write_hook");
    free(edited);
    rt_source_free(&src);
    return rc;
}

static int write_config(const init_opts *o, const char *path, rt_error *err)
{
    if (rt_path_is_file(path) || rt_path_is_dir(path)) {
        if (!o->dry_run)
            say(o, path, "exists, left as it is");
        return RT_OK;
    }
    if (o->dry_run) {
        show_diff(path, "", 0, starter_config, sizeof starter_config - 1);
        return RT_OK;
    }
    int rc = rt_file_create(path, starter_config, sizeof starter_config - 1, err);
    if (rc == RT_OK)
        say(o, path, "written");
    return rc;
}

/* dir/name, or name alone for the working directory (as users type it). */
static const char *in_dir(rt_arena *a, const char *dir, const char *name)
{
    if (!dir)
        return NULL;
    return strcmp(dir, ".") == 0 ? name : rt_path_join(a, dir, name);
}

int cmd_init(int argc, char **argv)
{
    init_opts o = {.hook_type = RT_HOOK_CONSOLE_SCRIPTS};
    if (!parse(&o, argc, argv))
        return EXIT_TROUBLE;
    if (o.help) {
        fputs(usage, stdout);
        return EXIT_CLEAN;
    }
    rt_arena *a = rt_arena_new();
    if (!a)
        return EXIT_TROUBLE;
    rt_error err;
    rt_error_clear(&err);
    int rc = RT_OK;
    const char *ini = o.alembic_ini ? o.alembic_ini : in_dir(a, o.dir, "alembic.ini");
    const char *config = ini ? in_dir(a, rt_path_dirname(a, ini), ".retort.yaml") : NULL;
    if (!ini || !config)
        rc = rt_error_set(&err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    else if (!rt_path_is_file(ini))
        rc = rt_error_set(&err, RT_ENOTFOUND, ini, 0, 0,
                          "no alembic.ini here: run `alembic init` first, or name the file "
                          "with --alembic-ini");
    if (rc == RT_OK)
        rc = edit_ini(&o, ini, &err);
    if (rc == RT_OK)
        rc = write_config(&o, config, &err);
    if (rc != RT_OK)
        cli_error(&err);
    rt_arena_free(a);
    return rc == RT_OK ? EXIT_CLEAN : EXIT_TROUBLE;
}
