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
 *
 * Bytes are read as Alembic's ConfigParser.read() reads them under a UTF-8 locale:
 * strict UTF-8 (invalid bytes are an error, as Python's UnicodeDecodeError, reported
 * before any syntax error as Python does within its first 8 KiB read), lines end
 * at LF, CRLF or CR, and a UTF-8 byte order mark is NOT skipped: it is the first
 * character of line 1, which configparser then rejects (MissingSectionHeaderError).
 * "White space" is Python's str.isspace(): ASCII blanks plus U+001C..U+001F, U+0085,
 * U+00A0 and the other Unicode spaces; indentation counts code points, so a tab is one.
 * Keys are lower-cased with Python's str.lower() (full Unicode mapping). One deliberate
 * difference: a NUL byte is refused (configparser would keep it as a character).
 *
 * Errors that configparser itself would raise end their message with the name of its
 * exception, e.g. "(configparser: DuplicateOptionError)", so that tools can tell them
 * apart; their line is the line Python reports (for ParsingError, the first bad line).
 */
#ifndef RETORT_INI_H
#define RETORT_INI_H

#include <stddef.h>

#include "retort/arena.h"
#include "retort/error.h"
#include "retort/str.h"

/* A position in the file: 1-based line and column (in code points). */
typedef struct rt_ini_pos {
    unsigned line, column;
} rt_ini_pos;

typedef struct rt_ini_entry {
    const char *key;          /* lower-cased, stripped, NUL-terminated */
    const char *value;        /* raw (not interpolated) value as configparser stores it;
                                 never NULL: a key with no `=`/`:` is a ParsingError, as
                                 Alembic's parser does not allow valueless keys */
    unsigned line, column;    /* of the key's first character */
    unsigned value_line, value_column; /* of the value's first character */
    unsigned end_line;        /* last line of the value, continuation lines included */
    /* The value is piece_count pieces joined with "\n" (one per continuation or empty
     * line kept inside the value); pieces[i] is where piece i starts in the file. */
    size_t piece_count;
    const rt_ini_pos *pieces;
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
    struct rt_ini_index *index; /* private: hash lookup of sections and keys */
} rt_ini;

/* Parses bytes (path is used for errors). A syntax error that configparser would raise
 * (a line before any section, a missing `]`, a duplicate section or option) is
 * RT_EPARSE with line and column. Release with rt_ini_free(). */
int rt_ini_parse(rt_ini *out, const char *path, const char *bytes, size_t len, rt_error *err);
void rt_ini_free(rt_ini *ini);

/* The file position of byte offset `offset` of entry->value (the raw value), mapped
 * through its continuation lines; offsets past the end give the position just after
 * the value. */
void rt_ini_value_position(const rt_ini_entry *entry, size_t offset, unsigned *line,
                           unsigned *column);

/* The section named name (exact, case-sensitive as in configparser), or NULL; NULL
 * for "DEFAULT" too, as configparser's has_section() says (use ini->defaults). */
const rt_ini_section *rt_ini_section_find(const rt_ini *ini, const char *name);

/* The entry key in section (or, failing that, in [DEFAULT]), or NULL (also when the
 * section does not exist). key is compared as stored, so pass it lower-cased as
 * configparser's optionxform would; section may be "DEFAULT". Constant time. */
const rt_ini_entry *rt_ini_get(const rt_ini *ini, const char *section, const char *key);

/* A default passed to the parser, like Alembic's here=<dir of the ini>. */
typedef struct rt_ini_var {
    const char *name;
    const char *value;
} rt_ini_var;

/* The value of entry (found in section) after BasicInterpolation, allocated in the
 * ini's arena and stored in *out. vars are the parser defaults (may be NULL; names in
 * lower case), looked up after [DEFAULT] as configparser does. Errors (bad `%`, missing
 * reference, depth over 10) are RT_EPARSE at the offending `%` of the entry's value
 * (for an error inside a referenced value, at the reference that led there). An
 * unknown section is RT_ENOTFOUND. Expansion is capped (RT_INI_EXPAND_MAX bytes of
 * output, and as much work again): beyond it, RT_ETOOBIG instead of Python's endless
 * expansion. */
#define RT_INI_EXPAND_MAX ((size_t)16 << 20)
int rt_ini_interpolate(const rt_ini *ini, const char *section, const rt_ini_entry *entry,
                       const rt_ini_var *vars, size_t var_count, const char **out,
                       rt_error *err);

#endif
