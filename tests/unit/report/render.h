/* Helpers for the reporter tests: render a report to memory. */
#ifndef RETORT_TESTS_REPORT_RENDER_H
#define RETORT_TESTS_REPORT_RENDER_H

#include <stddef.h>

#include "retort/report.h"

/* Writes the report through rt_report_write() into memory; returns the NUL-terminated
 * bytes (free with free()) and their length in *len. Fails the test on any error. */
char *render(rt_format format, const rt_findings *list, const rt_report_options *opts,
             size_t *len);

/* Builds the sample findings (tests/tools/sample_findings.c) into list, or, when empty,
 * an empty list of 4 files. Fails the test on any error. */
void sample_list(rt_findings *list, int empty);

#endif
