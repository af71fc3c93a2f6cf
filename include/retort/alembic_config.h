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
 *
 * What Alembic does, and so what this does:
 * - the ini is read with configparser's rules (see ini.h) and `here` = the ini's
 *   absolute directory; every option Alembic reads when it loads the script directory
 *   (script_location, version_locations, the separators, prepend_sys_path,
 *   file_template, truncate_slug_length, sourceless, output_encoding, timezone,
 *   recursive_version_locations, and every key [post_write_hooks] sees, [DEFAULT]'s
 *   included) must interpolate, or loading fails with that error;
 * - a missing section fails ("No config file ... or file has no '[alembic]' section")
 *   unless pyproject.toml has a [tool.alembic] table (Alembic >= 1.16 then reads
 *   everything from it); a missing script_location fails;
 * - `package:resource` locations (relative, with a colon) cannot be resolved without
 *   importing Python packages: RT_ECONFIG at the value;
 * - version_locations is split by path_separator (Alembic >= 1.16; parts are stripped)
 *   or else version_path_separator (parts kept as written, as 1.8.1 does), whose values
 *   are `os` (':' here), ':', ';', `space`, `newline` (later Alembic versions; 1.8.1
 *   refuses it); any other value, such as the one
 *   Alembic 1.8.1's own template writes (`os  # Use os.pathsep...`: configparser keeps
 *   inline comments), fails loading, but only when version_locations is set (or, for
 *   path_separator, prepend_sys_path), as in Alembic; with neither key, the legacy
 *   split on commas and spaces (empty parts kept); an empty version_locations falls
 *   back to pyproject's list, then to <script_location>/versions;
 * - [post_write_hooks] `hooks` is split on commas and spaces; each name's options are
 *   `<name>.<option>` exactly (hook names keep their case, keys are lower case, so
 *   `hooks = Black` finds no `Black.type`, as in Alembic); pyproject's
 *   [[tool.alembic.post_write_hooks]] tables are used only without an ini
 *   [post_write_hooks] section, each needs a `name`, and all their values must be
 *   strings; strings from pyproject go through Python's `%` with `here` (only
 *   `%(name)s` and `%%` are accepted here; anything else is RT_ECONFIG);
 * - pyproject's path_separator is not read: Alembic splits only ini strings, and
 *   pyproject's version_locations is already a list.
 * Positions of the parts of a split value are exact when the written value holds no
 * `%` or splits into as many parts; otherwise they are the value's start.
 */
#ifndef RETORT_ALEMBIC_CONFIG_H
#define RETORT_ALEMBIC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/error.h"
#include "retort/ini.h"
#include "retort/toml.h"

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
    rt_alembic_value script_location; /* as written (after interpolation) */
    const char *script_dir;        /* additive: script_location made absolute */
    rt_alembic_value sqlalchemy_url;
    rt_alembic_value version_locations_raw; /* the ini value before interpolation; for
                                      pyproject's list, value NULL and its position */
    const char **version_dirs;     /* resolved directories, in order */
    rt_alembic_value *version_dir_origins; /* additive: each one as written, and where */
    size_t version_dir_count;
    bool recursive_version_locations;
    bool sourceless;               /* additive: `sourceless` is exactly "true" */
    rt_error sqlalchemy_url_error; /* additive: code 0, or why sqlalchemy.url did not
                                      interpolate (then sqlalchemy_url.value is NULL; env.py
                                      reads it, so loading does not fail) */
    rt_toml pyproject;             /* additive: the parsed pyproject.toml (root NULL
                                      when none was read) */
    bool has_hooks_section;        /* [post_write_hooks] (or pyproject's) exists */
    unsigned hooks_line;           /* line of the section header or `hooks =` */
    rt_alembic_hook *hooks;        /* in the order they run */
    size_t hook_count;
} rt_alembic_config;

/* Reads ini_path (section NULL means "alembic") and, when present beside it,
 * pyproject.toml. When ini_path does not exist but that pyproject.toml has a
 * [tool.alembic] table, or when ini_path itself names a pyproject.toml (as
 * ALEMBIC_CONFIG may), the configuration comes from pyproject.toml alone (ini_path
 * NULL). Errors
 * are RT_EPARSE/RT_ECONFIG/RT_EIO with file, line, column (a missing section or
 * script_location is an error as in Alembic). On failure *out holds nothing to free;
 * on success release it with rt_alembic_config_free(). */
int rt_alembic_config_load(rt_alembic_config *out, const char *ini_path, const char *section,
                           rt_error *err);
void rt_alembic_config_free(rt_alembic_config *cfg);

#endif
