/* retort — a strict TOML 1.0 reader, for pyproject.toml's [tool.alembic] table.
 *
 * Debian packages no C TOML library, so this reads TOML the way Python's tomllib
 * (3.11) does, which is what Alembic >= 1.16 uses: UTF-8 input (a byte order mark is
 * an error), LF or CRLF line ends, comments, bare / quoted / dotted keys, [tables],
 * [[arrays of tables]], basic and literal strings (single- and multi-line, with
 * escapes), integers (decimal, 0x, 0o, 0b, with `_`), floats, booleans, dates and times
 * (kept as their source text), arrays (multi-line, trailing comma) and inline tables;
 * and tomllib's rules against redefining tables and keys. Integers outside 64 bits are
 * an error (tomllib would accept them) and nesting deeper than RT_TOML_MAX_DEPTH is
 * refused. Every value and key keeps its line and column (code points).
 */
#ifndef RETORT_TOML_H
#define RETORT_TOML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "retort/arena.h"
#include "retort/error.h"

#define RT_TOML_MAX_DEPTH 128

typedef enum rt_toml_type {
    RT_TOML_STRING,
    RT_TOML_INTEGER,
    RT_TOML_FLOAT,
    RT_TOML_BOOL,
    RT_TOML_DATETIME, /* offset/local date-time, local date or local time */
    RT_TOML_ARRAY,
    RT_TOML_TABLE
} rt_toml_type;

typedef struct rt_toml_value rt_toml_value;

typedef struct rt_toml_entry {
    const char *key;          /* one key (not dotted), NUL-terminated */
    size_t key_len;           /* keys may hold NUL through \u0000 */
    unsigned line, column;    /* where the key (its last part, for dotted keys) is written */
    rt_toml_value *value;
} rt_toml_entry;

struct rt_toml_value {
    rt_toml_type type;
    unsigned line, column;    /* where the value starts; for a table, its header or the
                                 first key that created it */
    const char *str;          /* STRING: the decoded text (NUL-terminated, may hold NUL);
                                 FLOAT, DATETIME: the source text */
    size_t len;
    int64_t integer;          /* INTEGER */
    bool boolean;             /* BOOL */
    rt_toml_value **items;    /* ARRAY */
    size_t count;             /* ARRAY items, TABLE entries */
    rt_toml_entry *entries;   /* TABLE, in the order the keys were written */
    unsigned flags;           /* private */
    size_t cap;               /* private */
};

typedef struct rt_toml {
    rt_arena *arena;
    const char *path;
    rt_toml_value *root;      /* a TABLE */
} rt_toml;

/* Parses bytes (path is used for errors). Syntax errors are RT_EPARSE with the line and
 * column where tomllib reports them; the message says what is wrong. Release with
 * rt_toml_free(). */
int rt_toml_parse(rt_toml *out, const char *path, const char *bytes, size_t len,
                  rt_error *err);
void rt_toml_free(rt_toml *doc);

/* The value of key (one key, not dotted) in table, or NULL (also when table is NULL or
 * not a table). */
const rt_toml_value *rt_toml_get(const rt_toml_value *table, const char *key);

/* The entry (key and its position) of key in table, or NULL. */
const rt_toml_entry *rt_toml_entry_get(const rt_toml_value *table, const char *key);

#endif
