/* Expressions as literal value trees: what an argument says, without evaluating it. */
#include <stdlib.h>
#include <string.h>

#include "migration/mig_internal.h"
#include "retort/buf.h"

void *mig_alloc(mig_ctx *c, size_t n, size_t size)
{
    void *p = rt_arena_calloc(c->a, n ? n : 1, size);
    if (!p)
        c->oom = true;
    return p;
}

void *mig_push(mig_ctx *c, void **v, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        void *grown = rt_arena_grow(c->a, *v, *n, ncap, size);
        if (!grown) {
            c->oom = true;
            return NULL;
        }
        *v = grown;
        *cap = ncap;
    }
    char *slot = (char *)*v + (*n)++ * size;
    memset(slot, 0, size);
    return slot;
}

rt_mig_span mig_span(mig_ctx *c, uint32_t start, uint32_t end)
{
    rt_mig_span s;
    s.start = (uint32_t)rt_py_source_offset(c->m, start);
    s.end = (uint32_t)rt_py_source_offset(c->m, end);
    mig_position(c, start, &s.line, &s.column);
    mig_position(c, end, &s.end_line, &s.end_column);
    return s;
}

rt_str mig_text(const mig_ctx *c, uint32_t start, uint32_t end)
{
    if (end > c->m->text_len)
        end = (uint32_t)c->m->text_len;
    if (start > end)
        start = end;
    return (rt_str){c->m->text + start, end - start};
}

/* Appends the dotted name of n to b; false when n is not a NAME/ATTRIBUTE chain. */
static bool put_dotted(rt_buf *b, const rt_py_node *n, int depth)
{
    if (depth > MIG_MAX_VALUE_DEPTH)
        return false;
    if (n->kind == RT_PY_NAME) {
        rt_buf_put_str(b, n->u.name.id);
        return true;
    }
    if (n->kind != RT_PY_ATTRIBUTE || !put_dotted(b, n->u.attribute.value, depth + 1))
        return false;
    rt_buf_putc(b, '.');
    rt_buf_put_str(b, n->u.attribute.attr);
    return true;
}

rt_str mig_dotted(mig_ctx *c, const rt_py_node *n)
{
    if (n && n->kind == RT_PY_NAME)
        return n->u.name.id;
    rt_buf b = RT_BUF_INIT;
    rt_str out = RT_STR_LIT("");
    if (n && put_dotted(&b, n, 0) && !b.toobig) {
        char *copy = rt_arena_strndup(c->a, rt_buf_cstr(&b), b.len);
        if (copy)
            out = (rt_str){copy, b.len};
        else
            c->oom = true;
    }
    c->oom |= b.toobig;
    rt_buf_free(&b);
    return out;
}

rt_str mig_string(mig_ctx *c, const rt_py_node *n)
{
    rt_str s = RT_STR_LIT("");
    if (rt_py_string_value(&s, c->a, c->m, n) == RT_ENOMEM)
        c->oom = true;
    return s;
}

static int cmp_str(rt_str a, rt_str b)
{
    size_t n = a.len < b.len ? a.len : b.len;
    int r = n ? memcmp(a.p, b.p, n) : 0;
    return r ? r : (a.len > b.len) - (a.len < b.len);
}

static int cmp_binding(const void *x, const void *y)
{
    const mig_binding *a = x, *b = y;
    int r = cmp_str(a->name, b->name);
    return r ? r : (a->stmt > b->stmt) - (a->stmt < b->stmt);
}

static int cmp_def(const void *x, const void *y)
{
    const mig_def *a = x, *b = y;
    int r = cmp_str(a->name, b->name);
    return r ? r : (a->node->start > b->node->start) - (a->node->start < b->node->start);
}

void mig_index(mig_ctx *c)
{
    if (c->binding_count)
        qsort(c->bindings, c->binding_count, sizeof *c->bindings, cmp_binding);
    const rt_py_list *body = &c->m->body;
    c->defs = mig_alloc(c, body->len, sizeof *c->defs);
    for (uint32_t i = 0; c->defs && i < body->len; i++)
        if (body->items[i]->kind == RT_PY_FUNCTION_DEF)
            c->defs[c->def_count++] = (mig_def){body->items[i]->u.function_def.name,
                                                body->items[i]};
    if (c->def_count)
        qsort(c->defs, c->def_count, sizeof *c->defs, cmp_def);
}

const rt_py_node *mig_find_def(const mig_ctx *c, rt_str name)
{
    size_t lo = 0, hi = c->def_count; /* first def with a name > name */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_str(c->defs[mid].name, name) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && rt_str_eq(c->defs[lo - 1].name, name) ? c->defs[lo - 1].node : NULL;
}

const rt_py_node *mig_lookup_const(const mig_ctx *c, rt_str name, size_t before)
{
    size_t lo = 0, hi = c->binding_count; /* first binding (name, stmt >= before) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const mig_binding *b = &c->bindings[mid];
        int r = cmp_str(b->name, name);
        if (r < 0 || (r == 0 && b->stmt < before))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || !rt_str_eq(c->bindings[lo - 1].name, name))
        return NULL;
    return c->bindings[lo - 1].string;
}

static rt_mig_value *new_value(mig_ctx *c, const rt_py_node *n, rt_mig_vkind kind)
{
    rt_mig_value *v = mig_alloc(c, 1, sizeof *v);
    if (!v)
        return NULL;
    c->spent++;
    v->kind = kind;
    v->node = n;
    v->span = mig_span(c, n->start, n->end);
    v->text = mig_text(c, n->start, n->end);
    return v;
}

static void string_parts(mig_ctx *c, rt_mig_value *v, const rt_py_node *s)
{
    v->part_count = s->u.string.len;
    v->parts = mig_alloc(c, s->u.string.len, sizeof *v->parts);
    for (uint32_t i = 0; v->parts && i < s->u.string.len; i++) {
        const rt_py_strpart *p = &s->u.string.parts[i];
        v->parts[i].token = mig_span(c, p->start, p->end);
        v->parts[i].body_start = (uint32_t)rt_py_source_offset(c->m, p->body_start);
        v->parts[i].body_end = (uint32_t)rt_py_source_offset(c->m, p->body_end);
        v->parts[i].raw = p->raw;
    }
}

/* A STR/BYTES value of the literal s, written at n (n is s, or a name resolved to s). */
static rt_mig_value *string_value(mig_ctx *c, const rt_py_node *n, const rt_py_node *s)
{
    rt_mig_value *v = new_value(c, n, (s->flags & RT_PY_NF_BYTES) ? RT_MIG_V_BYTES
                                                                  : RT_MIG_V_STR);
    if (!v)
        return NULL;
    v->text = mig_string(c, s);
    string_parts(c, v, s);
    if (n != s)
        v->resolved_from = n->u.name.id;
    return v;
}

static rt_mig_value *value_at(mig_ctx *c, const rt_py_node *n, size_t before, int depth);

static rt_mig_value **value_list(mig_ctx *c, const rt_py_list *l, size_t before, int depth)
{
    rt_mig_value **items = mig_alloc(c, l->len, sizeof *items);
    for (uint32_t i = 0; items && i < l->len; i++)
        items[i] = l->items[i] ? value_at(c, l->items[i], before, depth + 1) : NULL;
    return items;
}

static rt_mig_value *call_value(mig_ctx *c, const rt_py_node *n, size_t before, int depth)
{
    rt_mig_value *v = new_value(c, n, RT_MIG_V_CALL);
    if (!v)
        return NULL;
    v->text = mig_dotted(c, n->u.call.func);
    v->count = n->u.call.args.len;
    v->items = value_list(c, &n->u.call.args, before, depth);
    v->kwarg_count = n->u.call.keywords.len;
    v->kwargs = mig_alloc(c, v->kwarg_count, sizeof *v->kwargs);
    for (size_t i = 0; v->kwargs && i < v->kwarg_count; i++) {
        const rt_py_node *k = n->u.call.keywords.items[i];
        v->kwargs[i].name = k->u.keyword.arg;
        v->kwargs[i].value = value_at(c, k->u.keyword.value, before, depth + 1);
    }
    return v;
}

/* f-string: literal pieces (STR) and holes, with text rendering holes as {source}. */
static rt_mig_value *fstring_value(mig_ctx *c, const rt_py_node *n, size_t before,
                                   int depth)
{
    rt_mig_value *v = new_value(c, n, RT_MIG_V_FSTRING);
    if (!v)
        return NULL;
    const rt_py_list *parts = &n->u.joined.values;
    v->count = parts->len;
    v->items = mig_alloc(c, parts->len, sizeof *v->items);
    rt_buf b = RT_BUF_INIT;
    for (uint32_t i = 0; v->items && i < parts->len; i++) {
        const rt_py_node *p = parts->items[i];
        rt_mig_value *item;
        if (p->kind == RT_PY_STRING) {
            item = string_value(c, p, p);
        } else {
            item = new_value(c, p, RT_MIG_V_HOLE);
            if (item && p->kind == RT_PY_FORMATTED_VALUE) {
                item->count = 1;
                item->items = mig_alloc(c, 1, sizeof *item->items);
                if (item->items)
                    item->items[0] = value_at(c, p->u.formatted.value, before, depth + 1);
            }
        }
        v->items[i] = item;
        if (item && item->kind == RT_MIG_V_HOLE) {
            rt_buf_putc(&b, '{');
            if (item->count && item->items && item->items[0])
                rt_buf_put_str(&b, mig_text(c, p->u.formatted.value->start,
                                            p->u.formatted.value->end));
            rt_buf_putc(&b, '}');
        } else if (item) {
            rt_buf_put_str(&b, item->text);
        }
    }
    char *text = b.toobig ? NULL : rt_arena_strndup(c->a, rt_buf_cstr(&b), b.len);
    if (text)
        v->text = (rt_str){text, b.len};
    else
        c->oom = true;
    rt_buf_free(&b);
    return v;
}

static rt_mig_value *constant_value(mig_ctx *c, const rt_py_node *n)
{
    switch (n->op) {
    case RT_PY_CONST_NONE: return new_value(c, n, RT_MIG_V_NONE);
    case RT_PY_CONST_ELLIPSIS: return new_value(c, n, RT_MIG_V_ELLIPSIS);
    case RT_PY_CONST_TRUE:
    case RT_PY_CONST_FALSE: {
        rt_mig_value *v = new_value(c, n, RT_MIG_V_BOOL);
        if (v)
            v->boolean = n->op == RT_PY_CONST_TRUE;
        return v;
    }
    default: return new_value(c, n, RT_MIG_V_NUMBER);
    }
}

static rt_mig_value *seq_value(mig_ctx *c, const rt_py_node *n, rt_mig_vkind kind,
                               size_t before, int depth)
{
    rt_mig_value *v = new_value(c, n, kind);
    if (!v)
        return NULL;
    v->count = n->u.seq.elts.len;
    v->items = value_list(c, &n->u.seq.elts, before, depth);
    return v;
}

static rt_mig_value *dict_value(mig_ctx *c, const rt_py_node *n, size_t before, int depth)
{
    rt_mig_value *v = new_value(c, n, RT_MIG_V_DICT);
    if (!v)
        return NULL;
    v->count = n->u.dict.values.len;
    v->items = value_list(c, &n->u.dict.keys, before, depth);
    v->values = value_list(c, &n->u.dict.values, before, depth);
    return v;
}

/* A name or attribute chain: a reference, or a resolved module-level string constant. */
static rt_mig_value *ref_value(mig_ctx *c, const rt_py_node *n, size_t before)
{
    if (n->kind == RT_PY_NAME) {
        const rt_py_node *s = mig_lookup_const(c, n->u.name.id, before);
        if (s)
            return string_value(c, n, s);
    }
    rt_str dotted = mig_dotted(c, n);
    if (!dotted.len)
        return new_value(c, n, RT_MIG_V_DYNAMIC);
    rt_mig_value *v = new_value(c, n, RT_MIG_V_REF);
    if (v)
        v->text = dotted;
    return v;
}

static rt_mig_value *value_at(mig_ctx *c, const rt_py_node *n, size_t before, int depth)
{
    if (depth > MIG_MAX_VALUE_DEPTH)
        return new_value(c, n, RT_MIG_V_DYNAMIC);
    switch (n->kind) {
    case RT_PY_CONSTANT: return constant_value(c, n);
    case RT_PY_STRING: return string_value(c, n, n);
    case RT_PY_JOINED_STR: return fstring_value(c, n, before, depth);
    case RT_PY_TUPLE: return seq_value(c, n, RT_MIG_V_TUPLE, before, depth);
    case RT_PY_LIST: return seq_value(c, n, RT_MIG_V_LIST, before, depth);
    case RT_PY_SET: return seq_value(c, n, RT_MIG_V_SET, before, depth);
    case RT_PY_DICT: return dict_value(c, n, before, depth);
    case RT_PY_CALL: return call_value(c, n, before, depth);
    case RT_PY_NAME:
    case RT_PY_ATTRIBUTE: return ref_value(c, n, before);
    case RT_PY_UNARY_OP:
        if ((n->op == RT_PY_OP_USUB || n->op == RT_PY_OP_UADD) &&
            n->u.unary_op.operand->kind == RT_PY_CONSTANT &&
            n->u.unary_op.operand->op >= RT_PY_CONST_INT)
            return new_value(c, n, RT_MIG_V_NUMBER);
        return new_value(c, n, RT_MIG_V_DYNAMIC);
    case RT_PY_STARRED: {
        rt_mig_value *v = new_value(c, n, RT_MIG_V_DYNAMIC);
        if (v)
            v->starred = true;
        return v;
    }
    default: return new_value(c, n, RT_MIG_V_DYNAMIC);
    }
}

rt_mig_value *mig_value(mig_ctx *c, const rt_py_node *n, size_t before)
{
    return value_at(c, n, before, 0);
}
