/* The operation model: op lists, kind names, type names. */
#include "retort/ops.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[RT_OP_KIND_COUNT] = {
    [RT_OP_OTHER] = "other",
    [RT_OP_UNKNOWN_SQL] = "unknown_sql",
    [RT_OP_CREATE_TABLE] = "create_table",
    [RT_OP_DROP_TABLE] = "drop_table",
    [RT_OP_RENAME_TABLE] = "rename_table",
    [RT_OP_ADD_COLUMN] = "add_column",
    [RT_OP_DROP_COLUMN] = "drop_column",
    [RT_OP_RENAME_COLUMN] = "rename_column",
    [RT_OP_ALTER_COLUMN] = "alter_column",
    [RT_OP_CREATE_INDEX] = "create_index",
    [RT_OP_DROP_INDEX] = "drop_index",
    [RT_OP_RENAME_INDEX] = "rename_index",
    [RT_OP_REINDEX] = "reindex",
    [RT_OP_ADD_CONSTRAINT] = "add_constraint",
    [RT_OP_DROP_CONSTRAINT] = "drop_constraint",
    [RT_OP_VALIDATE_CONSTRAINT] = "validate_constraint",
    [RT_OP_RENAME_CONSTRAINT] = "rename_constraint",
    [RT_OP_ATTACH_PARTITION] = "attach_partition",
    [RT_OP_DETACH_PARTITION] = "detach_partition",
    [RT_OP_CREATE_TYPE] = "create_type",
    [RT_OP_DROP_TYPE] = "drop_type",
    [RT_OP_ALTER_TYPE] = "alter_type",
    [RT_OP_RENAME_TYPE] = "rename_type",
    [RT_OP_ADD_ENUM_VALUE] = "add_enum_value",
    [RT_OP_RENAME_ENUM_VALUE] = "rename_enum_value",
    [RT_OP_CREATE_SCHEMA] = "create_schema",
    [RT_OP_DROP_SCHEMA] = "drop_schema",
    [RT_OP_RENAME_SCHEMA] = "rename_schema",
    [RT_OP_CREATE_EXTENSION] = "create_extension",
    [RT_OP_DROP_EXTENSION] = "drop_extension",
    [RT_OP_CREATE_SEQUENCE] = "create_sequence",
    [RT_OP_DROP_SEQUENCE] = "drop_sequence",
    [RT_OP_ALTER_SEQUENCE] = "alter_sequence",
    [RT_OP_CREATE_VIEW] = "create_view",
    [RT_OP_DROP_VIEW] = "drop_view",
    [RT_OP_CREATE_FUNCTION] = "create_function",
    [RT_OP_DROP_FUNCTION] = "drop_function",
    [RT_OP_CREATE_TRIGGER] = "create_trigger",
    [RT_OP_DROP_TRIGGER] = "drop_trigger",
    [RT_OP_CREATE_DOMAIN] = "create_domain",
    [RT_OP_DROP_DOMAIN] = "drop_domain",
    [RT_OP_ALTER_DOMAIN] = "alter_domain",
    [RT_OP_CREATE_DATABASE] = "create_database",
    [RT_OP_DROP_DATABASE] = "drop_database",
    [RT_OP_COMMENT] = "comment",
    [RT_OP_INSERT] = "insert",
    [RT_OP_UPDATE] = "update",
    [RT_OP_DELETE] = "delete",
    [RT_OP_BULK_INSERT] = "bulk_insert",
    [RT_OP_TRUNCATE] = "truncate",
    [RT_OP_COPY] = "copy",
    [RT_OP_SET] = "set",
    [RT_OP_BEGIN] = "begin",
    [RT_OP_COMMIT] = "commit",
    [RT_OP_ROLLBACK] = "rollback",
    [RT_OP_SAVEPOINT] = "savepoint",
    [RT_OP_RELEASE_SAVEPOINT] = "release_savepoint",
    [RT_OP_ROLLBACK_TO_SAVEPOINT] = "rollback_to_savepoint",
    [RT_OP_CLUSTER] = "cluster",
    [RT_OP_VACUUM] = "vacuum",
    [RT_OP_REFRESH_MATVIEW] = "refresh_materialized_view",
    [RT_OP_LOCK_TABLE] = "lock_table",
};

const char *rt_op_kind_name(rt_op_kind kind)
{
    if ((unsigned)kind >= RT_OP_KIND_COUNT || !kind_names[kind])
        return "other";
    return kind_names[kind];
}

void rt_op_list_init(rt_op_list *list, rt_arena *arena)
{
    list->items = NULL;
    list->count = 0;
    list->cap = 0;
    list->arena = arena;
}

rt_type rt_type_unknown(void)
{
    return (rt_type){NULL, NULL, -1, -1, -1, 0, false};
}

rt_op *rt_op_list_push(rt_op_list *list, rt_op_kind kind)
{
    if (list->count == list->cap) {
        size_t ncap = list->cap ? list->cap * 2 : 16;
        rt_op *items = rt_arena_grow(list->arena, list->items, list->count, ncap,
                                     sizeof *items);
        if (!items)
            return NULL;
        list->items = items;
        list->cap = ncap;
    }
    rt_op *op = &list->items[list->count++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->col.type = rt_type_unknown();
    op->old_type = rt_type_unknown();
    return op;
}

/* Built-in spellings and the name PostgreSQL prints for them. */
static const struct {
    const char *alias;
    const char *canonical;
} type_names[] = {
    {"int", "integer"}, {"int4", "integer"}, {"integer", "integer"},
    {"int8", "bigint"}, {"bigint", "bigint"},
    {"int2", "smallint"}, {"smallint", "smallint"},
    {"serial", "serial"}, {"serial4", "serial"},
    {"bigserial", "bigserial"}, {"serial8", "bigserial"},
    {"smallserial", "smallserial"}, {"serial2", "smallserial"},
    {"varchar", "character varying"}, {"character varying", "character varying"},
    {"bpchar", "character"}, {"char", "character"}, {"character", "character"},
    {"text", "text"},
    {"bool", "boolean"}, {"boolean", "boolean"},
    {"float8", "double precision"}, {"double precision", "double precision"},
    {"float", "double precision"},
    {"float4", "real"}, {"real", "real"},
    {"numeric", "numeric"}, {"decimal", "numeric"},
    {"timestamp", "timestamp without time zone"},
    {"timestamp without time zone", "timestamp without time zone"},
    {"timestamptz", "timestamp with time zone"},
    {"timestamp with time zone", "timestamp with time zone"},
    {"time", "time without time zone"},
    {"time without time zone", "time without time zone"},
    {"timetz", "time with time zone"}, {"time with time zone", "time with time zone"},
    {"varbit", "bit varying"}, {"bit varying", "bit varying"}, {"bit", "bit"},
    {"interval", "interval"}, {"date", "date"}, {"json", "json"}, {"jsonb", "jsonb"},
    {"uuid", "uuid"}, {"bytea", "bytea"}, {"money", "money"}, {"inet", "inet"},
    {"cidr", "cidr"}, {"macaddr", "macaddr"}, {"xml", "xml"}, {"oid", "oid"},
};

const char *rt_type_canonical_name(rt_str name)
{
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        if (rt_str_ieq_cstr(name, type_names[i].alias))
            return type_names[i].canonical;
    return NULL;
}

bool rt_type_is_sized_char(const rt_type *type)
{
    return type->name && type->length >= 0 &&
           (strcmp(type->name, "character varying") == 0 ||
            strcmp(type->name, "character") == 0);
}

void rt_type_format(const rt_type *type, char *buf, size_t cap)
{
    if (!cap)
        return;
    const char *name = type->name ? type->name : "?";
    const char *schema = type->schema ? type->schema : "";
    const char *dot = type->schema ? "." : "";
    int n;
    const char *tz = NULL; /* "timestamp(3) with time zone": the precision goes inside */
    if (type->precision >= 0 && type->scale < 0 && !type->schema &&
        (strncmp(name, "timestamp ", 10) == 0 || strncmp(name, "time ", 5) == 0))
        tz = strchr(name, ' ');
    if (tz)
        n = snprintf(buf, cap, "%.*s(%d)%s", (int)(tz - name), name, (int)type->precision, tz);
    else if (type->length >= 0)
        n = snprintf(buf, cap, "%s%s%s(%d)", schema, dot, name, (int)type->length);
    else if (type->precision >= 0 && type->scale >= 0)
        n = snprintf(buf, cap, "%s%s%s(%d,%d)", schema, dot, name, (int)type->precision,
                     (int)type->scale);
    else if (type->precision >= 0)
        n = snprintf(buf, cap, "%s%s%s(%d)", schema, dot, name, (int)type->precision);
    else
        n = snprintf(buf, cap, "%s%s%s", schema, dot, name);
    for (unsigned i = 0; i < type->array_dims && n >= 0 && (size_t)n + 2 < cap; i++) {
        buf[n++] = '[';
        buf[n++] = ']';
        buf[n] = '\0';
    }
}

static void locate_span(rt_span *s, uint32_t base, rt_position_fn pos, void *ctx)
{
    unsigned line, column;
    s->start += base;
    s->end += base;
    pos(ctx, s->start, &line, &column);
    s->line = line;
    s->column = column;
    pos(ctx, s->end, &line, &column);
    s->end_line = line;
    s->end_column = column;
}

void rt_op_list_locate(rt_op_list *list, size_t first, uint32_t base, rt_position_fn pos,
                       void *ctx)
{
    for (size_t i = first; i < list->count; i++) {
        rt_op *op = &list->items[i];
        locate_span(&op->span, base, pos, ctx);
        locate_span(&op->loc, base, pos, ctx);
        if (op->col.name)
            locate_span(&op->col.span, base, pos, ctx);
        for (size_t c = 0; c < op->column_count; c++)
            locate_span(&op->columns[c].span, base, pos, ctx);
        for (size_t c = 0; c < op->name_count; c++)
            locate_span(&op->names[c].span, base, pos, ctx);
    }
}

static void put_kv(rt_buf *out, const char *key, const char *value)
{
    if (value)
        rt_buf_printf(out, " %s=%s", key, value);
}

static void put_bits(rt_buf *out, const char *key, uint32_t bits, const char *const *names,
                     size_t n)
{
    if (!bits)
        return;
    rt_buf_printf(out, " %s=", key);
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (bits & (1u << i)) {
            rt_buf_printf(out, "%s%s", first ? "" : ",", names[i]);
            first = false;
        }
    }
}

static const char *const op_flag_names[] = {
    "if_exists", "if_not_exists", "concurrently", "unique", "not_valid", "cascade",
    "has_where", "materialized", "enum", "before", "after", "local", "or_replace",
    "in_plpgsql", "in_create_table", "hole", "has_constraint", "analyze_only", "autocommit",
    "analyze", "full", "transaction_set", "reset", "batch", "conditional", "implicit",
    "conv_name",
};
_Static_assert(1u << (sizeof op_flag_names / sizeof *op_flag_names - 1) == RT_OPF_CONV_NAME,
               "one name per RT_OPF_ flag");
static const char *const alter_names[] = {
    "type", "set_not_null", "drop_not_null", "set_default", "drop_default", "comment",
    "identity", "other",
};
static const char *const col_flag_names[] = {
    "pk", "unique", "references", "check", "identity", "generated", "collate",
    "fk_not_valid",
};
static const char *const default_names[] = {
    "none", "null", "constant", "stable", "volatile", "unknown",
};
static const char *const null_names[] = {"unspecified", "nullable", "not_null"};
static const char *const constraint_names[] = {
    "none", "primary_key", "foreign_key", "unique", "check", "exclusion", "not_null",
};

/* name:type[:null][:default][:flags] for a column, or the parts after key= for op->col. */
static void put_column(rt_buf *out, const rt_column *c, bool inline_form)
{
    char type[128];
    if (c->type.name) {
        rt_type_format(&c->type, type, sizeof type);
        rt_buf_printf(out, inline_form ? ":%s" : " type=%s", type);
    }
    if (c->nullability)
        rt_buf_printf(out, inline_form ? ":%s" : " null=%s", null_names[c->nullability]);
    if (c->default_kind) {
        rt_buf_printf(out, inline_form ? ":default=%s" : " default=%s",
                      default_names[c->default_kind]);
        if (c->default_func)
            rt_buf_printf(out, "(%s)", c->default_func);
    }
    if (inline_form) {
        for (size_t i = 0; i < sizeof col_flag_names / sizeof *col_flag_names; i++)
            if (c->flags & (1u << i))
                rt_buf_printf(out, ":%s", col_flag_names[i]);
    } else {
        put_bits(out, "colflags", c->flags, col_flag_names,
                 sizeof col_flag_names / sizeof *col_flag_names);
    }
}

void rt_op_format(const rt_op *op, rt_buf *out)
{
    rt_buf_puts(out, rt_op_kind_name(op->kind));
    put_kv(out, "other", op->other_kind);
    put_kv(out, "schema", op->schema);
    put_kv(out, "table", op->table);
    put_kv(out, "column", op->column);
    put_kv(out, "name", op->name);
    put_kv(out, "new_name", op->new_name);
    put_kv(out, "value", op->value);
    put_kv(out, "neighbor", op->neighbor);
    put_column(out, &op->col, false);
    if (op->old_type.name) {
        char type[128];
        rt_type_format(&op->old_type, type, sizeof type);
        rt_buf_printf(out, " old_type=%s", type);
    }
    put_bits(out, "alter", op->alter, alter_names, sizeof alter_names / sizeof *alter_names);
    if (op->constraint)
        rt_buf_printf(out, " constraint=%s", constraint_names[op->constraint]);
    if (op->ref_table)
        rt_buf_printf(out, " ref=%s%s%s", op->ref_schema ? op->ref_schema : "",
                      op->ref_schema ? "." : "", op->ref_table);
    put_kv(out, "using_index", op->using_index);
    put_kv(out, "method", op->method);
    for (size_t i = 0; i < op->column_count; i++) {
        rt_buf_printf(out, "%s%s", i ? " | " : " columns=", op->columns[i].name);
        put_column(out, &op->columns[i], true);
    }
    for (size_t i = 0; i < op->name_count; i++)
        rt_buf_printf(out, "%s%s", i ? "," : " names=",
                      op->names[i].name ? op->names[i].name : "(expr)");
    put_bits(out, "flags", op->flags, op_flag_names,
             sizeof op_flag_names / sizeof *op_flag_names);
}
