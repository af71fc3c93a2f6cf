/* Behaviour of the reporters that users rely on, beyond the golden files: secrets never
 * printed, output safe and well-formed for any bytes, carets that line up, errors. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "report/reporters.h"
#include "retort/rule.h"
#include "retort/term.h"
#include "sample_findings.h"

static const rt_format all_formats[] = {RT_FORMAT_TEXT,  RT_FORMAT_CONCISE, RT_FORMAT_JSON,
                                        RT_FORMAT_SARIF, RT_FORMAT_GITHUB,  RT_FORMAT_GITLAB,
                                        RT_FORMAT_JUNIT};
#define FORMAT_COUNT (sizeof all_formats / sizeof all_formats[0])

/* A one-finding list whose line text is `line`. */
typedef struct one {
    rt_findings list;
    const char *line;
} one;

static rt_str one_line(void *ctx, const char *path, unsigned line)
{
    (void)path;
    const one *o = ctx;
    return line == o->list.items[0].line ? rt_str_from(o->line) : RT_STR_NULL;
}

static void one_init(one *o, const rt_finding *f, const char *line)
{
    cr_assert_eq(rt_findings_init(&o->list), RT_OK);
    cr_assert_eq(rt_findings_add(&o->list, f), RT_OK);
    o->list.files = 1;
    o->line = line;
    rt_findings_finish(&o->list, one_line, o);
}

static char *render_one(one *o, rt_format format, size_t *len)
{
    rt_report_options opts = {false, one_line, o};
    return render(format, &o->list, &opts, len);
}

/* The line of text that follows the first line starting with prefix. */
static char *line_after(const char *text, const char *prefix)
{
    const char *p = strstr(text, prefix);
    cr_assert_not_null(p, "no line starting with '%s' in:\n%s", prefix, text);
    const char *next = strchr(p, '\n');
    cr_assert_not_null(next);
    next++;
    const char *end = strchr(next, '\n');
    return strndup(next, end ? (size_t)(end - next) : strlen(next));
}

Test(report_format, parse_accepts_exactly_the_listed_names)
{
    const char *names[] = {"text", "concise", "json", "sarif", "github", "gitlab", "junit"};
    for (size_t i = 0; i < FORMAT_COUNT; i++) {
        rt_format f;
        cr_assert(rt_format_parse(names[i], &f), "%s", names[i]);
        cr_assert_eq(f, all_formats[i]);
        cr_assert_not_null(strstr(rt_format_names(), names[i]));
    }
    rt_format f;
    cr_assert_not(rt_format_parse("JSON", &f));
    cr_assert_not(rt_format_parse("", &f));
    cr_assert_not(rt_format_parse("sarif2", &f));
    cr_assert_not(rt_format_parse(NULL, &f));
}

Test(report_write, unknown_format_is_a_usage_error)
{
    rt_findings list;
    sample_list(&list, 1);
    rt_error err;
    rt_error_clear(&err);
    FILE *f = fopen("/dev/null", "w");
    cr_assert_not_null(f);
    cr_assert_eq(rt_report_write((rt_format)99, &list, NULL, f, &err), RT_EUSAGE);
    fclose(f);
    rt_findings_free(&list);
}

Test(report_write, write_failure_is_reported)
{
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        cr_skip_test("no /dev/full");
    rt_findings list;
    sample_list(&list, 0);
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_report_write(RT_FORMAT_JSON, &list, NULL, f, &err), RT_EIO);
    cr_assert_not_null(strstr(err.message, "cannot write the report"));
    fclose(f);
    rt_findings_free(&list);
}

Test(report_mask, masks_code_points_not_bytes)
{
    one o;
    one_init(&o,
             &(rt_finding){.rule = "r",
                           .severity = RT_SEV_ERROR,
                           .path = "a.ini",
                           .line = 1,
                           .column = 3,
                           .mask_column = 3,
                           .mask_end_column = 6,
                           .message = "m"},
             "p=\xc3\xa9t\xc3\xa9!");
    size_t len;
    char *out = render_one(&o, RT_FORMAT_TEXT, &len);
    char *code = line_after(out, "  |");
    cr_assert_str_eq(code, "1 | p=***!");
    free(code);
    free(out);
    rt_findings_free(&o.list);
    rt_finding f = {.mask_column = 5};
    cr_assert(rt_report_masked(&f, 5) && rt_report_masked(&f, 500),
              "an unknown end masks to the end");
    cr_assert_not(rt_report_masked(&f, 4));
    f.mask_column = 0;
    cr_assert_not(rt_report_masked(&f, 1), "column 0 masks nothing");
}

Test(report_secrets, no_format_prints_a_masked_secret)
{
    rt_findings list;
    sample_list(&list, 0);
    for (size_t i = 0; i < FORMAT_COUNT; i++) {
        for (int color = 0; color < 2; color++) {
            rt_report_options opts = {color, sample_line_text, NULL};
            size_t len;
            char *out = render(all_formats[i], &list, &opts, &len);
            cr_assert_null(strstr(out, SAMPLE_SECRET), "format %zu printed the secret", i);
            cr_assert_null(strstr(out, "hunter2"), "format %zu printed part of the secret", i);
            free(out);
        }
    }
    rt_findings_free(&list);
}

Test(report_secrets, mask_without_end_hides_the_rest_of_the_line)
{
    one o;
    one_init(&o,
             &(rt_finding){.rule = "leaked-token",
                           .severity = RT_SEV_ERROR,
                           .path = "env.py",
                           .line = 4,
                           .column = 7,
                           .mask_column = 7,
                           .message = "token"},
             "TOKEN=ghp_abcdefghijklmnop # note");
    size_t len;
    char *out = render_one(&o, RT_FORMAT_TEXT, &len);
    cr_assert_null(strstr(out, "ghp_"));
    cr_assert_null(strstr(out, "note"));
    free(out);
    rt_findings_free(&o.list);
}

/* Every byte is printable ASCII, valid non-control UTF-8, LF, or (when tabs) TAB. */
static void assert_terminal_safe(const char *out, size_t len, bool tabs)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)out[i];
        if (c == '\n' || (tabs && c == '\t')) {
            i++;
            continue;
        }
        cr_assert(c >= 0x20 && c != 0x7F, "raw control byte 0x%02x at %zu", c, i);
        size_t n = rt_utf8_valid_len((const unsigned char *)out + i, len - i);
        cr_assert_gt(n, 0, "invalid UTF-8 at %zu", i);
        cr_assert(!(n == 2 && c == 0xC2 && (unsigned char)out[i + 1] < 0xA0), "C1 control at %zu",
                  i);
        i += n;
    }
}

Test(report_escaping, terminal_formats_never_print_raw_controls)
{
    rt_findings list;
    sample_list(&list, 0);
    const rt_format terminal[] = {RT_FORMAT_TEXT, RT_FORMAT_CONCISE, RT_FORMAT_GITHUB};
    for (size_t i = 0; i < 3; i++) {
        rt_report_options opts = {false, sample_line_text, NULL};
        size_t len;
        char *out = render(terminal[i], &list, &opts, &len);
        assert_terminal_safe(out, len, terminal[i] == RT_FORMAT_TEXT);
        cr_assert_not_null(strstr(out, "evil\\x1b[31mred\\xff\\n.py"), "%s", out);
        free(out);
    }
    rt_findings_free(&list);
}

Test(report_escaping, colour_only_when_asked)
{
    rt_findings list;
    sample_list(&list, 0);
    size_t len;
    rt_report_options plain = {false, sample_line_text, NULL};
    char *out = render(RT_FORMAT_TEXT, &list, &plain, &len);
    cr_assert_null(memchr(out, 0x1b, len));
    free(out);
    rt_report_options color = {true, sample_line_text, NULL};
    out = render(RT_FORMAT_TEXT, &list, &color, &len);
    cr_assert_not_null(strstr(out, "\x1b[1;31merror\x1b[0m"));
    cr_assert_not_null(strstr(out, "\x1b[1;33mwarning\x1b[0m"));
    for (const char *esc = memchr(out, 0x1b, len); esc; esc = strchr(esc + 1, 0x1b)) {
        size_t n = strspn(esc + 2, "0123456789;");
        cr_assert(esc[1] == '[' && esc[2 + n] == 'm', "an escape that is not a colour: %.8s", esc);
    }
    free(out);
    rt_findings_free(&list);
}

Test(report_text, caret_counts_code_points_and_keeps_tabs)
{
    one o;
    /* tab, a 2-byte é, a wide 名 (two cells), an escaped ESC (four cells), then `bad` */
    one_init(&o,
             &(rt_finding){.rule = "r",
                           .severity = RT_SEV_ERROR,
                           .path = "m.py",
                           .line = 3,
                           .column = 6,
                           .end_column = 9,
                           .message = "m"},
             "\t\xc3\xa9\xe5\x90\x8d\x1b bad = 1");
    size_t len;
    char *out = render_one(&o, RT_FORMAT_TEXT, &len);
    char *code = line_after(out, "  |");
    char *carets = line_after(out, "3 |");
    cr_assert_str_eq(code, "3 | \t\xc3\xa9\xe5\x90\x8d\\x1b bad = 1");
    cr_assert_str_eq(carets, "  | \t"
                             " "
                             "  "
                             "    "
                             " "
                             "^^^");
    free(code);
    free(carets);
    free(out);
    rt_findings_free(&o.list);
}

Test(report_text, caret_spans_to_line_end_for_multi_line_ranges)
{
    one o;
    one_init(&o,
             &(rt_finding){.rule = "r",
                           .severity = RT_SEV_ERROR,
                           .path = "m.py",
                           .line = 12,
                           .column = 5,
                           .end_line = 14,
                           .end_column = 2,
                           .message = "m"},
             "    op.execute(");
    size_t len;
    char *out = render_one(&o, RT_FORMAT_TEXT, &len);
    char *carets = line_after(out, "12 |");
    cr_assert_str_eq(carets, "   |     ^^^^^^^^^^^");
    free(carets);
    free(out);
    rt_findings_free(&o.list);
}

Test(report_text, caret_after_the_last_character)
{
    one o;
    one_init(&o,
             &(rt_finding){.rule = "r",
                           .severity = RT_SEV_ERROR,
                           .path = "m.py",
                           .line = 1,
                           .column = 4,
                           .message = "m"},
             "abc");
    size_t len;
    char *out = render_one(&o, RT_FORMAT_TEXT, &len);
    char *carets = line_after(out, "1 |");
    cr_assert_str_eq(carets, "  |    ^");
    free(carets);
    free(out);
    rt_findings_free(&o.list);
}

Test(report_text, long_lines_show_a_window_around_the_column)
{
    char line[5001];
    memset(line, 'a', 5000);
    line[5000] = '\0';
    line[4000] = 'X';
    one o;
    one_init(&o,
             &(rt_finding){.rule = "r",
                           .severity = RT_SEV_ERROR,
                           .path = "m.sql",
                           .line = 1,
                           .column = 4001,
                           .message = "m"},
             line);
    size_t len;
    char *out = render_one(&o, RT_FORMAT_TEXT, &len);
    char *code = line_after(out, "  |");
    char *carets = line_after(out, "1 |");
    cr_assert_lt(strlen(code), 200);
    cr_assert(strncmp(code, "1 | ...", 7) == 0);
    size_t caret = (size_t)(strchr(carets, '^') - carets);
    cr_assert_eq(code[caret], 'X', "caret under column 4001 in:\n%s\n%s", code, carets);
    cr_assert(strcmp(code + strlen(code) - 3, "...") == 0);
    free(code);
    free(carets);
    free(out);
    rt_findings_free(&o.list);
}

Test(report_text, whole_file_and_unknown_lines_have_no_snippet)
{
    one o;
    one_init(&o,
             &(rt_finding){.rule = "r",
                           .severity = RT_SEV_INFO,
                           .path = "a.py",
                           .message = "whole file",
                           .help = "h"},
             "should not appear");
    size_t len;
    char *out = render_one(&o, RT_FORMAT_TEXT, &len);
    cr_assert_str_eq(out, "a.py: info[r]: whole file\n  = help: h\n\nFound 0 errors, 0 warnings, "
                          "1 info in 1 file.\n");
    free(out);
    rt_findings_free(&o.list);
}

Test(report_text, summary_counts_and_pluralises)
{
    rt_findings list;
    sample_list(&list, 1);
    list.files = 1;
    size_t len;
    char *out = render(RT_FORMAT_TEXT, &list, NULL, &len);
    cr_assert_str_eq(out, "No findings in 1 file.\n");
    free(out);
    rt_findings_free(&list);
}

Test(report_concise, positions_present_only_when_known)
{
    one o;
    one_init(&o,
             &(rt_finding){.rule = "r",
                           .severity = RT_SEV_WARNING,
                           .path = "x.py",
                           .line = 5,
                           .message = "whole line"},
             "");
    size_t len;
    char *out = render_one(&o, RT_FORMAT_CONCISE, &len);
    cr_assert_str_eq(out, "x.py:5: warning: whole line [r]\n");
    free(out);
    rt_findings_free(&o.list);
}

Test(report_json, valid_json_for_any_bytes)
{
    rt_findings list;
    sample_list(&list, 0);
    size_t len;
    char *out = render(RT_FORMAT_JSON, &list, NULL, &len);
    json_error_t jerr;
    json_t *root = json_loadb(out, len, 0, &jerr);
    cr_assert_not_null(root, "invalid JSON: %s at line %d", jerr.text, jerr.line);
    json_t *findings = json_object_get(root, "findings");
    cr_assert_eq(json_array_size(findings), list.count);
    json_t *evil = json_array_get(findings, 2);
    cr_assert_str_eq(json_string_value(json_object_get(evil, "path")),
                     "evil\x1b[31mred\xef\xbf\xbd\n.py");
    json_t *whole = json_array_get(findings, 3);
    cr_assert_eq(json_integer_value(json_object_get(whole, "line")), 0);
    cr_assert(json_is_null(json_object_get(whole, "end_line")));
    cr_assert(json_is_null(json_object_get(json_array_get(findings, 1), "help")));
    json_t *summary = json_object_get(root, "summary");
    cr_assert_eq(json_integer_value(json_object_get(summary, "files")), 4);
    cr_assert_eq(json_integer_value(json_object_get(summary, "errors")), 3);
    cr_assert_eq(json_integer_value(json_object_get(summary, "warnings")), 2);
    cr_assert_eq(json_integer_value(json_object_get(summary, "infos")), 1);
    json_decref(root);
    free(out);
    rt_findings_free(&list);
}

Test(report_sarif, every_registered_rule_is_described)
{
    rt_findings list;
    sample_list(&list, 0);
    size_t len;
    char *out = render(RT_FORMAT_SARIF, &list, NULL, &len);
    json_t *root = json_loadb(out, len, 0, NULL);
    cr_assert_not_null(root);
    json_t *driver = json_object_get(
        json_object_get(json_array_get(json_object_get(root, "runs"), 0), "tool"), "driver");
    cr_assert_str_eq(json_string_value(json_object_get(driver, "version")), RETORT_VERSION);
    json_t *rules = json_object_get(driver, "rules");
    cr_assert_geq(json_array_size(rules), rt_rule_count());
    for (size_t i = 0; i < rt_rule_count(); i++) {
        const rt_rule *rule = rt_rule_at(i);
        json_t *d = json_array_get(rules, i);
        cr_assert_str_eq(json_string_value(json_object_get(d, "id")), rule->name);
        cr_assert_str_eq(
            json_string_value(json_object_get(json_object_get(d, "shortDescription"), "text")),
            rule->summary);
        const char *level =
            json_string_value(json_object_get(json_object_get(d, "defaultConfiguration"), "level"));
        cr_assert_str_eq(level, rule->default_severity == RT_SEV_ERROR     ? "error"
                                : rule->default_severity == RT_SEV_WARNING ? "warning"
                                                                           : "note");
        const char *doc = rt_rule_doc(rule->name);
        if (doc)
            cr_assert_str_eq(
                json_string_value(json_object_get(json_object_get(d, "help"), "markdown")), doc);
    }
    json_decref(root);
    free(out);
    rt_findings_free(&list);
}

Test(report_github, commands_cannot_be_injected)
{
    one o;
    one_init(&o,
             &(rt_finding){.rule = "r",
                           .severity = RT_SEV_ERROR,
                           .path = "a,b:c%.py",
                           .line = 2,
                           .column = 3,
                           .end_column = 6,
                           .message = "x\n::error file=forged::boom 50%"},
             "");
    size_t len;
    char *out = render_one(&o, RT_FORMAT_GITHUB, &len);
    cr_assert_str_eq(out, "::error file=a%2Cb%3Ac%25.py,line=2,col=3,endColumn=5,title=r::"
                          "x\\n::error file=forged::boom 50%25\n");
    free(out);
    rt_findings_free(&o.list);
}

Test(report_junit, empty_report_has_one_passing_case)
{
    rt_findings list;
    sample_list(&list, 1);
    size_t len;
    char *out = render(RT_FORMAT_JUNIT, &list, NULL, &len);
    cr_assert_not_null(strstr(out, "tests=\"1\" failures=\"0\""));
    cr_assert_not_null(strstr(out, "<testcase name=\"retort check\" classname=\"retort\"/>"));
    free(out);
    rt_findings_free(&list);
}

Test(report_junit, only_characters_xml_allows)
{
    rt_findings list;
    sample_list(&list, 0);
    size_t len;
    char *out = render(RT_FORMAT_JUNIT, &list, NULL, &len);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)out[i];
        cr_assert(c >= 0x20 || c == '\n' || c == '\t', "byte 0x%02x at %zu", c, i);
        size_t n = rt_utf8_valid_len((const unsigned char *)out + i, len - i);
        cr_assert_gt(n, 0, "invalid UTF-8 at %zu", i);
        cr_assert(!(n == 3 && memcmp(out + i, "\xef\xbf\xbe", 3) == 0), "U+FFFE at %zu", i);
        i += n;
    }
    cr_assert_not_null(strstr(out, "message=\"invalid syntax near \xef\xbf\xbd]0;pwned\xef\xbf\xbd"
                                   " &amp; &lt;tag&gt; &quot;q&quot;"));
    free(out);
    rt_findings_free(&list);
}

/* The physicalLocation of the first result of a SARIF report. */
static json_t *sarif_physical(json_t *root)
{
    json_t *run = json_array_get(json_object_get(root, "runs"), 0);
    json_t *result = json_array_get(json_object_get(run, "results"), 0);
    json_t *loc = json_array_get(json_object_get(result, "locations"), 0);
    return json_object_get(loc, "physicalLocation");
}

Test(report_paths, ci_formats_drop_leading_dot_slash)
{
    one o;
    one_init(&o,
             &(rt_finding){.rule = "r",
                           .severity = RT_SEV_INFO,
                           .path = "././/m/x y.py",
                           .line = 1,
                           .message = "m"},
             "");
    size_t len;
    char *out = render_one(&o, RT_FORMAT_GITHUB, &len);
    cr_assert(strncmp(out, "::notice file=m/x y.py,line=1,", 30) == 0, "%s", out);
    free(out);
    out = render_one(&o, RT_FORMAT_GITLAB, &len);
    cr_assert_not_null(strstr(out, "\"path\": \"m/x y.py\""), "%s", out);
    free(out);
    out = render_one(&o, RT_FORMAT_SARIF, &len);
    json_t *root = json_loadb(out, len, 0, NULL);
    json_t *artifact = json_object_get(sarif_physical(root), "artifactLocation");
    cr_assert_str_eq(json_string_value(json_object_get(artifact, "uri")), "m/x%20y.py");
    cr_assert_str_eq(json_string_value(json_object_get(artifact, "uriBaseId")), "%SRCROOT%");
    json_decref(root);
    free(out);
    rt_findings_free(&o.list);
}

Test(report_paths, sarif_absolute_paths_are_file_uris)
{
    one o;
    one_init(
        &o,
        &(rt_finding){
            .rule = "r", .severity = RT_SEV_INFO, .path = "/srv/app/n\xc3\xa9.py", .message = "m"},
        "");
    size_t len;
    char *out = render_one(&o, RT_FORMAT_SARIF, &len);
    json_t *root = json_loadb(out, len, 0, NULL);
    json_t *artifact = json_object_get(sarif_physical(root), "artifactLocation");
    cr_assert_str_eq(json_string_value(json_object_get(artifact, "uri")),
                     "file:///srv/app/n%C3%A9.py");
    cr_assert_null(json_object_get(artifact, "uriBaseId"));
    cr_assert_null(json_object_get(sarif_physical(root), "region"),
                   "a whole-file finding has no region");
    json_decref(root);
    free(out);
    rt_findings_free(&o.list);
}

Test(report_sarif, unregistered_rules_get_a_descriptor_after_the_registry)
{
    one o;
    one_init(&o,
             &(rt_finding){.rule = "no-such-rule-here",
                           .severity = RT_SEV_WARNING,
                           .path = "a.py",
                           .line = 1,
                           .column = 1,
                           .message = "m"},
             "x");
    size_t len;
    char *out = render_one(&o, RT_FORMAT_SARIF, &len);
    json_t *root = json_loadb(out, len, 0, NULL);
    json_t *run = json_array_get(json_object_get(root, "runs"), 0);
    json_t *rules =
        json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
    cr_assert_eq(json_array_size(rules), rt_rule_count() + 1);
    json_t *last = json_array_get(rules, rt_rule_count());
    cr_assert_str_eq(json_string_value(json_object_get(last, "id")), "no-such-rule-here");
    json_t *result = json_array_get(json_object_get(run, "results"), 0);
    cr_assert_eq(json_integer_value(json_object_get(result, "ruleIndex")),
                 (json_int_t)rt_rule_count());
    json_decref(root);
    free(out);
    rt_findings_free(&o.list);
}
