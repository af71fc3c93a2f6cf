/* retort — INI files read with Python configparser's semantics.
 *
 * What configparser (as Alembic uses it: ConfigParser with defaults {"here": dir}) reads:
 * `[section]` headers; `key = value` and `key: value` (the first `=` or `:` splits);
 * keys lower-cased (optionxform) and stripped; values stripped; continuation lines
 * (indented deeper than the key) appended with "\n"; empty lines inside a value kept
 * as configparser keeps them; full-line comments starting with `#` or `;` (also
 * indented ones); NO inline comments (text after `#` stays in the value); a [DEFAULT]
 * section whose entries every section inherits; duplicate sections or keys are errors,
 * as in configparser's strict mode. Interpolation (BasicInterpolation): `%(name)s`
 * from the same section, then [DEFAULT], then the defaults passed in (e.g. here);
 * `%%` is a literal `%`; any other `%` is an error; depth limit 10 as in Python.
 *
 * Every key keeps its line and column. An rt_ini owns its memory (one arena).
 */
#ifndef RETORT_INI_H
#define RETORT_INI_H

#include <stddef.h>

#include "retort/arena.h"
#include "retort/error.h"
#include "retort/str.h"

typedef struct rt_ini_entry {
    const char *key;          /* lower-cased, stripped, NUL-terminated */
    const char *value;        /* raw (not interpolated) value as configparser stores it;
                                 NULL for a key with no `=`/`:` (allow_no_value) */
    unsigned line, column;    /* of the key's first character */
    unsigned value_line, value_column; /* of the value's first character */
    unsigned end_line;        /* last line of the value, continuation lines included */
} rt_ini_entry;

typedef struct rt_ini_section {
    const char *name;
    unsigned line;            /* of the [header] */
    rt_ini_entry *entries;
    size_t count;
} rt_ini_section;

typedef struct rt_ini {
    rt_arena *arena;
    const char *path;
    rt_ini_section defaults;  /* [DEFAULT] (name "DEFAULT"; count 0 when absent) */
    rt_ini_section *sections; /* in file order, [DEFAULT] excluded */
    size_t count;
} rt_ini;

/* Parses bytes (path is used for errors). A syntax error that configparser would raise
 * (a line before any section, a missing `]`, a duplicate section or option) is
 * RT_EPARSE with line and column. Release with rt_ini_free(). */
int rt_ini_parse(rt_ini *out, const char *path, const char *bytes, size_t len, rt_error *err);
void rt_ini_free(rt_ini *ini);

/* The section named name (exact, case-sensitive as in configparser), or NULL. */
const rt_ini_section *rt_ini_section_find(const rt_ini *ini, const char *name);

/* The entry key in section (or, failing that, in [DEFAULT]), or NULL. */
const rt_ini_entry *rt_ini_get(const rt_ini *ini, const char *section, const char *key);

/* A default passed to the parser, like Alembic's here=<dir of the ini>. */
typedef struct rt_ini_var {
    const char *name;
    const char *value;
} rt_ini_var;

/* The value of entry (found in section) after BasicInterpolation, allocated in the
 * ini's arena and stored in *out. vars are the parser defaults (may be NULL). Errors
 * (bad `%`, missing reference, depth over 10) are RT_EPARSE at the entry's position. */
int rt_ini_interpolate(const rt_ini *ini, const char *section, const rt_ini_entry *entry,
                       const rt_ini_var *vars, size_t var_count, const char **out,
                       rt_error *err);

#endif
