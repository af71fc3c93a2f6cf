/* changing-column-type: ALTER COLUMN ... TYPE on a table that exists already, judged by
 * the actual change: binary-compatible changes (varchar(n) to text or to a longer or
 * unlimited varchar, a numeric with more digits and the same scale, a timestamp or
 * interval with more precision, cidr to inet) keep the table; every other change
 * rewrites it and its indexes. When the old type is not known (SQL never says it;
 * op.alter_column says it with existing_type=) the finding says so. */
#include <string.h>

#include "postgres/pg.h"

typedef enum change { CHANGE_SAFE, CHANGE_REWRITE, CHANGE_UNKNOWN } change;

static bool named(const rt_type *t, const char *name)
{
    return t->name && !t->schema && strcmp(t->name, name) == 0;
}

/* A limit (length or precision) that does not shrink: -1 means none. */
static bool widens(int32_t from, int32_t to)
{
    return to == -1 || (from != -1 && to >= from);
}

static bool same_modifiers(const rt_type *a, const rt_type *b)
{
    return a->length == b->length && a->precision == b->precision && a->scale == b->scale;
}

/* The change between two types of one name. */
static change same_name(const rt_type *from, const rt_type *to)
{
    if (same_modifiers(from, to))
        return CHANGE_SAFE;
    if (named(to, "character varying") || named(to, "bit varying"))
        return widens(from->length, to->length) ? CHANGE_SAFE : CHANGE_REWRITE;
    if (named(to, "numeric")) {
        if (to->precision == -1)
            return CHANGE_SAFE;
        int32_t from_scale = from->scale == -1 ? 0 : from->scale;
        int32_t to_scale = to->scale == -1 ? 0 : to->scale;
        return from->precision != -1 && to->precision >= from->precision &&
               from_scale == to_scale ? CHANGE_SAFE : CHANGE_REWRITE;
    }
    if (named(to, "timestamp without time zone") || named(to, "timestamp with time zone") ||
        named(to, "interval"))
        return widens(from->precision, to->precision) ? CHANGE_SAFE : CHANGE_REWRITE;
    return CHANGE_REWRITE;
}

static change judge(const rt_type *from, const rt_type *to)
{
    if (!from->name || !to->name || from->modifiers_unknown || to->modifiers_unknown)
        return CHANGE_UNKNOWN;
    if ((from->array_dims == 0) != (to->array_dims == 0))
        return CHANGE_REWRITE;
    bool same_schema = (!from->schema && !to->schema) ||
                       (from->schema && to->schema && !strcmp(from->schema, to->schema));
    if (same_schema && !strcmp(from->name, to->name))
        return same_name(from, to);
    if (from->array_dims || to->array_dims)
        return CHANGE_REWRITE;
    if (named(from, "character varying") && named(to, "text"))
        return CHANGE_SAFE;
    if (named(from, "text") && named(to, "character varying") && to->length == -1)
        return CHANGE_SAFE;
    if (named(from, "cidr") && named(to, "inet"))
        return CHANGE_SAFE;
    return CHANGE_REWRITE;
}

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_ALTER_COLUMN || !(op->alter & RT_ALTER_TYPE) ||
        pg_created_before(u, i, op->schema, op->table))
        return;
    change c = judge(&op->old_type, &op->col.type);
    if (c == CHANGE_SAFE)
        return;
    char table[160], from[96], to[96];
    pg_qualified(op->schema, op->table, table, sizeof table);
    rt_type_format(&op->col.type, to, sizeof to);
    const char *column = op->column ? op->column : "?";
    if (c == CHANGE_REWRITE) {
        rt_type_format(&op->old_type, from, sizeof from);
        pg_emit(self, u, op, sink, NULL,
                "changing %s.%s from %s to %s rewrites the table and its indexes under "
                "ACCESS EXCLUSIVE, blocking reads and writes", table, column, from, to);
    } else if (!op->col.type.name || op->col.type.modifiers_unknown) {
        pg_emit(self, u, op, sink, NULL,
                "changing the type of %s.%s to a type retort cannot read: unless the change "
                "is binary-compatible, the table is rewritten under ACCESS EXCLUSIVE",
                table, column);
    } else {
        pg_emit(self, u, op, sink, NULL,
                "changing the type of %s.%s to %s: the old type is not known (SQL does not "
                "state it; op.alter_column does with existing_type=), and unless the change "
                "is binary-compatible (like varchar(n) to text) the table and its indexes are "
                "rewritten under ACCESS EXCLUSIVE", table, column, to);
    }
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_changing_column_type = {
    .name = "changing-column-type",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "ALTER COLUMN TYPE rewrites the table unless the change is binary-compatible",
    .help = "add a new column of the new type (op.add_column), backfill it in batches, switch "
            "the application over, then drop the old column",
    .check_file = check,
};
