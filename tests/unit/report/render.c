#include "render.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "sample_findings.h"

char *render(rt_format format, const rt_findings *list, const rt_report_options *opts,
             size_t *len)
{
    char *data = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&data, &size);
    cr_assert_not_null(f);
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_report_write(format, list, opts, f, &err);
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(rc, RT_OK, "rt_report_write failed: %s", err.message);
    *len = size;
    return data;
}

void sample_list(rt_findings *list, int empty)
{
    cr_assert_eq(rt_findings_init(list), RT_OK);
    if (empty)
        list->files = 4;
    else
        cr_assert_eq(sample_findings_build(list), RT_OK);
}
