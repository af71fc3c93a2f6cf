/* alembic_config_dump INI [SECTION] — prints what retort resolves from an Alembic
 * configuration as JSON, for the differential test against real Alembic
 * (tests/integration/alembic_config_alembic.py): {"script_location", "script_dir",
 * "version_dirs", "recursive", "sourceless", "sqlalchemy_url", "hooks": [{"name", "type",
 * "entrypoint", "executable", "module", "options", "cwd"}...]} or {"error": {...}}. */
#include <jansson.h>
#include <stdio.h>

#include "retort/alembic_config.h"

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fputs("usage: alembic_config_dump INI [SECTION]\n", stderr);
        return 2;
    }
    rt_error err;
    rt_error_clear(&err);
    rt_alembic_config cfg;
    json_t *root;
    if (rt_alembic_config_load(&cfg, argv[1], argc == 3 ? argv[2] : NULL, &err) != RT_OK) {
        root = json_pack("{s{sssssisi}}", "error", "message", err.message, "path", err.path,
                         "line", err.line, "column", err.column);
    } else {
        json_t *dirs = json_array(), *hooks = json_array();
        for (size_t i = 0; i < cfg.version_dir_count; i++)
            json_array_append_new(dirs, json_string(cfg.version_dirs[i]));
        for (size_t i = 0; i < cfg.hook_count; i++) {
            const rt_alembic_hook *h = &cfg.hooks[i];
            json_array_append_new(
                hooks, json_pack("{sssisisosososososo}", "name", h->name, "line", h->line,
                                 "column", h->column, "type", str_or_null(h->type.value),
                                 "entrypoint", str_or_null(h->entrypoint.value), "executable",
                                 str_or_null(h->executable.value), "module",
                                 str_or_null(h->module.value), "options",
                                 str_or_null(h->options.value), "cwd",
                                 str_or_null(h->cwd.value)));
        }
        root = json_pack("{sosssosbsbsoso}", "script_location",
                         str_or_null(cfg.script_location.value), "script_dir", cfg.script_dir,
                         "version_dirs", dirs, "recursive", cfg.recursive_version_locations,
                         "sourceless", cfg.sourceless, "sqlalchemy_url",
                         str_or_null(cfg.sqlalchemy_url.value), "hooks", hooks);
        rt_alembic_config_free(&cfg);
    }
    json_dumpf(root, stdout, JSON_ENSURE_ASCII);
    putchar('\n');
    json_decref(root);
    return 0;
}
