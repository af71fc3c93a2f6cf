/* retort — reporters: findings to text, concise, json, sarif, github, gitlab, junit.
 *
 * Every reporter writes the findings in the order of the list (rt_findings_finish()
 * sorts them by path, line, column, rule), escapes what it prints for its format
 * (terminal output never carries raw control characters from inputs; JSON and XML are
 * valid for any input bytes), and never prints the masked columns of a finding's line.
 */
#ifndef RETORT_REPORT_H
#define RETORT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "retort/error.h"
#include "retort/finding.h"
#include "retort/str.h"

typedef enum rt_format {
    RT_FORMAT_TEXT,
    RT_FORMAT_CONCISE,
    RT_FORMAT_JSON,
    RT_FORMAT_SARIF,
    RT_FORMAT_GITHUB,
    RT_FORMAT_GITLAB,
    RT_FORMAT_JUNIT
} rt_format;

/* Parses a format name ("text", "concise", ...); false when unknown. */
bool rt_format_parse(const char *name, rt_format *out);
/* The names of all formats, comma-separated, for help and errors. */
const char *rt_format_names(void);

/* Gives the text of 1-based line `line` of path (without its line end), or an empty
 * slice when unknown. Used for snippets. */
typedef rt_str (*rt_report_line_fn)(void *ctx, const char *path, unsigned line);

typedef struct rt_report_options {
    bool color;                 /* ANSI colours (text format only) */
    rt_report_line_fn line_text;/* may be NULL: no snippets */
    void *line_ctx;
} rt_report_options;

/* Writes the report to out. Returns RT_EIO when writing fails. */
int rt_report_write(rt_format format, const rt_findings *findings,
                    const rt_report_options *opts, FILE *out, rt_error *err);

#endif
