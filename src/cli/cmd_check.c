/* `retort check [PATH...]`: lint, report, and exit 0/1/2. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "retort/baseline.h"
#include "retort/term.h"

static const char usage[] =
    "Usage: retort check [OPTIONS] [PATH...]\n"
    "\n"
    "Lint Alembic migrations, alembic.ini and the revision chain. With no PATH, the\n"
    "project is found from alembic.ini in the working directory. A PATH may be a project\n"
    "directory (holding alembic.ini), a directory of migrations, or files.\n"
    "\n"
    "Options:\n"
    "  --config FILE        configuration file (default: .retort.yaml, searched upward)\n"
    "  --format FORMAT      text (default), concise, json, sarif, github, gitlab, junit\n"
    "  --select RULES       only these rules or areas (comma-separated, repeatable)\n"
    "  --ignore RULES       not these rules or areas (comma-separated, repeatable)\n"
    "  --fail-on LEVEL      exit 1 on findings at or above error, warning or info\n"
    "  --dialect NAME       database dialect (default: from config or sqlalchemy.url)\n"
    "  --alembic-ini FILE   the alembic.ini to read\n"
    "  -n, --name SECTION   the alembic.ini section, like `alembic -n`\n"
    "  --base REF           report per-file findings only for files changed since the\n"
    "                       git revision REF, and re-recorded migrations (CI gate)\n"
    "  --baseline FILE      hide the findings recorded in FILE\n"
    "  --write-baseline FILE  record today's findings in FILE and exit 0\n"
    "  -q, --quiet          print nothing when there are no findings\n"
    "  --no-color           no colours (also when NO_COLOR is set)\n"
    "  -h, --help           this help\n"
    "\n"
    "Exit status: 0 no findings at or above the fail-on level, 1 findings, 2 usage,\n"
    "configuration or I/O error.\n";

static bool check_options(const cli_options *o, rt_format *format)
{
    if (o->baseline && o->write_baseline) {
        cli_usage_error("--baseline and --write-baseline cannot be combined: "
                        "--write-baseline records every finding");
        return false;
    }
    if (!rt_format_parse(o->format ? o->format : "text", format)) {
        cli_usage_error("unknown format '%s'; use one of %s", o->format, rt_format_names());
        return false;
    }
    return true;
}

static int exit_status(const rt_findings *findings, rt_severity fail_on)
{
    for (size_t i = 0; i < findings->count; i++)
        if (findings->items[i].severity >= fail_on)
            return EXIT_FINDINGS;
    return EXIT_CLEAN;
}

/* lines: the check's cache of the files it read (NULL: snippets are left out). */
static int report(const rt_findings *findings, rt_format format, const cli_options *o,
                  rt_line_cache *lines)
{
    if (o->quiet && findings->count == 0)
        return RT_OK;
    rt_report_options ropts = {
        .color = format == RT_FORMAT_TEXT && cli_use_color(o),
        .line_text = lines ? rt_line_cache_get : NULL,
        .line_ctx = lines,
    };
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_report_write(format, findings, &ropts, stdout, &err);
    if (rc == RT_OK && fflush(stdout) != 0)
        rc = rt_error_set(&err, RT_EIO, "<stdout>", 0, 0, "cannot write the report");
    if (rc != RT_OK)
        cli_error(&err);
    return rc;
}

/* Loads --baseline (NULL without it). Prints the error and returns false on failure. */
static bool load_baseline(rt_baseline **out, const cli_options *o)
{
    *out = NULL;
    if (!o->baseline)
        return true;
    rt_error err;
    rt_error_clear(&err);
    if (rt_baseline_load(out, o->baseline, &err) == RT_OK)
        return true;
    cli_error(&err);
    return false;
}

/* Hides the baseline's findings and notes on stderr how many entries are stale. */
static void apply_baseline(rt_baseline *baseline, rt_findings *findings, const cli_options *o)
{
    size_t stale = rt_baseline_apply(baseline, findings);
    if (stale == 0 || o->quiet)
        return;
    rt_buf b = RT_BUF_INIT;
    rt_buf_printf(&b, "retort: note: %zu %s of ", stale, stale == 1 ? "entry" : "entries");
    rt_term_escape(&b, rt_str_from(o->baseline));
    rt_buf_printf(&b, " no longer %s any finding (fixed or gone); "
                      "`--write-baseline` rewrites it\n", stale == 1 ? "matches" : "match");
    fputs(rt_buf_cstr(&b), stderr);
    rt_buf_free(&b);
}

/* --write-baseline: records every finding and reports how many. */
static int write_baseline(const rt_findings *findings, const cli_options *o)
{
    rt_error err;
    rt_error_clear(&err);
    if (rt_baseline_write(findings, o->write_baseline, &err) != RT_OK) {
        cli_error(&err);
        return EXIT_TROUBLE;
    }
    if (!o->quiet) {
        rt_buf b = RT_BUF_INIT;
        rt_buf_printf(&b, "retort: recorded %zu finding%s in ", findings->count,
                      findings->count == 1 ? "" : "s");
        rt_term_escape(&b, rt_str_from(o->write_baseline));
        rt_buf_putc(&b, '\n');
        fputs(rt_buf_cstr(&b), stderr);
        rt_buf_free(&b);
    }
    return EXIT_CLEAN;
}

/* After a successful check: the baseline step, the report, the exit status. */
static int finish(rt_findings *findings, rt_baseline *baseline, rt_format format,
                  const cli_options *o, rt_severity fail_on, rt_line_cache *lines)
{
    if (o->write_baseline)
        return write_baseline(findings, o);
    if (baseline)
        apply_baseline(baseline, findings, o);
    if (report(findings, format, o, lines) != RT_OK)
        return EXIT_TROUBLE;
    return exit_status(findings, fail_on);
}

static int run(cli_options *o)
{
    rt_format format;
    if (!check_options(o, &format))
        return EXIT_TROUBLE;
    rt_baseline *baseline;
    if (!load_baseline(&baseline, o))
        return EXIT_TROUBLE;
    rt_config cfg;
    if (!cli_load_config(&cfg, o)) {
        rt_baseline_free(baseline);
        return EXIT_TROUBLE;
    }
    rt_check_options copts = {
        .config = &cfg,
        .project = {.paths = (const char *const *)o->paths, .path_count = o->path_count,
                    .alembic_ini = o->alembic_ini, .alembic_name = o->alembic_name},
        .selection = {.select = o->select, .select_count = o->select_count,
                      .ignore = o->ignore, .ignore_count = o->ignore_count},
        .base_ref = o->base,
        .lines = rt_line_cache_new(),
    };
    rt_findings findings;
    rt_error err;
    rt_error_clear(&err);
    int status = EXIT_TROUBLE;
    if (rt_findings_init(&findings) != RT_OK) {
        rt_line_cache_free(copts.lines);
        rt_config_free(&cfg);
        rt_baseline_free(baseline);
        return EXIT_TROUBLE;
    }
    int rc = rt_selection_validate(&copts.selection, &err);
    if (rc == RT_OK)
        rc = rt_check_run(&findings, &copts, &err);
    if (rc != RT_OK)
        cli_error(&err);
    else
        status = finish(&findings, baseline, format, o, cfg.fail_on, copts.lines);
    rt_line_cache_free(copts.lines);
    rt_baseline_free(baseline);
    rt_findings_free(&findings);
    rt_config_free(&cfg);
    return status;
}

int cmd_check(int argc, char **argv)
{
    cli_options o = {.arena = rt_arena_new()};
    if (!o.arena)
        return EXIT_TROUBLE;
    int status = EXIT_TROUBLE;
    if (cli_parse(&o, argc, argv, usage))
        status = o.help ? EXIT_CLEAN : run(&o);
    rt_arena_free(o.arena);
    return status;
}
