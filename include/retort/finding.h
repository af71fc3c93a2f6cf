/* retort — findings: what a rule reports.
 *
 * A finding names its rule, severity, file and position (1-based line and column, columns
 * in Unicode code points; 0 when a finding is about a whole file), an optional end
 * position, a message, a help line (the safe alternative) and a fingerprint that stays
 * the same when unrelated lines move (used by baselines and SARIF partialFingerprints).
 *
 * An rt_findings list owns every string of its findings (in its arena).
 */
#ifndef RETORT_FINDING_H
#define RETORT_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/arena.h"
#include "retort/error.h"
#include "retort/str.h"

typedef enum rt_severity {
    RT_SEV_OFF = 0,
    RT_SEV_INFO = 1,
    RT_SEV_WARNING = 2,
    RT_SEV_ERROR = 3
} rt_severity;

/* "off", "info", "warning", "error". */
const char *rt_severity_name(rt_severity sev);
/* Parses one of the names above; returns false for anything else. */
bool rt_severity_parse(rt_str name, rt_severity *out);

#define RT_FINGERPRINT_LEN 32

typedef struct rt_finding {
    const char *rule;      /* the rule's name (static storage) */
    rt_severity severity;
    const char *path;      /* as the user would type it: relative to the working directory when inside it */
    unsigned line, column; /* 1-based; 0 = the whole file */
    unsigned end_line, end_column; /* exclusive end; 0 = unknown */
    const char *message;   /* one line, already masked of secrets */
    const char *help;      /* may be NULL */
    /* Identity of the finding for its fingerprint, without line numbers (e.g. a revision
     * id or an operation's text); NULL means "the trimmed text of the finding's line". */
    const char *key;
    /* Columns [mask_column, mask_end_column) of `line` hold a secret that no report may
     * print; 0 = nothing to mask. */
    unsigned mask_column, mask_end_column;
    char fingerprint[RT_FINGERPRINT_LEN + 1]; /* hex, filled by rt_findings_finish() */
} rt_finding;

typedef struct rt_findings {
    rt_finding *items;
    size_t count;
    size_t cap;
    size_t files;          /* how many files the run read, for summaries */
    rt_arena *arena;       /* owns the strings */
} rt_findings;

/* Initialises an empty list; returns RT_ENOMEM on failure. Free with rt_findings_free(). */
int rt_findings_init(rt_findings *list);
void rt_findings_free(rt_findings *list);

/* Appends a copy of f (its strings are copied into the list's arena). */
int rt_findings_add(rt_findings *list, const rt_finding *f);

/* Sorts by path, line, column, rule, message and fills every fingerprint from rule,
 * path, key (or the finding's line text, read through line_text) and the occurrence
 * number among identical identities. line_text may be NULL. */
typedef rt_str (*rt_line_text_fn)(void *ctx, const char *path, unsigned line);
void rt_findings_finish(rt_findings *list, rt_line_text_fn line_text, void *ctx);

/* Counts findings at each severity: out[RT_SEV_INFO..RT_SEV_ERROR]. */
void rt_findings_count(const rt_findings *list, size_t out[4]);

#endif
