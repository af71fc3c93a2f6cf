/* retort — retort.sum: the hashes of migrations as Alembic generated them.
 *
 * One file per version directory, beside the migrations:
 *
 *     # retort.sum: hashes of migrations as Alembic generated them. Written by `retort sign`.
 *     1a2b3c4d5e6f_add_users.py sha256:<64 lowercase hex digits>
 *
 * Lines are sorted by file name so that branches adding migrations merge cleanly. The
 * hash is SHA-256 of the file's bytes with every CRLF pair read as LF; or, for projects
 * that set `integrity: {ignore_formatting: true}`, `pytokens-sha256:` of the file's
 * Python token stream (see rt_hash_tokens). Reading is strict:
 * any line that is not blank, a `#` comment or `NAME sha256:HEX` is an error with its
 * line and column, and so is a name listed twice.
 */
#ifndef RETORT_SUMFILE_H
#define RETORT_SUMFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/arena.h"
#include "retort/error.h"

#define RT_SUMFILE_NAME "retort.sum"
#define RT_HASH_LEN 32

/* What a hash covers. */
typedef enum rt_hash_kind {
    RT_HASH_BYTES,   /* "sha256:": the bytes, CRLF read as LF */
    RT_HASH_TOKENS   /* "pytokens-sha256:": the Python tokens, formatting ignored */
} rt_hash_kind;

typedef struct rt_sum_entry {
    const char *name;                  /* file name within the directory */
    rt_hash_kind kind;
    unsigned char hash[RT_HASH_LEN];
    unsigned line;                     /* 1-based line in retort.sum */
} rt_sum_entry;

typedef struct rt_sumfile {
    const char *dir;                   /* the version directory */
    const char *path;                  /* dir/retort.sum */
    bool exists;
    rt_sum_entry *entries;             /* sorted by name */
    size_t count;
} rt_sumfile;

/* Reads dir/retort.sum into out (strings in arena). A missing file is not an error:
 * exists is false and there are no entries. */
int rt_sumfile_read(rt_sumfile *out, rt_arena *arena, const char *dir, rt_error *err);

/* Parses retort.sum text (path is for errors). */
int rt_sumfile_parse(rt_sumfile *out, rt_arena *arena, const char *path, const char *text,
                     size_t len, rt_error *err);

/* The entry for file name, or NULL. */
const rt_sum_entry *rt_sumfile_find(const rt_sumfile *sum, const char *name);

/* SHA-256 of bytes with CRLF pairs read as LF. */
void rt_hash_migration(const char *bytes, size_t len, unsigned char out[RT_HASH_LEN]);

/* "sha256:" followed by 64 hex digits, into out (at least 72 bytes). */
void rt_hash_format(const unsigned char hash[RT_HASH_LEN], char out[72]);

/* SHA-256 of the Python token stream of bytes, so that a pure re-format (white space,
 * line breaks inside brackets, comments, quote style, a trailing comma before a closing
 * bracket) hashes the same while any change of code does not. A file the tokenizer
 * reports errors in falls back to its bytes' hash. Returns RT_OK or RT_ENOMEM. */
int rt_hash_tokens(const char *bytes, size_t len, unsigned char out[RT_HASH_LEN]);

/* Whether bytes still hash to entry's recorded hash (by the entry's kind). Out of
 * memory counts as a mismatch. */
bool rt_sum_entry_matches(const rt_sum_entry *entry, const char *bytes, size_t len);

/* What rt_sumfile_sign() did to one file. */
typedef enum rt_sign_action {
    RT_SIGN_ADDED,      /* the file had no line */
    RT_SIGN_CHANGED,    /* its line had another hash: an edit was accepted */
    RT_SIGN_UNCHANGED   /* its line already matched */
} rt_sign_action;

typedef struct rt_sign_result {
    const char *name;
    rt_sign_action action;
} rt_sign_result;

enum {
    RT_SIGN_REPLACE_ALL = 1, /* write only the given names (sign --all --force) */
    RT_SIGN_TOKENS = 2       /* record token hashes (integrity.ignore_formatting) */
};

/* Records the files `names` (in directory dir) in dir/retort.sum: takes an exclusive
 * lock on the directory (flock) so concurrent signs serialise, reads the current
 * retort.sum strictly (a malformed one is an error and is left as it is), hashes each
 * file (refusing symlinks and anything but regular files), and replaces retort.sum
 * atomically: a temporary file in dir, fsync, rename, fsync of dir. The previous
 * retort.sum is intact whatever fails. results receives one entry per name (arena). */
int rt_sumfile_sign(rt_arena *arena, const char *dir, const char *const *names, size_t count,
                    unsigned flags, rt_sign_result **results, rt_error *err);

#endif
