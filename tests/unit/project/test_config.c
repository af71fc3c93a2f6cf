#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "retort/buf.h"
#include "retort/config.h"
#include "retort/source.h"

#define FIXTURES RETORT_SOURCE_DIR "/tests/config"

static int load_text(rt_config *cfg, const char *text, rt_error *err)
{
    rt_error_clear(err);
    return rt_config_load_bytes(cfg, "test.yaml", text, strlen(text), err);
}

static int load_fixture(rt_config *cfg, const char *name, rt_error *err)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", FIXTURES, name);
    rt_error_clear(err);
    return rt_config_load(cfg, path, err);
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static const rt_rule *sign_hook_rule(void)
{
    const rt_rule *rule = rt_rule_find(RT_STR_LIT("sign-hook-misconfigured"));
    cr_assert_not_null(rule);
    return rule;
}

/* Checks a bad fixture against its "# expect: LINE:COL: MESSAGE" first line. */
static void check_bad_fixture(const char *name)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", FIXTURES, name);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s: cannot open", name);
    char first[512] = "";
    cr_assert_not_null(fgets(first, sizeof first, f), "%s: empty", name);
    fclose(f);
    unsigned line = 0, column = 0;
    int consumed = 0;
    cr_assert_eq(sscanf(first, "# expect: %u:%u: %n", &line, &column, &consumed), 2,
                 "%s: no `# expect: LINE:COL: MESSAGE` line", name);
    char *want = first + consumed;
    want[strcspn(want, "\n")] = '\0';
    cr_assert(line > 0 && column > 0 && *want, "%s: incomplete expectation", name);

    rt_config cfg;
    rt_error err;
    int rc = load_fixture(&cfg, name, &err);
    cr_expect_eq(rc, RT_ECONFIG, "%s: rc %d (%s)", name, rc, err.message);
    cr_expect_eq(err.line, line, "%s: line %u, want %u (%s)", name, err.line, line, err.message);
    cr_expect_eq(err.column, column, "%s: column %u, want %u (%s)", name, err.column, column,
                 err.message);
    cr_expect_not_null(strstr(err.message, want), "%s: message `%s` lacks `%s`", name,
                       err.message, want);
    cr_expect_str_eq(err.path, path, "%s: error names `%s`", name, err.path);
    cr_expect_null(cfg.arena, "%s: a failed load must leave nothing to free", name);
}

static size_t for_each_fixture(const char *prefix, void (*fn)(const char *name))
{
    DIR *d = opendir(FIXTURES);
    cr_assert_not_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 && len > 5 &&
            strcmp(e->d_name + len - 5, ".yaml") == 0) {
            fn(e->d_name);
            n++;
        }
    }
    closedir(d);
    return n;
}

static void check_good_fixture(const char *name)
{
    rt_config cfg;
    rt_error err;
    int rc = load_fixture(&cfg, name, &err);
    cr_expect_eq(rc, RT_OK, "%s: %u:%u: %s", name, err.line, err.column, err.message);
    rt_config_free(&cfg);
}

Test(config, every_bad_fixture_fails_where_it_says)
{
    cr_assert_geq(for_each_fixture("bad_", check_bad_fixture), 40);
}

Test(config, every_good_fixture_loads)
{
    cr_assert_geq(for_each_fixture("good_", check_good_fixture), 5);
}

Test(config, defaults)
{
    rt_config cfg;
    rt_error err;
    cr_assert_eq(rt_config_init_defaults(&cfg, &err), RT_OK);
    cr_expect_null(cfg.path);
    cr_expect_null(cfg.alembic_ini.value);
    cr_expect_null(cfg.dialect.value);
    cr_expect_eq(cfg.fail_on, RT_SEV_ERROR);
    cr_expect_str_eq(cfg.production.version_table.value, "alembic_version");
    cr_expect_eq(cfg.production.version_table.line, 0);
    cr_expect_eq(cfg.production.head_count, 0);
    cr_expect_eq(cfg.secrets.pattern_count, 0);
    cr_expect(!cfg.integrity.ignore_formatting);
    cr_expect_eq(cfg.postgresql.version, 15);
    for (size_t i = 0; i < rt_rule_count(); i++)
        cr_expect_eq(cfg.rule_severity[i], -1);
    const rt_rule *rule = sign_hook_rule();
    cr_expect_eq(rt_config_severity(&cfg, rule), rule->default_severity);
    cr_expect_eq(rt_config_severity(NULL, rule), rule->default_severity);
    rt_config_free(&cfg);
    rt_config_free(&cfg); /* freeing twice is harmless: free empties the struct */
}

Test(config, empty_and_comment_only_files_are_defaults)
{
    const char *names[] = {"good_empty.yaml", "good_comments_only.yaml"};
    for (size_t i = 0; i < 2; i++) {
        rt_config cfg;
        rt_error err;
        cr_assert_eq(load_fixture(&cfg, names[i], &err), RT_OK, "%s", err.message);
        cr_expect_eq(cfg.fail_on, RT_SEV_ERROR);
        cr_expect_eq(rt_config_severity(&cfg, sign_hook_rule()),
                     sign_hook_rule()->default_severity);
        cr_expect_str_eq(cfg.dir, FIXTURES);
        rt_config_free(&cfg);
    }
}

Test(config, full_file_sets_every_key_with_positions)
{
    rt_config cfg;
    rt_error err;
    cr_assert_eq(load_fixture(&cfg, "good_full.yaml", &err), RT_OK, "%u:%u: %s", err.line,
                 err.column, err.message);
    cr_expect_str_eq(cfg.path, FIXTURES "/good_full.yaml");
    cr_expect_str_eq(cfg.dir, FIXTURES);
    cr_expect_str_eq(cfg.alembic_ini.value, "deploy/alembic.ini");
    cr_expect_eq(cfg.alembic_ini.line, 2);
    cr_expect_eq(cfg.alembic_ini.column, 14);
    cr_expect_str_eq(cfg.alembic_name.value, "tenant");
    cr_expect_str_eq(cfg.dialect.value, "postgresql");
    cr_expect_eq(cfg.fail_on, RT_SEV_WARNING);
    cr_expect_eq(rt_config_severity(&cfg, sign_hook_rule()), RT_SEV_OFF);

    cr_expect_str_eq(cfg.production.git_ref.value, "origin/production");
    cr_expect_str_eq(cfg.production.database_url_env.value, "PRODUCTION_DATABASE_URL");
    cr_assert_eq(cfg.production.head_count, 2);
    cr_expect_str_eq(cfg.production.heads[0].value, "ae1027a6acf2");
    cr_expect_str_eq(cfg.production.heads[1].value, "1975ea83b712");
    cr_expect_eq(cfg.production.heads[1].line, 11);
    cr_expect_eq(cfg.production.heads[1].column, 25);
    cr_expect_str_eq(cfg.production.version_table.value, "schema_migrations");
    cr_expect_eq(cfg.production.version_table.line, 12);
    cr_expect_str_eq(cfg.production.version_table_schema.value, "ops");

    cr_assert_eq(cfg.secrets.allow_count, 2);
    cr_expect_str_eq(cfg.secrets.allow[0].value, "changeme");
    cr_expect_str_eq(cfg.secrets.allow[1].value, "postgresql://localhost/test");
    cr_assert_eq(cfg.secrets.pattern_count, 2);
    cr_expect_str_eq(cfg.secrets.patterns[0].id.value, "internal-token");
    cr_expect_str_eq(cfg.secrets.patterns[0].regex.value, "itk_[A-Za-z0-9]{32}");
    cr_expect_eq(cfg.secrets.patterns[0].regex.line, 19);
    cr_expect_eq(cfg.secrets.patterns[0].regex.column, 35);
    cr_expect_str_eq(cfg.secrets.patterns[1].id.value, "legacy-key");
    cr_expect_str_eq(cfg.secrets.patterns[1].regex.value, "lk-[0-9a-f]{40}");
    cr_expect_eq(cfg.secrets.patterns[1].regex.line, 21);
    cr_expect_eq(cfg.secrets.patterns[1].regex.column, 14);

    cr_expect(cfg.integrity.ignore_formatting);
    cr_assert_eq(cfg.graph.allowed_head_count, 2);
    cr_expect_str_eq(cfg.graph.allowed_heads[1].value, "contract@head");
    cr_assert_eq(cfg.imports.allowed_import_count, 2);
    cr_expect_str_eq(cfg.imports.allowed_imports[0].value, "myapp.enums");
    cr_expect_eq(cfg.postgresql.version, 13);
    rt_config_free(&cfg);
}

Test(config, bom_crlf_and_single_head)
{
    rt_config cfg;
    rt_error err;
    cr_assert_eq(load_fixture(&cfg, "good_bom_crlf.yaml", &err), RT_OK, "%s", err.message);
    cr_expect_eq(cfg.fail_on, RT_SEV_INFO);
    cr_assert_eq(cfg.production.head_count, 1);
    cr_expect_str_eq(cfg.production.heads[0].value, "ae1027a6acf2");
    cr_expect_eq(cfg.production.heads[0].line, 4);
    cr_expect_eq(cfg.production.heads[0].column, 10);
    rt_config_free(&cfg);
}

Test(config, numbers_are_kept_as_text_in_string_settings)
{
    rt_config cfg;
    rt_error err;
    cr_assert_eq(load_fixture(&cfg, "good_numbers_as_text.yaml", &err), RT_OK, "%s",
                 err.message);
    cr_assert_eq(cfg.production.head_count, 3);
    cr_expect_str_eq(cfg.production.heads[0].value, "123456789012");
    cr_expect_str_eq(cfg.production.heads[1].value, "1e5");
    cr_expect_str_eq(cfg.production.heads[2].value, "0x1f");
    cr_expect_str_eq(cfg.production.git_ref.value, "2024.1");
    cr_expect(!cfg.integrity.ignore_formatting);
    cr_expect_eq(cfg.postgresql.version, 9);
    rt_config_free(&cfg);
}

Test(config, rule_severity_overrides_and_null_keeps_default)
{
    rt_config cfg;
    rt_error err;
    const rt_rule *rule = sign_hook_rule();
    cr_assert_eq(load_text(&cfg, "rules:\n  sign-hook-misconfigured: error\n", &err), RT_OK);
    cr_expect_eq(rt_config_severity(&cfg, rule), RT_SEV_ERROR);
    cr_expect_eq(cfg.rule_severity[rt_rule_index(rule)], RT_SEV_ERROR);
    rt_config_free(&cfg);
    cr_assert_eq(load_text(&cfg, "rules:\n  sign-hook-misconfigured:\n", &err), RT_OK);
    cr_expect_eq(rt_config_severity(&cfg, rule), rule->default_severity);
    rt_config_free(&cfg);
}

Test(config, yes_no_on_off_are_not_booleans)
{
    const char *words[] = {"yes", "no", "on", "off", "y", "n"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        char text[64];
        snprintf(text, sizeof text, "integrity: {ignore_formatting: %s}", words[i]);
        rt_config cfg;
        rt_error err;
        cr_expect_eq(load_text(&cfg, text, &err), RT_ECONFIG, "%s was accepted", words[i]);
        cr_expect_not_null(strstr(err.message, "must be true or false"), "%s", err.message);
        cr_expect_eq(err.column, 32);
    }
}

Test(config, database_url_is_never_echoed)
{
    rt_config cfg;
    rt_error err;
    cr_assert_eq(load_fixture(&cfg, "bad_env_name.yaml", &err), RT_ECONFIG);
    cr_expect_null(strstr(err.message, "hunter2"), "secret echoed: %s", err.message);
    cr_expect_null(strstr(err.message, "db.internal"), "URL echoed: %s", err.message);
}

Test(config, bad_regex_reports_pcre2_message_at_the_value)
{
    rt_config cfg;
    rt_error err;
    cr_assert_eq(load_text(&cfg, "secrets:\n  patterns: [{id: a, regex: 'ab(c'}]\n", &err),
                 RT_ECONFIG);
    cr_expect_eq(err.line, 2);
    cr_expect_eq(err.column, 29);
    cr_expect_not_null(strstr(err.message, "`secrets.patterns[0].regex` is not a valid "
                              "regular expression: missing closing parenthesis at offset 4"),
                       "%s", err.message);
}

Test(config, billion_laughs_is_refused_quickly, .timeout = 10)
{
    /* Aliases alone (no anchors in this text) are refused at the first one. */
    rt_buf text = RT_BUF_INIT;
    rt_buf_puts(&text, "secrets:\n  allow: [");
    for (int i = 0; i < 100000; i++)
        rt_buf_puts(&text, i ? ", *lol" : "*lol");
    rt_buf_puts(&text, "]\n");
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    rt_config cfg;
    rt_error err;
    cr_assert_eq(load_text(&cfg, rt_buf_cstr(&text), &err), RT_ECONFIG);
    cr_expect_eq(err.line, 2);
    cr_expect_eq(err.column, 11);
    cr_expect_str_eq(err.message, "YAML aliases are not allowed in .retort.yaml");
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/bad_billion_laughs.yaml", FIXTURES);
    cr_expect_eq(rt_config_load(&cfg, path, &err), RT_ECONFIG);
    cr_expect_lt(seconds_since(&start), 1.0);
    rt_buf_free(&text);
}

Test(config, deep_nesting_is_refused_quickly, .timeout = 10)
{
    size_t depth = 100000;
    char *text = malloc(depth * 2 + 16);
    cr_assert_not_null(text);
    memcpy(text, "a: ", 3);
    memset(text + 3, '[', depth);
    memset(text + 3 + depth, ']', depth);
    text[3 + 2 * depth] = '\0';
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    rt_config cfg;
    rt_error err;
    cr_assert_eq(load_text(&cfg, text, &err), RT_ECONFIG);
    cr_expect_lt(seconds_since(&start), 1.0);
    cr_expect_eq(err.line, 1);
    cr_expect_eq(err.column, 19, "the top mapping and 15 sequences fit; the 16th `[` does not");
    cr_expect_not_null(strstr(err.message, "nesting deeper than 16 levels"), "%s", err.message);
    free(text);
}

Test(config, size_is_capped)
{
    size_t cap = (size_t)1 << 20;
    char *text = malloc(cap + 2);
    cr_assert_not_null(text);
    text[0] = '#';
    memset(text + 1, 'x', cap + 1);
    rt_config cfg;
    rt_error err;
    cr_expect_eq(rt_config_load_bytes(&cfg, "big.yaml", text, cap, &err), RT_OK,
                 "exactly 1 MiB is allowed: %s", err.message);
    rt_config_free(&cfg);
    cr_expect_eq(rt_config_load_bytes(&cfg, "big.yaml", text, cap + 1, &err), RT_ETOOBIG);
    cr_expect_not_null(strstr(err.message, "larger than 1024 KiB"), "%s", err.message);
    free(text);
}

Test(config, load_refuses_missing_files_and_directories)
{
    rt_config cfg;
    rt_error err;
    cr_expect_eq(rt_config_load(&cfg, FIXTURES "/no_such_file.yaml", &err), RT_EIO);
    cr_expect_eq(rt_config_load(&cfg, FIXTURES, &err), RT_EIO);
    cr_expect_null(cfg.arena);
}

/* ---- Discovery ------------------------------------------------------------------- */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

static void path_join(char *out, size_t size, const char *a, const char *b)
{
    int n = snprintf(out, size, "%s/%s", a, b);
    cr_assert(n > 0 && (size_t)n < size);
}

Test(config, discovery_walks_up_from_a_nested_directory)
{
    char tmpl[] = "/tmp/retort-config-XXXXXX";
    char *root = mkdtemp(tmpl);
    cr_assert_not_null(root);
    char *real_root = realpath(root, NULL);
    cr_assert_not_null(real_root);
    char a[PATH_MAX], ab[PATH_MAX], abc[PATH_MAX], cfg_a[PATH_MAX], cfg_ab[PATH_MAX],
        link[PATH_MAX];
    path_join(a, sizeof a, real_root, "a");
    path_join(ab, sizeof ab, a, "b");
    path_join(abc, sizeof abc, ab, "c");
    path_join(cfg_a, sizeof cfg_a, a, RT_CONFIG_FILENAME);
    path_join(cfg_ab, sizeof cfg_ab, ab, RT_CONFIG_FILENAME);
    path_join(link, sizeof link, real_root, "link");
    cr_assert_eq(mkdir(a, 0700), 0);
    cr_assert_eq(mkdir(ab, 0700), 0);
    cr_assert_eq(mkdir(abc, 0700), 0);
    write_file(cfg_a, "fail_on: info\n");

    rt_config cfg;
    rt_error err;
    cr_assert_eq(rt_config_discover(&cfg, abc, &err), RT_OK, "%s", err.message);
    cr_expect_str_eq(cfg.path, cfg_a);
    cr_expect_str_eq(cfg.dir, a);
    cr_expect_eq(cfg.fail_on, RT_SEV_INFO);
    rt_config_free(&cfg);

    /* Through a symbolic link, the real parents are searched. */
    cr_assert_eq(symlink(abc, link), 0);
    cr_assert_eq(rt_config_discover(&cfg, link, &err), RT_OK, "%s", err.message);
    cr_expect_str_eq(cfg.path, cfg_a);
    rt_config_free(&cfg);

    /* The nearest file wins, and its errors are reported, not skipped. */
    write_file(cfg_ab, "fail_on: sometimes\n");
    cr_expect_eq(rt_config_discover(&cfg, abc, &err), RT_ECONFIG);
    cr_expect_str_eq(err.path, cfg_ab);
    cr_expect_eq(err.line, 1);
    cr_expect_eq(err.column, 10);

    /* Above the file: whatever is found is not inside our tree. */
    cr_assert_eq(rt_config_discover(&cfg, real_root, &err), RT_OK, "%s", err.message);
    cr_expect(cfg.path == NULL || strncmp(cfg.path, real_root, strlen(real_root)) != 0);
    rt_config_free(&cfg);

    unlink(link);
    unlink(cfg_ab);
    unlink(cfg_a);
    rmdir(abc);
    rmdir(ab);
    rmdir(a);
    rmdir(real_root);
    free(real_root);
}

Test(config, discovery_of_a_missing_directory_fails)
{
    rt_config cfg;
    rt_error err;
    cr_expect_eq(rt_config_discover(&cfg, "/nonexistent/retort/dir", &err), RT_EIO);
    cr_expect_str_eq(err.path, "/nonexistent/retort/dir");
    cr_expect_null(cfg.arena);
}

Test(config, discovery_at_the_root_terminates)
{
    rt_config cfg;
    rt_error err;
    cr_assert_eq(rt_config_discover(&cfg, "/", &err), RT_OK, "%s", err.message);
    cr_expect(cfg.path == NULL || strcmp(cfg.path, "/" RT_CONFIG_FILENAME) == 0);
    rt_config_free(&cfg);
}

Test(config, demo_project_configuration_loads)
{
    rt_config cfg;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_config_load(&cfg, RETORT_SOURCE_DIR "/fixtures/demo/.retort.yaml", &err),
                 RT_OK, "%u:%u: %s", err.line, err.column, err.message);
    const rt_rule *rule = rt_rule_find(RT_STR_LIT("unrecorded-migration"));
    cr_assert_not_null(rule);
    cr_expect_eq(rt_config_severity(&cfg, rule), RT_SEV_ERROR);
    cr_expect_str_eq(cfg.dialect.value, "postgresql");
    rt_config_free(&cfg);
}
