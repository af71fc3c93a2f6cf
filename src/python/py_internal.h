/* Internal interface between the Python tokenizer, parser and string decoder. */
#ifndef RETORT_PY_INTERNAL_H
#define RETORT_PY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "retort/python.h"

/* At most this many syntax errors are kept per file (the rest are dropped). */
#define PY_MAX_ERRORS 1000
/* Bracket nesting limit, as CPython's MAXLEVEL. */
#define PY_MAX_BRACKETS 200
/* Indentation levels, as CPython's MAXINDENT. */
#define PY_MAX_INDENT 100

/* A growable list of syntax errors; messages are copied into arena. */
typedef struct py_errors {
    rt_arena *arena;
    rt_py_syntax_error *v; /* malloc'd */
    size_t n, cap;
    bool oom;
} py_errors;

void py_errors_add(py_errors *e, uint32_t offset, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void py_errors_free(py_errors *e);

/* The result of lexing: tokens (malloc'd, freed by py_lexed_free) and errors. */
typedef struct py_lexed {
    rt_py_token *toks;
    size_t n, cap;
    py_errors errors;
    bool oom;
} py_lexed;

/* Tokenizes text[0, len) (already UTF-8; a BOM is skipped). Returns RT_OK or RT_ENOMEM;
 * on success out holds the tokens (ending with ENDMARKER) and errors. */
int py_lex(py_lexed *out, rt_arena *arena, const char *text, size_t len, unsigned flags);
void py_lexed_free(py_lexed *l);

/* Decodes a coding cookie and, when needed, transcodes src to UTF-8 into the arena.
 * Fills m->text, text_len, encoding, transcoded and the offset map; problems (unknown
 * encoding, bytes the encoding forbids) are added to errors. RT_OK or RT_ENOMEM. */
int py_decode_source(rt_py_module *m, rt_arena *arena, const char *src, size_t len,
                     py_errors *errors);

#endif
