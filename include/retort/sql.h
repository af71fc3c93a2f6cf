/* retort — the SQL front-end (PostgreSQL, through libpg_query).
 *
 * rt_sql_parse() turns SQL text into operations (see ops.h) and syntax errors, through
 * libpg_query's typed (protobuf) parse tree. A short text (a typical migration) is parsed
 * whole; a longer one, or one that does not parse, is split into statements by
 * libpg_query's scanner and parsed in runs of statements, then statement by statement
 * where a run fails, so that one broken statement costs one error and the others still
 * give their ops. No statement is parsed twice unless its run failed (DO and plpgsql
 * function statements are read again by libpg_query's PL/pgSQL compiler). DO blocks and
 * plpgsql function bodies are read too: the SQL statements inside them (and EXECUTE of
 * a string literal) give ops flagged RT_OPF_IN_PLPGSQL.
 *
 * Also here, for the Python front-end: rt_sql_template (SQL text built from an f-string,
 * with parseable placeholders where its replacement fields were) and rt_sql_map() (from a
 * byte offset in a Python string literal's value back to the literal's source bytes).
 */
#ifndef RETORT_SQL_H
#define RETORT_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "retort/arena.h"
#include "retort/buf.h"
#include "retort/error.h"
#include "retort/ops.h"
#include "retort/str.h"

/* Texts longer than this are refused with RT_ETOOBIG (libpg_query counts in int). */
#define RT_SQL_MAX_BYTES ((size_t)256 << 20)

/* How deep SQL inside plpgsql inside SQL is followed (DO blocks that EXECUTE DO blocks). */
#define RT_SQL_MAX_NESTING 4

typedef struct rt_sql_error {
    const char *message;   /* libpg_query's message, e.g. `syntax error at or near "TABEL"` */
    rt_span span;          /* start = end = byte offset of the error in the text */
} rt_sql_error;

typedef struct rt_sql_result {
    rt_op_list ops;        /* in source order */
    rt_sql_error *errors;  /* in source order */
    size_t error_count;
    size_t statement_count; /* top-level statements seen, broken ones included */
} rt_sql_result;

/* Parses the len bytes at sql (need not be NUL-terminated) into out. Everything out
 * points to lives in arena. Syntax errors are not failures: they are listed in
 * out->errors and the statements around them still give ops. A NUL byte in the text is
 * reported as an error at its offset and read as a space. Spans are byte offsets into
 * sql; line/column stay 0 (see rt_op_list_locate()).
 * Returns RT_OK, RT_ENOMEM, or RT_ETOOBIG when len > RT_SQL_MAX_BYTES. */
int rt_sql_parse(rt_sql_result *out, rt_arena *arena, const char *sql, size_t len,
                 rt_error *err);

/* Frees libpg_query's per-thread caches (calls pg_query_exit()). Call once at program
 * exit, after the last rt_sql_parse() of the thread. */
void rt_sql_shutdown(void);

/* What a default calling the function name (unqualified, as PostgreSQL folds it: lower
 * case) makes of it: RT_DEFAULT_VOLATILE, RT_DEFAULT_STABLE, or RT_DEFAULT_UNKNOWN for a
 * function retort does not know. */
rt_default_kind rt_sql_function_kind(const char *name);

/* ---- SQL built from a Python f-string ----
 *
 * The Python front-end appends the f-string's constant parts with
 * rt_sql_template_text() and calls rt_sql_template_hole() for each replacement field.
 * A hole becomes a placeholder chosen so the SQL keeps parsing:
 *   - inside a quoted string, quoted identifier, dollar-quoted body or comment: the bare
 *     text __retort_hole_N__ (it is just more characters there);
 *   - right after VALUE, IS, BEFORE, AFTER, VERSION or ENCODING (places the grammar
 *     wants a string: ALTER TYPE ... ADD VALUE, COMMENT ... IS): '__retort_hole_N__';
 *   - right after a sequence option that wants a number (START [WITH], RESTART [WITH],
 *     INCREMENT [BY], MINVALUE, MAXVALUE, CACHE): the number N;
 *   - anywhere else: the identifier __retort_hole_N__, which the grammar takes as a
 *     name, a column reference in an expression, or a setting value.
 * N counts holes from 1. Ops whose names contain a placeholder get RT_OPF_HOLE. Holes
 * that stand for whole clauses or keywords may still leave the SQL unparseable; callers
 * should not report syntax errors for such text. */
typedef struct rt_sql_template {
    rt_buf text;           /* the SQL so far, NUL-terminated */
    unsigned holes;        /* placeholders written */
    /* lexical state of text[0, scanned) */
    size_t scanned;
    int state;
    char dollar_tag[64];
    size_t dollar_len;
    char last_word[16];    /* last keyword-like word outside quotes, lower case */
    char prev_word[16];    /* the word before it */
} rt_sql_template;

void rt_sql_template_init(rt_sql_template *t);
/* Appends constant SQL text. */
void rt_sql_template_text(rt_sql_template *t, const char *s, size_t len);
/* Appends the next placeholder; returns its length in bytes (for rt_sql_map). */
size_t rt_sql_template_hole(rt_sql_template *t);
/* Frees the text. */
void rt_sql_template_free(rt_sql_template *t);

/* True when name contains a placeholder written by rt_sql_template_hole(). */
bool rt_sql_is_hole(const char *name);

/* ---- From a Python string literal's value back to its source ----
 *
 * lit is the literal's source text: prefix, quotes and all (e.g. `rb'...'`,
 * `"""..."""`, `f"...{x}..."`). offset is a byte offset into the literal's value (UTF-8)
 * as the SQL text holds it, where, for f-strings, replacement field i stands for
 * hole_lens[i] bytes (the placeholder lengths; hole_lens may be NULL when the literal has
 * no fields) and `{{`/`}}` for one brace. Returns the byte offset in lit of the source
 * character that produced that value byte: exact for raw strings, plain text, line
 * continuations, CRLF line ends inside triple quotes and the escapes \\ \' \" \n \t \r
 * \a \b \f \v \ooo \xhh \uXXXX \UXXXXXXXX (a byte produced by an escape maps to its
 * backslash; a byte inside a placeholder maps to its `{`). After a \N{...} escape, whose
 * value length depends on the Unicode name, and for anything malformed, it returns 0
 * (the literal's first byte). An offset at or past the value's end maps to the closing
 * quote. */
size_t rt_sql_map(rt_str lit, size_t offset, const size_t *hole_lens, size_t hole_count);

#endif
