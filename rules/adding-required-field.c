/* adding-required-field: ADD COLUMN ... NOT NULL (or PRIMARY KEY) without a default on a
 * table that exists already: PostgreSQL fills the existing rows with NULL, so the
 * statement fails as soon as the table has a row. Identity, generated and serial columns
 * get values and are not required (adding-field-with-volatile-default looks at them). */
#include <string.h>

#include "postgres/pg.h"

static bool is_serial(const rt_type *t)
{
    return t->name && !t->schema && !t->array_dims &&
           (!strcmp(t->name, "serial") || !strcmp(t->name, "bigserial") ||
            !strcmp(t->name, "smallserial") || !strcmp(t->name, "serial2") ||
            !strcmp(t->name, "serial4") || !strcmp(t->name, "serial8"));
}

static bool required(const rt_column *c)
{
    bool not_null = c->nullability == RT_NULL_NOT_NULL || (c->flags & RT_COLF_PRIMARY_KEY);
    bool no_default = c->default_kind == RT_DEFAULT_NONE || c->default_kind == RT_DEFAULT_NULL;
    return not_null && no_default && !(c->flags & (RT_COLF_IDENTITY | RT_COLF_GENERATED)) &&
           !is_serial(&c->type);
}

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_ADD_COLUMN || !required(&op->col) ||
        pg_created_before(u, i, op->schema, op->table))
        return;
    char table[160];
    pg_emit(self, u, op, sink, NULL,
            "adding %s column %s to %s without a default fails when the table has rows "
            "(\"column contains null values\")",
            op->col.nullability == RT_NULL_NOT_NULL ? "NOT NULL" : "PRIMARY KEY",
            op->column ? op->column : "?",
            pg_qualified(op->schema, op->table, table, sizeof table));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_adding_required_field = {
    .name = "adding-required-field",
    .area = "postgresql",
    .default_severity = RT_SEV_ERROR,
    .summary = "ADD COLUMN NOT NULL without a default fails on a table with rows",
    .help = "give it a constant server_default (op.add_column(..., sa.Column(..., "
            "nullable=False, server_default=...))), or add it nullable, backfill, and set "
            "NOT NULL later",
    .check_file = check,
};
