/* Alembic's configuration as retort resolves it. The fixture projects live in
 * tests/ini/projects/ (those Alembic 1.8.1 can read are also compared with real
 * Alembic by tests/integration/alembic_config_alembic.py); variants are written to a
 * temporary directory. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "retort/alembic_config.h"

#define PROJECTS RETORT_SOURCE_DIR "/tests/ini/projects/"

static rt_alembic_config cfg;
static rt_error err;
static char tmp[64];

static void teardown(void)
{
    rt_alembic_config_free(&cfg);
    if (tmp[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
        cr_assert_eq(system(cmd), 0);
        tmp[0] = '\0';
    }
}

TestSuite(alembic_config, .fini = teardown);

static int load(const char *ini, const char *section)
{
    rt_error_clear(&err);
    return rt_alembic_config_load(&cfg, ini, section, &err);
}

/* Writes name (in a fresh temporary directory) with text; returns its path. */
static const char *write_file(const char *name, const char *text)
{
    static char path[256];
    if (!tmp[0]) {
        snprintf(tmp, sizeof tmp, "/tmp/retort-cfg-XXXXXX");
        cr_assert_not_null(mkdtemp(tmp));
    }
    snprintf(path, sizeof path, "%s/%s", tmp, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static const char *in_tmp(const char *rel)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmp, rel);
    return path;
}

Test(alembic_config, alembic_1_8_1_template_loads)
{
    cr_assert_eq(load(PROJECTS "generic_1_8_1/alembic.ini", NULL), 0, "%s", err.message);
    cr_assert_str_eq(cfg.section, "alembic");
    cr_assert_str_eq(cfg.script_location.value, "migrations");
    cr_assert(cfg.script_location.line == 5 && cfg.script_location.column == 19);
    cr_assert_str_eq(cfg.script_dir, PROJECTS "generic_1_8_1/migrations");
    cr_assert_eq(cfg.version_dir_count, 1);
    cr_assert_str_eq(cfg.version_dirs[0], PROJECTS "generic_1_8_1/migrations/versions");
    cr_assert_str_eq(cfg.sqlalchemy_url.value, "driver://user:pass@localhost/dbname");
    cr_assert_eq(cfg.sqlalchemy_url.line, 58);
    cr_assert(cfg.has_hooks_section && cfg.hook_count == 0 && cfg.hooks_line == 61);
    cr_assert(!cfg.recursive_version_locations && !cfg.sourceless);
    cr_assert_null(cfg.pyproject_path);
}

Test(alembic_config, inline_comment_trap_fails_only_with_version_locations)
{
    cr_assert_eq(load(PROJECTS "trap_version_locations/alembic.ini", NULL), RT_ECONFIG);
    cr_assert(err.line == 52 && err.column == 26, "%u:%u", err.line, err.column);
    cr_assert(strstr(err.path, "trap_version_locations/alembic.ini"));
    cr_assert(strstr(err.message, "inline comments"), "%s", err.message);
    cr_assert_null(cfg.arena, "nothing to free after a failure");
    cr_assert_eq(load(PROJECTS "empty_version_locations/alembic.ini", NULL), 0,
                 "an empty version_locations never reads the separator");
}

Test(alembic_config, hooks_and_here_relative_locations)
{
    cr_assert_eq(load(PROJECTS "here_relative/alembic.ini", NULL), 0, "%s", err.message);
    cr_assert_eq(cfg.version_dir_count, 3, "legacy split on commas and spaces");
    cr_assert_str_eq(cfg.version_dirs[2], PROJECTS "here_relative/db/v3");
    cr_assert_eq(cfg.version_dir_origins[1].line, 3);
    cr_assert_str_eq(cfg.sqlalchemy_url.value, "postgresql://app:%40secret@localhost/app");
    cr_assert_eq(cfg.hook_count, 2);
    cr_assert_str_eq(cfg.hooks[1].name, "retort");
    cr_assert(cfg.hooks[1].line == 7 && cfg.hooks[1].column == 17);
    cr_assert_str_eq(cfg.hooks[1].entrypoint.value, "retort-sign");
    cr_assert_str_eq(cfg.hooks[1].cwd.value, PROJECTS "here_relative");
    cr_assert_eq(cfg.hooks[1].options.line, 13);
    cr_assert_null(cfg.hooks[0].cwd.value);
}

Test(alembic_config, sections_and_separators)
{
    cr_assert_eq(load(PROJECTS "multi_db/alembic.ini", "core"), 0, "%s", err.message);
    cr_assert_eq(cfg.version_dir_count, 3, "empty parts between ';' are dropped");
    cr_assert_str_eq(cfg.version_dirs[2], PROJECTS "multi_db/databases/core/contract");
    rt_alembic_config_free(&cfg);
    cr_assert_eq(load(PROJECTS "multi_db/alembic.ini", "tenant"), 0);
    cr_assert(cfg.sourceless);
    cr_assert_str_eq(cfg.script_dir, PROJECTS "multi_db/databases/tenant");
    rt_alembic_config_free(&cfg);
    cr_assert_eq(load(PROJECTS "multi_db/alembic.ini", "missing"), RT_ECONFIG);
    cr_assert(strstr(err.message, "'[missing]' section"));
    cr_assert_eq(load(PROJECTS "no_such_project/alembic.ini", NULL), RT_EIO);
}

Test(alembic_config, errors_alembic_would_raise)
{
    cr_assert_eq(load(PROJECTS "missing_script_location/alembic.ini", NULL), RT_ECONFIG);
    cr_assert(strstr(err.message, "No 'script_location' key"));
    cr_assert_eq(load(PROJECTS "package_resource/alembic.ini", NULL), RT_ECONFIG);
    cr_assert(strstr(err.message, "package resource") && err.line == 2);
    cr_assert_eq(load(PROJECTS "hooks_bad_interpolation/alembic.ini", NULL), RT_EPARSE);
    cr_assert(err.line == 7 && strstr(err.message, "InterpolationSyntaxError"));
    cr_assert_eq(load(PROJECTS "syntax_error/alembic.ini", NULL), RT_EPARSE);
    cr_assert_eq(err.line, 3);
}

Test(alembic_config, bad_url_is_recorded_not_fatal)
{
    cr_assert_eq(load(PROJECTS "bad_url_interpolation/alembic.ini", NULL), 0);
    cr_assert_null(cfg.sqlalchemy_url.value);
    cr_assert_eq(cfg.sqlalchemy_url.line, 3);
    cr_assert_eq(cfg.sqlalchemy_url_error.code, RT_EPARSE);
    cr_assert_eq(cfg.sqlalchemy_url_error.column, 37);
}

Test(alembic_config, hook_names_keep_their_case)
{
    cr_assert_eq(load(PROJECTS "hooks_case/alembic.ini", NULL), 0);
    cr_assert_eq(cfg.hook_count, 2);
    cr_assert_str_eq(cfg.hooks[0].name, "Black");
    cr_assert_null(cfg.hooks[0].type.value, "keys are lower case: Black.type is absent");
    cr_assert_str_eq(cfg.hooks[1].executable.value, "retort");
}

Test(alembic_config, pyproject_only)
{
    cr_assert_eq(load(PROJECTS "pyproject_only/alembic.ini", NULL), 0, "%s", err.message);
    cr_assert_null(cfg.ini_path);
    cr_assert_str_eq(cfg.pyproject_path, PROJECTS "pyproject_only/pyproject.toml");
    cr_assert_str_eq(cfg.script_dir, PROJECTS "pyproject_only/migrations");
    cr_assert_str_eq(cfg.script_location.file, cfg.pyproject_path);
    cr_assert(cfg.script_location.line == 5 && cfg.script_location.column == 19);
    cr_assert_eq(cfg.version_dir_count, 2);
    cr_assert_str_eq(cfg.version_dirs[1], PROJECTS "pyproject_only/other");
    cr_assert(cfg.recursive_version_locations);
    cr_assert_eq(cfg.hook_count, 2);
    cr_assert_str_eq(cfg.hooks[0].module.value, "ruff");
    cr_assert_str_eq(cfg.hooks[1].name, "retort");
    cr_assert_eq(cfg.hooks[1].line, 16);
    cr_assert_null(cfg.sqlalchemy_url.value);
}

Test(alembic_config, ini_wins_over_pyproject)
{
    cr_assert_eq(load(PROJECTS "ini_and_pyproject/alembic.ini", NULL), 0, "%s", err.message);
    cr_assert_str_eq(cfg.script_location.value, "migrations");
    cr_assert_eq(cfg.version_dir_count, 2, "no ini version_locations: pyproject's list");
    cr_assert_str_eq(cfg.version_dirs[0], PROJECTS "ini_and_pyproject/v1");
    cr_assert(cfg.recursive_version_locations);
    cr_assert_eq(cfg.hook_count, 1, "the ini [post_write_hooks] wins");
    cr_assert_str_eq(cfg.hooks[0].name, "retort");
}

Test(alembic_config, path_separator_strips_parts)
{
    write_file("alembic.ini", "[alembic]\nscript_location = m\nversion_locations =\n"
                              "    a\n    b/c\n  ,d\npath_separator = newline\n"
                              "recursive_version_locations = True\n");
    cr_assert_eq(load(in_tmp("alembic.ini"), NULL), 0, "%s", err.message);
    cr_assert_eq(cfg.version_dir_count, 3);
    cr_assert_str_eq(cfg.version_dirs[2], in_tmp(",d"));
    cr_assert(cfg.version_dir_origins[1].line == 5 && cfg.version_dir_origins[1].column == 5);
    cr_assert(!cfg.recursive_version_locations, "only exactly \"true\" counts");
}

Test(alembic_config, pyproject_errors)
{
    write_file("pyproject.toml", "[tool.alembic]\nscript_location = \"%(nope)s/m\"\n");
    cr_assert_eq(load(in_tmp("alembic.ini"), NULL), RT_ECONFIG);
    cr_assert(err.line == 2 && err.column == 19);
    write_file("pyproject.toml", "[tool.alembic]\nscript_location = \"m\"\n"
                                 "recursive_version_locations = \"true\"\n");
    cr_assert_eq(load(in_tmp("alembic.ini"), NULL), RT_ECONFIG);
    cr_assert(strstr(err.message, "boolean value expected"));
    write_file("pyproject.toml", "[tool.alembic]\nscript_location = \"m\"\n"
                                 "[[tool.alembic.post_write_hooks]]\ntype = \"exec\"\n");
    cr_assert_eq(load(in_tmp("alembic.ini"), NULL), RT_ECONFIG);
    cr_assert(strstr(err.message, "needs a `name`"));
    write_file("pyproject.toml", "[tool.alembic\n");
    cr_assert_eq(load(in_tmp("alembic.ini"), NULL), RT_EPARSE);
    cr_assert(strstr(err.path, "pyproject.toml") && err.line == 1);
}

Test(alembic_config, pyproject_toml_given_directly)
{
    cr_assert_eq(load(PROJECTS "pyproject_only/pyproject.toml", NULL), 0, "%s", err.message);
    cr_assert_null(cfg.ini_path);
    cr_assert_str_eq(cfg.script_dir, PROJECTS "pyproject_only/migrations");
    rt_alembic_config_free(&cfg);
    cr_assert_eq(load(PROJECTS "ini_and_pyproject/pyproject.toml", NULL), 0);
    cr_assert_null(cfg.ini_path, "the ini beside it is not read");
    cr_assert_str_eq(cfg.script_location.value, "ignored/because/the/ini/wins");
    rt_alembic_config_free(&cfg);
    write_file("pyproject.toml", "[tool.black]\nline-length = 100\n");
    cr_assert_eq(load(in_tmp("pyproject.toml"), NULL), RT_ECONFIG);
    cr_assert(strstr(err.message, "[tool.alembic]"));
}

Test(alembic_config, percent_in_the_directory_name)
{
    write_file("README", "makes the temporary directory\n");
    char pct[300];
    snprintf(pct, sizeof pct, "%s/100%%", tmp);
    cr_assert_eq(mkdir(pct, 0700), 0);
    char ini[320];
    snprintf(ini, sizeof ini, "%s/alembic.ini", pct);
    FILE *f = fopen(ini, "w");
    cr_assert_not_null(f);
    fputs("[alembic]\nscript_location = migrations\n", f);
    fclose(f);
    cr_assert_eq(load(ini, NULL), 0, "a %% in `here` matters only where it is interpolated");
    rt_alembic_config_free(&cfg);
    f = fopen(ini, "a");
    fputs("[post_write_hooks]\nhooks =\n", f);
    fclose(f);
    cr_assert_eq(load(ini, NULL), RT_EPARSE, "configparser interpolates `here` itself there");
    cr_assert_eq(err.line, 3);
}
