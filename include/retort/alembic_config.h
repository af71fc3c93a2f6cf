/* retort — Alembic's configuration: alembic.ini (and pyproject.toml's [tool.alembic]).
 *
 * Resolves what Alembic itself would: the section (`[alembic]` or `alembic -n NAME`),
 * script_location, the version directories (version_locations split by
 * version_path_separator / path_separator, else <script_location>/versions),
 * recursive_version_locations (true only when the value is exactly "true"),
 * sqlalchemy.url, and the [post_write_hooks]. Relative paths resolve as Alembic
 * resolves them (%(here)s is the ini's directory; a plain relative script_location is
 * relative to the working directory Alembic runs in, taken as the ini's directory).
 * Options in pyproject.toml [tool.alembic] (Alembic >= 1.16) are read too; ini values win.
 */
#ifndef RETORT_ALEMBIC_CONFIG_H
#define RETORT_ALEMBIC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/error.h"
#include "retort/ini.h"

/* A resolved value and where it was written. */
typedef struct rt_alembic_value {
    const char *value;        /* NULL when not set */
    const char *file;         /* alembic.ini or pyproject.toml path */
    unsigned line, column;
} rt_alembic_value;

typedef struct rt_alembic_hook {
    const char *name;
    unsigned line, column;    /* where the name is listed in `hooks =` */
    rt_alembic_value type;    /* console_scripts, exec, module */
    rt_alembic_value entrypoint;
    rt_alembic_value executable;
    rt_alembic_value module;
    rt_alembic_value options;
    rt_alembic_value cwd;
} rt_alembic_hook;

typedef struct rt_alembic_config {
    rt_arena *arena;
    const char *ini_path;          /* NULL when only pyproject.toml configures Alembic */
    const char *pyproject_path;    /* NULL when none was read */
    const char *section;           /* "alembic" or the --name */
    const char *here;              /* the ini's directory */
    rt_ini ini;                    /* the parsed alembic.ini (count 0 when none) */
    rt_alembic_value script_location;
    rt_alembic_value sqlalchemy_url;
    rt_alembic_value version_locations_raw;
    const char **version_dirs;     /* resolved directories, in order */
    size_t version_dir_count;
    bool recursive_version_locations;
    bool has_hooks_section;        /* [post_write_hooks] (or pyproject's) exists */
    unsigned hooks_line;           /* line of the section header or `hooks =` */
    rt_alembic_hook *hooks;        /* in the order they run */
    size_t hook_count;
} rt_alembic_config;

/* Reads ini_path (section NULL means "alembic") and, when present beside it,
 * pyproject.toml. Errors are RT_EPARSE/RT_ECONFIG/RT_EIO with file, line, column (a
 * missing section or script_location is an error as in Alembic). Release with
 * rt_alembic_config_free(). */
int rt_alembic_config_load(rt_alembic_config *out, const char *ini_path, const char *section,
                           rt_error *err);
void rt_alembic_config_free(rt_alembic_config *cfg);

#endif
