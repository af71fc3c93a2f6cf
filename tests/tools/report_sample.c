/* report_sample FORMAT [--color] [--empty]: writes the report of the synthetic findings
 * of sample_findings.c (or of none, with --empty) to standard output, for
 * tests/integration/sarif_schema.py. Exit status 0, or 2 on a usage or write error. */
#include <stdio.h>
#include <string.h>

#include "retort/report.h"
#include "sample_findings.h"

int main(int argc, char **argv)
{
    rt_format format;
    if (argc < 2 || !rt_format_parse(argv[1], &format)) {
        fprintf(stderr, "usage: report_sample {%s} [--color] [--empty]\n", rt_format_names());
        return 2;
    }
    rt_report_options opts = {false, sample_line_text, NULL};
    bool empty = false;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--color") == 0) {
            opts.color = true;
        } else if (strcmp(argv[i], "--empty") == 0) {
            empty = true;
        } else {
            fprintf(stderr, "report_sample: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    rt_findings list;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_findings_init(&list);
    if (rc == 0 && !empty)
        rc = sample_findings_build(&list);
    if (rc == 0)
        rc = rt_report_write(format, &list, &opts, stdout, &err);
    if (rc != 0)
        fprintf(stderr, "report_sample: failed (%d): %s\n", rc, err.message);
    rt_findings_free(&list);
    return rc == 0 ? 0 : 2;
}
