/* Walking the AST: direct children in source order, and an iterative pre-order visit. */
#include <stdlib.h>

#include "retort/python.h"

typedef void (*child_fn)(rt_py_node *child, void *ctx);

static void one(rt_py_node *n, child_fn fn, void *ctx)
{
    if (n)
        fn(n, ctx);
}

static void list(const rt_py_list *l, child_fn fn, void *ctx)
{
    for (uint32_t i = 0; i < l->len; i++)
        one(l->items[i], fn, ctx);
}

/* ARGUMENTS children in source order: each parameter followed by its default. */
static void arguments(const rt_py_node *n, child_fn fn, void *ctx)
{
    const rt_py_list *pos[2] = {&n->u.arguments.posonlyargs, &n->u.arguments.args};
    uint32_t npos = pos[0]->len + pos[1]->len, nd = n->u.arguments.defaults.len, k = 0;
    for (int j = 0; j < 2; j++)
        for (uint32_t i = 0; i < pos[j]->len; i++, k++) {
            one(pos[j]->items[i], fn, ctx);
            if (k + nd >= npos)
                one(n->u.arguments.defaults.items[k + nd - npos], fn, ctx);
        }
    one(n->u.arguments.vararg, fn, ctx);
    for (uint32_t i = 0; i < n->u.arguments.kwonlyargs.len; i++) {
        one(n->u.arguments.kwonlyargs.items[i], fn, ctx);
        one(n->u.arguments.kw_defaults.items[i], fn, ctx);
    }
    one(n->u.arguments.kwarg, fn, ctx);
}

/* CALL arguments in source order: positional and keyword arguments interleaved. */
static void call(const rt_py_node *n, child_fn fn, void *ctx)
{
    one(n->u.call.func, fn, ctx);
    const rt_py_list *a = &n->u.call.args, *k = &n->u.call.keywords;
    uint32_t i = 0, j = 0;
    while (i < a->len || j < k->len) {
        if (j >= k->len || (i < a->len && a->items[i]->start < k->items[j]->start))
            one(a->items[i++], fn, ctx);
        else
            one(k->items[j++], fn, ctx);
    }
}

static void pairs(const rt_py_list *a, const rt_py_list *b, child_fn fn, void *ctx)
{
    for (uint32_t i = 0; i < a->len; i++) {
        one(a->items[i], fn, ctx);
        one(b->items[i], fn, ctx);
    }
}

void rt_py_children(const rt_py_node *n, child_fn fn, void *ctx)
{
    switch ((rt_py_kind)n->kind) {
    case RT_PY_FUNCTION_DEF:
        list(&n->u.function_def.decorators, fn, ctx);
        list(&n->u.function_def.type_params, fn, ctx);
        one(n->u.function_def.args, fn, ctx);
        one(n->u.function_def.returns, fn, ctx);
        list(&n->u.function_def.body, fn, ctx);
        break;
    case RT_PY_CLASS_DEF:
        list(&n->u.class_def.decorators, fn, ctx);
        list(&n->u.class_def.type_params, fn, ctx);
        list(&n->u.class_def.bases, fn, ctx);
        list(&n->u.class_def.keywords, fn, ctx);
        list(&n->u.class_def.body, fn, ctx);
        break;
    case RT_PY_RETURN: case RT_PY_EXPR: case RT_PY_AWAIT: case RT_PY_YIELD:
    case RT_PY_YIELD_FROM: case RT_PY_STARRED: case RT_PY_MATCH_VALUE:
    case RT_PY_MATCH_SINGLETON:
        one(n->u.value.value, fn, ctx);
        break;
    case RT_PY_DELETE: list(&n->u.del.targets, fn, ctx); break;
    case RT_PY_ASSIGN:
        list(&n->u.assign.targets, fn, ctx);
        one(n->u.assign.value, fn, ctx);
        break;
    case RT_PY_TYPE_ALIAS:
        one(n->u.type_alias.name, fn, ctx);
        list(&n->u.type_alias.type_params, fn, ctx);
        one(n->u.type_alias.value, fn, ctx);
        break;
    case RT_PY_AUG_ASSIGN:
        one(n->u.aug_assign.target, fn, ctx);
        one(n->u.aug_assign.value, fn, ctx);
        break;
    case RT_PY_ANN_ASSIGN:
        one(n->u.ann_assign.target, fn, ctx);
        one(n->u.ann_assign.annotation, fn, ctx);
        one(n->u.ann_assign.value, fn, ctx);
        break;
    case RT_PY_FOR:
        one(n->u.for_.target, fn, ctx);
        one(n->u.for_.iter, fn, ctx);
        list(&n->u.for_.body, fn, ctx);
        list(&n->u.for_.orelse, fn, ctx);
        break;
    case RT_PY_WHILE: case RT_PY_IF:
        one(n->u.if_.test, fn, ctx);
        list(&n->u.if_.body, fn, ctx);
        list(&n->u.if_.orelse, fn, ctx);
        break;
    case RT_PY_WITH:
        list(&n->u.with.items, fn, ctx);
        list(&n->u.with.body, fn, ctx);
        break;
    case RT_PY_MATCH:
        one(n->u.match.subject, fn, ctx);
        list(&n->u.match.cases, fn, ctx);
        break;
    case RT_PY_RAISE:
        one(n->u.raise.exc, fn, ctx);
        one(n->u.raise.cause, fn, ctx);
        break;
    case RT_PY_TRY:
        list(&n->u.try_.body, fn, ctx);
        list(&n->u.try_.handlers, fn, ctx);
        list(&n->u.try_.orelse, fn, ctx);
        list(&n->u.try_.finalbody, fn, ctx);
        break;
    case RT_PY_ASSERT:
        one(n->u.assert.test, fn, ctx);
        one(n->u.assert.msg, fn, ctx);
        break;
    case RT_PY_IMPORT: list(&n->u.import.names, fn, ctx); break;
    case RT_PY_IMPORT_FROM: list(&n->u.import_from.names, fn, ctx); break;
    case RT_PY_BOOL_OP: list(&n->u.bool_op.values, fn, ctx); break;
    case RT_PY_NAMED_EXPR:
        one(n->u.named_expr.target, fn, ctx);
        one(n->u.named_expr.value, fn, ctx);
        break;
    case RT_PY_BIN_OP:
        one(n->u.bin_op.left, fn, ctx);
        one(n->u.bin_op.right, fn, ctx);
        break;
    case RT_PY_UNARY_OP: one(n->u.unary_op.operand, fn, ctx); break;
    case RT_PY_LAMBDA:
        one(n->u.lambda.args, fn, ctx);
        one(n->u.lambda.body, fn, ctx);
        break;
    case RT_PY_IF_EXP:
        one(n->u.if_exp.body, fn, ctx);
        one(n->u.if_exp.test, fn, ctx);
        one(n->u.if_exp.orelse, fn, ctx);
        break;
    case RT_PY_DICT: pairs(&n->u.dict.keys, &n->u.dict.values, fn, ctx); break;
    case RT_PY_SET: case RT_PY_LIST: case RT_PY_TUPLE: list(&n->u.seq.elts, fn, ctx); break;
    case RT_PY_LIST_COMP: case RT_PY_SET_COMP: case RT_PY_DICT_COMP: case RT_PY_GENERATOR_EXP:
        one(n->u.comp.elt, fn, ctx);
        one(n->u.comp.value, fn, ctx);
        list(&n->u.comp.generators, fn, ctx);
        break;
    case RT_PY_COMPARE:
        one(n->u.compare.left, fn, ctx);
        list(&n->u.compare.comparators, fn, ctx);
        break;
    case RT_PY_CALL: call(n, fn, ctx); break;
    case RT_PY_FORMATTED_VALUE:
        one(n->u.formatted.value, fn, ctx);
        one(n->u.formatted.format_spec, fn, ctx);
        break;
    case RT_PY_JOINED_STR: list(&n->u.joined.values, fn, ctx); break;
    case RT_PY_ATTRIBUTE: one(n->u.attribute.value, fn, ctx); break;
    case RT_PY_SUBSCRIPT:
        one(n->u.subscript.value, fn, ctx);
        one(n->u.subscript.slice, fn, ctx);
        break;
    case RT_PY_SLICE:
        one(n->u.slice.lower, fn, ctx);
        one(n->u.slice.upper, fn, ctx);
        one(n->u.slice.step, fn, ctx);
        break;
    case RT_PY_COMPREHENSION:
        one(n->u.comprehension.target, fn, ctx);
        one(n->u.comprehension.iter, fn, ctx);
        list(&n->u.comprehension.ifs, fn, ctx);
        break;
    case RT_PY_EXCEPT_HANDLER:
        one(n->u.handler.type, fn, ctx);
        list(&n->u.handler.body, fn, ctx);
        break;
    case RT_PY_ARGUMENTS: arguments(n, fn, ctx); break;
    case RT_PY_ARG: one(n->u.arg.annotation, fn, ctx); break;
    case RT_PY_KEYWORD: one(n->u.keyword.value, fn, ctx); break;
    case RT_PY_WITH_ITEM:
        one(n->u.with_item.context_expr, fn, ctx);
        one(n->u.with_item.optional_vars, fn, ctx);
        break;
    case RT_PY_MATCH_CASE:
        one(n->u.match_case.pattern, fn, ctx);
        one(n->u.match_case.guard, fn, ctx);
        list(&n->u.match_case.body, fn, ctx);
        break;
    case RT_PY_TYPE_VAR: one(n->u.type_param.bound, fn, ctx); break;
    case RT_PY_MATCH_SEQUENCE: case RT_PY_MATCH_OR: list(&n->u.match_seq.patterns, fn, ctx); break;
    case RT_PY_MATCH_MAPPING:
        pairs(&n->u.match_mapping.keys, &n->u.match_mapping.patterns, fn, ctx);
        break;
    case RT_PY_MATCH_CLASS:
        one(n->u.match_class.cls, fn, ctx);
        list(&n->u.match_class.patterns, fn, ctx);
        list(&n->u.match_class.kwd_patterns, fn, ctx);
        break;
    case RT_PY_MATCH_AS: one(n->u.match_as.pattern, fn, ctx); break;
    default: break;
    }
}

/* ---- iterative pre-order walk ------------------------------------------------------ */

typedef struct walk {
    rt_py_node **v;
    size_t n, cap;
    bool oom;
} walk;

static void push_child(rt_py_node *child, void *ctx)
{
    walk *w = ctx;
    if (w->oom)
        return;
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 64;
        rt_py_node **v = realloc(w->v, cap * sizeof *v);
        if (!v) {
            w->oom = true;
            return;
        }
        w->v = v;
        w->cap = cap;
    }
    w->v[w->n++] = child;
}

int rt_py_visit(const rt_py_node *node, rt_py_visit_fn fn, void *ctx)
{
    walk w = {NULL, 0, 0, false};
    int rc = 0;
    push_child((rt_py_node *)node, &w);
    while (w.n && !w.oom) {
        rt_py_node *n = w.v[--w.n];
        rc = fn(n, ctx);
        if (rc < 0)
            goto cleanup;
        if (rc == 1) {
            rc = 0;
            continue;
        }
        /* Children are pushed in order, then reversed so the first is visited first. */
        size_t base = w.n;
        rt_py_children(n, push_child, &w);
        for (size_t i = base, j = w.n; i + 1 < j; i++, j--) {
            rt_py_node *t = w.v[i];
            w.v[i] = w.v[j - 1];
            w.v[j - 1] = t;
        }
    }
    if (w.oom)
        rc = RT_ENOMEM;
cleanup:
    free(w.v);
    return rc;
}

const char *rt_py_node_type_name(const rt_py_node *n)
{
    switch (n->kind) {
    case RT_PY_FUNCTION_DEF:
        return n->flags & RT_PY_NF_ASYNC ? "AsyncFunctionDef" : "FunctionDef";
    case RT_PY_FOR: return n->flags & RT_PY_NF_ASYNC ? "AsyncFor" : "For";
    case RT_PY_WITH: return n->flags & RT_PY_NF_ASYNC ? "AsyncWith" : "With";
    case RT_PY_TRY: return n->flags & RT_PY_NF_STAR ? "TryStar" : "Try";
    default: return rt_py_kind_name((rt_py_kind)n->kind);
    }
}

const char *rt_py_kind_name(rt_py_kind kind)
{
    static const char *const names[RT_PY_KIND__COUNT] = {
        "FunctionDef", "ClassDef", "Return", "Delete", "Assign", "TypeAlias", "AugAssign",
        "AnnAssign", "For", "While", "If", "With", "Match", "Raise", "Try", "Assert",
        "Import", "ImportFrom", "Global", "Nonlocal", "Expr", "Pass", "Break", "Continue",
        "BoolOp", "NamedExpr", "BinOp", "UnaryOp", "Lambda", "IfExp", "Dict", "Set",
        "ListComp", "SetComp", "DictComp", "GeneratorExp", "Await", "Yield", "YieldFrom",
        "Compare", "Call", "FormattedValue", "JoinedStr", "Constant", "Constant",
        "Attribute", "Subscript", "Starred", "Name", "List", "Tuple", "Slice",
        "comprehension", "ExceptHandler", "arguments", "arg", "keyword", "alias",
        "withitem", "match_case", "TypeVar", "ParamSpec", "TypeVarTuple", "MatchValue",
        "MatchSingleton", "MatchSequence", "MatchMapping", "MatchClass", "MatchStar",
        "MatchAs", "MatchOr"};
    return (unsigned)kind < RT_PY_KIND__COUNT ? names[kind] : "?";
}
