/* match statement patterns (PEP 634). */
#include <string.h>

#include "python/py_parser.h"

#define TRY(x) do { if (!(x)) return NULL; } while (0)

static rt_py_node *pattern(parser *p);

static rt_py_node *wrap_value(parser *p, rt_py_kind kind, rt_py_node *v)
{
    rt_py_node *n = PY_NEW(p, kind, value, v->start);
    TRY(n);
    n->u.value.value = v;
    n->end = v->end;
    return n;
}

/* A string, or a signed number maybe followed by + or - an imaginary part. */
static rt_py_node *number_or_string(parser *p)
{
    if (KIND(p) == RT_PY_T_STRING)
        return py_strings(p);
    uint32_t start = TOK(p)->start;
    bool neg = py_accept(p, RT_PY_T_MINUS);
    if (KIND(p) != RT_PY_T_NUMBER)
        return py_fail_here(p);
    rt_py_node *e = py_atom(p);
    TRY(e);
    if (neg) {
        rt_py_node *u = PY_NEW(p, RT_PY_UNARY_OP, unary_op, start);
        TRY(u);
        u->op = RT_PY_OP_USUB;
        u->u.unary_op.operand = e;
        py_finish(p, u);
        e = u;
    }
    if ((KIND(p) == RT_PY_T_PLUS || KIND(p) == RT_PY_T_MINUS) &&
        KIND_AT(p, 1) == RT_PY_T_NUMBER) {
        rt_py_node *b = PY_NEW(p, RT_PY_BIN_OP, bin_op, start);
        TRY(b);
        b->op = KIND(p) == RT_PY_T_PLUS ? RT_PY_OP_ADD : RT_PY_OP_SUB;
        py_advance(p);
        b->u.bin_op.left = e;
        TRY(b->u.bin_op.right = py_atom(p));
        py_finish(p, b);
        e = b;
    }
    return e;
}

/* MATCH_AS capture or wildcard for the NAME at the current token. */
static rt_py_node *capture(parser *p, rt_py_node *inner, uint32_t start)
{
    rt_py_node *n = PY_NEW(p, RT_PY_MATCH_AS, match_as, start);
    TRY(n);
    n->u.match_as.pattern = inner;
    if (!py_is_name(p, "_"))
        n->u.match_as.name = py_tok_str(p, TOK(p));
    py_advance(p);
    py_finish(p, n);
    return n;
}

static rt_py_node *star_pattern(parser *p)
{
    rt_py_node *n = PY_NEW(p, RT_PY_MATCH_STAR, match_as, TOK(p)->start);
    TRY(n);
    py_advance(p);
    if (KIND(p) != RT_PY_T_NAME)
        return py_fail_here(p);
    if (!py_is_name(p, "_"))
        n->u.match_as.name = py_tok_str(p, TOK(p));
    py_advance(p);
    py_finish(p, n);
    return n;
}

static rt_py_node *maybe_star(parser *p)
{
    return KIND(p) == RT_PY_T_STAR ? star_pattern(p) : pattern(p);
}

/* Items of a sequence pattern up to closer (consumed); *commas counts the commas. */
static rt_py_node *sequence(parser *p, uint32_t start, rt_py_tok closer, int *commas)
{
    size_t mark = p->sn;
    *commas = 0;
    while (KIND(p) != closer) {
        rt_py_node *e = maybe_star(p);
        TRY(e);
        TRY(py_push(p, e));
        if (!py_accept(p, RT_PY_T_COMMA))
            break;
        (*commas)++;
    }
    TRY(py_expect(p, closer));
    rt_py_node *n = PY_NEW(p, RT_PY_MATCH_SEQUENCE, match_seq, start);
    TRY(n);
    n->u.match_seq.patterns = py_take(p, mark);
    py_finish(p, n);
    return n;
}

static rt_py_node *mapping(parser *p)
{
    rt_py_node *n = PY_NEW(p, RT_PY_MATCH_MAPPING, match_mapping, TOK(p)->start);
    TRY(n);
    py_advance(p);
    size_t mark = p->sn, count = 0;
    while (KIND(p) != RT_PY_T_RBRACE) {
        if (py_accept(p, RT_PY_T_DOUBLESTAR)) {
            if (KIND(p) != RT_PY_T_NAME)
                return py_fail_here(p);
            n->u.match_mapping.rest = py_tok_str(p, TOK(p));
            py_advance(p);
            py_accept(p, RT_PY_T_COMMA);
            break;
        }
        rt_py_node *key;
        switch (KIND(p)) {
        case RT_PY_T_NONE: case RT_PY_T_TRUE: case RT_PY_T_FALSE:
            TRY(key = py_atom(p));
            break;
        case RT_PY_T_NAME:
            TRY(key = py_primary_name(p));
            break;
        default:
            TRY(key = number_or_string(p));
            break;
        }
        TRY(py_expect(p, RT_PY_T_COLON));
        rt_py_node *v = pattern(p);
        TRY(v);
        TRY(py_push(p, key) && py_push(p, v));
        count++;
        if (!py_accept(p, RT_PY_T_COMMA))
            break;
    }
    TRY(py_expect(p, RT_PY_T_RBRACE));
    rt_py_node **keys = rt_arena_alloc(p->arena, (count ? count : 1) * sizeof *keys);
    rt_py_node **pats = rt_arena_alloc(p->arena, (count ? count : 1) * sizeof *pats);
    if (!keys || !pats) {
        p->oom = true;
        return py_fail(p, n->start, "out of memory");
    }
    for (size_t i = 0; i < count; i++) {
        keys[i] = p->stk[mark + 2 * i];
        pats[i] = p->stk[mark + 2 * i + 1];
    }
    p->sn = mark;
    n->u.match_mapping.keys = (rt_py_list){keys, (uint32_t)count};
    n->u.match_mapping.patterns = (rt_py_list){pats, (uint32_t)count};
    py_finish(p, n);
    return n;
}

static rt_py_node *class_pattern(parser *p, rt_py_node *cls)
{
    rt_py_node *n = PY_NEW(p, RT_PY_MATCH_CLASS, match_class, cls->start);
    TRY(n);
    n->u.match_class.cls = cls;
    py_advance(p);
    size_t mark = p->sn;
    rt_str *attrs = NULL;
    size_t nattr = 0, cap = 0;
    rt_py_node **kwp = NULL;
    while (KIND(p) != RT_PY_T_RPAR) {
        if (KIND(p) == RT_PY_T_NAME && KIND_AT(p, 1) == RT_PY_T_EQUAL) {
            if (nattr == cap) {
                size_t ncap = cap ? cap * 2 : 4;
                attrs = rt_arena_grow(p->arena, attrs, cap, ncap, sizeof *attrs);
                kwp = rt_arena_grow(p->arena, kwp, cap, ncap, sizeof *kwp);
                if (!attrs || !kwp) {
                    p->oom = true;
                    return py_fail(p, n->start, "out of memory");
                }
                cap = ncap;
            }
            attrs[nattr] = py_tok_str(p, TOK(p));
            py_advance(p);
            py_advance(p);
            TRY(kwp[nattr] = pattern(p));
            nattr++;
        } else {
            if (nattr)
                return py_fail(p, TOK(p)->start,
                               "positional patterns follow keyword patterns");
            rt_py_node *e = pattern(p);
            TRY(e);
            TRY(py_push(p, e));
        }
        if (!py_accept(p, RT_PY_T_COMMA))
            break;
    }
    TRY(py_expect(p, RT_PY_T_RPAR));
    n->u.match_class.patterns = py_take(p, mark);
    n->u.match_class.kwd_attrs = attrs;
    n->u.match_class.kwd_patterns = (rt_py_list){kwp, (uint32_t)nattr};
    py_finish(p, n);
    return n;
}

static rt_py_node *closed_pattern(parser *p)
{
    uint32_t start = TOK(p)->start;
    int commas;
    switch (KIND(p)) {
    case RT_PY_T_NONE: case RT_PY_T_TRUE: case RT_PY_T_FALSE: {
        rt_py_node *c = py_atom(p);
        return c ? wrap_value(p, RT_PY_MATCH_SINGLETON, c) : NULL;
    }
    case RT_PY_T_NUMBER: case RT_PY_T_MINUS: case RT_PY_T_STRING: {
        rt_py_node *v = number_or_string(p);
        return v ? wrap_value(p, RT_PY_MATCH_VALUE, v) : NULL;
    }
    case RT_PY_T_NAME:
        if (KIND_AT(p, 1) != RT_PY_T_DOT && KIND_AT(p, 1) != RT_PY_T_LPAR)
            return capture(p, NULL, start);
        {
            rt_py_node *v = py_primary_name(p);
            TRY(v);
            if (KIND(p) == RT_PY_T_LPAR)
                return class_pattern(p, v);
            return wrap_value(p, RT_PY_MATCH_VALUE, v);
        }
    case RT_PY_T_LSQB:
        py_advance(p);
        return sequence(p, start, RT_PY_T_RSQB, &commas);
    case RT_PY_T_LPAR: {
        py_advance(p);
        rt_py_node *s = sequence(p, start, RT_PY_T_RPAR, &commas);
        TRY(s);
        /* (p) is a group, not a sequence */
        if (commas == 0 && s->u.match_seq.patterns.len == 1 &&
            s->u.match_seq.patterns.items[0]->kind != RT_PY_MATCH_STAR)
            return s->u.match_seq.patterns.items[0];
        return s;
    }
    case RT_PY_T_LBRACE:
        return mapping(p);
    default:
        return py_fail_here(p);
    }
}

static rt_py_node *or_pattern(parser *p)
{
    uint32_t start = TOK(p)->start;
    rt_py_node *first = closed_pattern(p);
    TRY(first);
    if (KIND(p) != RT_PY_T_VBAR)
        return first;
    size_t mark = p->sn;
    TRY(py_push(p, first));
    while (py_accept(p, RT_PY_T_VBAR)) {
        rt_py_node *e = closed_pattern(p);
        TRY(e);
        TRY(py_push(p, e));
    }
    rt_py_node *n = PY_NEW(p, RT_PY_MATCH_OR, match_seq, start);
    TRY(n);
    n->u.match_seq.patterns = py_take(p, mark);
    py_finish(p, n);
    return n;
}

static rt_py_node *pattern(parser *p)
{
    uint32_t start = TOK(p)->start;
    TRY(py_enter(p));
    rt_py_node *e = or_pattern(p);
    py_leave(p);
    TRY(e);
    if (!py_accept(p, RT_PY_T_AS))
        return e;
    if (KIND(p) != RT_PY_T_NAME)
        return py_fail_here(p);
    if (py_is_name(p, "_"))
        return py_fail(p, TOK(p)->start, "cannot use '_' as a target");
    return capture(p, e, start);
}

rt_py_node *py_patterns(parser *p)
{
    uint32_t start = TOK(p)->start;
    rt_py_node *first = maybe_star(p);
    TRY(first);
    if (KIND(p) != RT_PY_T_COMMA)
        return first;
    size_t mark = p->sn;
    TRY(py_push(p, first));
    while (py_accept(p, RT_PY_T_COMMA)) {
        if (KIND(p) == RT_PY_T_COLON || KIND(p) == RT_PY_T_IF)
            break;
        rt_py_node *e = maybe_star(p);
        TRY(e);
        TRY(py_push(p, e));
    }
    rt_py_node *n = PY_NEW(p, RT_PY_MATCH_SEQUENCE, match_seq, start);
    TRY(n);
    n->u.match_seq.patterns = py_take(p, mark);
    py_finish(p, n);
    return n;
}
