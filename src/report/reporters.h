/* retort — what the reporters share (private to src/report/).
 *
 * Each format is one writer that appends the whole report to an rt_buf; report.c picks
 * the writer and copies the buffer to the caller's FILE. A writer returns RT_OK or
 * RT_ENOMEM; a buffer left `toobig` is also reported as RT_ENOMEM by the caller.
 *
 * Positions: line and column are 1-based (0 = unknown / whole file). An end position is
 * exclusive, like the mask: [column, end_column) on one line; end_line 0 means "the
 * finding's own line".
 */
#ifndef RETORT_REPORTERS_H
#define RETORT_REPORTERS_H

#include <stdbool.h>
#include <stdint.h>

#include "retort/buf.h"
#include "retort/finding.h"
#include "retort/report.h"
#include "retort/str.h"

typedef int (*rt_report_writer)(rt_buf *out, const rt_findings *list,
                                const rt_report_options *opts);

int rt_report_text(rt_buf *out, const rt_findings *list, const rt_report_options *opts);
int rt_report_concise(rt_buf *out, const rt_findings *list, const rt_report_options *opts);
int rt_report_json(rt_buf *out, const rt_findings *list, const rt_report_options *opts);
int rt_report_sarif(rt_buf *out, const rt_findings *list, const rt_report_options *opts);
int rt_report_github(rt_buf *out, const rt_findings *list, const rt_report_options *opts);
int rt_report_gitlab(rt_buf *out, const rt_findings *list, const rt_report_options *opts);
int rt_report_junit(rt_buf *out, const rt_findings *list, const rt_report_options *opts);

/* Marks a byte that is not part of valid UTF-8 in rt_report_decode(). */
#define RT_REPORT_INVALID UINT32_MAX

/* Decodes the code point at s.p[i] (i < s.len) into *cp and returns its length in bytes;
 * an invalid byte has length 1 and *cp == RT_REPORT_INVALID (it still counts as one
 * column, as in rt_source). */
size_t rt_report_decode(rt_str s, size_t i, uint32_t *cp);

/* Whether column (1-based, code points) of the finding's line is masked: inside
 * [mask_column, mask_end_column). A mask with an unknown end (mask_end_column <=
 * mask_column) hides everything after its start rather than print part of a secret. */
bool rt_report_masked(const rt_finding *f, unsigned column);

/* The text of the finding's line (unmasked: print it only through rt_report_masked()),
 * or an empty slice when opts has no line_text, the finding is about a whole file, or
 * the line is unknown. */
rt_str rt_report_line(const rt_finding *f, const rt_report_options *opts);

/* path without leading "./" components: CI systems match annotations against paths
 * relative to the repository's root, written without them. */
const char *rt_report_ci_path(const char *path);

/* The end column of f on its own line (exclusive), or 0 when the finding has none. */
unsigned rt_report_end_column(const rt_finding *f);

#endif
