/* retort — the check engine: project → rules → findings.
 *
 * rt_check_run() opens the project, runs every enabled rule's hooks, and returns the
 * findings sorted and fingerprinted. Findings are not errors: the run fails (negative
 * return) only for usage, configuration or I/O problems, which are exit status 2.
 */
#ifndef RETORT_CHECK_H
#define RETORT_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/config.h"
#include "retort/finding.h"
#include "retort/project.h"
#include "retort/source.h"
#include "retort/str.h"

/* Which rules run: a selector is a rule name or an area name (e.g. "secrets"). With no
 * select list every rule runs; ignore removes rules; rules configured `off` never run. */
typedef struct rt_selection {
    const char *const *select;
    size_t select_count;
    const char *const *ignore;
    size_t ignore_count;
} rt_selection;

/* Checks that every selector names a rule or an area; RT_EUSAGE otherwise, with a
 * suggestion in the message. */
int rt_selection_validate(const rt_selection *sel, rt_error *err);

/* The text of a line of a file, read once and cached: for reporters' snippets and
 * fingerprints. Files that cannot be read give empty lines. */
typedef struct rt_line_cache rt_line_cache;
rt_line_cache *rt_line_cache_new(void);
void rt_line_cache_free(rt_line_cache *cache);
/* Takes src (left zeroed) as the text of its path, unless the cache already has that
 * path (then src is freed). */
void rt_line_cache_adopt(rt_line_cache *cache, rt_source *src);
rt_str rt_line_cache_get(void *cache, const char *path, unsigned line);

typedef struct rt_check_options {
    const rt_config *config;
    rt_project_options project;
    rt_selection selection;
    /* `--base REF`: per-file rules run only on files changed since REF; NULL for all. */
    const char *base_ref;
    /* Receives the bytes of every file the run read, for the report's snippets (NULL:
     * kept for the run's fingerprints only). */
    rt_line_cache *lines;
} rt_check_options;

/* Reads every file of an opened project into its revision records and builds
 * project->graph, running no rules (for `retort graph`). */
int rt_project_read_revisions(rt_project *project, rt_error *err);

/* Runs the check. out must be initialised with rt_findings_init(); it receives the
 * findings, sorted and fingerprinted, and the count of files read. */
int rt_check_run(rt_findings *out, const rt_check_options *opts, rt_error *err);

#endif
