/* Golden-output tests: every format over the sample findings (tests/tools/
 * sample_findings.c), compared byte for byte with tests/golden/report/<name>.
 *
 * To regenerate the golden files after an intended change, run the report_golden suite
 * with RETORT_UPDATE_GOLDEN=1 (see tests/golden/report/README.md) and review the diff.
 * The SARIF files are normalised (see normalise_sarif) so that a new version or a new
 * rule does not change them.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "retort/rule.h"
#include "sample_findings.h"

#define GOLDEN_DIR RETORT_SOURCE_DIR "/tests/golden/report/"
#define VERSION_TOKEN "@RETORT_VERSION@"
#define RULES_TOKEN "@RULES@"
#define INDEX_TOKEN "@RULE_INDEX@"

/* Makes a SARIF report independent of the version and of the registry, which grows
 * with every rule (and may come to hold the sample's rules): the driver's version becomes
 * VERSION_TOKEN, the rules array (checked against the registry by test_report.c) becomes
 * RULES_TOKEN, and each result's ruleIndex, once checked to name the descriptor of its
 * ruleId, becomes INDEX_TOKEN. */
static char *normalise_sarif(char *text, size_t *len)
{
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    cr_assert_not_null(root, "SARIF output is not JSON: %s", jerr.text);
    json_t *run = json_array_get(json_object_get(root, "runs"), 0);
    json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
    json_t *rules = json_object_get(driver, "rules");
    cr_assert(json_is_array(rules));
    json_t *results = json_object_get(run, "results");
    for (size_t i = 0; i < json_array_size(results); i++) {
        json_t *r = json_array_get(results, i);
        json_t *d =
            json_array_get(rules, (size_t)json_integer_value(json_object_get(r, "ruleIndex")));
        cr_assert(json_equal(json_object_get(d, "id"), json_object_get(r, "ruleId")),
                  "result %zu: ruleIndex does not point at its rule", i);
        json_object_set_new(r, "ruleIndex", json_string(INDEX_TOKEN));
    }
    json_object_set_new(driver, "rules", json_string(RULES_TOKEN));
    json_object_set_new(driver, "version", json_string(VERSION_TOKEN));
    free(text);
    char *dumped = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    cr_assert_not_null(dumped);
    json_decref(root);
    size_t n = strlen(dumped);
    char *out = malloc(n + 2);
    cr_assert_not_null(out);
    memcpy(out, dumped, n);
    memcpy(out + n, "\n", 2);
    free(dumped);
    *len = n + 1;
    return out;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "missing golden file %s (run with RETORT_UPDATE_GOLDEN=1)", path);
    char *data = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (cap - n < 4096) {
            cap = cap * 2 + 4096;
            data = realloc(data, cap + 1);
            cr_assert_not_null(data);
        }
        got = fread(data + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    data[n] = '\0';
    *len = n;
    return data;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot write %s", path);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
}

/* The first line where a and b differ, for the failure message. */
static size_t first_difference(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t line = 1;
    for (size_t i = 0; i < alen && i < blen && a[i] == b[i]; i++)
        line += a[i] == '\n';
    return line;
}

static void check_golden(const char *name, rt_format format, int empty, bool color, bool snippets)
{
    rt_findings list;
    sample_list(&list, empty);
    rt_report_options opts = {color, snippets ? sample_line_text : NULL, NULL};
    size_t len;
    char *actual = render(format, &list, &opts, &len);
    if (format == RT_FORMAT_SARIF)
        actual = normalise_sarif(actual, &len);
    char path[1024];
    snprintf(path, sizeof path, "%s%s", GOLDEN_DIR, name);
    const char *update = getenv("RETORT_UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0)
        write_file(path, actual, len);
    size_t want_len;
    char *want = read_file(path, &want_len);
    cr_expect(want_len == len && memcmp(want, actual, len) == 0,
              "%s differs from the golden file at line %zu (regenerate with "
              "RETORT_UPDATE_GOLDEN=1 if the change is intended)",
              name, first_difference(want, want_len, actual, len));
    free(want);
    free(actual);
    rt_findings_free(&list);
}

Test(report_golden, text)
{
    check_golden("text.txt", RT_FORMAT_TEXT, 0, false, true);
}
Test(report_golden, text_color)
{
    check_golden("text-color.txt", RT_FORMAT_TEXT, 0, true, true);
}
Test(report_golden, text_no_snippets)
{
    check_golden("text-no-snippets.txt", RT_FORMAT_TEXT, 0, false, false);
}
Test(report_golden, text_empty)
{
    check_golden("text-empty.txt", RT_FORMAT_TEXT, 1, false, true);
}
Test(report_golden, concise)
{
    check_golden("concise.txt", RT_FORMAT_CONCISE, 0, false, true);
}
Test(report_golden, json)
{
    check_golden("report.json", RT_FORMAT_JSON, 0, false, true);
}
Test(report_golden, json_empty)
{
    check_golden("empty.json", RT_FORMAT_JSON, 1, false, true);
}
Test(report_golden, sarif)
{
    check_golden("report.sarif", RT_FORMAT_SARIF, 0, false, true);
}
Test(report_golden, sarif_empty)
{
    check_golden("empty.sarif", RT_FORMAT_SARIF, 1, false, true);
}
Test(report_golden, github)
{
    check_golden("github.txt", RT_FORMAT_GITHUB, 0, false, true);
}
Test(report_golden, gitlab)
{
    check_golden("gitlab.json", RT_FORMAT_GITLAB, 0, false, true);
}
Test(report_golden, gitlab_empty)
{
    check_golden("gitlab-empty.json", RT_FORMAT_GITLAB, 1, false, true);
}
Test(report_golden, junit)
{
    check_golden("junit.xml", RT_FORMAT_JUNIT, 0, false, true);
}
Test(report_golden, junit_empty)
{
    check_golden("junit-empty.xml", RT_FORMAT_JUNIT, 1, false, true);
}
