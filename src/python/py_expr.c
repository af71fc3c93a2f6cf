/* Python 3.12 expressions: recursive descent with precedence climbing for binary
 * operators. Each function returns a node, or NULL after recording a syntax error. */
#include <string.h>

#include "python/py_parser.h"

static rt_py_node *factor(parser *p);

#define TRY(x) do { if (!(x)) return NULL; } while (0)

/* ---- helpers ----------------------------------------------------------------------- */

static bool starts_expression(rt_py_tok k)
{
    switch (k) {
    case RT_PY_T_NAME: case RT_PY_T_NUMBER: case RT_PY_T_STRING: case RT_PY_T_FSTRING_START:
    case RT_PY_T_LPAR: case RT_PY_T_LSQB: case RT_PY_T_LBRACE: case RT_PY_T_MINUS:
    case RT_PY_T_PLUS: case RT_PY_T_TILDE: case RT_PY_T_ELLIPSIS: case RT_PY_T_NOT:
    case RT_PY_T_LAMBDA: case RT_PY_T_AWAIT: case RT_PY_T_NONE: case RT_PY_T_TRUE:
    case RT_PY_T_FALSE: case RT_PY_T_STAR:
        return true;
    default:
        return false;
    }
}

static rt_py_node *name_node(parser *p, const rt_py_token *t)
{
    rt_py_node *n = PY_NEW(p, RT_PY_NAME, name, t->start);
    TRY(n);
    n->end = t->start + t->len;
    n->u.name.id = py_tok_str(p, t);
    return n;
}

static rt_py_node *starred(parser *p, rt_py_node *(*inner)(parser *))
{
    uint32_t start = TOK(p)->start;
    py_advance(p);
    rt_py_node *v = inner(p);
    TRY(v);
    rt_py_node *n = PY_NEW(p, RT_PY_STARRED, value, start);
    TRY(n);
    n->u.value.value = v;
    py_finish(p, n);
    return n;
}

static rt_py_node *seq_node(parser *p, rt_py_kind kind, uint32_t start, size_t mark)
{
    rt_py_node *n = PY_NEW(p, kind, seq, start);
    TRY(n);
    n->u.seq.elts = py_take(p, mark);
    py_finish(p, n);
    return n;
}

/* ---- comprehensions ---------------------------------------------------------------- */

static bool at_comprehension(parser *p)
{
    return KIND(p) == RT_PY_T_FOR || (KIND(p) == RT_PY_T_ASYNC && KIND_AT(p, 1) == RT_PY_T_FOR);
}

/* for_if_clauses: one or more `[async] for targets in disjunction (if disjunction)*`. */
static bool comprehension_clauses(parser *p, rt_py_list *out)
{
    size_t mark = p->sn;
    while (at_comprehension(p)) {
        uint32_t start = TOK(p)->start;
        uint16_t flags = 0;
        if (py_accept(p, RT_PY_T_ASYNC))
            flags = RT_PY_NF_ASYNC;
        py_advance(p);
        rt_py_node *c = PY_NEW(p, RT_PY_COMPREHENSION, comprehension, start);
        TRY(c);
        c->flags = flags;
        TRY(c->u.comprehension.target = py_star_targets(p));
        TRY(py_set_target(p, c->u.comprehension.target, RT_PY_NF_STORE, ""));
        TRY(py_expect(p, RT_PY_T_IN));
        TRY(c->u.comprehension.iter = py_disjunction(p));
        size_t imark = p->sn;
        while (py_accept(p, RT_PY_T_IF)) {
            rt_py_node *cond = py_disjunction(p);
            TRY(cond);
            TRY(py_push(p, cond));
        }
        c->u.comprehension.ifs = py_take(p, imark);
        py_finish(p, c);
        TRY(py_push(p, c));
    }
    *out = py_take(p, mark);
    return !p->oom;
}

static rt_py_node *comprehension(parser *p, rt_py_kind kind, uint32_t start, rt_py_node *elt,
                                 rt_py_node *value, rt_py_tok closer)
{
    rt_py_node *n = PY_NEW(p, kind, comp, start);
    TRY(n);
    n->u.comp.elt = elt;
    n->u.comp.value = value;
    TRY(comprehension_clauses(p, &n->u.comp.generators));
    TRY(py_expect(p, closer));
    py_finish(p, n);
    return n;
}

/* ---- displays ---------------------------------------------------------------------- */

/* star_named_expression: '*' bitwise_or | named_expression */
static rt_py_node *star_named_expression(parser *p)
{
    if (KIND(p) == RT_PY_T_STAR)
        return starred(p, py_bitwise_or);
    return py_named_expression(p);
}

/* Items after the first of a list, tuple or set display, up to closer (not consumed). */
static bool display_items(parser *p, rt_py_tok closer)
{
    while (py_accept(p, RT_PY_T_COMMA)) {
        if (KIND(p) == closer)
            break;
        rt_py_node *e = star_named_expression(p);
        TRY(e);
        TRY(py_push(p, e));
    }
    if (KIND(p) != closer) {
        if (starts_expression(KIND(p)))
            return py_fail(p, p->stk[p->sn - 1]->start, "invalid syntax. Perhaps you forgot a comma?");
        return py_expect_fail(p, closer);
    }
    return true;
}

static rt_py_node *paren_atom(parser *p)
{
    uint32_t start = TOK(p)->start;
    py_advance(p);
    if (py_accept(p, RT_PY_T_RPAR)) {
        rt_py_node *t = seq_node(p, RT_PY_TUPLE, start, p->sn);
        if (t)
            t->flags |= RT_PY_NF_PARENS;
        return t;
    }
    rt_py_node *first;
    if (KIND(p) == RT_PY_T_YIELD) {
        TRY(first = py_yield_or_star_expressions(p));
        TRY(py_expect(p, RT_PY_T_RPAR));
        first->flags |= RT_PY_NF_PARENS;
        return first;
    }
    TRY(first = star_named_expression(p));
    if (at_comprehension(p)) {
        if (first->kind == RT_PY_STARRED)
            return py_fail(p, first->start, "iterable unpacking cannot be used in comprehension");
        return comprehension(p, RT_PY_GENERATOR_EXP, start, first, NULL, RT_PY_T_RPAR);
    }
    if (py_accept(p, RT_PY_T_RPAR)) {
        if (first->kind == RT_PY_STARRED)
            return py_fail(p, first->start, "cannot use starred expression here");
        first->flags |= RT_PY_NF_PARENS;
        return first;
    }
    if (KIND(p) != RT_PY_T_COMMA) {
        if (starts_expression(KIND(p)))
            return py_fail(p, first->start, "invalid syntax. Perhaps you forgot a comma?");
        return py_expect_fail(p, RT_PY_T_RPAR);
    }
    size_t mark = p->sn;
    TRY(py_push(p, first));
    TRY(display_items(p, RT_PY_T_RPAR));
    py_advance(p);
    rt_py_node *t = seq_node(p, RT_PY_TUPLE, start, mark);
    if (t)
        t->flags |= RT_PY_NF_PARENS;
    return t;
}

static rt_py_node *list_atom(parser *p)
{
    uint32_t start = TOK(p)->start;
    py_advance(p);
    size_t mark = p->sn;
    if (py_accept(p, RT_PY_T_RSQB))
        return seq_node(p, RT_PY_LIST, start, mark);
    rt_py_node *first = star_named_expression(p);
    TRY(first);
    if (at_comprehension(p)) {
        if (first->kind == RT_PY_STARRED)
            return py_fail(p, first->start, "iterable unpacking cannot be used in comprehension");
        return comprehension(p, RT_PY_LIST_COMP, start, first, NULL, RT_PY_T_RSQB);
    }
    TRY(py_push(p, first));
    TRY(display_items(p, RT_PY_T_RSQB));
    py_advance(p);
    return seq_node(p, RT_PY_LIST, start, mark);
}

/* One `key: value` or `**mapping` of a dict display; pushes key (or NULL) and value. */
static bool dict_item(parser *p, size_t *nitems)
{
    rt_py_node *k = NULL, *v;
    if (py_accept(p, RT_PY_T_DOUBLESTAR)) {
        TRY(v = py_bitwise_or(p));
    } else {
        TRY(k = py_expression(p));
        TRY(py_expect(p, RT_PY_T_COLON));
        TRY(v = py_expression(p));
    }
    TRY(py_push(p, k) && py_push(p, v));
    (*nitems)++;
    return true;
}

/* Splits the interleaved key, value pairs pushed since mark into a DICT node. */
static rt_py_node *dict_node(parser *p, uint32_t start, size_t mark, size_t nitems)
{
    rt_py_node *d = PY_NEW(p, RT_PY_DICT, dict, start);
    TRY(d);
    rt_py_node **keys = rt_arena_alloc(p->arena, (nitems ? nitems : 1) * sizeof *keys);
    rt_py_node **vals = rt_arena_alloc(p->arena, (nitems ? nitems : 1) * sizeof *vals);
    if (!keys || !vals) {
        p->oom = true;
        return py_fail(p, start, "out of memory");
    }
    for (size_t i = 0; i < nitems; i++) {
        keys[i] = p->stk[mark + 2 * i];
        vals[i] = p->stk[mark + 2 * i + 1];
    }
    p->sn = mark;
    d->u.dict.keys = (rt_py_list){keys, (uint32_t)nitems};
    d->u.dict.values = (rt_py_list){vals, (uint32_t)nitems};
    py_finish(p, d);
    return d;
}

static rt_py_node *brace_atom(parser *p)
{
    uint32_t start = TOK(p)->start;
    py_advance(p);
    size_t mark = p->sn, nitems = 0;
    if (py_accept(p, RT_PY_T_RBRACE))
        return dict_node(p, start, mark, 0);
    if (KIND(p) == RT_PY_T_DOUBLESTAR) {
        TRY(dict_item(p, &nitems));
    } else {
        rt_py_node *first = star_named_expression(p);
        TRY(first);
        if (py_accept(p, RT_PY_T_COLON)) {
            rt_py_node *v = py_expression(p);
            TRY(v);
            if (at_comprehension(p))
                return comprehension(p, RT_PY_DICT_COMP, start, first, v, RT_PY_T_RBRACE);
            TRY(py_push(p, first) && py_push(p, v));
            nitems = 1;
        } else {
            if (at_comprehension(p))
                return comprehension(p, RT_PY_SET_COMP, start, first, NULL, RT_PY_T_RBRACE);
            TRY(py_push(p, first));
            TRY(display_items(p, RT_PY_T_RBRACE));
            py_advance(p);
            return seq_node(p, RT_PY_SET, start, mark);
        }
    }
    if (at_comprehension(p))
        return py_fail(p, TOK(p)->start, "dict unpacking cannot be used in dict comprehension");
    while (py_accept(p, RT_PY_T_COMMA)) {
        if (KIND(p) == RT_PY_T_RBRACE)
            break;
        TRY(dict_item(p, &nitems));
    }
    TRY(py_expect(p, RT_PY_T_RBRACE));
    return dict_node(p, start, mark, nitems);
}

/* ---- atoms ------------------------------------------------------------------------- */

static rt_py_node *number(parser *p)
{
    const rt_py_token *t = TOK(p);
    rt_py_node *n = PY_NEW(p, RT_PY_CONSTANT, constant, t->start);
    TRY(n);
    rt_str s = py_tok_str(p, t);
    char last = s.p[s.len - 1];
    bool hex = s.len > 1 && s.p[0] == '0' && (s.p[1] == 'x' || s.p[1] == 'X');
    n->op = RT_PY_CONST_INT;
    if (last == 'j' || last == 'J')
        n->op = RT_PY_CONST_IMAG;
    else if (!hex && (memchr(s.p, '.', s.len) || memchr(s.p, 'e', s.len) ||
                      memchr(s.p, 'E', s.len)))
        n->op = RT_PY_CONST_FLOAT;
    n->u.constant.text = s;
    n->end = t->start + t->len;
    py_advance(p);
    return n;
}

static rt_py_node *constant(parser *p, rt_py_const c)
{
    const rt_py_token *t = TOK(p);
    rt_py_node *n = PY_NEW(p, RT_PY_CONSTANT, constant, t->start);
    TRY(n);
    n->op = (uint8_t)c;
    n->u.constant.text = py_tok_str(p, t);
    n->end = t->start + t->len;
    py_advance(p);
    return n;
}

static rt_py_node *bracket_atom(parser *p)
{
    TRY(py_enter(p));
    rt_py_node *r;
    switch (KIND(p)) {
    case RT_PY_T_LPAR: r = paren_atom(p); break;
    case RT_PY_T_LSQB: r = list_atom(p); break;
    default: r = brace_atom(p); break;
    }
    py_leave(p);
    return r;
}

rt_py_node *py_atom(parser *p)
{
    switch (KIND(p)) {
    case RT_PY_T_NAME: {
        rt_py_node *n = name_node(p, TOK(p));
        py_advance(p);
        return n;
    }
    case RT_PY_T_NUMBER: return number(p);
    case RT_PY_T_STRING: case RT_PY_T_FSTRING_START: return py_strings(p);
    case RT_PY_T_NONE: return constant(p, RT_PY_CONST_NONE);
    case RT_PY_T_TRUE: return constant(p, RT_PY_CONST_TRUE);
    case RT_PY_T_FALSE: return constant(p, RT_PY_CONST_FALSE);
    case RT_PY_T_ELLIPSIS: return constant(p, RT_PY_CONST_ELLIPSIS);
    case RT_PY_T_LPAR: case RT_PY_T_LSQB: case RT_PY_T_LBRACE: return bracket_atom(p);
    default: return py_fail_here(p);
    }
}

/* ---- primaries --------------------------------------------------------------------- */

/* Call arguments after '('; consumes ')'. */
bool py_call_args(parser *p, rt_py_node *call, uint32_t lpar)
{
    size_t amark = p->sn;
    rt_py_node **kws = NULL;
    size_t nkw = 0, kwcap = 0;
    bool seen_kw = false, seen_dstar = false;
    while (KIND(p) != RT_PY_T_RPAR) {
        uint32_t start = TOK(p)->start;
        rt_py_node *kw = NULL, *arg = NULL;
        if (KIND(p) == RT_PY_T_STAR) {
            TRY(arg = starred(p, py_expression));
            if (seen_dstar)
                return py_fail(p, start,
                               "iterable argument unpacking follows keyword argument unpacking");
        } else if (KIND(p) == RT_PY_T_DOUBLESTAR) {
            py_advance(p);
            TRY(kw = PY_NEW(p, RT_PY_KEYWORD, keyword, start));
            TRY(kw->u.keyword.value = py_expression(p));
            seen_dstar = true;
        } else if (KIND(p) == RT_PY_T_NAME && KIND_AT(p, 1) == RT_PY_T_EQUAL) {
            TRY(kw = PY_NEW(p, RT_PY_KEYWORD, keyword, start));
            kw->u.keyword.arg = py_tok_str(p, TOK(p));
            py_advance(p);
            py_advance(p);
            TRY(kw->u.keyword.value = py_expression(p));
            seen_kw = true;
        } else {
            TRY(arg = py_named_expression(p));
            if (at_comprehension(p)) {
                /* f(x for x in y): the generator's span is the call's parentheses. */
                if (p->sn != amark || nkw)
                    return py_fail(p, start, "Generator expression must be parenthesized");
                rt_py_node *g = PY_NEW(p, RT_PY_GENERATOR_EXP, comp, lpar);
                TRY(g);
                g->u.comp.elt = arg;
                TRY(comprehension_clauses(p, &g->u.comp.generators));
                if (KIND(p) != RT_PY_T_RPAR)
                    return py_fail(p, start, "Generator expression must be parenthesized");
                g->end = TOK(p)->start + 1;
                TRY(py_push(p, g));
                break;
            }
            if (seen_dstar)
                return py_fail(p, start,
                               "positional argument follows keyword argument unpacking");
            if (seen_kw)
                return py_fail(p, start, "positional argument follows keyword argument");
        }
        if (kw) {
            py_finish(p, kw);
            if (nkw == kwcap) {
                size_t ncap = kwcap ? kwcap * 2 : 4;
                kws = rt_arena_grow(p->arena, kws, kwcap, ncap, sizeof *kws);
                if (!kws) {
                    p->oom = true;
                    return py_fail(p, start, "out of memory");
                }
                kwcap = ncap;
            }
            kws[nkw++] = kw;
        } else {
            TRY(py_push(p, arg));
        }
        if (KIND(p) == RT_PY_T_RPAR)
            break;
        if (KIND(p) != RT_PY_T_COMMA) {
            if (starts_expression(KIND(p)))
                return py_fail(p, start, "invalid syntax. Perhaps you forgot a comma?");
            return py_expect_fail(p, RT_PY_T_RPAR);
        }
        py_advance(p);
    }
    py_advance(p);
    call->u.call.args = py_take(p, amark);
    call->u.call.keywords = (rt_py_list){kws, (uint32_t)nkw};
    return true;
}

/* One subscript item: a slice, a starred expression or a named expression. */
static rt_py_node *slice_item(parser *p)
{
    uint32_t start = TOK(p)->start;
    rt_py_node *lower = NULL;
    if (KIND(p) == RT_PY_T_STAR)
        return starred(p, py_bitwise_or);
    if (KIND(p) != RT_PY_T_COLON) {
        TRY(lower = py_named_expression(p));
        if (KIND(p) != RT_PY_T_COLON)
            return lower;
    }
    rt_py_node *s = PY_NEW(p, RT_PY_SLICE, slice, start);
    TRY(s);
    s->u.slice.lower = lower;
    py_advance(p);
    rt_py_tok k = KIND(p);
    if (k != RT_PY_T_COLON && k != RT_PY_T_COMMA && k != RT_PY_T_RSQB)
        TRY(s->u.slice.upper = py_expression(p));
    if (py_accept(p, RT_PY_T_COLON)) {
        k = KIND(p);
        if (k != RT_PY_T_COMMA && k != RT_PY_T_RSQB)
            TRY(s->u.slice.step = py_expression(p));
    }
    py_finish(p, s);
    return s;
}

/* Subscript after '['; consumes ']'. */
static rt_py_node *slices(parser *p)
{
    uint32_t start = TOK(p)->start;
    rt_py_node *first = slice_item(p);
    TRY(first);
    if (KIND(p) != RT_PY_T_COMMA) {
        TRY(py_expect(p, RT_PY_T_RSQB));
        return first;
    }
    size_t mark = p->sn;
    TRY(py_push(p, first));
    while (py_accept(p, RT_PY_T_COMMA)) {
        if (KIND(p) == RT_PY_T_RSQB)
            break;
        rt_py_node *e = slice_item(p);
        TRY(e);
        TRY(py_push(p, e));
    }
    rt_py_node *t = PY_NEW(p, RT_PY_TUPLE, seq, start);
    TRY(t);
    t->u.seq.elts = py_take(p, mark);
    py_finish(p, t);
    TRY(py_expect(p, RT_PY_T_RSQB));
    return t;
}

bool py_chain_step(parser *p)
{
    if (p->depth + ++p->chain > PY_MAX_CHAIN) {
        py_fail(p, TOK(p)->start, "expression is too complex");
        return false;
    }
    return true;
}

static rt_py_node *trailer(parser *p, rt_py_node *e, uint32_t start)
{
    rt_py_node *n;
    switch (KIND(p)) {
    case RT_PY_T_DOT:
        py_advance(p);
        if (KIND(p) != RT_PY_T_NAME)
            return py_fail_here(p);
        TRY(n = PY_NEW(p, RT_PY_ATTRIBUTE, attribute, start));
        n->u.attribute.value = e;
        n->u.attribute.attr = py_tok_str(p, TOK(p));
        n->u.attribute.attr_start = TOK(p)->start;
        py_advance(p);
        break;
    case RT_PY_T_LPAR:
        TRY(py_enter(p));
        uint32_t lpar = TOK(p)->start;
        py_advance(p);
        TRY(n = PY_NEW(p, RT_PY_CALL, call, start));
        n->u.call.func = e;
        TRY(py_call_args(p, n, lpar));
        py_leave(p);
        break;
    default:
        TRY(py_enter(p));
        py_advance(p);
        TRY(n = PY_NEW(p, RT_PY_SUBSCRIPT, subscript, start));
        n->u.subscript.value = e;
        TRY(n->u.subscript.slice = slices(p));
        py_leave(p);
        break;
    }
    py_finish(p, n);
    return n;
}

/* Nodes built on an operand start at its first token, parentheses included, as in
 * CPython: in `(a).b` the Attribute starts at '(' and the Name at 'a'. */
static rt_py_node *primary(parser *p)
{
    uint32_t start = TOK(p)->start;
    rt_py_node *e = py_atom(p);
    TRY(e);
    int saved = p->chain;
    for (;;) {
        rt_py_tok k = KIND(p);
        if (k != RT_PY_T_DOT && k != RT_PY_T_LPAR && k != RT_PY_T_LSQB)
            break;
        TRY(py_chain_step(p));
        TRY(e = trailer(p, e, start));
    }
    p->chain = saved;
    return e;
}

/* A dotted name (decorators, patterns): NAME ('.' NAME)* */
rt_py_node *py_primary_name(parser *p)
{
    if (KIND(p) != RT_PY_T_NAME)
        return py_fail_here(p);
    uint32_t start = TOK(p)->start;
    rt_py_node *e = py_atom(p);
    TRY(e);
    while (KIND(p) == RT_PY_T_DOT && KIND_AT(p, 1) == RT_PY_T_NAME)
        TRY(e = trailer(p, e, start));
    return e;
}

static rt_py_node *await_primary(parser *p)
{
    if (KIND(p) != RT_PY_T_AWAIT)
        return primary(p);
    uint32_t start = TOK(p)->start;
    py_advance(p);
    rt_py_node *v = primary(p);
    TRY(v);
    rt_py_node *n = PY_NEW(p, RT_PY_AWAIT, value, start);
    TRY(n);
    n->u.value.value = v;
    py_finish(p, n);
    return n;
}

static rt_py_node *power(parser *p)
{
    uint32_t start = TOK(p)->start;
    rt_py_node *base = await_primary(p);
    TRY(base);
    if (KIND(p) != RT_PY_T_DOUBLESTAR)
        return base;
    py_advance(p);
    rt_py_node *ex = factor(p);
    TRY(ex);
    rt_py_node *n = PY_NEW(p, RT_PY_BIN_OP, bin_op, start);
    TRY(n);
    n->op = RT_PY_OP_POW;
    n->u.bin_op.left = base;
    n->u.bin_op.right = ex;
    py_finish(p, n);
    return n;
}

static rt_py_node *factor(parser *p)
{
    rt_py_op op;
    switch (KIND(p)) {
    case RT_PY_T_PLUS: op = RT_PY_OP_UADD; break;
    case RT_PY_T_MINUS: op = RT_PY_OP_USUB; break;
    case RT_PY_T_TILDE: op = RT_PY_OP_INVERT; break;
    default: return power(p);
    }
    uint32_t start = TOK(p)->start;
    TRY(py_enter(p));
    py_advance(p);
    rt_py_node *v = factor(p);
    py_leave(p);
    TRY(v);
    rt_py_node *n = PY_NEW(p, RT_PY_UNARY_OP, unary_op, start);
    TRY(n);
    n->op = (uint8_t)op;
    n->u.unary_op.operand = v;
    py_finish(p, n);
    return n;
}

/* ---- binary operators -------------------------------------------------------------- */

static int bin_prec(rt_py_tok k, rt_py_op *op)
{
    switch (k) {
    case RT_PY_T_VBAR: *op = RT_PY_OP_BITOR; return 1;
    case RT_PY_T_CIRCUMFLEX: *op = RT_PY_OP_BITXOR; return 2;
    case RT_PY_T_AMPER: *op = RT_PY_OP_BITAND; return 3;
    case RT_PY_T_LEFTSHIFT: *op = RT_PY_OP_LSHIFT; return 4;
    case RT_PY_T_RIGHTSHIFT: *op = RT_PY_OP_RSHIFT; return 4;
    case RT_PY_T_PLUS: *op = RT_PY_OP_ADD; return 5;
    case RT_PY_T_MINUS: *op = RT_PY_OP_SUB; return 5;
    case RT_PY_T_STAR: *op = RT_PY_OP_MULT; return 6;
    case RT_PY_T_SLASH: *op = RT_PY_OP_DIV; return 6;
    case RT_PY_T_DOUBLESLASH: *op = RT_PY_OP_FLOORDIV; return 6;
    case RT_PY_T_PERCENT: *op = RT_PY_OP_MOD; return 6;
    case RT_PY_T_AT: *op = RT_PY_OP_MATMULT; return 6;
    default: return 0;
    }
}

static rt_py_node *binary(parser *p, int min_prec)
{
    uint32_t start = TOK(p)->start;
    rt_py_node *left = factor(p);
    TRY(left);
    int saved = p->chain;
    for (;;) {
        rt_py_op op;
        int prec = bin_prec(KIND(p), &op);
        if (prec == 0 || prec < min_prec)
            break;
        TRY(py_chain_step(p));
        py_advance(p);
        rt_py_node *right = prec < 6 ? binary(p, prec + 1) : factor(p);
        TRY(right);
        rt_py_node *n = PY_NEW(p, RT_PY_BIN_OP, bin_op, start);
        TRY(n);
        n->op = (uint8_t)op;
        n->u.bin_op.left = left;
        n->u.bin_op.right = right;
        py_finish(p, n);
        left = n;
    }
    p->chain = saved;
    return left;
}

rt_py_node *py_bitwise_or(parser *p)
{
    return binary(p, 1);
}

/* ---- comparisons and boolean operators --------------------------------------------- */

static rt_py_op compare_op(parser *p)
{
    switch (KIND(p)) {
    case RT_PY_T_EQEQUAL: return RT_PY_OP_EQ;
    case RT_PY_T_NOTEQUAL: return RT_PY_OP_NOTEQ;
    case RT_PY_T_LESS: return RT_PY_OP_LT;
    case RT_PY_T_LESSEQUAL: return RT_PY_OP_LTE;
    case RT_PY_T_GREATER: return RT_PY_OP_GT;
    case RT_PY_T_GREATEREQUAL: return RT_PY_OP_GTE;
    case RT_PY_T_IN: return RT_PY_OP_IN;
    case RT_PY_T_IS: return KIND_AT(p, 1) == RT_PY_T_NOT ? RT_PY_OP_ISNOT : RT_PY_OP_IS;
    case RT_PY_T_NOT: return KIND_AT(p, 1) == RT_PY_T_IN ? RT_PY_OP_NOTIN : RT_PY_OP_NONE;
    default: return RT_PY_OP_NONE;
    }
}

static rt_py_node *comparison(parser *p)
{
    uint32_t start = TOK(p)->start;
    rt_py_node *left = py_bitwise_or(p);
    TRY(left);
    rt_py_op op = compare_op(p);
    if (op == RT_PY_OP_NONE)
        return left;
    uint8_t local[8], *ops = local;
    size_t nops = 0, cap = sizeof local;
    size_t mark = p->sn;
    while (op != RT_PY_OP_NONE) {
        py_advance(p);
        if (op == RT_PY_OP_ISNOT || op == RT_PY_OP_NOTIN)
            py_advance(p);
        rt_py_node *right = py_bitwise_or(p);
        TRY(right);
        TRY(py_push(p, right));
        if (nops == cap) {
            uint8_t *g = rt_arena_alloc(p->arena, cap * 2);
            if (!g) {
                p->oom = true;
                return py_fail(p, left->start, "out of memory");
            }
            memcpy(g, ops, nops);
            ops = g;
            cap *= 2;
        }
        ops[nops++] = (uint8_t)op;
        op = compare_op(p);
    }
    rt_py_node *n = PY_NEW(p, RT_PY_COMPARE, compare, start);
    TRY(n);
    n->u.compare.left = left;
    n->u.compare.ops = rt_arena_alloc(p->arena, nops);
    if (!n->u.compare.ops) {
        p->oom = true;
        return py_fail(p, left->start, "out of memory");
    }
    memcpy(n->u.compare.ops, ops, nops);
    n->u.compare.comparators = py_take(p, mark);
    py_finish(p, n);
    return n;
}

static rt_py_node *inversion(parser *p)
{
    if (KIND(p) != RT_PY_T_NOT)
        return comparison(p);
    uint32_t start = TOK(p)->start;
    TRY(py_enter(p));
    py_advance(p);
    rt_py_node *v = inversion(p);
    py_leave(p);
    TRY(v);
    rt_py_node *n = PY_NEW(p, RT_PY_UNARY_OP, unary_op, start);
    TRY(n);
    n->op = RT_PY_OP_NOT;
    n->u.unary_op.operand = v;
    py_finish(p, n);
    return n;
}

static rt_py_node *bool_chain(parser *p, rt_py_tok tok, rt_py_op op,
                              rt_py_node *(*operand)(parser *))
{
    uint32_t start = TOK(p)->start;
    rt_py_node *first = operand(p);
    TRY(first);
    if (KIND(p) != tok)
        return first;
    size_t mark = p->sn;
    TRY(py_push(p, first));
    while (py_accept(p, tok)) {
        rt_py_node *e = operand(p);
        TRY(e);
        TRY(py_push(p, e));
    }
    rt_py_node *n = PY_NEW(p, RT_PY_BOOL_OP, bool_op, start);
    TRY(n);
    n->op = (uint8_t)op;
    n->u.bool_op.values = py_take(p, mark);
    py_finish(p, n);
    return n;
}

static rt_py_node *conjunction(parser *p)
{
    return bool_chain(p, RT_PY_T_AND, RT_PY_OP_AND, inversion);
}

rt_py_node *py_disjunction(parser *p)
{
    return bool_chain(p, RT_PY_T_OR, RT_PY_OP_OR, conjunction);
}

/* ---- expressions ------------------------------------------------------------------- */

static rt_py_node *lambda(parser *p)
{
    uint32_t start = TOK(p)->start;
    TRY(py_enter(p));
    py_advance(p);
    rt_py_node *n = PY_NEW(p, RT_PY_LAMBDA, lambda, start);
    TRY(n);
    TRY(n->u.lambda.args = py_parameters(p, RT_PY_T_COLON, false));
    TRY(py_expect(p, RT_PY_T_COLON));
    TRY(n->u.lambda.body = py_expression(p));
    py_leave(p);
    py_finish(p, n);
    return n;
}

rt_py_node *py_expression(parser *p)
{
    if (KIND(p) == RT_PY_T_LAMBDA)
        return lambda(p);
    uint32_t start = TOK(p)->start;
    rt_py_node *body = py_disjunction(p);
    TRY(body);
    if (KIND(p) != RT_PY_T_IF)
        return body;
    py_advance(p);
    rt_py_node *n = PY_NEW(p, RT_PY_IF_EXP, if_exp, start);
    TRY(n);
    n->u.if_exp.body = body;
    TRY(n->u.if_exp.test = py_disjunction(p));
    if (KIND(p) != RT_PY_T_ELSE)
        return py_fail(p, n->start, "expected 'else' after 'if' expression");
    py_advance(p);
    TRY(py_enter(p));
    n->u.if_exp.orelse = py_expression(p);
    py_leave(p);
    TRY(n->u.if_exp.orelse);
    py_finish(p, n);
    return n;
}

rt_py_node *py_named_expression(parser *p)
{
    if (KIND(p) != RT_PY_T_NAME || KIND_AT(p, 1) != RT_PY_T_COLONEQUAL)
        return py_expression(p);
    rt_py_node *target = name_node(p, TOK(p));
    TRY(target);
    target->flags |= RT_PY_NF_STORE;
    py_advance(p);
    py_advance(p);
    rt_py_node *n = PY_NEW(p, RT_PY_NAMED_EXPR, named_expr, target->start);
    TRY(n);
    n->u.named_expr.target = target;
    TRY(n->u.named_expr.value = py_expression(p));
    py_finish(p, n);
    return n;
}

static rt_py_node *star_expression(parser *p)
{
    if (KIND(p) == RT_PY_T_STAR)
        return starred(p, py_bitwise_or);
    return py_expression(p);
}

/* One item, or a tuple of items when there is a comma (a trailing comma allowed). */
static rt_py_node *item_or_tuple(parser *p, rt_py_node *(*item)(parser *))
{
    uint32_t start = TOK(p)->start;
    rt_py_node *first = item(p);
    TRY(first);
    if (KIND(p) != RT_PY_T_COMMA)
        return first;
    size_t mark = p->sn;
    TRY(py_push(p, first));
    while (py_accept(p, RT_PY_T_COMMA)) {
        if (!starts_expression(KIND(p)))
            break;
        rt_py_node *e = item(p);
        TRY(e);
        TRY(py_push(p, e));
    }
    return seq_node(p, RT_PY_TUPLE, start, mark);
}

/* star_expressions: a single expression, or a tuple when there is a comma. */
rt_py_node *py_star_expressions(parser *p)
{
    return item_or_tuple(p, star_expression);
}

rt_py_node *py_star_named_expressions(parser *p)
{
    return item_or_tuple(p, star_named_expression);
}

rt_py_node *py_yield_or_star_expressions(parser *p)
{
    if (KIND(p) != RT_PY_T_YIELD)
        return py_star_expressions(p);
    uint32_t start = TOK(p)->start;
    py_advance(p);
    rt_py_node *n;
    if (py_accept(p, RT_PY_T_FROM)) {
        TRY(n = PY_NEW(p, RT_PY_YIELD_FROM, value, start));
        TRY(n->u.value.value = py_expression(p));
    } else {
        TRY(n = PY_NEW(p, RT_PY_YIELD, value, start));
        if (starts_expression(KIND(p)))
            TRY(n->u.value.value = py_star_expressions(p));
    }
    py_finish(p, n);
    return n;
}

/* star_targets: targets of for loops and comprehensions (no comparisons). */
rt_py_node *py_star_targets(parser *p)
{
    uint32_t start = TOK(p)->start;
    rt_py_node *first =
        KIND(p) == RT_PY_T_STAR ? starred(p, py_bitwise_or) : py_bitwise_or(p);
    TRY(first);
    if (KIND(p) != RT_PY_T_COMMA)
        return first;
    size_t mark = p->sn;
    TRY(py_push(p, first));
    while (py_accept(p, RT_PY_T_COMMA)) {
        if (KIND(p) == RT_PY_T_IN || KIND(p) == RT_PY_T_EQUAL || !starts_expression(KIND(p)))
            break;
        rt_py_node *e = KIND(p) == RT_PY_T_STAR ? starred(p, py_bitwise_or) : py_bitwise_or(p);
        TRY(e);
        TRY(py_push(p, e));
    }
    return seq_node(p, RT_PY_TUPLE, start, mark);
}

/* ---- targets ----------------------------------------------------------------------- */

const char *py_describe(const rt_py_node *e)
{
    switch (e->kind) {
    case RT_PY_CALL: return "function call";
    case RT_PY_CONSTANT:
        switch (e->op) {
        case RT_PY_CONST_NONE: return "None";
        case RT_PY_CONST_TRUE: return "True";
        case RT_PY_CONST_FALSE: return "False";
        case RT_PY_CONST_ELLIPSIS: return "ellipsis";
        default: return "literal";
        }
    case RT_PY_STRING: return "literal";
    case RT_PY_JOINED_STR: return "f-string expression";
    case RT_PY_COMPARE: return "comparison";
    case RT_PY_LAMBDA: return "lambda";
    case RT_PY_IF_EXP: return "conditional expression";
    case RT_PY_NAMED_EXPR: return "named expression";
    case RT_PY_LIST_COMP: return "list comprehension";
    case RT_PY_SET_COMP: return "set comprehension";
    case RT_PY_DICT_COMP: return "dict comprehension";
    case RT_PY_GENERATOR_EXP: return "generator expression";
    case RT_PY_AWAIT: return "await expression";
    case RT_PY_YIELD: case RT_PY_YIELD_FROM: return "yield expression";
    case RT_PY_DICT: return "dict literal";
    case RT_PY_SET: return "set display";
    case RT_PY_STARRED: return "starred";
    case RT_PY_TUPLE: return "tuple";
    case RT_PY_LIST: return "list";
    default: return "expression";
    }
}

bool py_set_target(parser *p, rt_py_node *e, unsigned ctx, const char *how)
{
    switch (e->kind) {
    case RT_PY_NAME: case RT_PY_ATTRIBUTE: case RT_PY_SUBSCRIPT:
        e->flags |= (uint16_t)ctx;
        return true;
    case RT_PY_STARRED:
        if (ctx & RT_PY_NF_DEL)
            break;
        e->flags |= (uint16_t)ctx;
        return py_set_target(p, e->u.value.value, ctx, "");
    case RT_PY_TUPLE: case RT_PY_LIST:
        e->flags |= (uint16_t)ctx;
        for (uint32_t i = 0; i < e->u.seq.elts.len; i++)
            if (!py_set_target(p, e->u.seq.elts.items[i], ctx, ""))
                return false;
        return true;
    default:
        break;
    }
    py_fail(p, e->start, "cannot %s %s%s", ctx & RT_PY_NF_DEL ? "delete" : "assign to",
            py_describe(e), how);
    return false;
}
