/* Parameter lists of def and lambda, and PEP 695 type parameter lists. */
#include <string.h>

#include "python/py_parser.h"

#define TRY(x) do { if (!(x)) return NULL; } while (0)

typedef struct param {
    rt_py_node *arg, *dflt;
    bool kwonly;
} param;

static rt_py_node *arg(parser *p, bool annotations, bool star_annotation)
{
    if (KIND(p) != RT_PY_T_NAME)
        return py_fail_here(p);
    rt_py_node *a = PY_NEW(p, RT_PY_ARG, arg, TOK(p)->start);
    TRY(a);
    a->u.arg.arg = py_tok_str(p, TOK(p));
    py_advance(p);
    if (annotations && py_accept(p, RT_PY_T_COLON)) {
        if (star_annotation && KIND(p) == RT_PY_T_STAR) {
            uint32_t start = TOK(p)->start;
            py_advance(p);
            rt_py_node *s = PY_NEW(p, RT_PY_STARRED, value, start);
            TRY(s);
            TRY(s->u.value.value = py_bitwise_or(p));
            py_finish(p, s);
            a->u.arg.annotation = s;
        } else {
            TRY(a->u.arg.annotation = py_expression(p));
        }
    }
    py_finish(p, a);
    return a;
}

static bool add_param(parser *p, param **v, size_t *n, size_t *cap, param x)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        param *g = rt_arena_grow(p->arena, *v, *n, ncap, sizeof *g);
        if (!g) {
            p->oom = true;
            py_fail(p, TOK(p)->start, "out of memory");
            return false;
        }
        *v = g;
        *cap = ncap;
    }
    (*v)[(*n)++] = x;
    return true;
}

/* Builds the ARGUMENTS lists from the collected parameters. */
static bool build(parser *p, rt_py_node *a, const param *v, size_t n, size_t nslash)
{
    size_t npos = 0;
    while (npos < n && !v[npos].kwonly)
        npos++;
    size_t mark = p->sn;
    for (size_t i = 0; i < nslash; i++)
        if (!py_push(p, v[i].arg))
            return false;
    a->u.arguments.posonlyargs = py_take(p, mark);
    for (size_t i = nslash; i < npos; i++)
        if (!py_push(p, v[i].arg))
            return false;
    a->u.arguments.args = py_take(p, mark);
    for (size_t i = 0; i < npos; i++)
        if (v[i].dflt && !py_push(p, v[i].dflt))
            return false;
    a->u.arguments.defaults = py_take(p, mark);
    for (size_t i = npos; i < n; i++)
        if (!py_push(p, v[i].arg))
            return false;
    a->u.arguments.kwonlyargs = py_take(p, mark);
    for (size_t i = npos; i < n; i++)
        if (!py_push(p, v[i].dflt))
            return false;
    a->u.arguments.kw_defaults = py_take(p, mark);
    return !p->oom;
}

rt_py_node *py_parameters(parser *p, rt_py_tok closer, bool annotations)
{
    rt_py_node *a = PY_NEW(p, RT_PY_ARGUMENTS, arguments, TOK(p)->start);
    TRY(a);
    param *v = NULL;
    size_t n = 0, cap = 0, nslash = 0;
    bool slash = false, star = false, seen_default = false;
    while (KIND(p) != closer) {
        uint32_t at = TOK(p)->start;
        if (a->u.arguments.kwarg)
            return py_fail(p, at, "arguments cannot follow var-keyword argument");
        if (KIND(p) == RT_PY_T_SLASH) {
            if (star)
                return py_fail(p, at, "/ must be ahead of *");
            if (slash)
                return py_fail(p, at, "/ may appear only once");
            if (n == 0)
                return py_fail(p, at, "at least one argument must precede /");
            slash = true;
            nslash = n;
            py_advance(p);
        } else if (KIND(p) == RT_PY_T_STAR) {
            if (star)
                return py_fail(p, at, "* argument may appear only once");
            star = true;
            py_advance(p);
            if (KIND(p) == RT_PY_T_NAME)
                TRY(a->u.arguments.vararg = arg(p, annotations, true));
            else if (KIND(p) == closer || KIND(p) == RT_PY_T_DOUBLESTAR ||
                     (KIND(p) == RT_PY_T_COMMA && KIND_AT(p, 1) == closer))
                return py_fail(p, at, "named arguments must follow bare *");
        } else if (KIND(p) == RT_PY_T_DOUBLESTAR) {
            py_advance(p);
            TRY(a->u.arguments.kwarg = arg(p, annotations, false));
        } else {
            param x = {NULL, NULL, star};
            TRY(x.arg = arg(p, annotations, false));
            if (py_accept(p, RT_PY_T_EQUAL)) {
                TRY(x.dflt = py_expression(p));
                seen_default |= !star;
            } else if (!star && seen_default) {
                return py_fail(p, x.arg->start,
                               "parameter without a default follows parameter with a default");
            }
            if (!add_param(p, &v, &n, &cap, x))
                return NULL;
        }
        if (!py_accept(p, RT_PY_T_COMMA))
            break;
    }
    if (KIND(p) != closer)
        return py_expect_fail(p, closer);
    TRY(build(p, a, v, n, nslash));
    py_finish(p, a);
    return a;
}

bool py_type_params(parser *p, rt_py_list *out)
{
    uint32_t open = TOK(p)->start;
    py_advance(p);
    size_t mark = p->sn;
    while (KIND(p) != RT_PY_T_RSQB) {
        uint32_t start = TOK(p)->start;
        rt_py_kind kind = RT_PY_TYPE_VAR;
        if (py_accept(p, RT_PY_T_STAR))
            kind = RT_PY_TYPE_VAR_TUPLE;
        else if (py_accept(p, RT_PY_T_DOUBLESTAR))
            kind = RT_PY_PARAM_SPEC;
        if (KIND(p) != RT_PY_T_NAME) {
            py_fail_here(p);
            return false;
        }
        rt_py_node *t = PY_NEW(p, kind, type_param, start);
        if (!t)
            return false;
        t->u.type_param.name = py_tok_str(p, TOK(p));
        py_advance(p);
        if (kind == RT_PY_TYPE_VAR && py_accept(p, RT_PY_T_COLON) &&
            !(t->u.type_param.bound = py_expression(p)))
            return false;
        py_finish(p, t);
        if (!py_push(p, t))
            return false;
        if (!py_accept(p, RT_PY_T_COMMA))
            break;
    }
    if (p->sn == mark) {
        py_fail(p, open, "Type parameter list cannot be empty");
        return false;
    }
    if (!py_expect(p, RT_PY_T_RSQB))
        return false;
    *out = py_take(p, mark);
    return !p->oom;
}
