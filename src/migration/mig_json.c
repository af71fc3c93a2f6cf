/* The model as JSON (`retort inspect --format json`; the shape is in docs/inspect.md). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "retort/migration.h"
#include "retort/term.h"

/* A JSON string of s; invalid UTF-8 becomes U+FFFD. NULL only when out of memory. */
static json_t *jstr(rt_str s)
{
    if (!s.p)
        return json_null();
    rt_buf b = RT_BUF_INIT;
    const unsigned char *p = (const unsigned char *)s.p;
    for (size_t i = 0; i < s.len;) {
        size_t n = rt_utf8_valid_len(p + i, s.len - i);
        if (n == 0) {
            rt_buf_puts(&b, "\xEF\xBF\xBD");
            i++;
        } else {
            rt_buf_put(&b, p + i, n);
            i += n;
        }
    }
    json_t *j = b.toobig ? NULL : json_stringn(rt_buf_cstr(&b), b.len);
    rt_buf_free(&b);
    return j;
}

static json_t *jcstr(const char *s)
{
    return s ? jstr(rt_str_from(s)) : json_null();
}

/* Sets key on obj to v (stolen); a NULL v marks the object as failed. */
static void put(json_t *obj, bool *ok, const char *key, json_t *v)
{
    if (!v || json_object_set_new(obj, key, v) != 0)
        *ok = false;
}

static void append(json_t *arr, bool *ok, json_t *v)
{
    if (!v || json_array_append_new(arr, v) != 0)
        *ok = false;
}

static json_t *jint(unsigned long long v)
{
    return json_integer((json_int_t)v);
}

static void put_pos(json_t *o, bool *ok, const rt_mig_span *s)
{
    put(o, ok, "line", jint(s->line));
    put(o, ok, "column", jint(s->column));
}

static void put_span(json_t *o, bool *ok, const rt_mig_span *s)
{
    put_pos(o, ok, s);
    put(o, ok, "end_line", jint(s->end_line));
    put(o, ok, "end_column", jint(s->end_column));
    put(o, ok, "start", jint(s->start));
    put(o, ok, "end", jint(s->end));
}

static json_t *value_json(const rt_mig_value *v, int depth);

static json_t *values_json(rt_mig_value *const *items, size_t n, int depth)
{
    json_t *arr = json_array();
    bool ok = arr != NULL;
    for (size_t i = 0; ok && i < n; i++)
        append(arr, &ok, items ? value_json(items[i], depth + 1) : json_null());
    if (!ok)
        json_decref(arr);
    return ok ? arr : NULL;
}

/* Sets obj[key] = v (stolen) with key made valid UTF-8 like any other string. */
static void put_key(json_t *obj, bool *ok, rt_str key, json_t *v)
{
    json_t *k = jstr(key);
    if (!k || !json_is_string(k)) {
        json_decref(v);
        *ok = false;
    } else if (!v ||
               json_object_setn_new(obj, json_string_value(k), json_string_length(k), v) != 0) {
        *ok = false; /* json_object_setn_new() consumes v even when it fails */
    }
    json_decref(k);
}

static json_t *kwargs_json(const rt_mig_kwarg *kw, size_t n, int depth)
{
    json_t *obj = json_object();
    bool ok = obj != NULL;
    for (size_t i = 0; ok && kw && i < n; i++)
        put_key(obj, &ok, kw[i].name.len ? kw[i].name : RT_STR_LIT("**"),
                value_json(kw[i].value, depth + 1));
    if (!ok)
        json_decref(obj);
    return ok ? obj : NULL;
}

static json_t *parts_json(const rt_mig_strpart *parts, size_t n)
{
    json_t *arr = json_array();
    bool ok = arr != NULL;
    for (size_t i = 0; ok && parts && i < n; i++) {
        json_t *p = json_object();
        ok = p != NULL;
        if (!ok)
            break;
        put_span(p, &ok, &parts[i].token);
        put(p, &ok, "body_start", jint(parts[i].body_start));
        put(p, &ok, "body_end", jint(parts[i].body_end));
        put(p, &ok, "raw", json_boolean(parts[i].raw));
        append(arr, &ok, p);
    }
    if (!ok)
        json_decref(arr);
    return ok ? arr : NULL;
}

static void value_fields(json_t *o, bool *ok, const rt_mig_value *v, int depth)
{
    switch (v->kind) {
    case RT_MIG_V_BOOL: put(o, ok, "value", json_boolean(v->boolean)); break;
    case RT_MIG_V_STR:
    case RT_MIG_V_BYTES:
        put(o, ok, "value", jstr(v->text));
        if (v->resolved_from.p)
            put(o, ok, "resolved_from", jstr(v->resolved_from));
        put(o, ok, "parts", parts_json(v->parts, v->part_count));
        break;
    case RT_MIG_V_FSTRING:
        put(o, ok, "value", jstr(v->text));
        put(o, ok, "pieces", values_json(v->items, v->count, depth));
        break;
    case RT_MIG_V_HOLE:
        put(o, ok, "source", jstr(v->text));
        put(o, ok, "expr", v->count ? value_json(v->items[0], depth + 1) : json_null());
        break;
    case RT_MIG_V_TUPLE:
    case RT_MIG_V_LIST:
    case RT_MIG_V_SET: put(o, ok, "items", values_json(v->items, v->count, depth)); break;
    case RT_MIG_V_DICT:
        put(o, ok, "keys", values_json(v->items, v->count, depth));
        put(o, ok, "values", values_json(v->values, v->count, depth));
        break;
    case RT_MIG_V_CALL:
        put(o, ok, "func", v->text.len ? jstr(v->text) : json_null());
        put(o, ok, "args", values_json(v->items, v->count, depth));
        put(o, ok, "kwargs", kwargs_json(v->kwargs, v->kwarg_count, depth));
        break;
    case RT_MIG_V_REF: put(o, ok, "name", jstr(v->text)); break;
    case RT_MIG_V_NUMBER: put(o, ok, "text", jstr(v->text)); break;
    case RT_MIG_V_DYNAMIC:
        put(o, ok, "source", jstr(v->text));
        if (v->starred)
            put(o, ok, "starred", json_true());
        break;
    default: break;
    }
}

/* Value trees are bounded by the model (MIG_MAX_VALUE_DEPTH); depth is a safety net. */
static json_t *value_json(const rt_mig_value *v, int depth)
{
    if (!v)
        return json_null();
    json_t *o = json_object();
    bool ok = o != NULL;
    if (!ok)
        return NULL;
    put(o, &ok, "kind", json_string(rt_mig_vkind_name(v->kind)));
    put_pos(o, &ok, &v->span);
    if (depth < 200)
        value_fields(o, &ok, v, depth);
    if (!ok)
        json_decref(o);
    return ok ? o : NULL;
}

static json_t *strs_json(const rt_str *s, size_t n)
{
    json_t *arr = json_array();
    bool ok = arr != NULL;
    for (size_t i = 0; ok && i < n; i++)
        append(arr, &ok, jstr(s[i]));
    if (!ok)
        json_decref(arr);
    return ok ? arr : NULL;
}

/* The top-level summary of an identifier, as Alembic 1.8.1 uses it: revision is a
 * string; down_revision a list where "" is a base; branch_labels and depends_on lists
 * where an absent variable is empty (Alembic reads them with getattr(..., None)). */
typedef enum summary { SUM_REVISION, SUM_PARENTS, SUM_OPTIONAL } summary;

static json_t *ident_summary(const rt_mig_ident *id, summary kind)
{
    switch (id->form) {
    case RT_MIG_ID_ABSENT: return kind == SUM_OPTIONAL ? json_array() : json_null();
    case RT_MIG_ID_DYNAMIC: return json_null();
    case RT_MIG_ID_NONE: return kind == SUM_REVISION ? json_null() : json_array();
    case RT_MIG_ID_STRING:
        if (kind == SUM_REVISION)
            return jstr(id->ids[0]);
        return kind == SUM_PARENTS && !id->ids[0].len ? json_array() : strs_json(id->ids, 1);
    default: return kind == SUM_REVISION ? json_null() : strs_json(id->ids, id->count);
    }
}

static json_t *ident_json(const rt_mig_ident *id)
{
    json_t *o = json_object();
    bool ok = o != NULL;
    if (!ok)
        return NULL;
    put(o, &ok, "form", json_string(rt_mig_idform_name(id->form)));
    put(o, &ok, "dynamic", json_boolean(id->dynamic));
    if (id->form != RT_MIG_ID_ABSENT) {
        put(o, &ok, "ids", id->form == RT_MIG_ID_NONE || id->form == RT_MIG_ID_DYNAMIC
                               ? json_array()
                               : strs_json(id->ids, id->count));
        put(o, &ok, "annotation", id->annotated ? jstr(id->annotation) : json_null());
        put_pos(o, &ok, &id->span);
        put(o, &ok, "value", value_json(id->value, 0));
    }
    if (!ok)
        json_decref(o);
    return ok ? o : NULL;
}

static json_t *docfield_json(const rt_mig_docfield *f)
{
    if (!f->line)
        return json_null();
    return json_pack("{s:o, s:i, s:i}", "value", jstr(f->value), "line", (int)f->line,
                     "column", (int)f->column);
}

static json_t *docstring_json(const rt_mig_docstring *d)
{
    if (!d->present)
        return json_null();
    json_t *o = json_object();
    bool ok = o != NULL;
    if (!ok)
        return NULL;
    put(o, &ok, "message", docfield_json(&d->message));
    put(o, &ok, "revision_id", docfield_json(&d->revision_id));
    put(o, &ok, "revises", docfield_json(&d->revises));
    put(o, &ok, "revises_list", d->revises.line ? strs_json(d->revises_list, d->revises_count)
                                                : json_null());
    put(o, &ok, "create_date", docfield_json(&d->create_date));
    put_pos(o, &ok, &d->span);
    if (!ok)
        json_decref(o);
    return ok ? o : NULL;
}

static json_t *flags_json(unsigned flags)
{
    static const struct {
        unsigned flag;
        const char *name;
    } names[] = {{RT_MIG_OP_CONDITIONAL, "conditional"},
                 {RT_MIG_OP_LOOP, "loop"},
                 {RT_MIG_OP_AUTOCOMMIT, "autocommit_block"},
                 {RT_MIG_OP_HELPER, "helper"}};
    json_t *arr = json_array();
    bool ok = arr != NULL;
    for (size_t i = 0; ok && i < sizeof names / sizeof names[0]; i++)
        if (flags & names[i].flag)
            append(arr, &ok, json_string(names[i].name));
    if (!ok)
        json_decref(arr);
    return ok ? arr : NULL;
}

static json_t *op_json(const rt_mig_op *op, const rt_mig_function *f)
{
    json_t *o = json_object();
    bool ok = o != NULL;
    if (!ok)
        return NULL;
    put(o, &ok, "name", jstr(op->name));
    put(o, &ok, "receiver", json_string(rt_mig_receiver_name(op->receiver)));
    put(o, &ok, "receiver_text", jstr(op->receiver_text));
    put_span(o, &ok, &op->span);
    put(o, &ok, "table", jstr(op->table));
    put(o, &ok, "schema", jstr(op->schema));
    put(o, &ok, "batch", op->batch ? jint((size_t)(op->batch - f->ops)) : json_null());
    put(o, &ok, "flags", flags_json(op->flags));
    put(o, &ok, "via", strs_json(op->via, op->via_count));
    put(o, &ok, "args", values_json(op->args, op->arg_count, 0));
    put(o, &ok, "kwargs", kwargs_json(op->kwargs, op->kwarg_count, 0));
    if (rt_str_eq_cstr(op->name, "execute") || rt_str_eq_cstr(op->name, "exec_driver_sql"))
        put(o, &ok, "sql", value_json(rt_mig_op_sql(op), 0));
    if (!ok)
        json_decref(o);
    return ok ? o : NULL;
}

static json_t *function_json(const rt_mig_function *f)
{
    json_t *o = json_object(), *ops = json_array();
    bool ok = o && ops;
    if (!ok) {
        json_decref(o);
        json_decref(ops);
        return NULL;
    }
    put_pos(o, &ok, &f->span);
    put(o, &ok, "params", strs_json(f->params, f->param_count));
    put(o, &ok, "empty", json_boolean(f->empty));
    put(o, &ok, "raises", json_boolean(f->raises));
    if (f->raises) {
        put(o, &ok, "raise", json_pack("{s:o, s:o, s:i}", "exception",
                                       f->raise_name.len ? jstr(f->raise_name) : json_null(),
                                       "message", jstr(f->raise_message), "line",
                                       (int)f->raise_span.line));
    }
    put(o, &ok, "truncated", json_boolean(f->truncated));
    for (size_t i = 0; ok && i < f->op_count; i++)
        append(ops, &ok, op_json(&f->ops[i], f));
    put(o, &ok, "ops", ops);
    if (!ok)
        json_decref(o);
    return ok ? o : NULL;
}

static json_t *functions_json(const rt_migration *m)
{
    json_t *o = json_object();
    bool ok = o != NULL;
    if (!ok)
        return NULL;
    put(o, &ok, "upgrade", json_null());
    put(o, &ok, "downgrade", json_null());
    for (size_t i = 0; ok && i < m->function_count; i++)
        put_key(o, &ok, m->functions[i].name, function_json(&m->functions[i]));
    if (!ok)
        json_decref(o);
    return ok ? o : NULL;
}

static json_t *import_json(const rt_mig_import *imp)
{
    json_t *o = json_object(), *names = json_array();
    bool ok = o && names;
    if (!ok) {
        json_decref(o);
        json_decref(names);
        return NULL;
    }
    put(o, &ok, "kind", json_string(imp->from ? "from" : "import"));
    put(o, &ok, "module", imp->from ? jstr(imp->module) : json_null());
    put(o, &ok, "level", jint(imp->level));
    for (size_t i = 0; ok && i < imp->name_count; i++)
        append(names, &ok, json_pack("{s:o, s:o}", "name", jstr(imp->names[i].name), "asname",
                                     imp->names[i].asname.len ? jstr(imp->names[i].asname)
                                                              : json_null()));
    put(o, &ok, "names", names);
    put(o, &ok, "top_level", json_boolean(imp->top_level));
    put_pos(o, &ok, &imp->span);
    if (!ok)
        json_decref(o);
    return ok ? o : NULL;
}

static json_t *migration_json(const rt_migration *m)
{
    json_t *o = json_object(), *imports = json_array(), *errors = json_array();
    json_t *ids = json_object();
    bool ok = o && imports && errors && ids;
    if (!ok) {
        json_decref(o);
        json_decref(imports);
        json_decref(errors);
        json_decref(ids);
        return NULL;
    }
    put(o, &ok, "path", jcstr(m->path));
    put(o, &ok, "revision", m->revision.form == RT_MIG_ID_ABSENT && m->filename_revision.p
                                ? jstr(m->filename_revision)
                                : ident_summary(&m->revision, SUM_REVISION));
    put(o, &ok, "down_revisions", ident_summary(&m->down_revision, SUM_PARENTS));
    put(o, &ok, "branch_labels", ident_summary(&m->branch_labels, SUM_OPTIONAL));
    put(o, &ok, "depends_on", ident_summary(&m->depends_on, SUM_OPTIONAL));
    put(ids, &ok, "revision", ident_json(&m->revision));
    put(ids, &ok, "down_revision", ident_json(&m->down_revision));
    put(ids, &ok, "branch_labels", ident_json(&m->branch_labels));
    put(ids, &ok, "depends_on", ident_json(&m->depends_on));
    put(ids, &ok, "filename_revision", jstr(m->filename_revision));
    put(o, &ok, "identifiers", ids);
    put(o, &ok, "docstring", docstring_json(&m->docstring));
    put(o, &ok, "functions", functions_json(m));
    for (size_t i = 0; ok && i < m->import_count; i++)
        append(imports, &ok, import_json(&m->imports[i]));
    put(o, &ok, "imports", imports);
    for (size_t i = 0; ok && i < m->syntax_error_count; i++) {
        const rt_mig_syntax_error *e = &m->syntax_errors[i];
        append(errors, &ok, json_pack("{s:o, s:i, s:i}", "message", jcstr(e->message), "line",
                                      (int)e->line, "column", (int)e->column));
    }
    put(o, &ok, "syntax_errors", errors);
    if (!ok)
        json_decref(o);
    return ok ? o : NULL;
}

int rt_migration_json(rt_buf *out, const rt_migration *m)
{
    json_t *o = migration_json(m);
    char *text = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_INDENT(2)) : NULL;
    json_decref(o);
    if (!text)
        return RT_ENOMEM;
    rt_buf_puts(out, text);
    free(text);
    return out->toobig ? RT_ENOMEM : RT_OK;
}
