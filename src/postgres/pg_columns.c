/* Columns given a type by an operation; see pg_columns.h. */
#include "postgres/pg_columns.h"

#include <string.h>

static void visit(const rt_rule *self, const pg_unit *u, const rt_op *op,
                  const rt_column *col, rt_span loc, rt_sink *sink, pg_column_fn fn)
{
    if (!col->type.name)
        return;
    rt_op at = *op;
    if (loc.line)
        at.loc = loc;
    fn(self, u, &at, col, sink);
}

void pg_each_column(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink,
                    pg_column_fn fn)
{
    const rt_op *op = u->ops[i];
    switch (op->kind) {
    case RT_OP_CREATE_TABLE:
        for (size_t c = 0; c < op->column_count; c++)
            visit(self, u, op, &op->columns[c], op->columns[c].span, sink, fn);
        break;
    case RT_OP_ADD_COLUMN:
        visit(self, u, op, &op->col, op->col.span, sink, fn);
        break;
    case RT_OP_ALTER_COLUMN:
        if (op->alter & RT_ALTER_TYPE)
            visit(self, u, op, &op->col, op->loc, sink, fn);
        break;
    default:
        break;
    }
}

bool pg_type_is(const rt_type *type, const char *name)
{
    return type->name && !type->schema && !strcmp(type->name, name);
}

bool pg_type_is_serial(const rt_type *type)
{
    return pg_type_is(type, "serial") || pg_type_is(type, "bigserial") ||
           pg_type_is(type, "smallserial");
}
