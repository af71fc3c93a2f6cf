#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "retort/finding.h"

/* Repeats of one identity in a file are numbered in file order; other identities are not
 * counted. */
Test(fingerprint, repeats_numbered_in_file_order)
{
    rt_findings list;
    cr_assert_eq(rt_findings_init(&list), RT_OK);
    const char *keys[] = {"same", "other", "same", "same"};
    for (unsigned i = 0; i < 4; i++) {
        rt_finding f = {.rule = "r", .severity = RT_SEV_ERROR, .path = "a.py", .line = i + 1,
                        .message = "m", .key = keys[i]};
        cr_assert_eq(rt_findings_add(&list, &f), RT_OK);
    }
    rt_finding g = {.rule = "r", .severity = RT_SEV_ERROR, .path = "b.py", .line = 1,
                    .message = "m", .key = "same"};
    cr_assert_eq(rt_findings_add(&list, &g), RT_OK);
    rt_findings_finish(&list, NULL, NULL);
    const char *suffix[] = {NULL, NULL, "00000001", "00000002", NULL};
    for (size_t i = 0; i < 5; i++)
        if (suffix[i])
            cr_expect_str_eq(list.items[i].fingerprint + 24, suffix[i], "finding %zu", i);
    cr_expect_eq(memcmp(list.items[0].fingerprint, list.items[2].fingerprint, 24), 0);
    cr_expect_neq(strcmp(list.items[0].fingerprint, list.items[2].fingerprint), 0);
    cr_expect_neq(memcmp(list.items[0].fingerprint, list.items[1].fingerprint, 24), 0);
    rt_findings_free(&list);
}

/* Many repeats in one file: numbered in well under the time a quadratic pass takes. */
Test(fingerprint, many_repeats_are_fast, .timeout = 20)
{
    rt_findings list;
    cr_assert_eq(rt_findings_init(&list), RT_OK);
    for (unsigned i = 0; i < 200000; i++) {
        rt_finding f = {.rule = "r", .severity = RT_SEV_ERROR, .path = "retort.sum",
                        .line = i + 1, .message = "m", .key = "k"};
        cr_assert_eq(rt_findings_add(&list, &f), RT_OK);
    }
    rt_findings_finish(&list, NULL, NULL);
    cr_expect_str_eq(list.items[199999].fingerprint + 24, "00030d3f");
    rt_findings_free(&list);
}
