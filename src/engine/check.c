/* The check engine: builds the project, reads each file once (Python files into the
 * migration model) and runs the per-file rules on all cores (files.c), builds the
 * revision graph, runs the project rules, and finishes the findings. */
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "retort/check.h"
#include "retort/production.h"
#include "sink.h"
#include "suppress.h"

static bool matches(const rt_rule *rule, const char *selector)
{
    return strcmp(rule->name, selector) == 0 || strcmp(rule->area, selector) == 0;
}

static bool matches_any(const rt_rule *rule, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (matches(rule, list[i]))
            return true;
    return false;
}

static int validate_list(const char *const *list, size_t n, const char *option, rt_error *err)
{
    for (size_t i = 0; i < n; i++) {
        bool known = false;
        for (size_t r = 0; r < rt_rule_count() && !known; r++)
            known = matches(rt_rule_at(r), list[i]);
        if (known)
            continue;
        const char *near = rt_rule_suggest(rt_str_from(list[i]));
        return rt_error_set(err, RT_EUSAGE, NULL, 0, 0,
                            "%s: unknown rule or area '%s'%s%s%s (see `retort rules`)", option,
                            list[i], near ? "; did you mean '" : "", near ? near : "",
                            near ? "'?" : "");
    }
    return RT_OK;
}

int rt_selection_validate(const rt_selection *sel, rt_error *err)
{
    int rc = validate_list(sel->select, sel->select_count, "--select", err);
    return rc ? rc : validate_list(sel->ignore, sel->ignore_count, "--ignore", err);
}

/* Effective severity of each rule: configured or default, OFF when not selected. */
static rt_severity *effective_severities(const rt_check_options *opts)
{
    size_t n = rt_rule_count();
    rt_severity *sev = calloc(n, sizeof *sev);
    if (!sev)
        return NULL;
    const rt_selection *sel = &opts->selection;
    for (size_t i = 0; i < n; i++) {
        const rt_rule *rule = rt_rule_at(i);
        bool on = sel->select_count == 0 || matches_any(rule, sel->select, sel->select_count);
        on = on && !matches_any(rule, sel->ignore, sel->ignore_count);
        sev[i] = on ? rt_config_severity(opts->config, rule) : RT_SEV_OFF;
    }
    return sev;
}

static int build_graph(rt_project *p, rt_error *err)
{
    const rt_config *cfg = p->config;
    size_t n = cfg ? cfg->graph.allowed_head_count : 0;
    rt_str *allowed = rt_arena_calloc(p->arena, n + 1, sizeof *allowed);
    if (!allowed)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++)
        allowed[i] = rt_str_from(cfg->graph.allowed_heads[i].value);
    rt_graph_options opts = {.allowed_heads = allowed, .allowed_head_count = n};
    rt_graph *g = NULL;
    int rc = rt_graph_build(&g, p->arena, p->revisions, p->revision_count, &opts, err);
    p->graph = g;
    return rc;
}

/* Reads every file of the project (running the per-file rules when sink is not NULL),
 * then builds the revision graph. */
static int read_files(rt_project *p, rt_sink *sink, rt_error *err)
{
    int rc = rt_engine_read_files(p, sink, rt_engine_threads(p->file_count), err);
    return rc == RT_OK ? build_graph(p, err) : rc;
}

int rt_project_read_revisions(rt_project *project, rt_error *err)
{
    return read_files(project, NULL, err);
}

static void run_project_rules(const rt_project *project, rt_sink *sink)
{
    for (size_t i = 0; i < rt_rule_count(); i++) {
        const rt_rule *rule = rt_rule_at(i);
        if (sink->severity[i] != RT_SEV_OFF && rule->check_project)
            rule->check_project(rule, project, sink);
    }
}

/* Production is read only when one of its rules runs: it may need the network. */
static bool any_production_rule(const rt_severity *sev)
{
    for (size_t i = 0; i < rt_rule_count(); i++)
        if (sev[i] != RT_SEV_OFF && strcmp(rt_rule_at(i)->area, "production") == 0)
            return true;
    return false;
}

/* Moves the bytes of every file read into lines (fingerprints and snippets come from
 * them: no file is read again). */
static void keep_sources(rt_project *p, rt_line_cache *lines)
{
    for (size_t i = 0; lines && p->sources && i < p->file_count; i++)
        if (p->sources[i].data)
            rt_line_cache_adopt(lines, &p->sources[i]);
}

int rt_check_run(rt_findings *out, const rt_check_options *opts, rt_error *err)
{
    rt_project project;
    rt_production *production = NULL;
    rt_line_cache *lines = NULL;
    rt_severity *sev = effective_severities(opts);
    if (!sev)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = rt_project_open(&project, opts->config, &opts->project, err);
    if (rc != RT_OK)
        goto cleanup_sev;
    rt_sink sink = {.findings = out, .severity = sev, .cwd = project.cwd, .status = RT_OK,
                    .suppress = rt_suppress_cache_new()};
    if (!sink.suppress) {
        rc = rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    rt_base base;
    if (opts->base_ref) {
        rc = rt_base_load(&base, &project, opts->base_ref, err);
        if (rc != RT_OK)
            goto cleanup;
        project.base = &base;
    }
    rc = read_files(&project, &sink, err);
    if (rc == RT_OK && any_production_rule(sev)) {
        rc = rt_production_load(&production, &project, err);
        project.production = production;
    }
    if (rc != RT_OK)
        goto cleanup;
    run_project_rules(&project, &sink);
    out->files = project.file_count + (project.alembic && project.alembic->ini_path ? 1 : 0);
    if (sink.status != RT_OK) {
        rc = rt_error_set(err, sink.status, NULL, 0, 0, "out of memory collecting findings");
        goto cleanup;
    }
    lines = opts->lines ? opts->lines : rt_line_cache_new();
    keep_sources(&project, lines);
    rt_findings_finish(out, lines ? rt_line_cache_get : NULL, lines);
cleanup:
    rt_suppress_cache_free(sink.suppress);
    if (lines != opts->lines)
        rt_line_cache_free(lines);
    rt_production_free(production);
    free(production);
    rt_project_free(&project);
cleanup_sev:
    free(sev);
    return rc;
}
