/* Operations as JSON, for `retort inspect` (shape in docs/inspect.md). */
#include <jansson.h>
#include <stdlib.h>

#include "retort/migration_ops.h"

static void put(json_t *o, bool *ok, const char *key, json_t *v)
{
    if (!v || json_object_set_new(o, key, v) != 0)
        *ok = false;
}

static json_t *opt_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *op_json(const rt_op *op)
{
    json_t *o = json_object();
    bool ok = o != NULL;
    rt_buf desc = RT_BUF_INIT;
    rt_op_format(op, &desc);
    put(o, &ok, "kind", json_string(rt_op_kind_name(op->kind)));
    put(o, &ok, "line", json_integer(op->span.line));
    put(o, &ok, "column", json_integer(op->span.column));
    put(o, &ok, "end_line", json_integer(op->span.end_line));
    put(o, &ok, "end_column", json_integer(op->span.end_column));
    put(o, &ok, "loc", json_pack("{s:i, s:i}", "line", (int)op->loc.line, "column",
                                 (int)op->loc.column));
    put(o, &ok, "schema", opt_str(op->schema));
    put(o, &ok, "table", opt_str(op->table));
    put(o, &ok, "column_name", opt_str(op->column ? op->column : op->col.name));
    put(o, &ok, "name", opt_str(op->name));
    put(o, &ok, "new_name", opt_str(op->new_name));
    put(o, &ok, "description", desc.toobig ? NULL : json_stringn(rt_buf_cstr(&desc), desc.len));
    rt_buf_free(&desc);
    if (!ok)
        json_decref(o);
    return ok ? o : NULL;
}

int rt_mig_ops_json(rt_buf *out, const rt_mig_ops *ops)
{
    json_t *o = json_object(), *list = json_array(), *errors = json_array();
    bool ok = o && list && errors;
    for (size_t i = 0; ok && i < ops->ops.count; i++) {
        json_t *op = op_json(&ops->ops.items[i]);
        ok = op && json_array_append_new(list, op) == 0;
    }
    for (size_t i = 0; ok && i < ops->sql_error_count; i++) {
        const rt_mig_sql_error *e = &ops->sql_errors[i];
        json_t *err = json_pack("{s:s, s:i, s:i}", "message", e->message, "line", (int)e->line,
                                "column", (int)e->column);
        ok = err && json_array_append_new(errors, err) == 0;
    }
    if (ok) {
        ok = json_object_set(o, "operations", list) == 0 &&
             json_object_set(o, "sql_errors", errors) == 0;
    }
    char *text = ok ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT) : NULL;
    json_decref(o);
    json_decref(list);
    json_decref(errors);
    if (!text)
        return RT_ENOMEM;
    rt_buf_puts(out, text);
    free(text);
    return out->toobig ? RT_ENOMEM : RT_OK;
}
