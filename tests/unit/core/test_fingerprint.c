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

static rt_str one_line(void *ctx, const char *path, unsigned line)
{
    (void)path;
    (void)line;
    return rt_str_from(ctx);
}

/* The fingerprint is what baselines and code-scanning services match findings by, so its
 * recipe is pinned: SHA-256 of rule NUL path NUL, then "k" and the key, or "l" and the
 * line's text trimmed with each run of blanks as one space; its first 32 hex digits (the
 * last 8 give way to the occurrence number of a repeat). The digests here were computed
 * with Python's hashlib. */
Test(fingerprint, recipe_is_stable)
{
    const char *lines[] = {"a = f(1, 2)", "  a =\t f(1,   2)\t ", "a\t=\tf(1,\t2)"};
    for (size_t i = 0; i < 3; i++) {
        rt_findings list;
        cr_assert_eq(rt_findings_init(&list), RT_OK);
        rt_finding f = {.rule = "r", .severity = RT_SEV_ERROR, .path = "a.py", .line = 1,
                        .message = "m"};
        cr_assert_eq(rt_findings_add(&list, &f), RT_OK);
        rt_findings_finish(&list, one_line, (void *)lines[i]);
        cr_expect_str_eq(list.items[0].fingerprint, "8d686ec5ef808676be39b83a17215405",
                         "line %zu", i);
        rt_findings_free(&list);
    }
    rt_findings list;
    cr_assert_eq(rt_findings_init(&list), RT_OK);
    rt_finding k = {.rule = "r", .severity = RT_SEV_ERROR, .path = "a.py", .line = 1,
                    .message = "m", .key = "key"};
    cr_assert_eq(rt_findings_add(&list, &k), RT_OK);
    rt_findings_finish(&list, one_line, "ignored");
    cr_expect_str_eq(list.items[0].fingerprint, "25ae4340b3af545955e52bc2dc632d0b");
    rt_findings_free(&list);
}
