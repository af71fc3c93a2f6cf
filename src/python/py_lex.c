/* Python 3.12 tokenizer: a hand-written scanner with a switch on the first byte.
 *
 * Produces CPython's token stream (NEWLINE, INDENT, DEDENT, f-strings split into
 * FSTRING_START / FSTRING_MIDDLE / FSTRING_END with the expression tokens between) into
 * one malloc'd array. Errors are recorded and scanning goes on. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "python/py_internal.h"
#include "retort/term.h"

/* ---- errors ------------------------------------------------------------------------ */

void py_errors_add(py_errors *e, uint32_t offset, uint32_t line, const char *fmt, ...)
{
    if (e->oom || e->n >= PY_MAX_ERRORS)
        return;
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 8;
        rt_py_syntax_error *v = realloc(e->v, cap * sizeof *v);
        if (!v) {
            e->oom = true;
            return;
        }
        e->v = v;
        e->cap = cap;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (k < 0)
        k = 0;
    size_t len = (size_t)k < sizeof msg ? (size_t)k : sizeof msg - 1;
    char *copy = rt_arena_strndup(e->arena, msg, len);
    if (!copy) {
        e->oom = true;
        return;
    }
    e->v[e->n++] = (rt_py_syntax_error){copy, offset, line};
}

void py_errors_free(py_errors *e)
{
    free(e->v);
    e->v = NULL;
    e->n = e->cap = 0;
}

void py_lexed_free(py_lexed *l)
{
    free(l->toks);
    l->toks = NULL;
    l->n = l->cap = 0;
    py_errors_free(&l->errors);
}

/* ---- scanner state ----------------------------------------------------------------- */

enum { MODE_FSTR, MODE_FIELD, MODE_SPEC };
#define MAX_MODES 300

typedef struct mode {
    uint8_t type;
    char quote;
    uint8_t triple;
    uint8_t raw;
    int depth;       /* FIELD: bracket depth just after its '{'; FSTR: depth before it */
    uint32_t start;  /* FSTR: offset of the f-string's prefix */
} mode;

typedef struct lexer {
    const char *s;
    uint32_t n;
    uint32_t pos;
    uint32_t line;
    unsigned flags;
    py_lexed *out;
    py_errors *err;
    bool atbol;
    bool line_has_tokens;
    bool recover;           /* second pass: close brackets left open at a statement */
    uint32_t recover_from;  /* only brackets opened at or after this offset */
    int indents[PY_MAX_INDENT + 1];
    int altindents[PY_MAX_INDENT + 1];
    int nindent;
    int depth;              /* may exceed PY_MAX_BRACKETS; then the stack is not kept */
    char brackets[PY_MAX_BRACKETS];
    uint32_t bracket_off[PY_MAX_BRACKETS];
    uint32_t bracket_line[PY_MAX_BRACKETS];
    bool too_deep_reported;
    mode modes[MAX_MODES];
    int nmodes;
    bool modes_reported;
} lexer;

/* Character classes of bytes: identifier characters (ASCII letters, digits, '_' and
 * every byte >= 0x80), digits, hex digits, and spaces (space, tab, form feed). */
enum { C_ID = 1, C_DIGIT = 2, C_HEX = 4, C_SPACE = 8 };
static const unsigned char cclass[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 8, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 0, 0, 0, 0,
    0, 5, 5, 5, 5, 5, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
    0, 5, 5, 5, 5, 5, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

#define AT(L, i) ((unsigned char)((i) < (L)->n ? (L)->s[(i)] : 0))

static inline void emit(lexer *L, rt_py_tok kind, uint32_t start, uint32_t end,
                        uint32_t line)
{
    py_lexed *o = L->out;
    if (o->oom)
        return;
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 1024;
        rt_py_token *t = realloc(o->toks, cap * sizeof *t);
        if (!t) {
            o->oom = true;
            return;
        }
        o->toks = t;
        o->cap = cap;
    }
    uint16_t fl = 0;
    if (!L->line_has_tokens && kind != RT_PY_T_NEWLINE && kind != RT_PY_T_NL &&
        kind != RT_PY_T_COMMENT && kind != RT_PY_T_INDENT && kind != RT_PY_T_DEDENT)
        fl = RT_PY_TF_AT_BOL;
    o->toks[o->n++] = (rt_py_token){start, end - start, line, (uint16_t)kind, fl};
}

/* A significant token: the logical line is not blank. */
static void emit_tok(lexer *L, rt_py_tok kind, uint32_t start, uint32_t end)
{
    emit(L, kind, start, end, L->line);
    L->line_has_tokens = true;
}

/* Line of the last byte of the file (what CPython calls the line at EOF). */
static uint32_t eof_line(const lexer *L)
{
    if (L->n && (L->s[L->n - 1] == '\n' || L->s[L->n - 1] == '\r'))
        return L->line > 1 ? L->line - 1 : 1;
    return L->line;
}

/* Consumes the line end at pos (LF, CRLF or CR) and counts the line. */
static void skip_newline(lexer *L)
{
    if (AT(L, L->pos) == '\r' && AT(L, L->pos + 1) == '\n')
        L->pos += 2;
    else
        L->pos += 1;
    L->line++;
}

/* ---- keywords ---------------------------------------------------------------------- */

static rt_py_tok keyword(const char *p, uint32_t len)
{
#define KW(str, tok) if (len == sizeof(str) - 1 && memcmp(p, str, len) == 0) return tok
    switch (p[0]) {
    case 'F': KW("False", RT_PY_T_FALSE); break;
    case 'N': KW("None", RT_PY_T_NONE); break;
    case 'T': KW("True", RT_PY_T_TRUE); break;
    case 'a':
        KW("and", RT_PY_T_AND); KW("as", RT_PY_T_AS); KW("assert", RT_PY_T_ASSERT);
        KW("async", RT_PY_T_ASYNC); KW("await", RT_PY_T_AWAIT);
        break;
    case 'b': KW("break", RT_PY_T_BREAK); break;
    case 'c': KW("class", RT_PY_T_CLASS); KW("continue", RT_PY_T_CONTINUE); break;
    case 'd': KW("def", RT_PY_T_DEF); KW("del", RT_PY_T_DEL); break;
    case 'e':
        KW("elif", RT_PY_T_ELIF); KW("else", RT_PY_T_ELSE); KW("except", RT_PY_T_EXCEPT);
        break;
    case 'f':
        KW("finally", RT_PY_T_FINALLY); KW("for", RT_PY_T_FOR); KW("from", RT_PY_T_FROM);
        break;
    case 'g': KW("global", RT_PY_T_GLOBAL); break;
    case 'i':
        KW("if", RT_PY_T_IF); KW("import", RT_PY_T_IMPORT); KW("in", RT_PY_T_IN);
        KW("is", RT_PY_T_IS);
        break;
    case 'l': KW("lambda", RT_PY_T_LAMBDA); break;
    case 'n': KW("nonlocal", RT_PY_T_NONLOCAL); KW("not", RT_PY_T_NOT); break;
    case 'o': KW("or", RT_PY_T_OR); break;
    case 'p': KW("pass", RT_PY_T_PASS); break;
    case 'r': KW("raise", RT_PY_T_RAISE); KW("return", RT_PY_T_RETURN); break;
    case 't': KW("try", RT_PY_T_TRY); break;
    case 'w': KW("while", RT_PY_T_WHILE); KW("with", RT_PY_T_WITH); break;
    case 'y': KW("yield", RT_PY_T_YIELD); break;
    default: break;
    }
#undef KW
    return RT_PY_T_NAME;
}

/* ---- brackets ---------------------------------------------------------------------- */

static void open_bracket(lexer *L, char c, uint32_t off)
{
    if (L->depth < PY_MAX_BRACKETS) {
        L->brackets[L->depth] = c;
        L->bracket_off[L->depth] = off;
        L->bracket_line[L->depth] = L->line;
    } else if (!L->too_deep_reported) {
        L->too_deep_reported = true;
        py_errors_add(L->err, off, L->line, "too many nested parentheses");
    }
    L->depth++;
}

static char opener_of(char c)
{
    return c == ')' ? '(' : c == ']' ? '[' : '{';
}

/* Pops one bracket for closer c at off; reports a mismatch or an unmatched closer.
 * Returns false for an unmatched closer (depth unchanged). */
static bool close_bracket(lexer *L, char c, uint32_t off)
{
    if (L->depth == 0) {
        py_errors_add(L->err, off, L->line, "unmatched '%c'", c);
        return false;
    }
    L->depth--;
    if (L->depth >= PY_MAX_BRACKETS)
        return true;
    char o = L->brackets[L->depth];
    if (o != opener_of(c)) {
        if (L->bracket_line[L->depth] != L->line)
            py_errors_add(L->err, off, L->line,
                          "closing parenthesis '%c' does not match opening parenthesis "
                          "'%c' on line %u", c, o, L->bracket_line[L->depth]);
        else
            py_errors_add(L->err, off, L->line,
                          "closing parenthesis '%c' does not match opening parenthesis '%c'",
                          c, o);
    }
    return true;
}

/* ---- f-string modes ---------------------------------------------------------------- */

static bool push_mode(lexer *L, mode m)
{
    if (L->nmodes >= MAX_MODES) {
        if (!L->modes_reported) {
            L->modes_reported = true;
            py_errors_add(L->err, L->pos, L->line, "too many nested f-strings");
        }
        return false;
    }
    L->modes[L->nmodes++] = m;
    return true;
}

static mode *top_mode(lexer *L)
{
    return L->nmodes ? &L->modes[L->nmodes - 1] : NULL;
}

/* Index of the innermost FSTR mode at or below index i. */
static int fstr_below(const lexer *L, int i)
{
    while (i >= 0 && L->modes[i].type != MODE_FSTR)
        i--;
    return i;
}

/* Abandons the innermost f-string (unterminated): drops its modes and brackets. */
static void drop_fstring(lexer *L)
{
    int i = fstr_below(L, L->nmodes - 1);
    if (i < 0)
        return;
    if (L->modes[i].depth < L->depth)
        L->depth = L->modes[i].depth;
    L->nmodes = i;
}

static void unterminated_fstring(lexer *L, const mode *f)
{
    uint32_t line = L->pos >= L->n ? eof_line(L) : L->line;
    if (f->triple)
        py_errors_add(L->err, f->start, line,
                      "unterminated triple-quoted f-string literal (detected at line %u)", line);
    else
        py_errors_add(L->err, f->start, line,
                      "unterminated f-string literal (detected at line %u)", line);
}

/* Scans literal text of an f-string (FSTR) or a format spec (SPEC) up to the next
 * replacement field, the end of the spec, or the closing quote. */
static void scan_fstring_literal(lexer *L)
{
    int fi = fstr_below(L, L->nmodes - 1);
    mode f = L->modes[fi];
    bool spec = top_mode(L)->type == MODE_SPEC;
    char q = f.quote;
    uint32_t start = L->pos, start_line = L->line;
    for (;;) {
        if (L->pos >= L->n) {
            if (L->pos > start)
                emit_tok(L, RT_PY_T_FSTRING_MIDDLE, start, L->pos);
            unterminated_fstring(L, &f);
            drop_fstring(L);
            return;
        }
        unsigned char c = (unsigned char)L->s[L->pos];
        if (c == (unsigned char)q &&
            (!f.triple || (AT(L, L->pos + 1) == (unsigned char)q &&
                           AT(L, L->pos + 2) == (unsigned char)q))) {
            if (L->pos > start)
                emit(L, RT_PY_T_FSTRING_MIDDLE, start, L->pos, start_line);
            if (spec) {
                /* The quote ends the f-string inside a format spec: close the field. */
                py_errors_add(L->err, L->pos, L->line, "f-string: expecting '}'");
                L->nmodes -= 2;
                L->depth--;
                return;
            }
            uint32_t qlen = f.triple ? 3 : 1;
            emit_tok(L, RT_PY_T_FSTRING_END, L->pos, L->pos + qlen);
            L->pos += qlen;
            L->nmodes--;
            return;
        }
        switch (c) {
        case '\\':
            if (AT(L, L->pos + 1) == '{' || AT(L, L->pos + 1) == '}') {
                L->pos++;
            } else if (!f.raw && AT(L, L->pos + 1) == 'N' && AT(L, L->pos + 2) == '{') {
                L->pos += 3;
                while (L->pos < L->n && L->s[L->pos] != '}' && L->s[L->pos] != q &&
                       L->s[L->pos] != '\n' && L->s[L->pos] != '\r')
                    L->pos++;
                if (AT(L, L->pos) == '}')
                    L->pos++;
            } else if (AT(L, L->pos + 1) == '\n' || AT(L, L->pos + 1) == '\r') {
                L->pos++;
                skip_newline(L);
            } else {
                L->pos += L->pos + 1 < L->n ? 2 : 1;
            }
            continue;
        case '\n':
        case '\r':
            if (!f.triple) {
                if (L->pos > start)
                    emit(L, RT_PY_T_FSTRING_MIDDLE, start, L->pos, start_line);
                unterminated_fstring(L, &f);
                drop_fstring(L);
                return;
            }
            skip_newline(L);
            continue;
        case '{':
            if (!spec && AT(L, L->pos + 1) == '{') {
                L->pos += 2;
                continue;
            }
            if (L->pos > start)
                emit(L, RT_PY_T_FSTRING_MIDDLE, start, L->pos, start_line);
            emit_tok(L, RT_PY_T_LBRACE, L->pos, L->pos + 1);
            open_bracket(L, '{', L->pos);
            L->pos++;
            if (!push_mode(L, (mode){MODE_FIELD, q, f.triple, f.raw, L->depth, f.start}))
                drop_fstring(L);
            return;
        case '}':
            if (!spec) {
                if (AT(L, L->pos + 1) == '}') {
                    L->pos += 2;
                    continue;
                }
                py_errors_add(L->err, L->pos, L->line, "f-string: single '}' is not allowed");
                L->pos++;
                continue;
            }
            if (L->pos > start)
                emit(L, RT_PY_T_FSTRING_MIDDLE, start, L->pos, start_line);
            emit_tok(L, RT_PY_T_RBRACE, L->pos, L->pos + 1);
            close_bracket(L, '}', L->pos);
            L->pos++;
            L->nmodes -= 2; /* SPEC and its FIELD */
            return;
        default:
            L->pos++;
            continue;
        }
    }
}

/* ---- strings ----------------------------------------------------------------------- */

/* Scans a (non-f) string literal whose prefix starts at start and quote is at L->pos. */
static void scan_string(lexer *L, uint32_t start)
{
    char q = L->s[L->pos];
    uint32_t line0 = L->line;
    bool triple = AT(L, L->pos + 1) == (unsigned char)q && AT(L, L->pos + 2) == (unsigned char)q;
    L->pos += triple ? 3 : 1;
    for (;;) {
        /* Fast path: ordinary characters, with locals (see skip_class). */
        const unsigned char *s = (const unsigned char *)L->s;
        uint32_t i = L->pos, n = L->n;
        while (i < n && s[i] != (unsigned char)q && s[i] != '\\' && s[i] != '\n' &&
               s[i] != '\r')
            i++;
        L->pos = i;
        if (L->pos >= L->n) {
            uint32_t line = eof_line(L);
            if (triple)
                py_errors_add(L->err, start, line0,
                              "unterminated triple-quoted string literal (detected at line %u)",
                              line);
            else
                py_errors_add(L->err, start, line0,
                              "unterminated string literal (detected at line %u)", line);
            emit(L, RT_PY_T_ERROR, start, L->pos, line0);
            L->line_has_tokens = true;
            return;
        }
        unsigned char c = (unsigned char)L->s[L->pos];
        if (c == (unsigned char)q) {
            if (!triple) {
                L->pos++;
                break;
            }
            if (AT(L, L->pos + 1) == (unsigned char)q && AT(L, L->pos + 2) == (unsigned char)q) {
                L->pos += 3;
                break;
            }
            L->pos++;
        } else if (c == '\\') {
            L->pos++;
            if (AT(L, L->pos) == '\n' || AT(L, L->pos) == '\r')
                skip_newline(L);
            else if (L->pos < L->n)
                L->pos++;
        } else if (c == '\n' || c == '\r') {
            if (!triple) {
                py_errors_add(L->err, start, line0,
                              "unterminated string literal (detected at line %u)", L->line);
                emit(L, RT_PY_T_ERROR, start, L->pos, line0);
                L->line_has_tokens = true;
                return;
            }
            skip_newline(L);
        } else {
            L->pos++;
        }
    }
    emit(L, RT_PY_T_STRING, start, L->pos, line0);
    L->line_has_tokens = true;
}

/* If the identifier text[start, end) is a string prefix and a quote follows, sets *raw,
 * *fstr and returns true. */
static bool string_prefix(const lexer *L, uint32_t start, uint32_t end, bool *raw, bool *fstr)
{
    uint32_t len = end - start;
    unsigned char q = AT(L, end);
    if (len > 2 || (q != '\'' && q != '"'))
        return false;
    bool r = false, b = false, u = false, f = false;
    for (uint32_t i = start; i < end; i++) {
        switch (L->s[i]) {
        case 'r': case 'R': if (r) return false; r = true; break;
        case 'b': case 'B': if (b) return false; b = true; break;
        case 'u': case 'U': if (u) return false; u = true; break;
        case 'f': case 'F': if (f) return false; f = true; break;
        default: return false;
        }
    }
    if (u && len != 1)
        return false;
    if (b && f)
        return false;
    *raw = r;
    *fstr = f;
    return true;
}

static void start_fstring(lexer *L, uint32_t start, bool raw)
{
    char q = L->s[L->pos];
    bool triple = AT(L, L->pos + 1) == (unsigned char)q && AT(L, L->pos + 2) == (unsigned char)q;
    L->pos += triple ? 3 : 1;
    emit_tok(L, RT_PY_T_FSTRING_START, start, L->pos);
    push_mode(L, (mode){MODE_FSTR, q, triple, raw, L->depth, start});
}

/* ---- numbers ----------------------------------------------------------------------- */

/* Digits of a class with single underscores between them. Returns false (and reports)
 * on a misplaced underscore. */
static bool scan_digits(lexer *L, unsigned char cls, const char *what)
{
    for (;;) {
        while (cclass[AT(L, L->pos)] & cls)
            L->pos++;
        if (AT(L, L->pos) != '_')
            return true;
        if (!(cclass[AT(L, L->pos + 1)] & cls)) {
            py_errors_add(L->err, L->pos, L->line, "invalid %s literal", what);
            L->pos++;
            return false;
        }
        L->pos++;
    }
}

static bool only_digits_in(lexer *L, uint32_t from, uint32_t to, char lo, char hi)
{
    for (uint32_t i = from; i < to; i++)
        if (L->s[i] != '_' && (L->s[i] < lo || L->s[i] > hi))
            return false;
    return true;
}

static void scan_exponent_and_imag(lexer *L)
{
    unsigned char c = AT(L, L->pos);
    if (c == 'e' || c == 'E') {
        uint32_t save = L->pos;
        L->pos++;
        if (AT(L, L->pos) == '+' || AT(L, L->pos) == '-')
            L->pos++;
        if (cclass[AT(L, L->pos)] & C_DIGIT)
            scan_digits(L, C_DIGIT, "decimal");
        else {
            py_errors_add(L->err, save, L->line, "invalid decimal literal");
            L->pos = save + 1;
        }
    }
    if (AT(L, L->pos) == 'j' || AT(L, L->pos) == 'J')
        L->pos++;
}

static void scan_number(lexer *L)
{
    uint32_t start = L->pos;
    unsigned char c = AT(L, L->pos), c1 = AT(L, L->pos + 1);
    if (c == '0' && (c1 == 'x' || c1 == 'X' || c1 == 'o' || c1 == 'O' || c1 == 'b' || c1 == 'B')) {
        L->pos += 2;
        if (AT(L, L->pos) == '_')
            L->pos++;
        uint32_t digits = L->pos;
        const char *what = (c1 | 0x20) == 'x' ? "hexadecimal" : (c1 | 0x20) == 'o' ? "octal" : "binary";
        scan_digits(L, C_HEX, what);
        bool ok = L->pos > digits;
        if (ok && (c1 | 0x20) == 'o')
            ok = only_digits_in(L, digits, L->pos, '0', '7');
        else if (ok && (c1 | 0x20) == 'b')
            ok = only_digits_in(L, digits, L->pos, '0', '1');
        if (!ok)
            py_errors_add(L->err, start, L->line, "invalid %s literal", what);
        emit_tok(L, RT_PY_T_NUMBER, start, L->pos);
        return;
    }
    bool is_int = true;
    if (c != '.') {
        while (AT(L, L->pos) >= '0' && AT(L, L->pos) <= '9') {
            L->pos++;
            if (AT(L, L->pos) == '_') {
                if (!(AT(L, L->pos + 1) >= '0' && AT(L, L->pos + 1) <= '9')) {
                    py_errors_add(L->err, L->pos, L->line, "invalid decimal literal");
                    L->pos++;
                    break;
                }
                L->pos++;
            }
        }
        if (AT(L, L->pos) == '.') {
            is_int = false;
            L->pos++;
        }
    } else {
        is_int = false;
        L->pos++;
    }
    if (!is_int && AT(L, L->pos) >= '0' && AT(L, L->pos) <= '9')
        scan_digits(L, C_DIGIT, "decimal");
    c = AT(L, L->pos);
    if (c == 'e' || c == 'E' || c == 'j' || c == 'J')
        is_int = false;
    scan_exponent_and_imag(L);
    if (is_int && L->s[start] == '0' && !only_digits_in(L, start, L->pos, '0', '0'))
        py_errors_add(L->err, start, L->line,
                      "leading zeros in decimal integer literals are not permitted; use an "
                      "0o prefix for octal integers");
    emit_tok(L, RT_PY_T_NUMBER, start, L->pos);
}

/* ---- indentation ------------------------------------------------------------------- */

static bool word_at(const lexer *L, uint32_t i, const char *w)
{
    size_t k = strlen(w);
    if (i + k > L->n || memcmp(L->s + i, w, k) != 0)
        return false;
    return !(cclass[AT(L, i + k)] & C_ID);
}

/* In the recovery pass: does the line at i look like the start of a new statement? */
static bool looks_like_statement(const lexer *L, uint32_t i)
{
    static const char *const kws[] = {
        "def", "class", "if", "for", "while", "with", "try", "import", "from", "return",
        "raise", "del", "pass", "break", "continue", "global", "nonlocal", "assert",
        "async", "elif", "else", "except", "finally"};
    if (AT(L, i) == '@')
        return true;
    for (size_t k = 0; k < sizeof kws / sizeof kws[0]; k++)
        if (word_at(L, i, kws[k]))
            return true;
    if (!(cclass[AT(L, i)] & C_ID) || cclass[AT(L, i)] & C_DIGIT)
        return false;
    while (cclass[AT(L, i)] & C_ID)
        i++;
    while (AT(L, i) == ' ' || AT(L, i) == '\t')
        i++;
    return (AT(L, i) == '=' && AT(L, i + 1) != '=') || AT(L, i) == ':';
}

/* Reports and forgets the brackets left open before a new statement (recovery pass). */
static void close_all_brackets(lexer *L)
{
    int top = L->depth <= PY_MAX_BRACKETS ? L->depth - 1 : PY_MAX_BRACKETS - 1;
    py_errors_add(L->err, L->bracket_off[top], L->bracket_line[top], "'%c' was never closed",
                  L->brackets[top]);
    L->depth = 0;
    L->nmodes = 0;
    emit(L, RT_PY_T_NEWLINE, L->pos, L->pos, L->line);
    L->line_has_tokens = false;
}

static void indent_error(lexer *L, uint32_t off, const char *msg)
{
    py_errors_add(L->err, off, L->line, "%s", msg);
}

/* At the beginning of a line: measures indentation and emits INDENT / DEDENT. */
static void handle_bol(lexer *L)
{
    L->atbol = false;
    int col = 0, altcol = 0;
    uint32_t line_start = L->pos, i = L->pos;
    for (;; i++) {
        unsigned char c = AT(L, i);
        if (c == ' ') {
            col++;
            altcol++;
        } else if (c == '\t') {
            col = (col / 8 + 1) * 8;
            altcol++;
        } else if (c == '\f') {
            col = altcol = 0;
        } else {
            break;
        }
    }
    if (i > L->n)
        i = L->n;
    L->pos = i;
    unsigned char c = AT(L, i);
    if (c == '#' || c == '\n' || c == '\r' || i >= L->n)
        return; /* blank line */
    if (L->depth > 0) {
        if (!(L->recover && col <= L->indents[L->nindent] &&
              L->bracket_off[0] >= L->recover_from &&
              looks_like_statement(L, i)))
            return;
        close_all_brackets(L);
    }
    int top = L->indents[L->nindent], alttop = L->altindents[L->nindent];
    if (col == top) {
        if (altcol != alttop)
            indent_error(L, i, "inconsistent use of tabs and spaces in indentation");
    } else if (col > top) {
        if (L->nindent + 1 > PY_MAX_INDENT) {
            indent_error(L, i, "too many levels of indentation");
            return;
        }
        if (altcol <= alttop)
            indent_error(L, i, "inconsistent use of tabs and spaces in indentation");
        L->nindent++;
        L->indents[L->nindent] = col;
        L->altindents[L->nindent] = altcol;
        emit(L, RT_PY_T_INDENT, line_start, i, L->line);
    } else {
        while (L->nindent > 0 && col < L->indents[L->nindent]) {
            L->nindent--;
            emit(L, RT_PY_T_DEDENT, i, i, L->line);
        }
        if (col != L->indents[L->nindent])
            indent_error(L, i, "unindent does not match any outer indentation level");
        else if (altcol != L->altindents[L->nindent])
            indent_error(L, i, "inconsistent use of tabs and spaces in indentation");
    }
}

/* ---- operators --------------------------------------------------------------------- */

/* Scans an operator or delimiter at pos; returns false for a character that is none. */
static bool scan_operator(lexer *L)
{
    uint32_t p = L->pos;
    unsigned char c = AT(L, p), c1 = AT(L, p + 1), c2 = AT(L, p + 2);
    rt_py_tok k;
    uint32_t len = 1;
#define OP2(ch, two, one) (c1 == (ch) ? (len = 2, (two)) : (one))
    switch (c) {
    case '(': case '[': case '{':
        open_bracket(L, (char)c, p);
        k = c == '(' ? RT_PY_T_LPAR : c == '[' ? RT_PY_T_LSQB : RT_PY_T_LBRACE;
        break;
    case ')': case ']': case '}':
        close_bracket(L, (char)c, p);
        k = c == ')' ? RT_PY_T_RPAR : c == ']' ? RT_PY_T_RSQB : RT_PY_T_RBRACE;
        break;
    case ':': k = OP2('=', RT_PY_T_COLONEQUAL, RT_PY_T_COLON); break;
    case ',': k = RT_PY_T_COMMA; break;
    case ';': k = RT_PY_T_SEMI; break;
    case '+': k = OP2('=', RT_PY_T_PLUSEQUAL, RT_PY_T_PLUS); break;
    case '-':
        k = c1 == '>' ? (len = 2, RT_PY_T_RARROW) : OP2('=', RT_PY_T_MINEQUAL, RT_PY_T_MINUS);
        break;
    case '*':
        if (c1 == '*')
            k = c2 == '=' ? (len = 3, RT_PY_T_DOUBLESTAREQUAL) : (len = 2, RT_PY_T_DOUBLESTAR);
        else
            k = OP2('=', RT_PY_T_STAREQUAL, RT_PY_T_STAR);
        break;
    case '/':
        if (c1 == '/')
            k = c2 == '=' ? (len = 3, RT_PY_T_DOUBLESLASHEQUAL) : (len = 2, RT_PY_T_DOUBLESLASH);
        else
            k = OP2('=', RT_PY_T_SLASHEQUAL, RT_PY_T_SLASH);
        break;
    case '|': k = OP2('=', RT_PY_T_VBAREQUAL, RT_PY_T_VBAR); break;
    case '&': k = OP2('=', RT_PY_T_AMPEREQUAL, RT_PY_T_AMPER); break;
    case '<':
        if (c1 == '<')
            k = c2 == '=' ? (len = 3, RT_PY_T_LEFTSHIFTEQUAL) : (len = 2, RT_PY_T_LEFTSHIFT);
        else
            k = OP2('=', RT_PY_T_LESSEQUAL, RT_PY_T_LESS);
        break;
    case '>':
        if (c1 == '>')
            k = c2 == '=' ? (len = 3, RT_PY_T_RIGHTSHIFTEQUAL) : (len = 2, RT_PY_T_RIGHTSHIFT);
        else
            k = OP2('=', RT_PY_T_GREATEREQUAL, RT_PY_T_GREATER);
        break;
    case '=': k = OP2('=', RT_PY_T_EQEQUAL, RT_PY_T_EQUAL); break;
    case '!': k = OP2('=', RT_PY_T_NOTEQUAL, RT_PY_T_EXCLAMATION); break;
    case '.':
        k = c1 == '.' && c2 == '.' ? (len = 3, RT_PY_T_ELLIPSIS) : RT_PY_T_DOT;
        break;
    case '%': k = OP2('=', RT_PY_T_PERCENTEQUAL, RT_PY_T_PERCENT); break;
    case '~': k = RT_PY_T_TILDE; break;
    case '^': k = OP2('=', RT_PY_T_CIRCUMFLEXEQUAL, RT_PY_T_CIRCUMFLEX); break;
    case '@': k = OP2('=', RT_PY_T_ATEQUAL, RT_PY_T_AT); break;
    default: return false;
    }
#undef OP2
    emit_tok(L, k, p, p + len);
    L->pos = p + len;
    return true;
}

/* Inside a replacement field at its own bracket level: '}' ends the field, ':' starts
 * the format spec. Returns true when it consumed the character. */
static bool field_delimiter(lexer *L, unsigned char c)
{
    mode *m = top_mode(L);
    if (!m || m->type != MODE_FIELD || (c != '}' && c != ':'))
        return false;
    if (c == ':') {
        if (L->depth != m->depth)
            return false;
        emit_tok(L, RT_PY_T_COLON, L->pos, L->pos + 1);
        L->pos++;
        mode spec = *m;
        spec.type = MODE_SPEC;
        push_mode(L, spec);
        return true;
    }
    if (L->depth < m->depth)
        return false;
    if (L->depth > m->depth && L->depth <= PY_MAX_BRACKETS &&
        L->brackets[L->depth - 1] == '{')
        return false; /* closes a dict or set inside the field */
    if (L->depth > m->depth) {
        char o = L->depth <= PY_MAX_BRACKETS ? L->brackets[L->depth - 1] : '(';
        py_errors_add(L->err, L->pos, L->line,
                      "f-string: closing parenthesis '}' does not match opening parenthesis "
                      "'%c'", o);
        L->depth = m->depth;
    }
    emit_tok(L, RT_PY_T_RBRACE, L->pos, L->pos + 1);
    L->depth--;
    L->pos++;
    L->nmodes--;
    return true;
}

/* ---- main loop --------------------------------------------------------------------- */

/* Index of the first byte at or after i (< n) not in class cls. Locals, not L->pos:
 * stores through L would be reloaded after every char read (char may alias). */
static inline uint32_t skip_class(const lexer *L, uint32_t i, unsigned char cls)
{
    const unsigned char *s = (const unsigned char *)L->s;
    uint32_t n = L->n;
    while (i < n && (cclass[s[i]] & cls))
        i++;
    return i;
}

static void scan_name_or_string(lexer *L)
{
    uint32_t start = L->pos;
    L->pos = skip_class(L, L->pos, C_ID);
    bool raw, fstr;
    if (L->pos - start <= 2 && string_prefix(L, start, L->pos, &raw, &fstr)) {
        if (fstr)
            start_fstring(L, start, raw);
        else
            scan_string(L, start);
        return;
    }
    emit_tok(L, keyword(L->s + start, L->pos - start), start, L->pos);
}

static void scan_comment(lexer *L)
{
    uint32_t start = L->pos;
    const char *nl = memchr(L->s + L->pos, '\n', L->n - L->pos);
    uint32_t end = nl ? (uint32_t)(nl - L->s) : L->n;
    const char *cr = memchr(L->s + L->pos, '\r', end - L->pos);
    if (cr)
        end = (uint32_t)(cr - L->s);
    L->pos = end;
    if (L->flags & RT_PY_TOKENIZE_TRIVIA)
        emit(L, RT_PY_T_COMMENT, start, end, L->line);
}

static void scan_newline(lexer *L)
{
    uint32_t start = L->pos;
    uint32_t line = L->line;
    skip_newline(L);
    if (L->line_has_tokens && L->depth == 0) {
        emit(L, RT_PY_T_NEWLINE, start, L->pos, line);
        L->line_has_tokens = false;
    } else if (L->flags & RT_PY_TOKENIZE_TRIVIA) {
        emit(L, RT_PY_T_NL, start, L->pos, line);
    }
    L->atbol = true;
}

static void scan_backslash(lexer *L)
{
    unsigned char c = AT(L, L->pos + 1);
    if (c == '\n' || c == '\r') {
        L->pos++;
        skip_newline(L);
        if (L->pos >= L->n)
            py_errors_add(L->err, L->pos, L->line, "unexpected EOF while parsing");
        return;
    }
    py_errors_add(L->err, L->pos + 1, L->line,
                  "unexpected character after line continuation character");
    emit(L, RT_PY_T_ERROR, L->pos, L->pos + 1, L->line);
    L->line_has_tokens = true;
    L->pos++;
}

static void invalid_character(lexer *L)
{
    unsigned char c = AT(L, L->pos);
    if (c == '\0') {
        L->pos++; /* reported once for the whole file */
        return;
    }
    if (c < 0x20 || c == 0x7f)
        py_errors_add(L->err, L->pos, L->line, "invalid non-printable character U+%04X", c);
    else
        py_errors_add(L->err, L->pos, L->line, "invalid syntax");
    emit(L, RT_PY_T_ERROR, L->pos, L->pos + 1, L->line);
    L->line_has_tokens = true;
    L->pos++;
}

static void finish(lexer *L)
{
    if (L->line_has_tokens || L->depth > 0) {
        emit(L, RT_PY_T_NEWLINE, L->n, L->n, L->line);
        L->line_has_tokens = false;
    }
    if (L->depth > 0) {
        int top = (L->depth < PY_MAX_BRACKETS ? L->depth : PY_MAX_BRACKETS) - 1;
        py_errors_add(L->err, L->bracket_off[top], L->bracket_line[top],
                      "'%c' was never closed", L->brackets[top]);
    }
    while (L->nindent > 0) {
        L->nindent--;
        emit(L, RT_PY_T_DEDENT, L->n, L->n, L->line);
    }
    emit(L, RT_PY_T_ENDMARKER, L->n, L->n, L->line);
}

static void next(lexer *L)
{
    mode *m = top_mode(L);
    if (m && m->type != MODE_FIELD) {
        scan_fstring_literal(L);
        return;
    }
    if (L->atbol)
        handle_bol(L);
    L->pos = skip_class(L, L->pos, C_SPACE);
    if (L->pos >= L->n)
        return;
    unsigned char c = (unsigned char)L->s[L->pos];
    if (cclass[c] & C_ID) {
        if (c <= '9' && c >= '0')
            scan_number(L);
        else
            scan_name_or_string(L);
        return;
    }
    switch (c) {
    case '#': scan_comment(L); return;
    case '\n': case '\r': scan_newline(L); return;
    case '\\': scan_backslash(L); return;
    case '"': case '\'': scan_string(L, L->pos); return;
    case '.':
        if (AT(L, L->pos + 1) >= '0' && AT(L, L->pos + 1) <= '9') {
            scan_number(L);
            return;
        }
        break;
    default: break;
    }
    if (m && field_delimiter(L, c))
        return;
    if (!scan_operator(L))
        invalid_character(L);
}

static void run(lexer *L)
{
    if (L->n >= 3 && memcmp(L->s, "\xEF\xBB\xBF", 3) == 0)
        L->pos = 3;
    L->atbol = true;
    while (L->pos < L->n && !L->out->oom)
        next(L);
    if (L->nmodes) {
        /* End of file inside a replacement field. */
        unterminated_fstring(L, &L->modes[fstr_below(L, L->nmodes - 1)]);
        L->depth = L->modes[0].depth;
        L->nmodes = 0;
    }
    finish(L);
}

static int lex_pass(py_lexed *out, rt_arena *arena, const char *text, size_t len,
                    unsigned flags, bool recover, uint32_t recover_from, uint32_t *open_at)
{
    lexer *L = calloc(1, sizeof *L);
    if (!L)
        return RT_ENOMEM;
    memset(out, 0, sizeof *out);
    out->errors.arena = arena;
    /* About one token per 4 bytes of typical code: avoids most regrowth. */
    out->cap = (len < ((size_t)64 << 20) ? len : ((size_t)64 << 20)) / 4 + 64;
    out->toks = malloc(out->cap * sizeof *out->toks);
    if (!out->toks) {
        free(L);
        return RT_ENOMEM;
    }
    L->s = text;
    L->n = (uint32_t)len;
    L->line = 1;
    L->flags = flags;
    L->out = out;
    L->err = &out->errors;
    L->recover = recover;
    L->recover_from = recover_from;
    run(L);
    *open_at = UINT32_MAX;
    if (L->depth > 0)
        *open_at = L->bracket_off[0];
    free(L);
    if (out->oom || out->errors.oom) {
        py_lexed_free(out);
        return RT_ENOMEM;
    }
    return RT_OK;
}

static uint32_t count_lines(const unsigned char *s, size_t upto)
{
    uint32_t line = 1;
    for (size_t i = 0; i < upto; i++)
        if (s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n'))
            line++;
    return line;
}

/* Whether offset i lies outside every token, i.e. in a comment. */
static bool in_comment(const py_lexed *lx, size_t i)
{
    size_t lo = 0, hi = lx->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (lx->toks[mid].start <= i)
            lo = mid;
        else
            hi = mid;
    }
    const rt_py_token *t = &lx->toks[lo];
    return !(t->start <= i && i < t->start + t->len);
}

/* First NUL byte and first invalid UTF-8 sequence are reported once per file. Invalid
 * UTF-8 inside comments is accepted, as CPython's compile() (hence import, hence Alembic)
 * accepts it. Eight bytes at a time while they are all ASCII and not NUL. */
static void check_bytes(const char *text, size_t len, const py_lexed *lx, py_errors *err)
{
    const unsigned char *s = (const unsigned char *)text;
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    bool nul = false;
    for (size_t i = 0; i < len;) {
        if (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & highs) && !((w - ones) & ~w & highs)) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s[i];
        if (c == 0 && !nul) {
            nul = true;
            py_errors_add(err, (uint32_t)i, count_lines(s, i),
                          "source code cannot contain null bytes");
        }
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t k = rt_utf8_valid_len(s + i, len - i);
        if (k == 0 && in_comment(lx, i)) {
            i++;
            continue;
        }
        if (k == 0) {
            uint32_t line = count_lines(s, i);
            py_errors_add(err, (uint32_t)i, line,
                          "Non-UTF-8 code starting with '\\x%02x' on line %u, but no encoding "
                          "declared; see https://peps.python.org/pep-0263/ for details",
                          c, line);
            return;
        }
        i += k;
    }
}

/* Merges the byte-check errors (sorted) into the lexer's errors (sorted). */
static int merge_errors(py_errors *into, py_errors *extra)
{
    if (extra->n == 0)
        return RT_OK;
    size_t n = into->n + extra->n;
    rt_py_syntax_error *v = malloc(n * sizeof *v);
    if (!v)
        return RT_ENOMEM;
    size_t i = 0, j = 0, k = 0;
    while (i < into->n || j < extra->n) {
        if (j >= extra->n || (i < into->n && into->v[i].offset <= extra->v[j].offset))
            v[k++] = into->v[i++];
        else
            v[k++] = extra->v[j++];
    }
    free(into->v);
    into->v = v;
    into->n = into->cap = n;
    return RT_OK;
}

static int cmp_error(const void *a, const void *b)
{
    const rt_py_syntax_error *x = a, *y = b;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

int py_lex(py_lexed *out, rt_arena *arena, const char *text, size_t len, unsigned flags)
{
    if (len >= UINT32_MAX)
        return RT_ETOOBIG;
    uint32_t open_at;
    int rc = lex_pass(out, arena, text, len, flags, false, 0, &open_at);
    if (rc == RT_OK && open_at != UINT32_MAX) {
        py_lexed_free(out);
        uint32_t again;
        rc = lex_pass(out, arena, text, len, flags, true, open_at, &again);
    }
    if (rc != RT_OK)
        return rc;
    /* Errors come out nearly sorted (a string error is reported at its start). */
    if (out->errors.n > 1)
        qsort(out->errors.v, out->errors.n, sizeof *out->errors.v, cmp_error);
    py_errors bytes = {arena, NULL, 0, 0, false};
    check_bytes(text, len, out, &bytes);
    rc = bytes.oom ? RT_ENOMEM : merge_errors(&out->errors, &bytes);
    py_errors_free(&bytes);
    if (rc != RT_OK)
        py_lexed_free(out);
    return rc;
}

/* ---- public tokenizer API ---------------------------------------------------------- */

int rt_py_tokenize(rt_py_tokens *out, rt_arena *arena, const char *src, size_t len,
                   unsigned flags, rt_error *err)
{
    memset(out, 0, sizeof *out);
    py_lexed lx;
    int rc = py_lex(&lx, arena, src, len, flags);
    if (rc != RT_OK)
        return rt_error_set(err, rc, NULL, 0, 0, rc == RT_ETOOBIG ? "Python source too large"
                                                                 : "out of memory tokenizing");
    out->text = src;
    out->text_len = len;
    out->items = rt_arena_alloc(arena, lx.n * sizeof *lx.toks);
    out->errors = rt_arena_alloc(arena, (lx.errors.n ? lx.errors.n : 1) * sizeof *out->errors);
    if (!out->items || !out->errors) {
        py_lexed_free(&lx);
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory tokenizing");
    }
    memcpy(out->items, lx.toks, lx.n * sizeof *lx.toks);
    out->count = lx.n;
    if (lx.errors.n)
        memcpy(out->errors, lx.errors.v, lx.errors.n * sizeof *out->errors);
    out->error_count = lx.errors.n;
    py_lexed_free(&lx);
    return RT_OK;
}

rt_str rt_py_token_text(const rt_py_tokens *toks, const rt_py_token *t)
{
    return (rt_str){toks->text + t->start, t->len};
}

const char *rt_py_tok_name(rt_py_tok kind)
{
    static const char *const names[RT_PY_T__COUNT] = {
        "ENDMARKER", "NAME", "NUMBER", "STRING", "FSTRING_START", "FSTRING_MIDDLE",
        "FSTRING_END", "NEWLINE", "INDENT", "DEDENT", "NL", "COMMENT", "ERRORTOKEN",
        "'('", "')'", "'['", "']'", "'{'", "'}'", "':'", "','", "';'", "'+'", "'-'", "'*'",
        "'/'", "'|'", "'&'", "'<'", "'>'", "'='", "'.'", "'%'", "'=='", "'!='", "'<='",
        "'>='", "'~'", "'^'", "'<<'", "'>>'", "'**'", "'+='", "'-='", "'*='", "'/='",
        "'%='", "'&='", "'|='", "'^='", "'<<='", "'>>='", "'**='", "'//'", "'//='", "'@'",
        "'@='", "'->'", "'...'", "':='", "'!'",
        "'False'", "'None'", "'True'", "'and'", "'as'", "'assert'", "'async'", "'await'",
        "'break'", "'class'", "'continue'", "'def'", "'del'", "'elif'", "'else'",
        "'except'", "'finally'", "'for'", "'from'", "'global'", "'if'", "'import'", "'in'",
        "'is'", "'lambda'", "'nonlocal'", "'not'", "'or'", "'pass'", "'raise'", "'return'",
        "'try'", "'while'", "'with'", "'yield'"};
    return (unsigned)kind < RT_PY_T__COUNT ? names[kind] : "?";
}
