/* Internal interfaces of the SQL front-end. */
#ifndef RETORT_SQL_INTERNAL_H
#define RETORT_SQL_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "dl/libpg_query.h"
#include "retort/sql.h"

/* One parse of the whole text. */
typedef struct sql_ctx {
    rt_arena *arena;
    const rt_pg_query *pg; /* libpg_query */
    rt_sql_result *out;
    size_t error_cap;
    bool oom;
} sql_ctx;

/* A NUL-terminated piece of text being parsed, and how its offsets map to the text the
 * caller passed: offset o in `text` is base + o when exact, else base. */
typedef struct sql_frame {
    char *text;         /* ours to NUL-terminate pieces of in place (restored after) */
    size_t len;
    uint32_t base;
    bool exact;
    bool report_errors;
    uint32_t flags;     /* added to every op (RT_OPF_IN_PLPGSQL) */
    int depth;
} sql_frame;

/* Parses frame->text and appends its ops (and, when report_errors, its syntax errors). */
void sql_parse_frame(sql_ctx *c, const sql_frame *f);

/* Appends the ops of one parsed statement whose text is f->text[start, end). */
void sql_map_stmt(sql_ctx *c, const sql_frame *f, const PgQuery__Node *stmt, size_t start,
                  size_t end);

/* Reads the SQL statements inside a DO block or plpgsql function. stmt_start/stmt_end
 * delimit the statement in f->text; body is the decoded body and body_hint the offset in
 * f->text from which to look for it. */
void sql_plpgsql(sql_ctx *c, const sql_frame *f, size_t stmt_start, size_t stmt_end,
                 const char *body, size_t body_hint);

/* Records a syntax error at offset o of frame f. */
void sql_add_error(sql_ctx *c, const sql_frame *f, size_t o, const char *message);

/* Maps an offset of f->text to the caller's text. */
uint32_t sql_offset(const sql_frame *f, size_t o);

/* Byte offset of the 1-based character position cursorpos in text (clamped to len). */
size_t sql_cursor_offset(const char *text, size_t len, int cursorpos);

/* A NUL-terminated arena copy of s[0, len) (NULL when out of memory; sets c->oom). */
char *sql_strndup(sql_ctx *c, const char *s, size_t len);

#endif
