/* Synthetic findings for the reporter tests (tests/unit/report/ and report_sample):
 * a masked secret, a whole-file finding, non-ASCII text with tabs and wide characters,
 * a path and message full of control characters, ANSI escapes and invalid UTF-8, a
 * range on one line and a range over several lines. */
#ifndef RETORT_TESTS_SAMPLE_FINDINGS_H
#define RETORT_TESTS_SAMPLE_FINDINGS_H

#include "retort/finding.h"
#include "retort/str.h"

/* Planted in a line that a finding masks: no report may print it. */
#define SAMPLE_SECRET "hunter2-s3cr3t-XYZZY"

/* Fills list (initialised by the caller) with the sample findings, finished (sorted,
 * fingerprinted), and sets list->files. Returns 0 or a negative RT_E* code. */
int sample_findings_build(rt_findings *list);

/* The text of the sample files' lines (an rt_report_line_fn); empty when unknown. */
rt_str sample_line_text(void *ctx, const char *path, unsigned line);

#endif
