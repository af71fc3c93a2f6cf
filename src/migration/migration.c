/* The migration model: identifiers, docstring header, functions and imports of one
 * Alembic revision file, read from its AST. */
#include <string.h>

#include "migration/mig_internal.h"

/* ---- Module-level bindings ------------------------------------------------------- */

/* A module-level binding of a name; for identifiers we also keep how it was bound. */
typedef struct ident_binding {
    size_t stmt;
    const rt_py_node *value;      /* plain `NAME = value` / `NAME: T = value` */
    const rt_py_node *annotation;
    const rt_py_node *where;      /* the node to point at */
} ident_binding;

static void add_binding(mig_ctx *c, rt_str name, size_t stmt, const rt_py_node *value)
{
    mig_binding *b = mig_push(c, (void **)&c->bindings, &c->binding_count,
                              &c->binding_cap, sizeof *b);
    if (!b)
        return;
    b->name = name;
    b->stmt = stmt;
    b->string = value && value->kind == RT_PY_STRING && !(value->flags & RT_PY_NF_BYTES)
                    ? value
                    : NULL;
}

typedef struct store_ctx {
    mig_ctx *c;
    size_t stmt;
} store_ctx;

/* Names bound anywhere inside a statement that is not a plain assignment: not literals
 * (functions' and classes' own scopes are skipped). */
static int visit_store(const rt_py_node *n, void *ctx)
{
    store_ctx *sc = ctx;
    switch (n->kind) {
    case RT_PY_NAME:
        if (n->flags & RT_PY_NF_STORE)
            add_binding(sc->c, n->u.name.id, sc->stmt, NULL);
        return 0;
    case RT_PY_FUNCTION_DEF: add_binding(sc->c, n->u.function_def.name, sc->stmt, NULL); return 1;
    case RT_PY_CLASS_DEF: add_binding(sc->c, n->u.class_def.name, sc->stmt, NULL); return 1;
    case RT_PY_ALIAS: {
        rt_str as = n->u.alias.asname, name = n->u.alias.name;
        const char *dot = memchr(name.p, '.', name.len);
        rt_str bound = as.len ? as : dot ? (rt_str){name.p, (size_t)(dot - name.p)} : name;
        add_binding(sc->c, bound, sc->stmt, NULL);
        return 1;
    }
    case RT_PY_LAMBDA:
    case RT_PY_LIST_COMP:
    case RT_PY_SET_COMP:
    case RT_PY_DICT_COMP:
    case RT_PY_GENERATOR_EXP: return 1;
    default: return 0;
    }
}

static void collect_bindings(mig_ctx *c)
{
    const rt_py_list *body = &c->m->body;
    for (uint32_t i = 0; i < body->len; i++) {
        const rt_py_node *st = body->items[i];
        store_ctx sc = {c, i};
        if (st->kind == RT_PY_ASSIGN) {
            for (uint32_t t = 0; t < st->u.assign.targets.len; t++) {
                const rt_py_node *target = st->u.assign.targets.items[t];
                if (target->kind == RT_PY_NAME)
                    add_binding(c, target->u.name.id, i, st->u.assign.value);
                else if (rt_py_visit(target, visit_store, &sc) == RT_ENOMEM)
                    c->oom = true;
            }
            continue;
        }
        if (st->kind == RT_PY_ANN_ASSIGN && st->u.ann_assign.target->kind == RT_PY_NAME) {
            if (st->u.ann_assign.value)
                add_binding(c, st->u.ann_assign.target->u.name.id, i, st->u.ann_assign.value);
            continue;
        }
        if (rt_py_visit(st, visit_store, &sc) == RT_ENOMEM)
            c->oom = true;
    }
}

/* The last module-level binding of name: plain assignments give their value. */
static bool find_ident(const mig_ctx *c, const char *name, ident_binding *out)
{
    const mig_binding *last = NULL; /* bindings are sorted: the last of its run */
    for (size_t i = 0; i < c->binding_count; i++)
        if (rt_str_eq_cstr(c->bindings[i].name, name))
            last = &c->bindings[i];
    if (!last)
        return false;
    const rt_py_node *st = c->m->body.items[last->stmt];
    *out = (ident_binding){last->stmt, NULL, NULL, st};
    if (st->kind == RT_PY_ASSIGN) {
        for (uint32_t t = 0; t < st->u.assign.targets.len; t++) {
            const rt_py_node *target = st->u.assign.targets.items[t];
            if (target->kind == RT_PY_NAME && rt_str_eq_cstr(target->u.name.id, name))
                out->value = st->u.assign.value;
        }
    } else if (st->kind == RT_PY_ANN_ASSIGN) {
        out->value = st->u.ann_assign.value;
        out->annotation = st->u.ann_assign.annotation;
    }
    if (out->value)
        out->where = out->value;
    return true;
}

/* ---- Identifiers ----------------------------------------------------------------- */

static void ident_ids(mig_ctx *c, rt_mig_ident *id, const rt_mig_value *v)
{
    if (v->kind == RT_MIG_V_STR) {
        id->form = RT_MIG_ID_STRING;
        id->count = 1;
        id->ids = mig_alloc(c, 1, sizeof *id->ids);
        if (id->ids)
            id->ids[0] = v->text;
        return;
    }
    id->form = v->kind == RT_MIG_V_TUPLE ? RT_MIG_ID_TUPLE : RT_MIG_ID_LIST;
    id->count = v->count;
    id->ids = mig_alloc(c, v->count, sizeof *id->ids);
    for (size_t i = 0; id->ids && i < v->count; i++) {
        const rt_mig_value *e = v->items[i];
        if (e && e->kind == RT_MIG_V_STR) {
            id->ids[i] = e->text;
        } else {
            id->ids[i] = RT_STR_NULL;
            id->dynamic = true;
        }
    }
}

static void read_ident(mig_ctx *c, rt_mig_ident *id, const char *name)
{
    ident_binding b;
    memset(id, 0, sizeof *id);
    if (!find_ident(c, name, &b))
        return;
    id->span = mig_span(c, b.where->start, b.where->end);
    if (b.annotation) {
        id->annotated = true;
        id->annotation = mig_text(c, b.annotation->start, b.annotation->end);
    }
    if (!b.value) {
        id->form = RT_MIG_ID_DYNAMIC;
        id->dynamic = true;
        return;
    }
    id->value = mig_value(c, b.value, b.stmt);
    if (!id->value)
        return;
    switch (id->value->kind) {
    case RT_MIG_V_NONE: id->form = RT_MIG_ID_NONE; break;
    case RT_MIG_V_STR:
    case RT_MIG_V_TUPLE:
    case RT_MIG_V_LIST: ident_ids(c, id, id->value); break;
    default:
        id->form = RT_MIG_ID_DYNAMIC;
        id->dynamic = true;
        break;
    }
}

/* ---- Docstring ------------------------------------------------------------------- */

static void doc_field(mig_ctx *c, rt_mig_docfield *f, rt_str line, const char *key)
{
    size_t klen = strlen(key);
    if (f->line || line.len < klen || memcmp(line.p, key, klen) != 0)
        return;
    rt_str value = rt_str_trim((rt_str){line.p + klen, line.len - klen});
    uint32_t at = (uint32_t)((value.len ? value.p : line.p) - c->m->text);
    f->value = value;
    mig_position(c, at, &f->line, &f->column);
}

/* Splits Revises: on commas (trimmed, empty entries dropped). */
static void split_revises(mig_ctx *c, rt_mig_docstring *d)
{
    size_t cap = 0;
    rt_str v = d->revises.value;
    for (size_t i = 0; i <= v.len && d->revises.line;) {
        const char *comma = memchr(v.p + i, ',', v.len - i);
        size_t end = comma ? (size_t)(comma - v.p) : v.len;
        rt_str item = rt_str_trim((rt_str){v.p + i, end - i});
        if (item.len) {
            rt_str *slot = mig_push(c, (void **)&d->revises_list, &d->revises_count, &cap,
                                    sizeof *slot);
            if (slot)
                *slot = item;
        }
        i = end + 1;
    }
}

/* Reads the header lines from the docstring's source text (so lines are exact). */
static void doc_lines(mig_ctx *c, rt_mig_docstring *d, const rt_py_strpart *part)
{
    const char *p = c->m->text + part->body_start, *end = c->m->text + part->body_end;
    while (p < end) {
        const char *eol = p;
        while (eol < end && *eol != '\n' && *eol != '\r')
            eol++;
        rt_str line = rt_str_trim((rt_str){p, (size_t)(eol - p)});
        if (!d->message.line && line.len) {
            d->message.value = line;
            mig_position(c, (uint32_t)(line.p - c->m->text), &d->message.line,
                           &d->message.column);
        }
        doc_field(c, &d->revision_id, line, "Revision ID:");
        doc_field(c, &d->revises, line, "Revises:");
        doc_field(c, &d->create_date, line, "Create Date:");
        p = eol + (eol < end && *eol == '\r' && eol + 1 < end && eol[1] == '\n') + (eol < end);
    }
}

static void read_docstring(mig_ctx *c, rt_mig_docstring *d)
{
    memset(d, 0, sizeof *d);
    if (!c->m->body.len)
        return;
    const rt_py_node *st = c->m->body.items[0];
    if (st->kind != RT_PY_EXPR || st->u.value.value->kind != RT_PY_STRING ||
        (st->u.value.value->flags & RT_PY_NF_BYTES))
        return;
    const rt_py_node *s = st->u.value.value;
    d->present = true;
    d->text = mig_string(c, s);
    d->span = mig_span(c, s->start, s->end);
    for (uint32_t i = 0; i < s->u.string.len; i++)
        doc_lines(c, d, &s->u.string.parts[i]);
    split_revises(c, d);
}

/* ---- Functions, imports, errors -------------------------------------------------- */

static bool is_migration_function(rt_str name)
{
    return rt_str_eq_cstr(name, "upgrade") || rt_str_eq_cstr(name, "downgrade") ||
           rt_str_starts_with(name, "upgrade_") || rt_str_starts_with(name, "downgrade_");
}

static void read_functions(mig_ctx *c, rt_migration *mig)
{
    size_t cap = 0;
    const rt_py_list *body = &c->m->body;
    for (uint32_t i = 0; i < body->len; i++) {
        const rt_py_node *st = body->items[i];
        if (st->kind != RT_PY_FUNCTION_DEF || !is_migration_function(st->u.function_def.name))
            continue;
        rt_mig_function *f = NULL;
        for (size_t j = 0; j < mig->function_count && !f; j++)
            if (rt_str_eq(mig->functions[j].name, st->u.function_def.name))
                f = &mig->functions[j];
        if (!f)
            f = mig_push(c, (void **)&mig->functions, &mig->function_count, &cap, sizeof *f);
        if (!f)
            return;
        memset(f, 0, sizeof *f);
        f->name = st->u.function_def.name;
        f->node = st;
        uint32_t at = (uint32_t)(f->name.p - c->m->text);
        f->span = mig_span(c, at, at + (uint32_t)f->name.len);
        mig_params(c, st, &f->params, &f->param_count);
    }
    for (size_t j = 0; j < mig->function_count; j++) {
        mig_function_ops(c, &mig->functions[j]);
        if (rt_str_eq_cstr(mig->functions[j].name, "upgrade"))
            mig->upgrade = &mig->functions[j];
        if (rt_str_eq_cstr(mig->functions[j].name, "downgrade"))
            mig->downgrade = &mig->functions[j];
    }
}

typedef struct import_ctx {
    mig_ctx *c;
    rt_migration *mig;
    size_t cap;
    bool top_level;
} import_ctx;

static void add_import(import_ctx *ic, const rt_py_node *n)
{
    mig_ctx *c = ic->c;
    rt_mig_import *imp = mig_push(c, (void **)&ic->mig->imports, &ic->mig->import_count,
                                  &ic->cap, sizeof *imp);
    if (!imp)
        return;
    imp->from = n->kind == RT_PY_IMPORT_FROM;
    imp->span = mig_span(c, n->start, n->end);
    imp->top_level = ic->top_level;
    const rt_py_list *names = imp->from ? &n->u.import_from.names : &n->u.import.names;
    if (imp->from) {
        imp->module = n->u.import_from.module;
        imp->level = n->u.import_from.level;
    }
    imp->name_count = names->len;
    imp->names = mig_alloc(c, names->len, sizeof *imp->names);
    for (uint32_t i = 0; imp->names && i < names->len; i++) {
        imp->names[i].name = names->items[i]->u.alias.name;
        imp->names[i].asname = names->items[i]->u.alias.asname;
    }
}

static int visit_import(const rt_py_node *n, void *ctx)
{
    import_ctx *ic = ctx;
    if (n->kind == RT_PY_IMPORT || n->kind == RT_PY_IMPORT_FROM) {
        add_import(ic, n);
        return 1;
    }
    ic->top_level = false;
    return 0;
}

static void read_imports(mig_ctx *c, rt_migration *mig)
{
    import_ctx ic = {c, mig, 0, true};
    for (uint32_t i = 0; i < c->m->body.len; i++) {
        ic.top_level = true;
        if (rt_py_visit(c->m->body.items[i], visit_import, &ic) == RT_ENOMEM)
            c->oom = true;
    }
}

static void read_errors(mig_ctx *c, rt_migration *mig)
{
    mig->syntax_error_count = c->m->error_count;
    mig->syntax_errors = mig_alloc(c, c->m->error_count, sizeof *mig->syntax_errors);
    for (size_t i = 0; mig->syntax_errors && i < c->m->error_count; i++) {
        const rt_py_syntax_error *e = &c->m->errors[i];
        rt_mig_syntax_error *out = &mig->syntax_errors[i];
        out->message = e->message;
        out->offset = (uint32_t)rt_py_source_offset(c->m, e->offset);
        mig_position(c, e->offset, &out->line, &out->column);
    }
}

/* Alembic's legacy fallback: a file name matching ([a-f0-9]+)\.py$ from its start. */
static rt_str filename_revision(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    size_t n = 0;
    while ((name[n] >= '0' && name[n] <= '9') || (name[n] >= 'a' && name[n] <= 'f'))
        n++;
    if (n == 0 || strcmp(name + n, ".py") != 0)
        return RT_STR_NULL;
    return (rt_str){name, n};
}

/* The model of path's bytes src[0, len); positions are answered by pos, a source of the
 * same bytes. */
static int read_model(rt_migration **out, rt_arena *arena, const char *path, const char *src,
                      size_t len, rt_source *pos, rt_error *err)
{
    mig_ctx c;
    memset(&c, 0, sizeof c);
    c.a = arena;
    c.src = pos;
    *out = NULL;
    rt_py_module *m = NULL;
    int rc = rt_py_parse(&m, arena, path, src, len, err);
    if (rc != RT_OK)
        return rc;
    c.m = m;
    if (!mig_pos_init(&c))
        c.oom = true;
    rt_migration *mig = c.oom ? NULL : mig_alloc(&c, 1, sizeof *mig);
    if (mig) {
        mig->path = m->path;
        mig->module = m;
        collect_bindings(&c);
        mig_index(&c);
        c.budget = 16 * len + 100000;
        read_ident(&c, &mig->revision, "revision");
        read_ident(&c, &mig->down_revision, "down_revision");
        read_ident(&c, &mig->branch_labels, "branch_labels");
        read_ident(&c, &mig->depends_on, "depends_on");
        if (mig->revision.form == RT_MIG_ID_ABSENT && m->path)
            mig->filename_revision = filename_revision(m->path); /* the arena's copy */
        read_docstring(&c, &mig->docstring);
        read_functions(&c, mig);
        read_imports(&c, mig);
        read_errors(&c, mig);
    }
    if (c.oom)
        return rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory reading migration");
    *out = mig;
    return RT_OK;
}

int rt_migration_read(rt_migration **out, rt_arena *arena, const char *path,
                      const char *src, size_t len, rt_error *err)
{
    rt_source pos;
    *out = NULL;
    int rc = rt_source_from_bytes(&pos, path, src, len, err);
    if (rc == RT_OK)
        rc = read_model(out, arena, path, src, len, &pos, err);
    rt_source_free(&pos);
    return rc;
}

int rt_migration_read_source(rt_migration **out, rt_arena *arena, rt_source *src, rt_error *err)
{
    return read_model(out, arena, src->path, src->data, src->len, src, err);
}

bool rt_migration_parents(const rt_migration *m, const rt_str **ids, size_t *count)
{
    const rt_mig_ident *d = &m->down_revision;
    *ids = NULL;
    *count = 0;
    if (d->form == RT_MIG_ID_ABSENT || d->dynamic)
        return false;
    if (d->form == RT_MIG_ID_STRING && d->count == 1 && d->ids[0].len == 0)
        return true;
    if (d->form != RT_MIG_ID_NONE) {
        *ids = d->ids;
        *count = d->count;
    }
    return true;
}

const rt_mig_function *rt_migration_function(const rt_migration *m, const char *name)
{
    for (size_t i = 0; i < m->function_count; i++)
        if (rt_str_eq_cstr(m->functions[i].name, name))
            return &m->functions[i];
    return NULL;
}

static bool is_sql_text(const rt_mig_value *v)
{
    return v && (v->kind == RT_MIG_V_STR || v->kind == RT_MIG_V_FSTRING);
}

const rt_mig_value *rt_mig_op_sql(const rt_mig_op *op)
{
    static const char *const wrappers[] = {"text", "sa.text", "sqlalchemy.text", "sql.text",
                                           "sa.sql.text", "sqlalchemy.sql.text"};
    if (!rt_str_eq_cstr(op->name, "execute") && !rt_str_eq_cstr(op->name, "exec_driver_sql"))
        return NULL;
    const rt_mig_value *v = op->arg_count ? op->args[0] : NULL;
    for (size_t i = 0; !v && i < op->kwarg_count; i++)
        if (rt_str_eq_cstr(op->kwargs[i].name, "sqltext") ||
            rt_str_eq_cstr(op->kwargs[i].name, "statement"))
            v = op->kwargs[i].value;
    if (is_sql_text(v))
        return v;
    if (!v || v->kind != RT_MIG_V_CALL || v->count == 0)
        return NULL;
    for (size_t i = 0; i < sizeof wrappers / sizeof wrappers[0]; i++)
        if (rt_str_eq_cstr(v->text, wrappers[i]))
            return is_sql_text(v->items[0]) ? v->items[0] : NULL;
    return NULL;
}

const char *rt_mig_receiver_name(rt_mig_receiver r)
{
    switch (r) {
    case RT_MIG_RECV_OP: return "op";
    case RT_MIG_RECV_BATCH: return "batch_op";
    case RT_MIG_RECV_CONNECTION: return "connection";
    }
    return "?";
}

const char *rt_mig_vkind_name(rt_mig_vkind k)
{
    static const char *const names[] = {"dynamic", "none", "bool", "ellipsis", "number",
                                        "str", "bytes", "fstring", "hole", "tuple", "list",
                                        "set", "dict", "call", "ref"};
    return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

const char *rt_mig_idform_name(rt_mig_idform f)
{
    static const char *const names[] = {"absent", "none", "string", "tuple", "list",
                                        "dynamic"};
    return (size_t)f < sizeof names / sizeof names[0] ? names[f] : "?";
}
