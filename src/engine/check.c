/* The check engine: builds the project, runs the enabled rules, finishes findings. */
#include <stdlib.h>
#include <string.h>

#include "retort/check.h"
#include "retort/production.h"
#include "retort/source.h"
#include "sink.h"

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

static void run_project_rules(const rt_project *project, rt_sink *sink)
{
    for (size_t i = 0; i < rt_rule_count(); i++) {
        const rt_rule *rule = rt_rule_at(i);
        if (sink->severity[i] != RT_SEV_OFF && rule->check_project)
            rule->check_project(rule, project, sink);
    }
}

static bool any_file_rule(const rt_sink *sink)
{
    for (size_t i = 0; i < rt_rule_count(); i++)
        if (sink->severity[i] != RT_SEV_OFF && rt_rule_at(i)->check_file)
            return true;
    return false;
}

/* Reads each file once and hands it to every per-file rule. An unreadable file stops
 * the run: a check that skipped it would pass silently. */
static int run_file_rules(const rt_project *project, rt_sink *sink, rt_error *err)
{
    if (!any_file_rule(sink))
        return RT_OK;
    for (size_t f = 0; f < project->file_count; f++) {
        rt_source src;
        int rc = rt_source_read(&src, project->files[f].path, err);
        if (rc != RT_OK)
            return rc;
        rt_file_ctx ctx = {.project = project, .file = &project->files[f], .source = &src};
        for (size_t i = 0; i < rt_rule_count(); i++) {
            const rt_rule *rule = rt_rule_at(i);
            if (sink->severity[i] != RT_SEV_OFF && rule->check_file)
                rule->check_file(rule, &ctx, sink);
        }
        rt_source_free(&src);
    }
    return RT_OK;
}

/* Production is read only when one of its rules runs: it may need the network. */
static bool any_production_rule(const rt_severity *sev)
{
    for (size_t i = 0; i < rt_rule_count(); i++)
        if (sev[i] != RT_SEV_OFF && strcmp(rt_rule_at(i)->area, "production") == 0)
            return true;
    return false;
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
    if (any_production_rule(sev)) {
        rc = rt_production_load(&production, &project, err);
        if (rc != RT_OK)
            goto cleanup;
        project.production = production;
    }
    rt_sink sink = {.findings = out, .severity = sev, .cwd = project.cwd, .status = RT_OK};
    run_project_rules(&project, &sink);
    rc = run_file_rules(&project, &sink, err);
    if (rc != RT_OK)
        goto cleanup;
    out->files = project.file_count + (project.alembic && project.alembic->ini_path ? 1 : 0);
    if (sink.status != RT_OK) {
        rc = rt_error_set(err, sink.status, NULL, 0, 0, "out of memory collecting findings");
        goto cleanup;
    }
    lines = rt_line_cache_new();
    rt_findings_finish(out, lines ? rt_line_cache_get : NULL, lines);
cleanup:
    rt_line_cache_free(lines);
    rt_production_free(production);
    free(production);
    rt_project_free(&project);
cleanup_sev:
    free(sev);
    return rc;
}
