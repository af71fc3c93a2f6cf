/* Option parsing and configuration loading shared by the subcommands. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "retort/path.h"
#include "retort/term.h"

enum {
    OPT_CONFIG = 256, OPT_FORMAT, OPT_SELECT, OPT_IGNORE, OPT_FAIL_ON, OPT_DIALECT,
    OPT_ALEMBIC_INI, OPT_BASE, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_NO_COLOR
};

static const struct option long_options[] = {
    {"config", required_argument, NULL, OPT_CONFIG},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"select", required_argument, NULL, OPT_SELECT},
    {"ignore", required_argument, NULL, OPT_IGNORE},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"dialect", required_argument, NULL, OPT_DIALECT},
    {"alembic-ini", required_argument, NULL, OPT_ALEMBIC_INI},
    {"name", required_argument, NULL, 'n'},
    {"base", required_argument, NULL, OPT_BASE},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
    {"quiet", no_argument, NULL, 'q'},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

void cli_error(const rt_error *err)
{
    fputs("retort: ", stderr);
    rt_error_print(err, stderr);
}

void cli_usage_error(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fputs("retort: error: ", stderr);
    rt_term_fputs(stderr, rt_str_from(msg));
    fputs("\n", stderr);
}

/* Appends the comma-separated names in arg to *list. */
static bool add_names(rt_arena *a, const char ***list, size_t *count, const char *arg)
{
    for (const char *p = arg; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        rt_str name = rt_str_trim((rt_str){p, len});
        if (name.len) {
            const char **grown = rt_arena_grow(a, *list, *count, *count + 1, sizeof **list);
            char *copy = rt_arena_strndup(a, name.p, name.len);
            if (!grown || !copy)
                return false;
            grown[(*count)++] = copy;
            *list = grown;
        }
        p += len + (comma != NULL);
    }
    return true;
}

static bool take_option(cli_options *o, int c, const char *arg)
{
    switch (c) {
    case OPT_CONFIG: o->config_path = arg; return true;
    case OPT_FORMAT: o->format = arg; return true;
    case OPT_SELECT: return add_names(o->arena, &o->select, &o->select_count, arg);
    case OPT_IGNORE: return add_names(o->arena, &o->ignore, &o->ignore_count, arg);
    case OPT_FAIL_ON: o->fail_on = arg; return true;
    case OPT_DIALECT: o->dialect = arg; return true;
    case OPT_ALEMBIC_INI: o->alembic_ini = arg; return true;
    case 'n': o->alembic_name = arg; return true;
    case OPT_BASE: o->base = arg; return true;
    case OPT_BASELINE: o->baseline = arg; return true;
    case OPT_WRITE_BASELINE: o->write_baseline = arg; return true;
    case 'q': o->quiet = true; return true;
    case OPT_NO_COLOR: o->no_color = true; return true;
    case 'h': o->help = true; return true;
    default: return false;
    }
}

bool cli_parse(cli_options *o, int argc, char **argv, const char *usage)
{
    optind = 0; /* GNU: full re-initialisation */
    opterr = 0;
    for (int c; (c = getopt_long(argc, argv, ":qhn:", long_options, NULL)) != -1;) {
        if (c == '?' || c == ':') {
            cli_usage_error("%s option '%s' (see `retort %s --help`)",
                            c == ':' ? "missing value for" : "unknown", argv[optind - 1], argv[0]);
            return false;
        }
        if (!take_option(o, c, optarg)) {
            cli_usage_error("out of memory reading option '%s'", argv[optind - 1]);
            return false;
        }
    }
    if (o->help) {
        fputs(usage, stdout);
        return true;
    }
    o->paths = argv + optind;
    o->path_count = (size_t)(argc - optind);
    return true;
}

/* Where configuration discovery starts: the first PATH's directory, else ".". */
static const char *discovery_start(const cli_options *o)
{
    if (o->path_count == 0)
        return ".";
    const char *first = o->paths[0];
    return rt_path_is_dir(first) ? first : rt_path_dirname(o->arena, first);
}

bool cli_load_config(rt_config *cfg, const cli_options *o)
{
    rt_error err;
    rt_error_clear(&err);
    int rc = o->config_path ? rt_config_load(cfg, o->config_path, &err)
                            : rt_config_discover(cfg, discovery_start(o), &err);
    if (rc != RT_OK) {
        cli_error(&err);
        return false;
    }
    if (o->fail_on && (!rt_severity_parse(rt_str_from(o->fail_on), &cfg->fail_on) ||
                       cfg->fail_on == RT_SEV_OFF)) {
        cli_usage_error("--fail-on must be error, warning or info, not '%s'", o->fail_on);
        rt_config_free(cfg);
        return false;
    }
    if (o->dialect && !rt_config_dialect_known(o->dialect)) {
        cli_usage_error("--dialect must be one of %s, not '%s'", rt_config_dialect_names(),
                        o->dialect);
        rt_config_free(cfg);
        return false;
    }
    if (o->dialect)
        cfg->dialect = (rt_config_str){o->dialect, 0, 0};
    return true;
}

bool cli_use_color(const cli_options *o)
{
    const char *no_color = getenv("NO_COLOR");
    return !o->no_color && !(no_color && no_color[0]) && isatty(STDOUT_FILENO);
}
