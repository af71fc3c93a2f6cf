/* retort — configuration (.retort.yaml).
 *
 * Read with libyaml. Discovered upward from a start directory (rt_config_discover), or
 * named with --config. Unknown keys, wrong types, unknown rule names, bad severities and
 * broken YAML are RT_ECONFIG errors naming the file, line and column.
 *
 * An rt_config owns all its memory (one arena); release it with rt_config_free(). When a
 * function below fails, out is left empty: rt_config_free() on it is harmless.
 *
 * YAML is read with the 1.2 core schema: only true/false are booleans (`off` is text).
 * A null value (`key:` or `key: ~`) leaves that setting at its default. Aliases, anchors,
 * tags other than the core ones (!!str, !!int, ...), nesting deeper than 16 levels and
 * several documents are refused; files over 1 MiB are refused with RT_ETOOBIG.
 */
#ifndef RETORT_CONFIG_H
#define RETORT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/arena.h"
#include "retort/error.h"
#include "retort/finding.h"
#include "retort/rule.h"

#define RT_CONFIG_FILENAME ".retort.yaml"

/* A string value with the position it came from (line 0 when set on the command line). */
typedef struct rt_config_str {
    const char *value;
    unsigned line, column;
} rt_config_str;

typedef struct rt_config_pattern {
    rt_config_str id;
    rt_config_str regex;
} rt_config_pattern;

typedef struct rt_config {
    rt_arena *arena;
    const char *path;            /* the file it was read from; NULL for defaults */
    const char *dir;             /* that file's directory (relative paths resolve from it) */

    rt_config_str alembic_ini;   /* path to alembic.ini */
    rt_config_str alembic_name;  /* ini section, like `alembic -n NAME` */
    rt_config_str dialect;       /* postgresql, sqlite, mysql, ... */
    rt_severity fail_on;         /* default RT_SEV_ERROR */

    /* Per-rule severity: indexed like the registry; -1 = the rule's default. */
    int *rule_severity;

    struct {
        rt_config_str git_ref;
        rt_config_str database_url_env;
        rt_config_str *heads;
        size_t head_count;
        rt_config_str version_table;
        rt_config_str version_table_schema;
    } production;

    struct {
        rt_config_str *allow;
        size_t allow_count;
        rt_config_pattern *patterns;
        size_t pattern_count;
    } secrets;

    struct {
        bool ignore_formatting;
    } integrity;

    struct {
        rt_config_str *allowed_heads;
        size_t allowed_head_count;
    } graph;

    struct {
        rt_config_str *allowed_imports;  /* extra import roots migrations may use */
        size_t allowed_import_count;
    } imports;

    struct {
        int version;                     /* PostgreSQL major version, default 15 */
    } postgresql;
} rt_config;

/* Fills out with the defaults (no file). */
int rt_config_init_defaults(rt_config *out, rt_error *err);

/* Reads the YAML file at path into out (defaults for what it does not set). */
int rt_config_load(rt_config *out, const char *path, rt_error *err);

/* Same, from bytes in memory (path is used in error messages). */
int rt_config_load_bytes(rt_config *out, const char *path, const char *bytes, size_t len,
                         rt_error *err);

/* Looks for .retort.yaml in start_dir and each parent directory up to the root; loads
 * the first found, or the defaults when there is none. */
int rt_config_discover(rt_config *out, const char *start_dir, rt_error *err);

void rt_config_free(rt_config *cfg);

/* Whether name is a dialect retort knows, and the list of them for messages. */
bool rt_config_dialect_known(const char *name);
const char *rt_config_dialect_names(void);

/* The effective severity of a rule under cfg (its default unless configured; cfg may be
 * NULL). */
rt_severity rt_config_severity(const rt_config *cfg, const rt_rule *rule);

#endif
