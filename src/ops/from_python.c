/* Operations from a migration's op.* calls (see migration_ops.h). */
#include "retort/migration_ops.h"

#include <ctype.h>
#include <string.h>

#include "retort/sql.h"

typedef struct ctx {
    rt_arena *a;
    const rt_migration *m;
    rt_source *src;
    rt_mig_ops *out;
    size_t error_cap;
    bool oom;
} ctx;

/* ---- reading call arguments ---- */

/* One Alembic operation: its op.* positional parameters, and the batch_op.* ones (the
 * same without the table). */
typedef struct call {
    const rt_mig_op *op;
    const char *const *params;
    bool batch;
} call;

static const rt_mig_value *kwarg(const rt_mig_kwarg *kw, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (rt_str_eq_cstr(kw[i].name, name))
            return kw[i].value;
    return NULL;
}

/* The argument for parameter name: by keyword, else by position. */
static const rt_mig_value *arg(const call *c, const char *name)
{
    const rt_mig_value *v = kwarg(c->op->kwargs, c->op->kwarg_count, name);
    if (v || !c->params)
        return v;
    size_t pos = 0;
    for (const char *const *p = c->params; *p; p++) {
        bool table_param = !strcmp(*p, "table_name") || !strcmp(*p, "source_table");
        if (c->batch && table_param)
            continue;
        if (!strcmp(*p, name))
            return pos < c->op->arg_count ? c->op->args[pos] : NULL;
        pos++;
    }
    return NULL;
}

static const char *dup(ctx *x, rt_str s)
{
    if (!s.p)
        return NULL;
    char *d = rt_arena_strndup(x->a, s.p, s.len);
    if (!d)
        x->oom = true;
    return d;
}

static bool callee_is(const rt_mig_value *v, const char *last)
{
    if (!v || (v->kind != RT_MIG_V_CALL && v->kind != RT_MIG_V_REF))
        return false;
    size_t n = strlen(last);
    rt_str t = v->text;
    return t.len >= n && memcmp(t.p + t.len - n, last, n) == 0 &&
           (t.len == n || t.p[t.len - n - 1] == '.');
}

/* A literal string, also through op.f("...") / conv("..."); NULL otherwise. */
static const char *str_of(ctx *x, const rt_mig_value *v)
{
    if (v && v->kind == RT_MIG_V_CALL && (callee_is(v, "f") || callee_is(v, "conv")) &&
        v->count == 1)
        v = v->items[0];
    return v && v->kind == RT_MIG_V_STR ? dup(x, v->text) : NULL;
}

/* An object name for op (str_of); marks op RT_OPF_CONV_NAME when written op.f()/conv(). */
static const char *name_of(ctx *x, rt_op *op, const rt_mig_value *v)
{
    if (v && v->kind == RT_MIG_V_CALL && (callee_is(v, "f") || callee_is(v, "conv")))
        op->flags |= RT_OPF_CONV_NAME;
    return str_of(x, v);
}

static bool is_true(const rt_mig_value *v)
{
    return v && v->kind == RT_MIG_V_BOOL && v->boolean;
}

static bool is_false(const rt_mig_value *v)
{
    return v && v->kind == RT_MIG_V_BOOL && !v->boolean;
}

static int32_t int_of(const rt_mig_value *v)
{
    if (!v || v->kind != RT_MIG_V_NUMBER || v->text.len == 0 || v->text.len > 9)
        return -1;
    int32_t n = 0;
    for (size_t i = 0; i < v->text.len; i++) {
        if (v->text.p[i] < '0' || v->text.p[i] > '9')
            return -1;
        n = n * 10 + (v->text.p[i] - '0');
    }
    return n;
}

static rt_span span_of(rt_mig_span s)
{
    return (rt_span){s.start, s.end, s.line, s.column, s.end_line, s.end_column};
}

/* The names of a list/tuple of column names (or of a single string). */
static void names_of(ctx *x, const rt_mig_value *v, rt_op *op)
{
    if (!v)
        return;
    const rt_mig_value *const *items = (const rt_mig_value *const *)&v;
    size_t n = 1;
    if (v->kind == RT_MIG_V_LIST || v->kind == RT_MIG_V_TUPLE) {
        items = (const rt_mig_value *const *)v->items;
        n = v->count;
    }
    if (n == 0 || !items)
        return;
    op->names = rt_arena_calloc(x->a, n, sizeof *op->names);
    if (!op->names) {
        x->oom = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const rt_mig_value *it = items[i];
        if (it && (it->kind == RT_MIG_V_TUPLE || it->kind == RT_MIG_V_LIST) && it->count)
            it = it->items[0]; /* ExcludeConstraint elements: (column, operator) */
        op->names[i].name = str_of(x, it);
        if (it)
            op->names[i].span = span_of(it->span);
    }
    op->name_count = n;
}

/* ---- types and columns ---- */

typedef struct type_name {
    const char *py;     /* the SQLAlchemy class name (last part of the dotted name) */
    const char *pg;     /* PostgreSQL's name */
} type_name;

static const type_name type_names[] = {
    {"String", "character varying"}, {"VARCHAR", "character varying"},
    {"Unicode", "character varying"}, {"NVARCHAR", "character varying"},
    {"CHAR", "character"}, {"NCHAR", "character"},
    {"Text", "text"}, {"TEXT", "text"}, {"UnicodeText", "text"}, {"CLOB", "text"},
    {"Integer", "integer"}, {"INTEGER", "integer"}, {"INT", "integer"},
    {"BigInteger", "bigint"}, {"BIGINT", "bigint"},
    {"SmallInteger", "smallint"}, {"SMALLINT", "smallint"},
    {"Boolean", "boolean"}, {"BOOLEAN", "boolean"},
    {"Date", "date"}, {"DATE", "date"}, {"Interval", "interval"}, {"INTERVAL", "interval"},
    {"Float", "double precision"}, {"FLOAT", "double precision"},
    {"Double", "double precision"}, {"DOUBLE", "double precision"},
    {"DOUBLE_PRECISION", "double precision"}, {"REAL", "real"},
    {"Numeric", "numeric"}, {"NUMERIC", "numeric"}, {"DECIMAL", "numeric"},
    {"LargeBinary", "bytea"}, {"BYTEA", "bytea"}, {"BLOB", "bytea"},
    {"JSON", "json"}, {"JSONB", "jsonb"}, {"UUID", "uuid"}, {"Uuid", "uuid"},
};

static rt_str last_part(rt_str dotted)
{
    size_t i = dotted.len;
    while (i > 0 && dotted.p[i - 1] != '.')
        i--;
    return (rt_str){dotted.p + i, dotted.len - i};
}

static const char *lower_dup(ctx *x, rt_str s)
{
    char *d = (char *)dup(x, s);
    for (size_t i = 0; d && i < s.len; i++)
        if (d[i] >= 'A' && d[i] <= 'Z')
            d[i] = (char)(d[i] - 'A' + 'a');
    return d;
}

/* An Enum's type name: name=, else the lower-cased name of the Python enum class. */
static const char *enum_name(ctx *x, const rt_mig_value *v)
{
    const char *name = str_of(x, kwarg(v->kwargs, v->kwarg_count, "name"));
    if (!name && v->count && v->items[0] && v->items[0]->kind == RT_MIG_V_REF)
        name = lower_dup(x, last_part(v->items[0]->text));
    return name;
}

static bool is_enum(const rt_mig_value *v)
{
    return callee_is(v, "Enum") || callee_is(v, "ENUM");
}

static rt_type type_of(ctx *x, const rt_mig_value *v, int depth);

static void timezone_type(rt_type *t, const rt_mig_value *v, bool is_time)
{
    const rt_mig_value *tz = v->kind == RT_MIG_V_CALL
                                 ? kwarg(v->kwargs, v->kwarg_count, "timezone") : NULL;
    if (!tz && v->kind == RT_MIG_V_CALL && v->count)
        tz = v->items[0];
    bool with = is_true(tz);
    if (is_time)
        t->name = with ? "time with time zone" : "time without time zone";
    else
        t->name = with ? "timestamp with time zone" : "timestamp without time zone";
    if (v->kind == RT_MIG_V_CALL)
        t->precision = int_of(kwarg(v->kwargs, v->kwarg_count, "precision"));
}

static void sized_type(rt_type *t, const rt_mig_value *v)
{
    if (v->kind != RT_MIG_V_CALL)
        return;
    const rt_mig_value *first = kwarg(v->kwargs, v->kwarg_count, "length");
    if (!first && v->count)
        first = v->items[0];
    if (!strcmp(t->name, "numeric")) {
        const rt_mig_value *p = kwarg(v->kwargs, v->kwarg_count, "precision");
        const rt_mig_value *s = kwarg(v->kwargs, v->kwarg_count, "scale");
        t->precision = int_of(p ? p : (v->count > 0 ? v->items[0] : NULL));
        t->scale = int_of(s ? s : (v->count > 1 ? v->items[1] : NULL));
    } else if (!strcmp(t->name, "character varying") || !strcmp(t->name, "character")) {
        t->length = int_of(first);
    }
}

/* The PostgreSQL type of a SQLAlchemy type expression (sa.String(50), postgresql.UUID,
 * sa.ARRAY(sa.Integer), sa.Enum(..., name="mood")...). */
static rt_type type_of(ctx *x, const rt_mig_value *v, int depth)
{
    rt_type t = rt_type_unknown();
    if (!v || (v->kind != RT_MIG_V_CALL && v->kind != RT_MIG_V_REF) || depth > 8)
        return t;
    rt_str cls = last_part(v->text);
    if (rt_str_eq_cstr(cls, "ARRAY") && v->kind == RT_MIG_V_CALL && v->count) {
        t = type_of(x, v->items[0], depth + 1);
        int32_t dims = int_of(kwarg(v->kwargs, v->kwarg_count, "dimensions"));
        t.array_dims = (uint8_t)(dims > 0 && dims < 7 ? dims : 1);
        return t;
    }
    if (is_enum(v)) {
        t.name = v->kind == RT_MIG_V_CALL ? enum_name(x, v) : NULL;
        return t;
    }
    if (rt_str_eq_cstr(cls, "DateTime") || rt_str_eq_cstr(cls, "TIMESTAMP")) {
        timezone_type(&t, v, false);
        return t;
    }
    if (rt_str_eq_cstr(cls, "Time") || rt_str_eq_cstr(cls, "TIME")) {
        timezone_type(&t, v, true);
        return t;
    }
    for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++) {
        if (rt_str_eq_cstr(cls, type_names[i].py)) {
            t.name = type_names[i].pg;
            sized_type(&t, v);
            return t;
        }
    }
    t.name = cls.len ? lower_dup(x, cls) : NULL;
    return t;
}

/* The commonest default, a call of a known function without arguments (`now()`), read
 * without the SQL front-end: the same answer, and libpg_query is not even loaded for a
 * migration with no other SQL. False for anything else. */
static bool known_call_default(ctx *x, rt_column *col, const char *expr, size_t len)
{
    char name[64]; /* PostgreSQL folds an unquoted name to lower case */
    size_t n = 0;
    for (; n < len && n < sizeof name - 1; n++) {
        unsigned char c = (unsigned char)expr[n];
        if (!isalpha(c) && c != '_' && !(n > 0 && isdigit(c)))
            break;
        name[n] = (char)tolower(c);
    }
    name[n] = '\0';
    size_t i = n;
    while (i < len && isspace((unsigned char)expr[i]))
        i++;
    if (n == 0 || i + 1 >= len || expr[i] != '(')
        return false;
    for (i++; i < len && isspace((unsigned char)expr[i]); i++)
        ;
    if (i + 1 != len || expr[i] != ')')
        return false;
    rt_default_kind kind = rt_sql_function_kind(name);
    if (kind == RT_DEFAULT_UNKNOWN)
        return false;
    col->default_kind = kind;
    col->default_func = kind == RT_DEFAULT_VOLATILE ? rt_arena_strndup(x->a, name, n) : NULL;
    x->oom = x->oom || (kind == RT_DEFAULT_VOLATILE && !col->default_func);
    return true;
}

/* Classifies a default expression written as SQL text with the SQL front-end. */
static void classify_sql_default(ctx *x, rt_column *col, const char *expr, size_t len)
{
    static const char head[] = "ALTER TABLE t ALTER COLUMN c SET DEFAULT ";
    if (known_call_default(x, col, expr, len))
        return;
    col->default_kind = RT_DEFAULT_UNKNOWN;
    if (len > 4096)
        return;
    char buf[sizeof head + 4096];
    memcpy(buf, head, sizeof head - 1);
    memcpy(buf + sizeof head - 1, expr, len);
    rt_sql_result r;
    rt_error err;
    if (rt_sql_parse(&r, x->a, buf, sizeof head - 1 + len, &err) != RT_OK) {
        x->oom = x->oom || err.code == RT_ENOMEM;
        return;
    }
    if (r.error_count == 0 && r.ops.count == 1 && r.ops.items[0].col.default_kind) {
        col->default_kind = r.ops.items[0].col.default_kind;
        col->default_func = r.ops.items[0].col.default_func;
    }
}

/* server_default: a string is a constant; text("...") and func.name() are classified
 * like the SQL they render. */
static void default_of(ctx *x, rt_column *col, const rt_mig_value *v)
{
    if (!v || v->kind == RT_MIG_V_NONE)
        return;
    if (v->kind == RT_MIG_V_STR || v->kind == RT_MIG_V_NUMBER || v->kind == RT_MIG_V_BOOL) {
        col->default_kind = RT_DEFAULT_CONSTANT;
    } else if (v->kind == RT_MIG_V_CALL && callee_is(v, "text") && v->count &&
               v->items[0] && v->items[0]->kind == RT_MIG_V_STR) {
        classify_sql_default(x, col, v->items[0]->text.p, v->items[0]->text.len);
    } else if (v->kind == RT_MIG_V_CALL && v->count == 0 &&
               (rt_str_starts_with(v->text, "func.") || rt_str_starts_with(v->text, "sa.func.") ||
                rt_str_starts_with(v->text, "sqlalchemy.func."))) {
        rt_str fn = last_part(v->text);
        char expr[80];
        if (fn.len + 3 > sizeof expr) {
            col->default_kind = RT_DEFAULT_UNKNOWN;
            return;
        }
        memcpy(expr, fn.p, fn.len);
        memcpy(expr + fn.len, "()", 3);
        classify_sql_default(x, col, expr, fn.len + 2);
    } else {
        col->default_kind = RT_DEFAULT_UNKNOWN;
    }
}

/* A column from sa.Column(name, type, *args, **kw). */
static rt_column column_of(ctx *x, const rt_mig_value *v)
{
    rt_column col = {.type = rt_type_unknown()};
    if (!v)
        return col;
    col.span = span_of(v->span);
    if (v->kind != RT_MIG_V_CALL)
        return col;
    size_t i = 0;
    if (v->count && v->items[0] && v->items[0]->kind == RT_MIG_V_STR)
        col.name = dup(x, v->items[i++]->text);
    const rt_mig_value *type = kwarg(v->kwargs, v->kwarg_count, "type_");
    if (!type && i < v->count)
        type = v->items[i++];
    col.type = type_of(x, type, 0);
    for (; i < v->count; i++) {
        if (callee_is(v->items[i], "ForeignKey")) {
            const rt_mig_value *fk = v->items[i];
            col.flags |= RT_COLF_REFERENCES;
            if (fk->kind == RT_MIG_V_CALL &&
                is_true(kwarg(fk->kwargs, fk->kwarg_count, "postgresql_not_valid")))
                col.flags |= RT_COLF_FK_NOT_VALID;
        }
        else if (callee_is(v->items[i], "Identity"))
            col.flags |= RT_COLF_IDENTITY;
        else if (callee_is(v->items[i], "Computed"))
            col.flags |= RT_COLF_GENERATED;
    }
    const rt_mig_value *nullable = kwarg(v->kwargs, v->kwarg_count, "nullable");
    col.nullability = is_false(nullable) ? RT_NULL_NOT_NULL
                      : is_true(nullable) ? RT_NULL_NULLABLE : RT_NULL_UNSPECIFIED;
    if (is_true(kwarg(v->kwargs, v->kwarg_count, "primary_key")))
        col.flags |= RT_COLF_PRIMARY_KEY;
    if (is_true(kwarg(v->kwargs, v->kwarg_count, "unique")))
        col.flags |= RT_COLF_UNIQUE;
    default_of(x, &col, kwarg(v->kwargs, v->kwarg_count, "server_default"));
    return col;
}

/* ---- building ops ---- */

static unsigned op_flags(const rt_mig_op *m)
{
    unsigned f = 0;
    if (m->receiver == RT_MIG_RECV_BATCH)
        f |= RT_OPF_BATCH;
    if (m->flags & RT_MIG_OP_AUTOCOMMIT)
        f |= RT_OPF_AUTOCOMMIT;
    if (m->flags & (RT_MIG_OP_CONDITIONAL | RT_MIG_OP_LOOP))
        f |= RT_OPF_CONDITIONAL;
    return f;
}

static rt_op *push(ctx *x, const call *c, rt_op_kind kind)
{
    rt_op *op = rt_op_list_push(&x->out->ops, kind);
    if (!op) {
        x->oom = true;
        return NULL;
    }
    op->flags = op_flags(c->op);
    op->span = op->loc = span_of(c->op->span);
    op->table = dup(x, c->op->table);
    op->schema = dup(x, c->op->schema);
    return op;
}

/* The CREATE TYPE SQLAlchemy issues before a table or column using an sa.Enum. */
static void implicit_enum(ctx *x, const call *c, const rt_mig_value *colv)
{
    if (!colv || colv->kind != RT_MIG_V_CALL)
        return;
    const rt_mig_value *type = kwarg(colv->kwargs, colv->kwarg_count, "type_");
    if (!type && colv->count > 1 && colv->items[0] && colv->items[0]->kind == RT_MIG_V_STR)
        type = colv->items[1];
    else if (!type && colv->count && colv->items[0] && colv->items[0]->kind != RT_MIG_V_STR)
        type = colv->items[0];
    if (type && callee_is(type, "ARRAY") && type->kind == RT_MIG_V_CALL && type->count)
        type = type->items[0];
    if (!type || type->kind != RT_MIG_V_CALL || !is_enum(type) ||
        is_false(kwarg(type->kwargs, type->kwarg_count, "create_type")) ||
        is_false(kwarg(type->kwargs, type->kwarg_count, "native_enum")))
        return;
    rt_op *op = push(x, c, RT_OP_CREATE_TYPE);
    if (!op)
        return;
    op->flags |= RT_OPF_ENUM | RT_OPF_IMPLICIT;
    op->table = enum_name(x, type);
    op->schema = str_of(x, kwarg(type->kwargs, type->kwarg_count, "schema"));
    op->loc = span_of(type->span);
    size_t n = 0;
    for (size_t i = 0; i < type->count; i++)
        n += type->items[i] && type->items[i]->kind == RT_MIG_V_STR;
    op->names = n ? rt_arena_calloc(x->a, n, sizeof *op->names) : NULL;
    for (size_t i = 0; op->names && i < type->count; i++) {
        const rt_mig_value *it = type->items[i];
        if (it && it->kind == RT_MIG_V_STR) {
            op->names[op->name_count].name = dup(x, it->text);
            op->names[op->name_count++].span = span_of(it->span);
        }
    }
    x->oom = x->oom || (n && !op->names);
}

static rt_constraint_kind constraint_of_call(const rt_mig_value *v)
{
    if (callee_is(v, "PrimaryKeyConstraint"))
        return RT_CON_PRIMARY_KEY;
    if (callee_is(v, "ForeignKeyConstraint"))
        return RT_CON_FOREIGN_KEY;
    if (callee_is(v, "UniqueConstraint"))
        return RT_CON_UNIQUE;
    if (callee_is(v, "CheckConstraint"))
        return RT_CON_CHECK;
    if (callee_is(v, "ExcludeConstraint"))
        return RT_CON_EXCLUSION;
    return RT_CON_NONE;
}

/* A table-level constraint inside create_table: an ADD_CONSTRAINT after the table. */
static void table_constraint(ctx *x, const call *c, const rt_mig_value *v,
                             rt_constraint_kind kind)
{
    rt_op *op = push(x, c, RT_OP_ADD_CONSTRAINT);
    if (!op)
        return;
    op->flags |= RT_OPF_IN_CREATE_TABLE;
    op->constraint = kind;
    op->loc = span_of(v->span);
    op->name = name_of(x, op, kwarg(v->kwargs, v->kwarg_count, "name"));
    if (kind == RT_CON_FOREIGN_KEY) {
        names_of(x, v->count ? v->items[0] : NULL, op);
        const rt_mig_value *ref = v->count > 1 ? v->items[1] : NULL;
        const char *first = ref && (ref->kind == RT_MIG_V_LIST || ref->kind == RT_MIG_V_TUPLE)
                                    && ref->count ? str_of(x, ref->items[0]) : NULL;
        const char *dot = first ? strrchr(first, '.') : NULL;
        if (dot)
            op->ref_table = dup(x, (rt_str){first, (size_t)(dot - first)});
    } else if (kind == RT_CON_PRIMARY_KEY || kind == RT_CON_UNIQUE) {
        if (v->count) {
            rt_mig_value list = *v;
            list.kind = RT_MIG_V_TUPLE;
            names_of(x, &list, op);
        }
    } else if (kind == RT_CON_EXCLUSION) {
        rt_mig_value list = *v;
        list.kind = RT_MIG_V_TUPLE;
        names_of(x, &list, op);
        op->method = str_of(x, kwarg(v->kwargs, v->kwarg_count, "using"));
    }
}

/* SQLAlchemy's serial type for an integer type, or NULL: the autoincrement column is
 * rendered SERIAL, BIGSERIAL or SMALLSERIAL on PostgreSQL. */
static const char *serial_of(const rt_type *t)
{
    if (!t->name || t->schema || t->array_dims)
        return NULL;
    if (!strcmp(t->name, "integer"))
        return "serial";
    if (!strcmp(t->name, "bigint"))
        return "bigserial";
    if (!strcmp(t->name, "smallint"))
        return "smallserial";
    return NULL;
}

/* Whether SQLAlchemy makes colv (giving col) the table's autoincrement column, rendered
 * as a serial type: an integer primary-key column with no sa.Identity(), sa.Sequence,
 * default= or server_default, that is the table's only primary-key column
 * (autoincrement not False, no ForeignKey unless autoincrement is True or "ignore_fk"),
 * or is marked autoincrement=True in a composite key (only_pk false). */
static bool renders_serial(const rt_mig_value *colv, const rt_column *col, bool only_pk)
{
    if (!colv || colv->kind != RT_MIG_V_CALL || !serial_of(&col->type) ||
        (col->flags & (RT_COLF_IDENTITY | RT_COLF_GENERATED)) ||
        col->default_kind != RT_DEFAULT_NONE ||
        kwarg(colv->kwargs, colv->kwarg_count, "default") ||
        kwarg(colv->kwargs, colv->kwarg_count, "server_default"))
        return false;
    for (size_t i = 0; i < colv->count; i++)
        if (callee_is(colv->items[i], "Sequence"))
            return false;
    const rt_mig_value *ai = kwarg(colv->kwargs, colv->kwarg_count, "autoincrement");
    if (is_true(ai))
        return true;
    if (!only_pk || (ai && ai->kind != RT_MIG_V_STR))
        return false;
    bool ignore_fk = ai && rt_str_eq_cstr(ai->text, "ignore_fk");
    return ignore_fk || !(col->flags & RT_COLF_REFERENCES);
}

/* Whether the create_table call names column name in a PrimaryKeyConstraint(...); *any
 * tells whether it has one at all (it then decides the key, not primary_key=True). */
static bool in_pk_constraint(const rt_mig_op *m, const char *name, bool *any)
{
    bool found = false;
    for (size_t i = 1; i < m->arg_count; i++) {
        const rt_mig_value *v = m->args[i];
        if (!callee_is(v, "PrimaryKeyConstraint") || v->kind != RT_MIG_V_CALL)
            continue;
        *any = true;
        for (size_t k = 0; name && k < v->count; k++)
            found = found || (v->items[k] && v->items[k]->kind == RT_MIG_V_STR &&
                              rt_str_eq_cstr(v->items[k]->text, name));
    }
    return found;
}

/* Whether a create_table column is in the primary key: listed by a
 * PrimaryKeyConstraint(...) when the call has one, else primary_key=True. */
static bool in_pk(const rt_mig_op *m, const rt_column *col)
{
    bool any = false;
    bool listed = in_pk_constraint(m, col->name, &any);
    return any ? listed : (col->flags & RT_COLF_PRIMARY_KEY) != 0;
}

/* Names the type of the create_table column SQLAlchemy renders as a serial type. */
static void mark_serial(const rt_mig_op *m, rt_op *op)
{
    size_t pk = 0, k = 0;
    for (size_t c = 0; c < op->column_count; c++)
        pk += in_pk(m, &op->columns[c]);
    for (size_t i = 1; i < m->arg_count && k < op->column_count; i++) {
        if (!callee_is(m->args[i], "Column"))
            continue;
        rt_column *col = &op->columns[k++];
        if (in_pk(m, col) && renders_serial(m->args[i], col, pk == 1))
            col->type.name = serial_of(&col->type);
    }
}

static void create_table(ctx *x, const call *c)
{
    const rt_mig_op *m = c->op;
    size_t ncol = 0;
    for (size_t i = 1; i < m->arg_count; i++) {
        if (callee_is(m->args[i], "Column")) {
            ncol++;
            implicit_enum(x, c, m->args[i]);
        }
    }
    rt_op *op = push(x, c, RT_OP_CREATE_TABLE);
    if (!op)
        return;
    if (is_true(arg(c, "if_not_exists")))
        op->flags |= RT_OPF_IF_NOT_EXISTS;
    op->columns = ncol ? rt_arena_calloc(x->a, ncol, sizeof *op->columns) : NULL;
    x->oom = x->oom || (ncol && !op->columns);
    for (size_t i = 1; op->columns && i < m->arg_count; i++)
        if (callee_is(m->args[i], "Column"))
            op->columns[op->column_count++] = column_of(x, m->args[i]);
    mark_serial(m, op);
    for (size_t i = 1; i < m->arg_count; i++) {
        rt_constraint_kind kind = constraint_of_call(m->args[i]);
        if (kind != RT_CON_NONE)
            table_constraint(x, c, m->args[i], kind);
    }
}

/* Alembic's add_column adds the column's constraints except a primary key: a
 * primary_key=True column is only made NOT NULL. */
static void add_column(ctx *x, const call *c)
{
    const rt_mig_value *colv = arg(c, "column");
    implicit_enum(x, c, colv);
    rt_op *op = push(x, c, RT_OP_ADD_COLUMN);
    if (!op)
        return;
    op->col = column_of(x, colv);
    op->column = op->col.name;
    if ((op->col.flags & RT_COLF_PRIMARY_KEY) && renders_serial(colv, &op->col, true))
        op->col.type.name = serial_of(&op->col.type);
    if (op->col.flags & RT_COLF_PRIMARY_KEY) {
        op->col.flags &= ~(uint32_t)RT_COLF_PRIMARY_KEY;
        op->col.nullability = RT_NULL_NOT_NULL;
    }
    if (is_true(arg(c, "if_not_exists")))   /* Alembic 1.16+ */
        op->flags |= RT_OPF_IF_NOT_EXISTS;
}

static void drop_column(ctx *x, const call *c)
{
    rt_op *op = push(x, c, RT_OP_DROP_COLUMN);
    if (!op)
        return;
    op->column = str_of(x, arg(c, "column_name"));
    if (is_true(arg(c, "if_exists")))   /* Alembic 1.16+ */
        op->flags |= RT_OPF_IF_EXISTS;
}

static void alter_column(ctx *x, const call *c)
{
    const char *column = str_of(x, arg(c, "column_name"));
    rt_op *op = push(x, c, RT_OP_ALTER_COLUMN);
    if (!op)
        return;
    op->column = column;
    const rt_mig_value *v;
    if ((v = arg(c, "type_")) != NULL) {
        op->alter |= RT_ALTER_TYPE;
        op->col.type = type_of(x, v, 0);
    }
    op->old_type = type_of(x, arg(c, "existing_type"), 0);
    if ((v = arg(c, "nullable")) != NULL)
        op->alter |= is_false(v) ? RT_ALTER_SET_NOT_NULL : RT_ALTER_DROP_NOT_NULL;
    if ((v = arg(c, "server_default")) != NULL) {
        if (v->kind == RT_MIG_V_NONE || is_false(v)) {
            op->alter |= RT_ALTER_DROP_DEFAULT;
        } else {
            op->alter |= RT_ALTER_SET_DEFAULT;
            default_of(x, &op->col, v);
        }
    }
    if ((v = arg(c, "comment")) != NULL) {
        op->alter |= RT_ALTER_COMMENT;
        op->value = str_of(x, v);
    }
    v = arg(c, "existing_nullable");
    op->col.nullability = is_false(v) ? RT_NULL_NOT_NULL
                          : is_true(v) ? RT_NULL_NULLABLE : RT_NULL_UNSPECIFIED;
    if (op->alter & RT_ALTER_SET_NOT_NULL)
        op->col.nullability = RT_NULL_NOT_NULL;
    else if (op->alter & RT_ALTER_DROP_NOT_NULL)
        op->col.nullability = RT_NULL_NULLABLE;
    op->col.name = column;
    op->col.span = op->loc;
    const rt_mig_value *rename = arg(c, "new_column_name");
    if (!rename)
        return;
    bool alters = op->alter != 0;
    rt_op *r = alters ? push(x, c, RT_OP_RENAME_COLUMN) : op;
    if (!r)
        return;
    if (!alters) {
        memset(&r->col, 0, sizeof r->col);
        r->col.type = rt_type_unknown();
        r->old_type = rt_type_unknown();
        r->kind = RT_OP_RENAME_COLUMN;
    }
    r->column = column;
    r->new_name = str_of(x, rename);
}

static void create_index(ctx *x, const call *c)
{
    rt_op *op = push(x, c, RT_OP_CREATE_INDEX);
    if (!op)
        return;
    op->name = name_of(x, op, arg(c, "index_name"));
    names_of(x, arg(c, "columns"), op);
    if (is_true(arg(c, "unique")))
        op->flags |= RT_OPF_UNIQUE;
    if (is_true(arg(c, "postgresql_concurrently")))
        op->flags |= RT_OPF_CONCURRENTLY;
    if (is_true(arg(c, "if_not_exists")))
        op->flags |= RT_OPF_IF_NOT_EXISTS;
    if (arg(c, "postgresql_where"))
        op->flags |= RT_OPF_HAS_WHERE;
    op->method = str_of(x, arg(c, "postgresql_using"));
}

static void drop_index(ctx *x, const call *c)
{
    rt_op *op = push(x, c, RT_OP_DROP_INDEX);
    if (!op)
        return;
    op->name = name_of(x, op, arg(c, "index_name"));
    if (is_true(arg(c, "postgresql_concurrently")))
        op->flags |= RT_OPF_CONCURRENTLY;
    if (is_true(arg(c, "if_exists")))
        op->flags |= RT_OPF_IF_EXISTS;
}

static rt_op *add_constraint(ctx *x, const call *c, rt_constraint_kind kind)
{
    rt_op *op = push(x, c, RT_OP_ADD_CONSTRAINT);
    if (!op)
        return NULL;
    op->constraint = kind;
    op->name = name_of(x, op, arg(c, "constraint_name"));
    if (is_true(arg(c, "postgresql_not_valid")))
        op->flags |= RT_OPF_NOT_VALID;
    return op;
}

static void create_foreign_key(ctx *x, const call *c)
{
    rt_op *op = add_constraint(x, c, RT_CON_FOREIGN_KEY);
    if (!op)
        return;
    op->ref_table = str_of(x, arg(c, "referent_table"));
    op->ref_schema = str_of(x, arg(c, "referent_schema"));
    names_of(x, arg(c, "local_cols"), op);
    const char *schema = str_of(x, arg(c, "source_schema"));
    if (schema)
        op->schema = schema;
}

static void create_unique(ctx *x, const call *c)
{
    rt_op *op = add_constraint(x, c, RT_CON_UNIQUE);
    if (op)
        names_of(x, arg(c, "columns"), op);
}

static void create_pk(ctx *x, const call *c)
{
    rt_op *op = add_constraint(x, c, RT_CON_PRIMARY_KEY);
    if (op)
        names_of(x, arg(c, "columns"), op);
}

static void create_check(ctx *x, const call *c)
{
    add_constraint(x, c, RT_CON_CHECK);
}

static void create_exclude(ctx *x, const call *c)
{
    rt_op *op = add_constraint(x, c, RT_CON_EXCLUSION);
    if (!op)
        return;
    size_t first = c->batch ? 1 : 2;
    if (c->op->arg_count > first) {
        rt_mig_value list = {.kind = RT_MIG_V_TUPLE, .items = c->op->args + first,
                             .count = c->op->arg_count - first};
        names_of(x, &list, op);
    }
    op->method = str_of(x, arg(c, "using"));
}

static void drop_constraint(ctx *x, const call *c)
{
    rt_op *op = push(x, c, RT_OP_DROP_CONSTRAINT);
    if (!op)
        return;
    op->name = name_of(x, op, arg(c, "constraint_name"));
    const char *type = str_of(x, arg(c, "type_"));
    static const struct { const char *py; rt_constraint_kind kind; } types[] = {
        {"foreignkey", RT_CON_FOREIGN_KEY}, {"primary", RT_CON_PRIMARY_KEY},
        {"unique", RT_CON_UNIQUE}, {"check", RT_CON_CHECK},
    };
    for (size_t i = 0; type && i < sizeof types / sizeof *types; i++)
        if (!strcmp(type, types[i].py))
            op->constraint = types[i].kind;
}

static void drop_table(ctx *x, const call *c)
{
    rt_op *op = push(x, c, RT_OP_DROP_TABLE);
    if (op && is_true(arg(c, "if_exists")))
        op->flags |= RT_OPF_IF_EXISTS;
}

static void create_table_op(ctx *x, const call *c)
{
    create_table(x, c);
}

static void rename_table(ctx *x, const call *c)
{
    rt_op *op = push(x, c, RT_OP_RENAME_TABLE);
    if (op)
        op->new_name = str_of(x, arg(c, "new_table_name"));
}

static void table_comment(ctx *x, const call *c, bool create)
{
    rt_op *op = push(x, c, RT_OP_COMMENT);
    if (!op)
        return;
    op->other_kind = "table";
    op->value = create ? str_of(x, arg(c, "comment")) : NULL;
}

static void create_table_comment(ctx *x, const call *c)
{
    table_comment(x, c, true);
}

static void drop_table_comment(ctx *x, const call *c)
{
    table_comment(x, c, false);
}

/* bulk_insert(sa.table("name", ...), rows): the table when written in the call. */
static void bulk_insert(ctx *x, const call *c)
{
    rt_op *op = push(x, c, RT_OP_BULK_INSERT);
    const rt_mig_value *t = arg(c, "table");
    if (op && !op->table && t && t->kind == RT_MIG_V_CALL &&
        (callee_is(t, "table") || callee_is(t, "Table")) && t->count) {
        op->table = str_of(x, t->items[0]);
        op->schema = str_of(x, kwarg(t->kwargs, t->kwarg_count, "schema"));
    }
}

/* ---- SQL in execute calls ---- */

/* Where value offsets of a string value lie in the file: one entry per literal token. */
typedef struct sql_place {
    ctx *x;
    const rt_mig_value *v;
    const size_t *value_ends; /* cumulative value length at the end of each part */
    const size_t *hole_lens;
    size_t hole_count;
    bool single_fstring;      /* an FSTRING written as one token (no concatenation) */
    const bool *plain;        /* per part: plain_part() */
} sql_place;

/* True when lit is one string token: after the prefix and opening quote, the first
 * closing quote outside replacement fields is at the end. */
static bool one_token(rt_str lit)
{
    size_t i = 0;
    bool raw = false;
    for (; i < lit.len && lit.p[i] != '\'' && lit.p[i] != '"'; i++)
        raw = raw || lit.p[i] == 'r' || lit.p[i] == 'R';
    if (i == lit.len)
        return false;
    char q = lit.p[i];
    size_t qlen = i + 2 < lit.len && lit.p[i + 1] == q && lit.p[i + 2] == q ? 3 : 1;
    if (lit.len < i + 2 * qlen)
        return false;
    size_t depth = 0;
    for (i += qlen; i < lit.len; i++) {
        char ch = lit.p[i];
        if (depth == 0 && ch == '\\' && !raw) {
            i++;
        } else if (ch == '{') {
            if (depth == 0 && i + 1 < lit.len && lit.p[i + 1] == '{')
                i++;
            else
                depth++;
        } else if (ch == '}' && depth > 0) {
            depth--;
        } else if (depth == 0 && ch == q && i + qlen <= lit.len &&
                   (qlen == 1 || (lit.p[i + 1] == q && lit.p[i + 2] == q))) {
            return i + qlen == lit.len;
        }
    }
    return false;
}

/* A part whose body has no backslash and no CR: value bytes are body bytes. */
static bool plain_part(const sql_place *p, size_t i)
{
    const rt_mig_strpart *part = &p->v->parts[i];
    const char *b = p->x->src->data + part->body_start;
    size_t n = part->body_end - part->body_start;
    return !memchr(b, '\\', n) && !memchr(b, '\r', n);
}

/* Offset in the file of value offset `offset` of part i (rt_sql_map, or directly for a
 * plain part, which keeps many statements in one long string linear). */
static size_t part_offset(const sql_place *p, size_t i, size_t offset);

static rt_str token_text(const sql_place *p, size_t i)
{
    const rt_mig_strpart *part = &p->v->parts[i];
    return (rt_str){p->x->src->data + part->token.start, part->token.end - part->token.start};
}

static void sql_position(void *vctx, size_t offset, unsigned *line, unsigned *column)
{
    const sql_place *p = vctx;
    size_t file_off = p->v->span.start;
    if (p->v->kind == RT_MIG_V_FSTRING) {
        if (p->single_fstring)
            file_off += rt_sql_map((rt_str){p->x->src->data + p->v->span.start,
                                            p->v->span.end - p->v->span.start},
                                   offset, p->hole_lens, p->hole_count);
    } else if (p->v->part_count == 1) {
        file_off = part_offset(p, 0, offset);
    } else if (p->value_ends) {
        size_t lo = 0, hi = p->v->part_count - 1; /* the first part ending past offset */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (offset >= p->value_ends[mid])
                lo = mid + 1;
            else
                hi = mid;
        }
        file_off = part_offset(p, lo, offset - (lo ? p->value_ends[lo - 1] : 0));
    }
    rt_source_position(p->x->src, file_off, line, column);
}

static size_t part_offset(const sql_place *p, size_t i, size_t offset)
{
    const rt_mig_strpart *part = &p->v->parts[i];
    if (p->plain && p->plain[i]) {
        size_t n = part->body_end - part->body_start;
        return offset < n ? part->body_start + offset : part->body_end;
    }
    return part->token.start + rt_sql_map(token_text(p, i), offset, NULL, 0);
}

/* The length of a literal token's value: the least offset rt_sql_map sends to the
 * closing quote (rt_sql_map is monotonic up to there). */
static size_t part_value_len(rt_str lit, const rt_mig_strpart *part, size_t limit)
{
    size_t close = part->body_end - part->token.start;
    size_t lo = 0, hi = limit;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rt_sql_map(lit, mid, NULL, 0) >= close)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static size_t *value_ends(ctx *x, sql_place *p)
{
    size_t n = p->v->part_count;
    size_t *ends = rt_arena_calloc(x->a, n, sizeof *ends);
    if (!ends) {
        x->oom = true;
        return NULL;
    }
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        const rt_mig_strpart *part = &p->v->parts[i];
        total += p->plain && p->plain[i]
                     ? part->body_end - part->body_start
                     : part_value_len(token_text(p, i), part, p->v->text.len - total);
        ends[i] = total;
    }
    return ends;
}

static void add_sql_errors(ctx *x, const rt_sql_result *r, sql_place *place)
{
    for (size_t i = 0; i < r->error_count; i++) {
        if (x->out->sql_error_count == x->error_cap) {
            size_t cap = x->error_cap ? x->error_cap * 2 : 4;
            rt_mig_sql_error *e = rt_arena_grow(x->a, x->out->sql_errors, x->error_cap, cap,
                                                sizeof *e);
            if (!e) {
                x->oom = true;
                return;
            }
            x->out->sql_errors = e;
            x->error_cap = cap;
        }
        rt_mig_sql_error *e = &x->out->sql_errors[x->out->sql_error_count++];
        e->message = r->errors[i].message;
        sql_position(place, r->errors[i].span.start, &e->line, &e->column);
    }
}

/* Parses text and appends its ops, located in the file through place. */
static void parse_sql(ctx *x, const call *c, const char *text, size_t len, sql_place *place,
                      bool report_errors)
{
    rt_sql_result r;
    rt_error err;
    if (rt_sql_parse(&r, x->a, text, len, &err) != RT_OK) {
        if (err.code == RT_ENOMEM)
            x->oom = true;
        else
            push(x, c, RT_OP_UNKNOWN_SQL);
        return;
    }
    rt_op_list_locate(&r.ops, 0, 0, sql_position, place);
    unsigned flags = op_flags(c->op);
    for (size_t i = 0; i < r.ops.count; i++) {
        rt_op *op = rt_op_list_push(&x->out->ops, RT_OP_OTHER);
        if (!op) {
            x->oom = true;
            return;
        }
        *op = r.ops.items[i];
        op->flags |= flags;
        if (c->batch && !op->table)
            op->table = dup(x, c->op->table);
    }
    if (report_errors)
        add_sql_errors(x, &r, place);
}

static void execute_fstring(ctx *x, const call *c, const rt_mig_value *v)
{
    rt_sql_template t;
    rt_sql_template_init(&t);
    size_t *lens = v->count ? rt_arena_calloc(x->a, v->count, sizeof *lens) : NULL;
    size_t holes = 0;
    for (size_t i = 0; i < v->count; i++) {
        const rt_mig_value *it = v->items[i];
        if (it && it->kind == RT_MIG_V_HOLE) {
            size_t n = rt_sql_template_hole(&t);
            if (lens)
                lens[holes++] = n;
        } else if (it) {
            rt_sql_template_text(&t, it->text.p, it->text.len);
        }
    }
    if (t.text.toobig || (v->count && !lens)) {
        x->oom = x->oom || !t.text.toobig;
        push(x, c, RT_OP_UNKNOWN_SQL);
    } else {
        rt_str lit = {x->src->data + v->span.start, v->span.end - v->span.start};
        sql_place place = {x, v, NULL, lens, holes, one_token(lit), NULL};
        parse_sql(x, c, rt_buf_cstr(&t.text), t.text.len, &place, t.holes == 0);
    }
    rt_sql_template_free(&t);
}

static void execute(ctx *x, const call *c)
{
    const rt_mig_value *v = rt_mig_op_sql(c->op);
    if (!v) {
        push(x, c, RT_OP_UNKNOWN_SQL);
        return;
    }
    if (v->kind == RT_MIG_V_FSTRING) {
        execute_fstring(x, c, v);
        return;
    }
    sql_place place = {x, v, NULL, NULL, 0, false, NULL};
    bool *plain = v->part_count ? rt_arena_calloc(x->a, v->part_count, sizeof *plain) : NULL;
    for (size_t i = 0; plain && i < v->part_count; i++)
        plain[i] = plain_part(&place, i);
    place.plain = plain;
    if (v->part_count > 1)
        place.value_ends = value_ends(x, &place);
    parse_sql(x, c, v->text.p, v->text.len, &place, true);
}

/* ---- the table of operations ---- */

#define P(...) ((const char *const[]){__VA_ARGS__, NULL})

typedef struct op_entry {
    const char *name;
    const char *const *params;
    void (*map)(ctx *x, const call *c);
} op_entry;

static const op_entry entries[] = {
    {"add_column", P("table_name", "column"), add_column},
    {"alter_column", P("table_name", "column_name"), alter_column},
    {"bulk_insert", P("table", "rows"), bulk_insert},
    {"create_check_constraint", P("constraint_name", "table_name", "condition"), create_check},
    {"create_exclude_constraint", P("constraint_name", "table_name"), create_exclude},
    {"create_foreign_key", P("constraint_name", "source_table", "referent_table",
                             "local_cols", "remote_cols"), create_foreign_key},
    {"create_index", P("index_name", "table_name", "columns"), create_index},
    {"create_primary_key", P("constraint_name", "table_name", "columns"), create_pk},
    {"create_table", P("table_name"), create_table_op},
    {"create_table_comment", P("table_name", "comment"), create_table_comment},
    {"create_unique_constraint", P("constraint_name", "table_name", "columns"), create_unique},
    {"drop_column", P("table_name", "column_name"), drop_column},
    {"drop_constraint", P("constraint_name", "table_name", "type_"), drop_constraint},
    {"drop_index", P("index_name", "table_name"), drop_index},
    {"drop_table", P("table_name"), drop_table},
    {"drop_table_comment", P("table_name"), drop_table_comment},
    {"exec_driver_sql", P("statement"), execute},
    {"execute", P("sqltext"), execute},
    {"rename_table", P("old_table_name", "new_table_name"), rename_table},
};

static void map_call(ctx *x, const rt_mig_op *m)
{
    if (rt_str_eq_cstr(m->name, "batch_alter_table"))
        return; /* a context: its calls are listed after it */
    call c = {.op = m, .batch = m->receiver == RT_MIG_RECV_BATCH};
    for (size_t i = 0; i < sizeof entries / sizeof *entries; i++) {
        if (rt_str_eq_cstr(m->name, entries[i].name)) {
            c.params = entries[i].params;
            entries[i].map(x, &c);
            return;
        }
    }
    rt_op *op = push(x, &c, RT_OP_OTHER);
    if (op)
        op->other_kind = dup(x, m->name);
}

/* ---- enum types created or dropped explicitly ---- */

static bool is_attr_named(const rt_py_node *n, const char *name)
{
    return n && n->kind == RT_PY_ATTRIBUTE && rt_str_eq_cstr(n->u.attribute.attr, name);
}

/* The literal name= of an Enum(...) / ENUM(...) call node, or NULL. */
static const char *enum_call_name(ctx *x, const rt_py_node *n)
{
    const rt_py_node *f = n->u.call.func;
    rt_str last = f->kind == RT_PY_ATTRIBUTE ? f->u.attribute.attr
                  : f->kind == RT_PY_NAME ? f->u.name.id : RT_STR_NULL;
    if (!rt_str_eq_cstr(last, "Enum") && !rt_str_eq_cstr(last, "ENUM"))
        return NULL;
    for (uint32_t i = 0; i < n->u.call.keywords.len; i++) {
        const rt_py_node *k = n->u.call.keywords.items[i];
        rt_str value;
        if (rt_str_eq_cstr(k->u.keyword.arg, "name") &&
            rt_py_string_value(&value, x->a, x->m->module, k->u.keyword.value) == RT_OK)
            return value.p;
    }
    return NULL;
}

typedef struct enum_walk {
    ctx *x;
    const rt_mig_function *fn;
} enum_walk;

/* `sa.Enum(..., name="x").create(bind)` / `.drop(bind)` in the function's own body. */
static int visit_enum(const rt_py_node *n, void *vctx)
{
    enum_walk *w = vctx;
    if (n->kind == RT_PY_FUNCTION_DEF && n != w->fn->node)
        return 1;
    if (n->kind != RT_PY_CALL)
        return 0;
    const rt_py_node *f = n->u.call.func;
    bool create = is_attr_named(f, "create");
    if ((!create && !is_attr_named(f, "drop")) || f->u.attribute.value->kind != RT_PY_CALL)
        return 0;
    const char *name = enum_call_name(w->x, f->u.attribute.value);
    if (!name)
        return 0;
    rt_op *op = rt_op_list_push(&w->x->out->ops, create ? RT_OP_CREATE_TYPE : RT_OP_DROP_TYPE);
    if (!op) {
        w->x->oom = true;
        return -1;
    }
    op->flags = RT_OPF_ENUM;
    op->table = name;
    size_t start = rt_py_source_offset(w->x->m->module, n->start);
    size_t end = rt_py_source_offset(w->x->m->module, n->end);
    op->span.start = (uint32_t)start;
    op->span.end = (uint32_t)end;
    rt_source_position(w->x->src, start, &op->span.line, &op->span.column);
    rt_source_position(w->x->src, end, &op->span.end_line, &op->span.end_column);
    op->loc = op->span;
    return 0;
}

int rt_mig_function_ops(rt_mig_ops *out, rt_arena *arena, const rt_migration *m,
                        const rt_mig_function *fn, rt_source *src, rt_error *err)
{
    memset(out, 0, sizeof *out);
    rt_op_list_init(&out->ops, arena);
    ctx x = {.a = arena, .m = m, .src = src, .out = out};
    for (size_t i = 0; fn && i < fn->op_count && !x.oom; i++)
        map_call(&x, &fn->ops[i]);
    enum_walk w = {&x, fn};
    if (fn && fn->node && m->module && !x.oom && rt_py_visit(fn->node, visit_enum, &w) == RT_ENOMEM)
        x.oom = true;
    if (x.oom)
        return rt_error_set(err, RT_ENOMEM, src->path, 0, 0, "out of memory");
    return RT_OK;
}
