/* Python 3.12 statements, error recovery, and rt_py_parse(). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "python/py_parser.h"

#define TRY(x) do { if (!(x)) return NULL; } while (0)
#define TRYB(x) do { if (!(x)) return false; } while (0)

/* ---- parser infrastructure --------------------------------------------------------- */

void py_advance(parser *p)
{
    if (p->pos + 1 < p->n)
        p->pos++;
}

bool py_accept(parser *p, rt_py_tok k)
{
    if (KIND(p) != k)
        return false;
    py_advance(p);
    return true;
}

uint32_t py_prev_end(const parser *p)
{
    if (p->pos == 0)
        return 0;
    const rt_py_token *t = &p->t[p->pos - 1];
    return t->start + t->len;
}

rt_str py_tok_str(const parser *p, const rt_py_token *t)
{
    return (rt_str){p->text + t->start, t->len};
}

bool py_is_name_at(const parser *p, size_t i, const char *s)
{
    const rt_py_token *t = &p->t[i];
    size_t len = strlen(s);
    return t->kind == RT_PY_T_NAME && t->len == len && memcmp(p->text + t->start, s, len) == 0;
}

bool py_is_name(const parser *p, const char *s)
{
    const rt_py_token *t = TOK(p);
    size_t len = strlen(s);
    return t->kind == RT_PY_T_NAME && t->len == len && memcmp(p->text + t->start, s, len) == 0;
}

/* Line of a byte offset: the line of the last token starting at or before it, plus the
 * line ends between (for offsets inside multi-line strings). */
static uint32_t line_of(const parser *p, uint32_t off)
{
    size_t lo = 0, hi = p->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->t[mid].start <= off)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t line = p->t[lo].line;
    for (uint32_t i = p->t[lo].start; i < off; i++)
        if (p->text[i] == '\n' || (p->text[i] == '\r' && p->text[i + 1] != '\n'))
            line++;
    return line;
}

static void report(parser *p, uint32_t off, const char *msg)
{
    py_errors_add(&p->errs, off, line_of(p, off), "%s", msg);
}

void *py_fail(parser *p, uint32_t offset, const char *fmt, ...)
{
    if (p->failed)
        return NULL;
    p->failed = true;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    report(p, offset, msg);
    return NULL;
}

void *py_fail_here(parser *p)
{
    if (KIND(p) == RT_PY_T_INDENT)
        return py_fail(p, TOK(p)->start + TOK(p)->len - (TOK(p)->len > 0), "unexpected indent");
    return py_fail(p, TOK(p)->start, "invalid syntax");
}

void *py_expect_fail(parser *p, rt_py_tok k)
{
    if (k == RT_PY_T_COLON || k == RT_PY_T_LPAR)
        return py_fail(p, TOK(p)->start, "expected %s", rt_py_tok_name(k));
    return py_fail_here(p);
}

bool py_expect(parser *p, rt_py_tok k)
{
    if (py_accept(p, k))
        return true;
    py_expect_fail(p, k);
    return false;
}

rt_py_node *py_node(parser *p, rt_py_kind kind, size_t size, uint32_t start)
{
    rt_py_node *n = rt_arena_alloc(p->arena, size);
    if (!n) {
        p->oom = true;
        return py_fail(p, start, "out of memory");
    }
    memset(n, 0, size);
    n->kind = (uint8_t)kind;
    n->start = start;
    n->end = start;
    return n;
}

/* Ends n after the last token consumed; a node that consumed none (the parameters of
 * `lambda : x`) is empty at its start. */
void py_finish(parser *p, rt_py_node *n)
{
    uint32_t end = py_prev_end(p);
    n->end = end > n->start ? end : n->start;
}

bool py_push(parser *p, rt_py_node *n)
{
    if (p->sn == p->scap) {
        size_t cap = p->scap ? p->scap * 2 : 256;
        rt_py_node **s = realloc(p->stk, cap * sizeof *s);
        if (!s) {
            p->oom = true;
            py_fail(p, TOK(p)->start, "out of memory");
            return false;
        }
        p->stk = s;
        p->scap = cap;
    }
    p->stk[p->sn++] = n;
    return true;
}

rt_py_list py_take(parser *p, size_t mark)
{
    size_t k = p->sn - mark;
    rt_py_list l = {NULL, 0};
    if (k == 0)
        return l;
    l.items = rt_arena_alloc(p->arena, k * sizeof *l.items);
    if (!l.items) {
        p->oom = true;
        p->sn = mark;
        return l;
    }
    memcpy(l.items, p->stk + mark, k * sizeof *l.items);
    l.len = (uint32_t)k;
    p->sn = mark;
    return l;
}

bool py_enter(parser *p)
{
    if (++p->depth <= PY_MAX_DEPTH)
        return true;
    rt_py_tok k = KIND(p);
    if (k == RT_PY_T_LPAR || k == RT_PY_T_LSQB || k == RT_PY_T_LBRACE)
        py_fail(p, TOK(p)->start, "too many nested parentheses");
    else
        py_fail(p, TOK(p)->start, "expression is too deeply nested");
    return false;
}

void py_leave(parser *p)
{
    p->depth--;
}


static uint32_t list_end(const rt_py_list *l, uint32_t dflt)
{
    return l->len ? l->items[l->len - 1]->end : dflt;
}

/* ---- speculation ------------------------------------------------------------------- */

typedef struct saved {
    size_t pos, sn, nerr;
    int depth, chain;
} saved;

static saved save(const parser *p)
{
    return (saved){p->pos, p->sn, p->errs.n, p->depth, p->chain};
}

/* Backtracks to s, forgetting any error recorded since. */
static void restore(parser *p, saved s)
{
    p->pos = s.pos;
    p->sn = s.sn;
    p->errs.n = s.nerr;
    p->depth = s.depth;
    p->chain = s.chain;
    p->failed = false;
}

/* ---- blocks and recovery ----------------------------------------------------------- */

static bool statement(parser *p);
static bool simple_stmts(parser *p);

static bool lexer_error_in(const parser *p, uint32_t from, uint32_t to);

static bool compound_keyword(rt_py_tok k)
{
    switch (k) {
    case RT_PY_T_IF: case RT_PY_T_WHILE: case RT_PY_T_FOR: case RT_PY_T_TRY:
    case RT_PY_T_WITH: case RT_PY_T_DEF: case RT_PY_T_CLASS: case RT_PY_T_ASYNC:
    case RT_PY_T_AT:
        return true;
    default:
        return false;
    }
}

static bool clause_keyword(rt_py_tok k)
{
    return k == RT_PY_T_ELIF || k == RT_PY_T_ELSE || k == RT_PY_T_EXCEPT ||
           k == RT_PY_T_FINALLY;
}

/* Skips to the end of the logical line (NEWLINE consumed), then any block it opened. */
static void skip_line_and_block(parser *p, size_t pos0)
{
    while (KIND(p) != RT_PY_T_NEWLINE && KIND(p) != RT_PY_T_ENDMARKER &&
           !(p->pos > pos0 && p->t[p->pos - 1].kind == RT_PY_T_NEWLINE))
        py_advance(p);
    py_accept(p, RT_PY_T_NEWLINE);
    if (KIND(p) == RT_PY_T_INDENT) {
        int level = 0;
        do {
            if (KIND(p) == RT_PY_T_INDENT)
                level++;
            else if (KIND(p) == RT_PY_T_DEDENT)
                level--;
            py_advance(p);
        } while (level > 0 && KIND(p) != RT_PY_T_ENDMARKER);
    }
}

/* Skips the rest of a failed statement: to its NEWLINE, any block it opened, and for a
 * compound statement its remaining clauses (elif, else, except, finally). */
static void recover(parser *p, size_t pos0, size_t sn0, size_t nerr0, int depth0, int chain0)
{
    skip_line_and_block(p, pos0);
    if (compound_keyword((rt_py_tok)p->t[pos0].kind) || py_is_name_at(p, pos0, "match"))
        while (clause_keyword(KIND(p)))
            skip_line_and_block(p, p->pos);
    if (p->errs.n > nerr0 && lexer_error_in(p, p->t[pos0].start, TOK(p)->start))
        p->errs.n = nerr0;
    p->sn = sn0;
    p->depth = depth0;
    p->chain = chain0;
    p->failed = false;
}

/* Statements up to the DEDENT closing the block (top: the end of the module). */
static void statements(parser *p, bool top)
{
    int extra = 0;
    for (;;) {
        rt_py_tok k = KIND(p);
        if (k == RT_PY_T_ENDMARKER || p->oom)
            return;
        if (k == RT_PY_T_DEDENT) {
            if (extra == 0 && !top)
                return;
            extra -= extra > 0;
            py_advance(p);
            continue;
        }
        if (k == RT_PY_T_INDENT) {
            /* CPython points at the last character of the indentation. */
            uint32_t off = TOK(p)->start + TOK(p)->len - (TOK(p)->len > 0);
            if (!lexer_error_in(p, TOK(p)->start, off + 1))
                report(p, off, "unexpected indent");
            extra++;
            py_advance(p);
            continue;
        }
        size_t pos0 = p->pos, sn0 = p->sn, nerr0 = p->errs.n;
        int depth0 = p->depth, chain0 = p->chain;
        p->failed = false;
        if (!statement(p) || p->failed)
            recover(p, pos0, sn0, nerr0, depth0, chain0);
    }
}

/* ':' then a block: an indented suite or simple statements on the same line. what
 * names the statement for "expected an indented block after ..." */
static bool block(parser *p, rt_py_list *out, const char *what, uint32_t line)
{
    TRYB(py_expect(p, RT_PY_T_COLON));
    size_t mark = p->sn;
    if (py_accept(p, RT_PY_T_NEWLINE)) {
        if (KIND(p) != RT_PY_T_INDENT) {
            py_fail(p, TOK(p)->start, "expected an indented block after %s on line %u", what,
                    line);
            return false;
        }
        py_advance(p);
        statements(p, false);
        py_accept(p, RT_PY_T_DEDENT);
    } else {
        TRYB(simple_stmts(p));
    }
    *out = py_take(p, mark);
    return !p->oom;
}

/* ---- simple statements ------------------------------------------------------------- */

static bool starts_value(rt_py_tok k)
{
    switch (k) {
    case RT_PY_T_NEWLINE: case RT_PY_T_SEMI: case RT_PY_T_ENDMARKER: case RT_PY_T_RPAR:
    case RT_PY_T_RSQB: case RT_PY_T_RBRACE: case RT_PY_T_COLON: case RT_PY_T_EQUAL:
    case RT_PY_T_COMMA: case RT_PY_T_FROM:
        return false;
    default:
        return true;
    }
}

static rt_py_node *value_stmt(parser *p, rt_py_kind kind)
{
    rt_py_node *n = PY_NEW(p, kind, value, TOK(p)->start);
    TRY(n);
    py_advance(p);
    if (starts_value(KIND(p)))
        TRY(n->u.value.value = py_star_expressions(p));
    py_finish(p, n);
    return n;
}

static rt_py_node *raise_stmt(parser *p)
{
    rt_py_node *n = PY_NEW(p, RT_PY_RAISE, raise, TOK(p)->start);
    TRY(n);
    py_advance(p);
    if (starts_value(KIND(p))) {
        TRY(n->u.raise.exc = py_expression(p));
        if (py_accept(p, RT_PY_T_FROM))
            TRY(n->u.raise.cause = py_expression(p));
    }
    py_finish(p, n);
    return n;
}

static rt_py_node *keyword_stmt(parser *p, rt_py_kind kind)
{
    rt_py_node *n = py_node(p, kind, sizeof(rt_py_node), TOK(p)->start);
    TRY(n);
    py_advance(p);
    py_finish(p, n);
    return n;
}

static rt_py_node *del_stmt(parser *p)
{
    rt_py_node *n = PY_NEW(p, RT_PY_DELETE, del, TOK(p)->start);
    TRY(n);
    py_advance(p);
    size_t mark = p->sn;
    do {
        if (!starts_value(KIND(p)))
            break;
        rt_py_node *t = py_bitwise_or(p);
        TRY(t);
        TRY(py_set_target(p, t, RT_PY_NF_DEL, ""));
        TRY(py_push(p, t));
    } while (py_accept(p, RT_PY_T_COMMA));
    n->u.del.targets = py_take(p, mark);
    if (!n->u.del.targets.len)
        return py_fail_here(p);
    py_finish(p, n);
    return n;
}

static rt_py_node *assert_stmt(parser *p)
{
    rt_py_node *n = PY_NEW(p, RT_PY_ASSERT, assert, TOK(p)->start);
    TRY(n);
    py_advance(p);
    TRY(n->u.assert.test = py_expression(p));
    if (py_accept(p, RT_PY_T_COMMA))
        TRY(n->u.assert.msg = py_expression(p));
    py_finish(p, n);
    return n;
}

static rt_py_node *global_stmt(parser *p, rt_py_kind kind)
{
    rt_py_node *n = PY_NEW(p, kind, global, TOK(p)->start);
    TRY(n);
    py_advance(p);
    size_t cap = 4, len = 0;
    rt_str *names = rt_arena_alloc(p->arena, cap * sizeof *names);
    do {
        if (KIND(p) != RT_PY_T_NAME)
            return py_fail_here(p);
        if (names && len == cap) {
            names = rt_arena_grow(p->arena, names, cap, cap * 2, sizeof *names);
            cap *= 2;
        }
        if (!names) {
            p->oom = true;
            return py_fail(p, n->start, "out of memory");
        }
        names[len++] = py_tok_str(p, TOK(p));
        py_advance(p);
    } while (py_accept(p, RT_PY_T_COMMA));
    n->u.global.names = names;
    n->u.global.len = (uint32_t)len;
    py_finish(p, n);
    return n;
}

/* A dotted name as one slice when written without spaces, else joined in the arena. */
static bool dotted_name(parser *p, rt_str *out)
{
    if (KIND(p) != RT_PY_T_NAME) {
        py_fail_here(p);
        return false;
    }
    uint32_t start = TOK(p)->start;
    size_t chars = TOK(p)->len, first = p->pos;
    py_advance(p);
    while (KIND(p) == RT_PY_T_DOT && KIND_AT(p, 1) == RT_PY_T_NAME) {
        py_advance(p);
        chars += 1 + TOK(p)->len;
        py_advance(p);
    }
    uint32_t end = py_prev_end(p);
    if (end - start == chars) {
        *out = (rt_str){p->text + start, chars};
        return true;
    }
    char *s = rt_arena_alloc(p->arena, chars);
    if (!s) {
        p->oom = true;
        py_fail(p, start, "out of memory");
        return false;
    }
    size_t k = 0;
    for (size_t i = first; i < p->pos; i++) {
        const rt_py_token *t = &p->t[i];
        memcpy(s + k, p->text + t->start, t->len);
        k += t->len;
    }
    *out = (rt_str){s, k};
    return true;
}

static rt_py_node *alias(parser *p, bool dotted)
{
    rt_py_node *a = PY_NEW(p, RT_PY_ALIAS, alias, TOK(p)->start);
    TRY(a);
    if (dotted) {
        TRY(dotted_name(p, &a->u.alias.name));
    } else {
        if (KIND(p) != RT_PY_T_NAME)
            return py_fail_here(p);
        a->u.alias.name = py_tok_str(p, TOK(p));
        py_advance(p);
    }
    if (py_accept(p, RT_PY_T_AS)) {
        if (KIND(p) != RT_PY_T_NAME)
            return py_fail_here(p);
        a->u.alias.asname = py_tok_str(p, TOK(p));
        py_advance(p);
    }
    py_finish(p, a);
    return a;
}

static rt_py_node *import_stmt(parser *p)
{
    rt_py_node *n = PY_NEW(p, RT_PY_IMPORT, import, TOK(p)->start);
    TRY(n);
    py_advance(p);
    size_t mark = p->sn;
    do {
        rt_py_node *a = alias(p, true);
        TRY(a);
        TRY(py_push(p, a));
    } while (py_accept(p, RT_PY_T_COMMA));
    n->u.import.names = py_take(p, mark);
    py_finish(p, n);
    return n;
}

static rt_py_node *import_from(parser *p)
{
    rt_py_node *n = PY_NEW(p, RT_PY_IMPORT_FROM, import_from, TOK(p)->start);
    TRY(n);
    py_advance(p);
    uint32_t level = 0;
    for (;; py_advance(p)) {
        if (KIND(p) == RT_PY_T_DOT)
            level++;
        else if (KIND(p) == RT_PY_T_ELLIPSIS)
            level += 3;
        else
            break;
    }
    n->u.import_from.level = level;
    if (KIND(p) != RT_PY_T_IMPORT || level == 0)
        TRY(dotted_name(p, &n->u.import_from.module));
    if (KIND(p) != RT_PY_T_IMPORT)
        return py_fail_here(p);
    py_advance(p);
    size_t mark = p->sn;
    if (KIND(p) == RT_PY_T_STAR) {
        rt_py_node *a = PY_NEW(p, RT_PY_ALIAS, alias, TOK(p)->start);
        TRY(a);
        a->u.alias.name = py_tok_str(p, TOK(p));
        py_advance(p);
        py_finish(p, a);
        TRY(py_push(p, a));
    } else {
        bool parens = py_accept(p, RT_PY_T_LPAR);
        do {
            if (parens && KIND(p) == RT_PY_T_RPAR && p->sn > mark)
                break;
            if (!parens && p->sn > mark && KIND(p) == RT_PY_T_NEWLINE)
                return py_fail(p, TOK(p)->start,
                               "trailing comma not allowed without surrounding parentheses");
            rt_py_node *a = alias(p, false);
            TRY(a);
            TRY(py_push(p, a));
        } while (py_accept(p, RT_PY_T_COMMA));
        if (parens)
            TRY(py_expect(p, RT_PY_T_RPAR));
    }
    n->u.import_from.names = py_take(p, mark);
    py_finish(p, n);
    return n;
}

static rt_py_node *type_alias(parser *p)
{
    rt_py_node *n = PY_NEW(p, RT_PY_TYPE_ALIAS, type_alias, TOK(p)->start);
    TRY(n);
    py_advance(p);
    rt_py_node *name = PY_NEW(p, RT_PY_NAME, name, TOK(p)->start);
    TRY(name);
    name->u.name.id = py_tok_str(p, TOK(p));
    name->flags = RT_PY_NF_STORE;
    py_advance(p);
    py_finish(p, name);
    n->u.type_alias.name = name;
    if (KIND(p) == RT_PY_T_LSQB)
        TRY(py_type_params(p, &n->u.type_alias.type_params));
    TRY(py_expect(p, RT_PY_T_EQUAL));
    TRY(n->u.type_alias.value = py_expression(p));
    py_finish(p, n);
    return n;
}

static rt_py_op aug_op(rt_py_tok k)
{
    switch (k) {
    case RT_PY_T_PLUSEQUAL: return RT_PY_OP_ADD;
    case RT_PY_T_MINEQUAL: return RT_PY_OP_SUB;
    case RT_PY_T_STAREQUAL: return RT_PY_OP_MULT;
    case RT_PY_T_ATEQUAL: return RT_PY_OP_MATMULT;
    case RT_PY_T_SLASHEQUAL: return RT_PY_OP_DIV;
    case RT_PY_T_PERCENTEQUAL: return RT_PY_OP_MOD;
    case RT_PY_T_AMPEREQUAL: return RT_PY_OP_BITAND;
    case RT_PY_T_VBAREQUAL: return RT_PY_OP_BITOR;
    case RT_PY_T_CIRCUMFLEXEQUAL: return RT_PY_OP_BITXOR;
    case RT_PY_T_LEFTSHIFTEQUAL: return RT_PY_OP_LSHIFT;
    case RT_PY_T_RIGHTSHIFTEQUAL: return RT_PY_OP_RSHIFT;
    case RT_PY_T_DOUBLESTAREQUAL: return RT_PY_OP_POW;
    case RT_PY_T_DOUBLESLASHEQUAL: return RT_PY_OP_FLOORDIV;
    default: return RT_PY_OP_NONE;
    }
}

static bool single_target(const rt_py_node *e)
{
    return e->kind == RT_PY_NAME || e->kind == RT_PY_ATTRIBUTE || e->kind == RT_PY_SUBSCRIPT;
}

static rt_py_node *ann_assign(parser *p, rt_py_node *target, uint32_t start)
{
    if (!single_target(target))
        return py_fail(p, target->start, target->kind == RT_PY_TUPLE
                                             ? "only single target (not tuple) can be annotated"
                                             : "illegal target for annotation");
    py_advance(p);
    rt_py_node *n = PY_NEW(p, RT_PY_ANN_ASSIGN, ann_assign, start);
    TRY(n);
    target->flags |= RT_PY_NF_STORE;
    n->u.ann_assign.target = target;
    if (target->kind == RT_PY_NAME && !(target->flags & RT_PY_NF_PARENS))
        n->flags |= RT_PY_NF_SIMPLE;
    TRY(n->u.ann_assign.annotation = py_expression(p));
    if (py_accept(p, RT_PY_T_EQUAL))
        TRY(n->u.ann_assign.value = py_yield_or_star_expressions(p));
    py_finish(p, n);
    return n;
}

static rt_py_node *assignment(parser *p, rt_py_node *first, uint32_t start)
{
    rt_py_node *n = PY_NEW(p, RT_PY_ASSIGN, assign, start);
    TRY(n);
    size_t mark = p->sn;
    rt_py_node *value = first;
    while (py_accept(p, RT_PY_T_EQUAL)) {
        TRY(py_set_target(p, value, RT_PY_NF_STORE,
                          " here. Maybe you meant '==' instead of '='?"));
        TRY(py_push(p, value));
        TRY(value = py_yield_or_star_expressions(p));
    }
    n->u.assign.targets = py_take(p, mark);
    n->u.assign.value = value;
    py_finish(p, n);
    return n;
}

static rt_py_node *expression_stmt(parser *p)
{
    uint32_t start = TOK(p)->start;
    rt_py_node *first = py_yield_or_star_expressions(p);
    TRY(first);
    rt_py_tok k = KIND(p);
    if (k == RT_PY_T_EQUAL)
        return assignment(p, first, start);
    if (k == RT_PY_T_COLON)
        return ann_assign(p, first, start);
    rt_py_op op = aug_op(k);
    if (op != RT_PY_OP_NONE) {
        if (!single_target(first))
            return py_fail(p, first->start, "'%s' is an illegal expression for augmented "
                           "assignment", py_describe(first));
        py_advance(p);
        rt_py_node *n = PY_NEW(p, RT_PY_AUG_ASSIGN, aug_assign, start);
        TRY(n);
        first->flags |= RT_PY_NF_STORE;
        n->op = (uint8_t)op;
        n->u.aug_assign.target = first;
        TRY(n->u.aug_assign.value = py_yield_or_star_expressions(p));
        py_finish(p, n);
        return n;
    }
    if (first->kind == RT_PY_NAME && !(first->flags & RT_PY_NF_PARENS) &&
        (rt_str_eq_cstr(first->u.name.id, "print") || rt_str_eq_cstr(first->u.name.id, "exec")) &&
        (KIND(p) == RT_PY_T_NAME || KIND(p) == RT_PY_T_STRING || KIND(p) == RT_PY_T_NUMBER ||
         KIND(p) == RT_PY_T_FSTRING_START))
        return py_fail(p, start, "Missing parentheses in call to '%.*s'. Did you mean "
                       "%.*s(...)?", (int)first->u.name.id.len, first->u.name.id.p,
                       (int)first->u.name.id.len, first->u.name.id.p);
    rt_py_node *n = PY_NEW(p, RT_PY_EXPR, value, start);
    TRY(n);
    n->u.value.value = first;
    py_finish(p, n);
    return n;
}

static rt_py_node *simple_stmt(parser *p)
{
    switch (KIND(p)) {
    case RT_PY_T_RETURN: return value_stmt(p, RT_PY_RETURN);
    case RT_PY_T_IMPORT: return import_stmt(p);
    case RT_PY_T_FROM: return import_from(p);
    case RT_PY_T_RAISE: return raise_stmt(p);
    case RT_PY_T_PASS: return keyword_stmt(p, RT_PY_PASS);
    case RT_PY_T_BREAK: return keyword_stmt(p, RT_PY_BREAK);
    case RT_PY_T_CONTINUE: return keyword_stmt(p, RT_PY_CONTINUE);
    case RT_PY_T_DEL: return del_stmt(p);
    case RT_PY_T_ASSERT: return assert_stmt(p);
    case RT_PY_T_GLOBAL: return global_stmt(p, RT_PY_GLOBAL);
    case RT_PY_T_NONLOCAL: return global_stmt(p, RT_PY_NONLOCAL);
    case RT_PY_T_NAME:
        if (KIND_AT(p, 1) == RT_PY_T_NAME && py_is_name(p, "type") &&
            (KIND_AT(p, 2) == RT_PY_T_EQUAL || KIND_AT(p, 2) == RT_PY_T_LSQB))
            return type_alias(p);
        return expression_stmt(p);
    default:
        return expression_stmt(p);
    }
}

/* simple_stmt (';' simple_stmt)* [';'] NEWLINE; pushes each statement. */
static bool simple_stmts(parser *p)
{
    do {
        if (KIND(p) == RT_PY_T_NEWLINE && p->t[p->pos - 1].kind == RT_PY_T_SEMI)
            break;
        rt_py_node *n = simple_stmt(p);
        TRYB(n);
        TRYB(py_push(p, n));
    } while (py_accept(p, RT_PY_T_SEMI));
    if (KIND(p) != RT_PY_T_NEWLINE) {
        py_fail_here(p);
        return false;
    }
    py_advance(p);
    return true;
}

/* ---- compound statements ----------------------------------------------------------- */

static bool else_block(parser *p, rt_py_list *out)
{
    uint32_t line = TOK(p)->line;
    if (!py_accept(p, RT_PY_T_ELSE))
        return true;
    return block(p, out, "'else' statement", line);
}

static rt_py_node *if_stmt(parser *p)
{
    uint32_t line = TOK(p)->line;
    rt_py_node *n = PY_NEW(p, RT_PY_IF, if_, TOK(p)->start);
    TRY(n);
    py_advance(p);
    TRY(n->u.if_.test = py_named_expression(p));
    TRY(block(p, &n->u.if_.body, "'if' statement", line));
    n->end = list_end(&n->u.if_.body, n->start);
    rt_py_node *cur = n;
    rt_py_node **chain = NULL;
    size_t nchain = 0, cap = 0;
    int chain0 = p->chain; /* each elif nests one If deeper */
    while (KIND(p) == RT_PY_T_ELIF) {
        if (p->depth + ++p->chain > PY_MAX_CHAIN)
            return py_fail(p, TOK(p)->start, "too many elif clauses");
        line = TOK(p)->line;
        rt_py_node *e = PY_NEW(p, RT_PY_IF, if_, TOK(p)->start);
        TRY(e);
        py_advance(p);
        TRY(e->u.if_.test = py_named_expression(p));
        TRY(block(p, &e->u.if_.body, "'elif' statement", line));
        e->end = list_end(&e->u.if_.body, e->start);
        rt_py_node **one = rt_arena_alloc(p->arena, sizeof *one);
        if (!one) {
            p->oom = true;
            return py_fail(p, e->start, "out of memory");
        }
        *one = e;
        cur->u.if_.orelse = (rt_py_list){one, 1};
        if (nchain == cap) {
            cap = cap ? cap * 2 : 8;
            chain = rt_arena_grow(p->arena, chain, nchain, cap, sizeof *chain);
            if (!chain) {
                p->oom = true;
                return py_fail(p, e->start, "out of memory");
            }
        }
        chain[nchain++] = cur;
        cur = e;
    }
    TRY(else_block(p, &cur->u.if_.orelse));
    p->chain = chain0;
    /* Each if's end is the end of its last clause. */
    uint32_t end = list_end(&cur->u.if_.orelse, cur->end);
    cur->end = end;
    while (nchain)
        chain[--nchain]->end = end;
    n->end = end;
    return n;
}

static rt_py_node *while_stmt(parser *p)
{
    uint32_t line = TOK(p)->line;
    rt_py_node *n = PY_NEW(p, RT_PY_WHILE, if_, TOK(p)->start);
    TRY(n);
    py_advance(p);
    TRY(n->u.if_.test = py_named_expression(p));
    TRY(block(p, &n->u.if_.body, "'while' statement", line));
    TRY(else_block(p, &n->u.if_.orelse));
    n->end = list_end(&n->u.if_.orelse, list_end(&n->u.if_.body, n->start));
    return n;
}

static rt_py_node *for_stmt(parser *p, uint32_t start, uint16_t flags)
{
    uint32_t line = TOK(p)->line;
    rt_py_node *n = PY_NEW(p, RT_PY_FOR, for_, start);
    TRY(n);
    n->flags = flags;
    py_advance(p);
    TRY(n->u.for_.target = py_star_targets(p));
    TRY(py_set_target(p, n->u.for_.target, RT_PY_NF_STORE, ""));
    TRY(py_expect(p, RT_PY_T_IN));
    TRY(n->u.for_.iter = py_star_expressions(p));
    TRY(block(p, &n->u.for_.body, "'for' statement", line));
    TRY(else_block(p, &n->u.for_.orelse));
    n->end = list_end(&n->u.for_.orelse, list_end(&n->u.for_.body, n->start));
    return n;
}

static rt_py_node *with_item(parser *p)
{
    rt_py_node *w = PY_NEW(p, RT_PY_WITH_ITEM, with_item, TOK(p)->start);
    TRY(w);
    TRY(w->u.with_item.context_expr = py_expression(p));
    if (py_accept(p, RT_PY_T_AS)) {
        rt_py_node *t = KIND(p) == RT_PY_T_STAR ? NULL : py_bitwise_or(p);
        if (!t)
            return py_fail_here(p);
        TRY(py_set_target(p, t, RT_PY_NF_STORE, ""));
        w->u.with_item.optional_vars = t;
    }
    py_finish(p, w);
    return w;
}

/* '(' with_item (',' with_item)* [','] ')' followed by ':' — else nothing is consumed. */
static bool parenthesized_items(parser *p, size_t mark)
{
    saved s = save(p);
    py_advance(p);
    do {
        if (KIND(p) == RT_PY_T_RPAR && p->sn > mark)
            break;
        rt_py_node *w = with_item(p);
        if (!w || !py_push(p, w))
            break;
    } while (py_accept(p, RT_PY_T_COMMA));
    if (!p->failed && p->sn > mark && py_accept(p, RT_PY_T_RPAR) && KIND(p) == RT_PY_T_COLON)
        return true;
    restore(p, s);
    return false;
}

static rt_py_node *with_stmt(parser *p, uint32_t start, uint16_t flags)
{
    uint32_t line = TOK(p)->line;
    rt_py_node *n = PY_NEW(p, RT_PY_WITH, with, start);
    TRY(n);
    n->flags = flags;
    py_advance(p);
    size_t mark = p->sn;
    if (KIND(p) != RT_PY_T_LPAR || !parenthesized_items(p, mark)) {
        do {
            rt_py_node *w = with_item(p);
            TRY(w);
            TRY(py_push(p, w));
        } while (py_accept(p, RT_PY_T_COMMA));
    }
    n->u.with.items = py_take(p, mark);
    TRY(block(p, &n->u.with.body, "'with' statement", line));
    n->end = list_end(&n->u.with.body, n->start);
    return n;
}

static rt_py_node *except_handler(parser *p, int *star)
{
    uint32_t line = TOK(p)->line;
    rt_py_node *h = PY_NEW(p, RT_PY_EXCEPT_HANDLER, handler, TOK(p)->start);
    TRY(h);
    py_advance(p);
    int is_star = py_accept(p, RT_PY_T_STAR);
    if (*star >= 0 && *star != is_star)
        return py_fail(p, h->start,
                       "cannot have both 'except' and 'except*' on the same 'try'");
    *star = is_star;
    if (KIND(p) != RT_PY_T_COLON) {
        TRY(h->u.handler.type = py_expression(p));
        if (KIND(p) == RT_PY_T_COMMA)
            return py_fail(p, h->u.handler.type->start,
                           "multiple exception types must be parenthesized");
        if (py_accept(p, RT_PY_T_AS)) {
            if (KIND(p) != RT_PY_T_NAME)
                return py_fail_here(p);
            h->u.handler.name = py_tok_str(p, TOK(p));
            py_advance(p);
        }
    } else if (is_star) {
        return py_fail(p, TOK(p)->start, "expected one or more exception types");
    }
    TRY(block(p, &h->u.handler.body, is_star ? "'except*' statement" : "'except' statement",
              line));
    h->end = list_end(&h->u.handler.body, h->start);
    return h;
}

static rt_py_node *try_stmt(parser *p)
{
    uint32_t line = TOK(p)->line;
    rt_py_node *n = PY_NEW(p, RT_PY_TRY, try_, TOK(p)->start);
    TRY(n);
    py_advance(p);
    TRY(block(p, &n->u.try_.body, "'try' statement", line));
    size_t mark = p->sn;
    int star = -1;
    while (KIND(p) == RT_PY_T_EXCEPT) {
        rt_py_node *h = except_handler(p, &star);
        TRY(h);
        TRY(py_push(p, h));
    }
    n->u.try_.handlers = py_take(p, mark);
    if (star == 1)
        n->flags |= RT_PY_NF_STAR;
    if (n->u.try_.handlers.len)
        TRY(else_block(p, &n->u.try_.orelse));
    line = TOK(p)->line;
    if (py_accept(p, RT_PY_T_FINALLY))
        TRY(block(p, &n->u.try_.finalbody, "'finally' statement", line));
    else if (!n->u.try_.handlers.len)
        return py_fail(p, TOK(p)->start, "expected 'except' or 'finally' block");
    n->end = list_end(&n->u.try_.finalbody,
                      list_end(&n->u.try_.orelse,
                               list_end(&n->u.try_.handlers, list_end(&n->u.try_.body, n->start))));
    return n;
}

static rt_py_node *function_def(parser *p, uint32_t start, uint16_t flags, rt_py_list decos)
{
    uint32_t line = TOK(p)->line;
    rt_py_node *n = PY_NEW(p, RT_PY_FUNCTION_DEF, function_def, start);
    TRY(n);
    n->flags = flags;
    n->u.function_def.decorators = decos;
    py_advance(p);
    if (KIND(p) != RT_PY_T_NAME)
        return py_fail_here(p);
    n->u.function_def.name = py_tok_str(p, TOK(p));
    py_advance(p);
    if (KIND(p) == RT_PY_T_LSQB)
        TRY(py_type_params(p, &n->u.function_def.type_params));
    TRY(py_expect(p, RT_PY_T_LPAR));
    TRY(n->u.function_def.args = py_parameters(p, RT_PY_T_RPAR, true));
    TRY(py_expect(p, RT_PY_T_RPAR));
    if (py_accept(p, RT_PY_T_RARROW))
        TRY(n->u.function_def.returns = py_expression(p));
    TRY(block(p, &n->u.function_def.body, "function definition", line));
    n->end = list_end(&n->u.function_def.body, n->start);
    return n;
}

static rt_py_node *class_def(parser *p, uint32_t start, rt_py_list decos)
{
    uint32_t line = TOK(p)->line;
    rt_py_node *n = PY_NEW(p, RT_PY_CLASS_DEF, class_def, start);
    TRY(n);
    n->u.class_def.decorators = decos;
    py_advance(p);
    if (KIND(p) != RT_PY_T_NAME)
        return py_fail_here(p);
    n->u.class_def.name = py_tok_str(p, TOK(p));
    py_advance(p);
    if (KIND(p) == RT_PY_T_LSQB)
        TRY(py_type_params(p, &n->u.class_def.type_params));
    if (KIND(p) == RT_PY_T_LPAR) {
        rt_py_node *call = PY_NEW(p, RT_PY_CALL, call, TOK(p)->start);
        TRY(call);
        uint32_t lpar = TOK(p)->start;
        TRY(py_enter(p));
        py_advance(p);
        TRY(py_call_args(p, call, lpar));
        py_leave(p);
        n->u.class_def.bases = call->u.call.args;
        n->u.class_def.keywords = call->u.call.keywords;
    }
    TRY(block(p, &n->u.class_def.body, "class definition", line));
    n->end = list_end(&n->u.class_def.body, n->start);
    return n;
}

static rt_py_node *decorated(parser *p)
{
    size_t mark = p->sn;
    while (py_accept(p, RT_PY_T_AT)) {
        rt_py_node *d = py_named_expression(p);
        TRY(d);
        TRY(py_push(p, d));
        if (!py_accept(p, RT_PY_T_NEWLINE))
            return py_fail_here(p);
    }
    rt_py_list decos = py_take(p, mark);
    uint32_t start = TOK(p)->start;
    if (KIND(p) == RT_PY_T_DEF)
        return function_def(p, start, 0, decos);
    if (KIND(p) == RT_PY_T_CLASS)
        return class_def(p, start, decos);
    if (KIND(p) == RT_PY_T_ASYNC && KIND_AT(p, 1) == RT_PY_T_DEF) {
        py_advance(p);
        return function_def(p, start, RT_PY_NF_ASYNC, decos);
    }
    return py_fail_here(p);
}

static rt_py_node *async_stmt(parser *p)
{
    uint32_t start = TOK(p)->start;
    py_advance(p);
    switch (KIND(p)) {
    case RT_PY_T_DEF: return function_def(p, start, RT_PY_NF_ASYNC, (rt_py_list){NULL, 0});
    case RT_PY_T_FOR: return for_stmt(p, start, RT_PY_NF_ASYNC);
    case RT_PY_T_WITH: return with_stmt(p, start, RT_PY_NF_ASYNC);
    default: return py_fail_here(p);
    }
}

/* ---- match ------------------------------------------------------------------------- */

static rt_py_node *case_block(parser *p)
{
    uint32_t line = TOK(p)->line;
    if (!py_is_name(p, "case"))
        return py_fail_here(p);
    rt_py_node *c = PY_NEW(p, RT_PY_MATCH_CASE, match_case, TOK(p)->start);
    TRY(c);
    py_advance(p);
    TRY(c->u.match_case.pattern = py_patterns(p));
    if (py_accept(p, RT_PY_T_IF))
        TRY(c->u.match_case.guard = py_named_expression(p));
    TRY(block(p, &c->u.match_case.body, "'case' statement", line));
    c->end = list_end(&c->u.match_case.body, c->start);
    return c;
}

/* `match subject:` NEWLINE INDENT case+ DEDENT, tried when a line starts with `match`;
 * returns NULL without an error when the line is not a match statement. */
static rt_py_node *match_stmt(parser *p, bool *not_match)
{
    saved s = save(p);
    uint32_t line = TOK(p)->line, start = TOK(p)->start;
    py_advance(p);
    rt_py_node *subject = NULL;
    if (KIND(p) != RT_PY_T_COLON && KIND(p) != RT_PY_T_EQUAL)
        subject = py_star_named_expressions(p);
    if (!subject || KIND(p) != RT_PY_T_COLON || KIND_AT(p, 1) != RT_PY_T_NEWLINE) {
        restore(p, s);
        *not_match = true;
        return NULL;
    }
    py_advance(p);
    py_advance(p);
    rt_py_node *n = PY_NEW(p, RT_PY_MATCH, match, start);
    TRY(n);
    n->u.match.subject = subject;
    if (!py_accept(p, RT_PY_T_INDENT))
        return py_fail(p, TOK(p)->start, "expected an indented block after 'match' statement "
                       "on line %u", line);
    size_t mark = p->sn;
    while (KIND(p) != RT_PY_T_DEDENT && KIND(p) != RT_PY_T_ENDMARKER) {
        size_t pos0 = p->pos, sn0 = p->sn, nerr0 = p->errs.n;
        int depth0 = p->depth, chain0 = p->chain;
        rt_py_node *c = case_block(p);
        if (c && py_push(p, c))
            continue;
        recover(p, pos0, sn0, nerr0, depth0, chain0);
    }
    py_accept(p, RT_PY_T_DEDENT);
    n->u.match.cases = py_take(p, mark);
    n->end = n->u.match.cases.len ? n->u.match.cases.items[n->u.match.cases.len - 1]->end
                                  : subject->end;
    return n;
}

/* ---- statements -------------------------------------------------------------------- */

static bool compound(parser *p, rt_py_node *n)
{
    return n && py_push(p, n);
}

/* One statement (a compound statement or a line of simple ones); pushes the nodes. */
static bool statement(parser *p)
{
    uint32_t start = TOK(p)->start;
    switch (KIND(p)) {
    case RT_PY_T_IF: return compound(p, if_stmt(p));
    case RT_PY_T_WHILE: return compound(p, while_stmt(p));
    case RT_PY_T_FOR: return compound(p, for_stmt(p, start, 0));
    case RT_PY_T_TRY: return compound(p, try_stmt(p));
    case RT_PY_T_WITH: return compound(p, with_stmt(p, start, 0));
    case RT_PY_T_DEF: return compound(p, function_def(p, start, 0, (rt_py_list){NULL, 0}));
    case RT_PY_T_CLASS: return compound(p, class_def(p, start, (rt_py_list){NULL, 0}));
    case RT_PY_T_AT: return compound(p, decorated(p));
    case RT_PY_T_ASYNC: return compound(p, async_stmt(p));
    case RT_PY_T_NAME:
        if (py_is_name(p, "match") && KIND_AT(p, 1) != RT_PY_T_EQUAL &&
            KIND_AT(p, 1) != RT_PY_T_DOT && KIND_AT(p, 1) != RT_PY_T_NEWLINE) {
            bool not_match = false;
            rt_py_node *m = match_stmt(p, &not_match);
            if (!not_match)
                return compound(p, m);
        }
        return simple_stmts(p);
    default:
        return simple_stmts(p);
    }
}

/* ---- lexer error lookup ------------------------------------------------------------ */

/* Whether the lexer reported an error at an offset in [from, to]: the parser then
 * does not add its own report for the same statement. */
static bool lexer_error_in(const parser *p, uint32_t from, uint32_t to)
{
    size_t lo = 0, hi = p->lex_nerrs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->lex_errs[mid].offset < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->lex_nerrs && p->lex_errs[lo].offset <= to;
}

/* ---- rt_py_parse ------------------------------------------------------------------- */

static int cmp_error(const void *a, const void *b)
{
    const rt_py_syntax_error *x = a, *y = b;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Joins lexer and parser errors into the module, sorted by offset. */
static int collect_errors(rt_py_module *m, rt_arena *arena, const py_errors *lex,
                          const py_errors *par)
{
    size_t n = lex->n + par->n;
    m->errors = rt_arena_alloc(arena, (n ? n : 1) * sizeof *m->errors);
    if (!m->errors)
        return RT_ENOMEM;
    if (lex->n)
        memcpy(m->errors, lex->v, lex->n * sizeof *m->errors);
    if (par->n)
        memcpy(m->errors + lex->n, par->v, par->n * sizeof *m->errors);
    if (n > 1)
        qsort(m->errors, n, sizeof *m->errors, cmp_error);
    m->error_count = n;
    return RT_OK;
}

int rt_py_parse(rt_py_module **out, rt_arena *arena, const char *path, const char *src,
                size_t len, rt_error *err)
{
    *out = NULL;
    int rc = RT_OK;
    py_errors decode_errs = {arena, NULL, 0, 0, false};
    py_lexed lx = {0};
    parser p = {0};
    rt_py_module *m = rt_arena_calloc(arena, 1, sizeof *m);
    if (!m || !(m->path = rt_arena_strndup(arena, path ? path : "", path ? strlen(path) : 0))) {
        rc = RT_ENOMEM;
        goto cleanup;
    }
    if (len >= UINT32_MAX / 2) {
        rc = rt_error_set(err, RT_ETOOBIG, path, 0, 0, "Python source is too large");
        goto cleanup;
    }
    rc = py_decode_source(m, arena, src, len, &decode_errs);
    if (rc == RT_OK)
        rc = py_lex(&lx, arena, m->text, m->text_len, 0);
    if (rc == RT_OK && decode_errs.n) {
        for (size_t i = 0; i < decode_errs.n; i++)
            py_errors_add(&lx.errors, decode_errs.v[i].offset, decode_errs.v[i].line, "%s",
                          decode_errs.v[i].message);
        qsort(lx.errors.v, lx.errors.n, sizeof *lx.errors.v, cmp_error);
    }
    if (rc != RT_OK || decode_errs.oom || lx.errors.oom) {
        rc = rt_error_set(err, rc == RT_ETOOBIG ? RT_ETOOBIG : RT_ENOMEM, path, 0, 0,
                          "out of memory parsing Python");
        goto cleanup;
    }
    p.arena = arena;
    p.text = m->text;
    p.t = lx.toks;
    p.n = lx.n;
    p.errs.arena = arena;
    p.lex_errs = lx.errors.v;
    p.lex_nerrs = lx.errors.n;
    statements(&p, true);
    m->body = py_take(&p, 0);
    if (p.oom || p.errs.oom || collect_errors(m, arena, &lx.errors, &p.errs) != RT_OK) {
        rc = rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory parsing Python");
        goto cleanup;
    }
    *out = m;
cleanup:
    free(p.stk);
    py_errors_free(&p.errs);
    py_lexed_free(&lx);
    py_errors_free(&decode_errs);
    return rc;
}
