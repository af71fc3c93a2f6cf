/* Operation calls of upgrade()/downgrade(): op.*, batch_op.* and connection.execute,
 * found by walking the function body with a small scope of what each name denotes. */
#include <string.h>

#include "migration/mig_internal.h"

typedef enum bkind {
    B_OTHER,   /* a name that is none of the below (shadows an outer binding) */
    B_OP,      /* alembic.op */
    B_ALEMBIC, /* the alembic package */
    B_BATCH,   /* the object of `with op.batch_alter_table(...) as NAME` */
    B_CONN     /* op.get_bind() */
} bkind;

typedef struct bind {
    rt_str name;
    bkind kind;
    size_t batch; /* B_BATCH: index of the batch_alter_table op */
} bind;

/* A function's names, looked up before those of the module (parent). */
typedef struct scope {
    bind *v;
    size_t n, cap;
    const struct scope *parent;
} scope;

/* An op under construction; batch is an index (ops move while the array grows). */
typedef struct pending {
    rt_mig_op op;
    size_t batch;
} pending;

typedef struct walk {
    mig_ctx *c;
    rt_mig_function *f;
    scope module;     /* what the module's imports bind */
    pending *ops;
    size_t n, cap;
    const rt_py_node *stack[RT_MIG_MAX_HELPER_DEPTH + 1]; /* functions being walked */
    size_t depth;
    size_t level;     /* nesting of walk_stmt/walk_expr calls, helpers included */
} walk;

#define NO_BATCH ((size_t)-1)

static void scope_add(walk *w, scope *s, rt_str name, bkind kind, size_t batch)
{
    bind *b = mig_push(w->c, (void **)&s->v, &s->n, &s->cap, sizeof *b);
    if (b)
        *b = (bind){name, kind, batch};
}

static const bind *scope_find(const scope *s, rt_str name)
{
    for (; s; s = s->parent)
        for (size_t i = s->n; i-- > 0;)
            if (rt_str_eq(s->v[i].name, name))
                return &s->v[i];
    return NULL;
}

static bool is_attr(const rt_py_node *n, const char *attr)
{
    return n && n->kind == RT_PY_ATTRIBUTE && rt_str_eq_cstr(n->u.attribute.attr, attr);
}

static bkind recv_kind(const scope *s, const rt_py_node *r, size_t *batch);

/* `op.get_bind()` (any receiver that is op). */
static bool is_get_bind(const scope *s, const rt_py_node *n)
{
    size_t batch;
    return n->kind == RT_PY_CALL && is_attr(n->u.call.func, "get_bind") &&
           recv_kind(s, n->u.call.func->u.attribute.value, &batch) == B_OP;
}

/* What the receiver expression r denotes. */
static bkind recv_kind(const scope *s, const rt_py_node *r, size_t *batch)
{
    *batch = NO_BATCH;
    if (r->kind == RT_PY_NAME) {
        const bind *b = scope_find(s, r->u.name.id);
        if (!b)
            return B_OTHER;
        *batch = b->batch;
        return b->kind;
    }
    if (is_attr(r, "op") && r->u.attribute.value->kind == RT_PY_NAME) {
        const bind *b = scope_find(s, r->u.attribute.value->u.name.id);
        return b && b->kind == B_ALEMBIC ? B_OP : B_OTHER;
    }
    return is_get_bind(s, r) ? B_CONN : B_OTHER;
}

/* Calls on op that fetch context objects rather than perform an operation. */
static bool is_context_call(rt_str name)
{
    static const char *const names[] = {"f", "get_bind", "get_context", "inline_literal"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (rt_str_eq_cstr(name, names[i]))
            return true;
    return false;
}

/* Whether call is an operation; fills its receiver kind, batch and name. */
static bool op_call(const scope *s, const rt_py_node *call, bkind *kind, size_t *batch,
                    rt_str *name)
{
    const rt_py_node *f = call->u.call.func;
    if (f->kind != RT_PY_ATTRIBUTE)
        return false;
    *name = f->u.attribute.attr;
    *kind = recv_kind(s, f->u.attribute.value, batch);
    switch (*kind) {
    case B_OP: return !is_context_call(*name);
    case B_BATCH: return true;
    case B_CONN:
        return rt_str_eq_cstr(*name, "execute") || rt_str_eq_cstr(*name, "exec_driver_sql");
    default: return false;
    }
}

/* Where an op's table argument is: positional index and keyword name. */
static bool table_param(rt_str name, size_t *index, const char **kw)
{
    static const struct {
        const char *op, *kw;
        size_t index;
    } params[] = {
        {"create_table", "table_name", 0},  {"drop_table", "table_name", 0},
        {"add_column", "table_name", 0},    {"drop_column", "table_name", 0},
        {"alter_column", "table_name", 0},  {"create_table_comment", "table_name", 0},
        {"drop_table_comment", "table_name", 0}, {"batch_alter_table", "table_name", 0},
        {"bulk_insert", "table", 0},        {"rename_table", "old_table_name", 0},
        {"create_index", "table_name", 1},  {"drop_index", "table_name", 1},
        {"drop_constraint", "table_name", 1}, {"create_primary_key", "table_name", 1},
        {"create_unique_constraint", "table_name", 1},
        {"create_check_constraint", "table_name", 1},
        {"create_exclude_constraint", "table_name", 1},
        {"create_foreign_key", "source_table", 1},
    };
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++)
        if (rt_str_eq_cstr(name, params[i].op)) {
            *index = params[i].index;
            *kw = params[i].kw;
            return true;
        }
    return false;
}

static rt_str literal(const rt_mig_value *v)
{
    return v && v->kind == RT_MIG_V_STR ? v->text : RT_STR_NULL;
}

static const rt_mig_value *kwarg(const rt_mig_op *op, const char *name)
{
    for (size_t i = 0; i < op->kwarg_count; i++)
        if (rt_str_eq_cstr(op->kwargs[i].name, name))
            return op->kwargs[i].value;
    return NULL;
}

static void set_table(walk *w, rt_mig_op *op, size_t batch)
{
    if (batch != NO_BATCH) {
        op->table = w->ops[batch].op.table;
        op->schema = w->ops[batch].op.schema;
        return;
    }
    size_t index;
    const char *kw;
    if (table_param(op->name, &index, &kw))
        op->table = literal(index < op->arg_count ? op->args[index] : kwarg(op, kw));
    op->schema = literal(kwarg(op, "schema"));
}

/* The helper chain of the current walk, without the walked function itself. */
static void set_via(walk *w, rt_mig_op *op)
{
    if (w->depth < 2)
        return;
    op->via_count = w->depth - 1;
    op->via = mig_alloc(w->c, op->via_count, sizeof *op->via);
    for (size_t i = 0; op->via && i < op->via_count; i++)
        op->via[i] = w->stack[i + 1]->u.function_def.name;
}

static size_t record(walk *w, const rt_py_node *call, bkind kind, size_t batch,
                     rt_str name, unsigned flags)
{
    mig_ctx *c = w->c;
    pending *p = mig_push(c, (void **)&w->ops, &w->n, &w->cap, sizeof *p);
    if (!p)
        return NO_BATCH;
    rt_mig_op *op = &p->op;
    p->batch = batch;
    op->name = name;
    op->receiver = kind == B_BATCH  ? RT_MIG_RECV_BATCH
                   : kind == B_CONN ? RT_MIG_RECV_CONNECTION
                                    : RT_MIG_RECV_OP;
    const rt_py_node *recv = call->u.call.func->u.attribute.value;
    op->receiver_text = mig_text(c, recv->start, recv->end);
    op->span = mig_span(c, call->start, call->end);
    op->arg_count = call->u.call.args.len;
    op->args = mig_alloc(c, op->arg_count, sizeof *op->args);
    for (size_t i = 0; op->args && i < op->arg_count; i++)
        op->args[i] = mig_value(c, call->u.call.args.items[i], SIZE_MAX);
    op->kwarg_count = call->u.call.keywords.len;
    op->kwargs = mig_alloc(c, op->kwarg_count, sizeof *op->kwargs);
    for (size_t i = 0; op->kwargs && i < op->kwarg_count; i++) {
        const rt_py_node *k = call->u.call.keywords.items[i];
        op->kwargs[i].name = k->u.keyword.arg;
        op->kwargs[i].value = mig_value(c, k->u.keyword.value, SIZE_MAX);
    }
    op->flags = flags | (w->depth > 1 ? RT_MIG_OP_HELPER : 0);
    op->node = call;
    set_via(w, op);
    set_table(w, op, batch);
    return w->n - 1;
}

static void walk_body(walk *w, scope *s, const rt_py_list *body, unsigned flags);
static void walk_expr(walk *w, scope *s, const rt_py_node *n, unsigned flags);

typedef struct child_ctx {
    walk *w;
    scope *s;
    unsigned flags;
} child_ctx;

static void walk_child(rt_py_node *child, void *ctx)
{
    child_ctx *cc = ctx;
    walk_expr(cc->w, cc->s, child, cc->flags);
}

static void walk_children(walk *w, scope *s, const rt_py_node *n, unsigned flags)
{
    child_ctx cc = {w, s, flags};
    rt_py_children(n, walk_child, &cc);
}

void mig_params(mig_ctx *c, const rt_py_node *def, rt_str **out, size_t *count)
{
    const rt_py_node *a = def->u.function_def.args;
    size_t cap = 0;
    *out = NULL;
    *count = 0;
    if (!a)
        return;
    const rt_py_list *lists[] = {&a->u.arguments.posonlyargs, &a->u.arguments.args, NULL,
                                 &a->u.arguments.kwonlyargs, NULL};
    const rt_py_node *singles[] = {NULL, NULL, a->u.arguments.vararg, NULL,
                                   a->u.arguments.kwarg};
    for (size_t i = 0; i < 5; i++) {
        const rt_py_node *const *items = lists[i] ? (const rt_py_node *const *)lists[i]->items
                                                  : &singles[i];
        size_t n = lists[i] ? lists[i]->len : singles[i] != NULL;
        for (size_t j = 0; j < n; j++) {
            rt_str *slot = mig_push(c, (void **)out, count, &cap, sizeof *slot);
            if (slot)
                *slot = items[j]->u.arg.arg;
        }
    }
}

/* The module-level function a call by plain name reaches, if it is a helper to follow
 * (not shadowed, not deeper than the limit, not already being walked, budget left). */
static const rt_py_node *helper_def(walk *w, const scope *s, const rt_py_node *call)
{
    const rt_py_node *f = call->u.call.func;
    if (f->kind != RT_PY_NAME || scope_find(s, f->u.name.id))
        return NULL;
    const rt_py_node *def = mig_find_def(w->c, f->u.name.id);
    if (!def || w->depth > RT_MIG_MAX_HELPER_DEPTH)
        return NULL;
    for (size_t i = 0; i < w->depth; i++)
        if (w->stack[i] == def)
            return NULL;
    if (w->c->spent > w->c->budget) {
        w->f->truncated = true;
        return NULL;
    }
    return def;
}

/* What an argument passed to a helper denotes, copied onto the parameter. */
static void bind_param(walk *w, scope *callee, const scope *caller, rt_str param,
                       const rt_py_node *arg)
{
    size_t batch = NO_BATCH;
    bkind k = arg ? recv_kind(caller, arg, &batch) : B_OTHER;
    if (k == B_OTHER && arg && arg->kind == RT_PY_NAME) {
        const bind *b = scope_find(caller, arg->u.name.id);
        if (b && b->kind == B_ALEMBIC)
            k = B_ALEMBIC;
    }
    if (k == B_OTHER && rt_str_eq_cstr(param, "op"))
        k = B_OP;
    scope_add(w, callee, param, k, batch);
}

static void follow(walk *w, const scope *caller, const rt_py_node *call,
                   const rt_py_node *def, unsigned flags)
{
    scope s = {NULL, 0, 0, &w->module};
    rt_str *params;
    size_t count;
    mig_params(w->c, def, &params, &count);
    const rt_py_node *a = def->u.function_def.args;
    size_t positional = a ? a->u.arguments.posonlyargs.len + a->u.arguments.args.len : 0;
    for (size_t i = 0; i < count; i++) {
        const rt_py_node *arg = NULL;
        if (i < positional && i < call->u.call.args.len &&
            call->u.call.args.items[i]->kind != RT_PY_STARRED)
            arg = call->u.call.args.items[i];
        for (uint32_t k = 0; !arg && k < call->u.call.keywords.len; k++)
            if (rt_str_eq(call->u.call.keywords.items[k]->u.keyword.arg, params[i]))
                arg = call->u.call.keywords.items[k]->u.keyword.value;
        bind_param(w, &s, caller, params[i], arg);
    }
    w->stack[w->depth++] = def;
    walk_body(w, &s, &def->u.function_def.body, flags);
    w->depth--;
}

static void walk_call(walk *w, scope *s, const rt_py_node *n, unsigned flags)
{
    bkind kind;
    size_t batch;
    rt_str name;
    if (op_call(s, n, &kind, &batch, &name)) {
        record(w, n, kind, batch, name, flags);
        return;
    }
    walk_children(w, s, n, flags);
    const rt_py_node *def = helper_def(w, s, n);
    if (def)
        follow(w, s, n, def, flags);
}

/* Whether the walk may go one level deeper; marks the function truncated when not. */
static bool enter(walk *w)
{
    if (w->level >= MIG_MAX_WALK_LEVEL) {
        w->f->truncated = true;
        return false;
    }
    w->level++;
    w->c->spent++;
    return true;
}

static void walk_expr(walk *w, scope *s, const rt_py_node *n, unsigned flags)
{
    if (!n || !enter(w))
        return;
    unsigned cond = flags | RT_MIG_OP_CONDITIONAL;
    switch (n->kind) {
    case RT_PY_CALL: walk_call(w, s, n, flags); break;
    case RT_PY_IF_EXP:
        walk_expr(w, s, n->u.if_exp.test, flags);
        walk_expr(w, s, n->u.if_exp.body, cond);
        walk_expr(w, s, n->u.if_exp.orelse, cond);
        break;
    case RT_PY_BOOL_OP:
        for (uint32_t i = 0; i < n->u.bool_op.values.len; i++)
            walk_expr(w, s, n->u.bool_op.values.items[i], i ? cond : flags);
        break;
    case RT_PY_LIST_COMP:
    case RT_PY_SET_COMP:
    case RT_PY_DICT_COMP:
    case RT_PY_GENERATOR_EXP: walk_children(w, s, n, flags | RT_MIG_OP_LOOP); break;
    case RT_PY_LAMBDA: break;
    default: walk_children(w, s, n, flags); break;
    }
    w->level--;
}

/* Binds the names an import statement introduces. */
static void bind_import(walk *w, scope *s, const rt_py_node *st)
{
    bool from = st->kind == RT_PY_IMPORT_FROM;
    const rt_py_list *names = from ? &st->u.import_from.names : &st->u.import.names;
    bool from_alembic = from && st->u.import_from.level == 0 &&
                        rt_str_eq_cstr(st->u.import_from.module, "alembic");
    for (uint32_t i = 0; i < names->len; i++) {
        rt_str name = names->items[i]->u.alias.name, as = names->items[i]->u.alias.asname;
        bkind k = B_OTHER;
        rt_str bound = as.len ? as : name;
        if (from_alembic && (rt_str_eq_cstr(name, "op") || rt_str_eq_cstr(name, "*"))) {
            k = B_OP;
            bound = as.len ? as : RT_STR_LIT("op");
        } else if (!from && rt_str_eq_cstr(name, "alembic")) {
            k = B_ALEMBIC;
        } else if (!from && rt_str_eq_cstr(name, "alembic.op")) {
            k = as.len ? B_OP : B_ALEMBIC;
            bound = as.len ? as : RT_STR_LIT("alembic");
        } else if (!from && !as.len) {
            const char *dot = memchr(name.p, '.', name.len);
            bound = dot ? (rt_str){name.p, (size_t)(dot - name.p)} : name;
        }
        scope_add(w, s, bound, k, NO_BATCH);
    }
}

static void module_scope(walk *w, scope *s)
{
    const rt_py_list *body = &w->c->m->body;
    for (uint32_t i = 0; i < body->len; i++)
        if (body->items[i]->kind == RT_PY_IMPORT || body->items[i]->kind == RT_PY_IMPORT_FROM)
            bind_import(w, s, body->items[i]);
}

/* Binds every plain name in a target (NAME, or tuples/lists of them) to kind. */
static void bind_target(walk *w, scope *s, const rt_py_node *t, bkind kind, size_t batch,
                        int depth)
{
    if (!t || depth > MIG_MAX_VALUE_DEPTH)
        return;
    if (t->kind == RT_PY_NAME) {
        const bind *b = scope_find(s, t->u.name.id);
        if (kind != B_OTHER || (b && b->kind != B_OTHER))
            scope_add(w, s, t->u.name.id, kind, batch);
    } else if (t->kind == RT_PY_TUPLE || t->kind == RT_PY_LIST) {
        for (uint32_t i = 0; i < t->u.seq.elts.len; i++)
            bind_target(w, s, t->u.seq.elts.items[i], B_OTHER, NO_BATCH, depth + 1);
    } else if (t->kind == RT_PY_STARRED) {
        bind_target(w, s, t->u.value.value, B_OTHER, NO_BATCH, depth + 1);
    }
}

/* An assignment: `conn = op.get_bind()`, `o = op` alias, else evaluate and shadow. */
static void walk_assign(walk *w, scope *s, const rt_py_list *targets,
                        const rt_py_node *value, unsigned flags)
{
    bkind kind = B_OTHER;
    size_t batch = NO_BATCH;
    if (value && (is_get_bind(s, value) || value->kind == RT_PY_NAME ||
                  is_attr(value, "op")))
        kind = recv_kind(s, value, &batch);
    if (kind == B_OTHER)
        walk_expr(w, s, value, flags);
    for (uint32_t i = 0; i < targets->len; i++)
        bind_target(w, s, targets->items[i], kind, batch, 0);
}

/* `op.get_context().autocommit_block()` */
static bool is_autocommit(const scope *s, const rt_py_node *e)
{
    size_t batch;
    if (e->kind != RT_PY_CALL || !is_attr(e->u.call.func, "autocommit_block"))
        return false;
    const rt_py_node *ctx = e->u.call.func->u.attribute.value;
    return ctx->kind == RT_PY_CALL && is_attr(ctx->u.call.func, "get_context") &&
           recv_kind(s, ctx->u.call.func->u.attribute.value, &batch) == B_OP;
}

static void walk_with(walk *w, scope *s, const rt_py_node *st, unsigned flags)
{
    unsigned inner = flags;
    for (uint32_t i = 0; i < st->u.with.items.len; i++) {
        const rt_py_node *item = st->u.with.items.items[i];
        const rt_py_node *e = item->u.with_item.context_expr;
        bkind kind;
        size_t batch;
        rt_str name;
        if (is_autocommit(s, e)) {
            inner |= RT_MIG_OP_AUTOCOMMIT;
        } else if (e->kind == RT_PY_CALL && op_call(s, e, &kind, &batch, &name) &&
                   kind == B_OP && rt_str_eq_cstr(name, "batch_alter_table")) {
            size_t index = record(w, e, kind, batch, name, flags);
            bind_target(w, s, item->u.with_item.optional_vars, B_BATCH, index, 0);
            continue;
        } else {
            walk_expr(w, s, e, flags);
        }
        bind_target(w, s, item->u.with_item.optional_vars, B_OTHER, NO_BATCH, 0);
    }
    walk_body(w, s, &st->u.with.body, inner);
}

static void walk_try(walk *w, scope *s, const rt_py_node *st, unsigned flags)
{
    unsigned cond = flags | RT_MIG_OP_CONDITIONAL;
    walk_body(w, s, &st->u.try_.body, cond);
    for (uint32_t i = 0; i < st->u.try_.handlers.len; i++)
        walk_body(w, s, &st->u.try_.handlers.items[i]->u.handler.body, cond);
    walk_body(w, s, &st->u.try_.orelse, cond);
    walk_body(w, s, &st->u.try_.finalbody, flags);
}

static void walk_stmt_in(walk *w, scope *s, const rt_py_node *st, unsigned flags)
{
    unsigned cond = flags | RT_MIG_OP_CONDITIONAL, loop = flags | RT_MIG_OP_LOOP;
    switch (st->kind) {
    case RT_PY_FUNCTION_DEF:
        scope_add(w, s, st->u.function_def.name, B_OTHER, NO_BATCH);
        return;
    case RT_PY_CLASS_DEF: scope_add(w, s, st->u.class_def.name, B_OTHER, NO_BATCH); return;
    case RT_PY_IF:
        walk_expr(w, s, st->u.if_.test, flags);
        walk_body(w, s, &st->u.if_.body, cond);
        walk_body(w, s, &st->u.if_.orelse, cond);
        return;
    case RT_PY_WHILE:
        walk_expr(w, s, st->u.if_.test, loop);
        walk_body(w, s, &st->u.if_.body, loop);
        walk_body(w, s, &st->u.if_.orelse, flags);
        return;
    case RT_PY_FOR:
        walk_expr(w, s, st->u.for_.iter, flags);
        bind_target(w, s, st->u.for_.target, B_OTHER, NO_BATCH, 0);
        walk_body(w, s, &st->u.for_.body, loop);
        walk_body(w, s, &st->u.for_.orelse, flags);
        return;
    case RT_PY_TRY: walk_try(w, s, st, flags); return;
    case RT_PY_MATCH:
        walk_expr(w, s, st->u.match.subject, flags);
        for (uint32_t i = 0; i < st->u.match.cases.len; i++)
            walk_body(w, s, &st->u.match.cases.items[i]->u.match_case.body, cond);
        return;
    case RT_PY_WITH: walk_with(w, s, st, flags); return;
    case RT_PY_ASSIGN: walk_assign(w, s, &st->u.assign.targets, st->u.assign.value, flags); return;
    case RT_PY_ANN_ASSIGN: {
        rt_py_node *target = st->u.ann_assign.target;
        rt_py_list targets = {&target, 1};
        walk_assign(w, s, &targets, st->u.ann_assign.value, flags);
        return;
    }
    case RT_PY_IMPORT:
    case RT_PY_IMPORT_FROM: bind_import(w, s, st); return;
    default: walk_children(w, s, st, flags); return;
    }
}

static void walk_stmt(walk *w, scope *s, const rt_py_node *st, unsigned flags)
{
    if (!enter(w))
        return;
    walk_stmt_in(w, s, st, flags);
    w->level--;
}

static void walk_body(walk *w, scope *s, const rt_py_list *body, unsigned flags)
{
    for (uint32_t i = 0; i < body->len; i++)
        walk_stmt(w, s, body->items[i], flags);
}

static bool is_empty_stmt(const rt_py_node *st)
{
    if (st->kind == RT_PY_PASS)
        return true;
    if (st->kind != RT_PY_EXPR)
        return false;
    const rt_py_node *v = st->u.value.value;
    return v->kind == RT_PY_STRING ||
           (v->kind == RT_PY_CONSTANT && v->op == RT_PY_CONST_ELLIPSIS);
}

static void set_raise(mig_ctx *c, rt_mig_function *f, const rt_py_node *st)
{
    const rt_py_node *exc = st->u.raise.exc;
    f->raises = true;
    f->raise_span = mig_span(c, st->start, st->end);
    if (!exc)
        return;
    const rt_py_node *callee = exc->kind == RT_PY_CALL ? exc->u.call.func : exc;
    f->raise_name = mig_dotted(c, callee);
    if (exc->kind == RT_PY_CALL && exc->u.call.args.len &&
        exc->u.call.args.items[0]->kind == RT_PY_STRING)
        f->raise_message = mig_string(c, exc->u.call.args.items[0]);
}

void mig_function_ops(mig_ctx *c, rt_mig_function *f)
{
    walk w = {c, f, {NULL, 0, 0, NULL}, NULL, 0, 0, {NULL}, 0, 0};
    scope s = {NULL, 0, 0, &w.module};
    const rt_py_node *def = f->node;
    module_scope(&w, &w.module);
    for (size_t i = 0; i < f->param_count; i++)
        scope_add(&w, &s, f->params[i], rt_str_eq_cstr(f->params[i], "op") ? B_OP : B_OTHER,
                  NO_BATCH);
    w.stack[w.depth++] = def;
    const rt_py_list *body = &def->u.function_def.body;
    f->empty = true;
    for (uint32_t i = 0; i < body->len; i++) {
        const rt_py_node *st = body->items[i];
        f->empty &= is_empty_stmt(st);
        if (st->kind == RT_PY_RAISE && !f->raises && w.n == 0)
            set_raise(c, f, st);
        walk_stmt(&w, &s, st, 0);
    }
    f->op_count = w.n;
    f->ops = mig_alloc(c, w.n, sizeof *f->ops);
    for (size_t i = 0; f->ops && i < w.n; i++)
        f->ops[i] = w.ops[i].op;
    for (size_t i = 0; f->ops && i < w.n; i++)
        if (w.ops[i].batch != NO_BATCH)
            f->ops[i].batch = &f->ops[w.ops[i].batch];
}
