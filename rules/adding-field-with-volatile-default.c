/* adding-field-with-volatile-default: ADD COLUMN whose new values PostgreSQL must compute
 * row by row, which rewrites an existing table under ACCESS EXCLUSIVE: a volatile default
 * (random(), gen_random_uuid(), clock_timestamp(), nextval() of a serial...), an identity
 * or stored generated column; before PostgreSQL 11 any non-NULL default. A default that
 * calls a function retort does not know is reported too, saying so. */
#include <string.h>

#include "postgres/pg.h"

static bool is_serial(const rt_type *t)
{
    return t->name && !t->schema && !t->array_dims &&
           (!strcmp(t->name, "serial") || !strcmp(t->name, "bigserial") ||
            !strcmp(t->name, "smallserial") || !strcmp(t->name, "serial2") ||
            !strcmp(t->name, "serial4") || !strcmp(t->name, "serial8"));
}

/* Why adding c rewrites the table. */
typedef struct rewrite {
    const char *what;   /* "column", "identity column", ... */
    const char *why;    /* what happens to every row */
    bool maybe;         /* only if the default's unknown function is volatile */
} rewrite;

/* Fills r and returns true when adding c rewrites the table. */
static bool rewrites(const rt_column *c, int pg_version, rewrite *r)
{
    *r = (rewrite){.what = "column"};
    if (c->flags & RT_COLF_GENERATED) {
        r->what = "stored generated column";
        r->why = "computes it for every row";
    } else if (c->flags & RT_COLF_IDENTITY) {
        r->what = "identity column";
        r->why = "draws a value for every row";
    } else if (is_serial(&c->type)) {
        r->what = "serial column";
        r->why = "draws nextval() for every row";
    } else if (c->default_kind == RT_DEFAULT_VOLATILE) {
        r->why = "with a volatile default computes it for every row";
    } else if (c->default_kind == RT_DEFAULT_UNKNOWN) {
        r->why = "with a default that calls a function retort does not know";
        r->maybe = true;
    } else if ((c->default_kind == RT_DEFAULT_CONSTANT || c->default_kind == RT_DEFAULT_STABLE)
               && pg_version < 11) {
        r->why = "with a default (before PostgreSQL 11, any non-NULL default)";
    } else {
        return false;
    }
    return true;
}

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    rewrite r;
    if (op->kind != RT_OP_ADD_COLUMN || pg_created_before(u, i, op->schema, op->table) ||
        !rewrites(&op->col, u->pg_version, &r))
        return;
    const char *func = op->col.default_kind == RT_DEFAULT_VOLATILE ||
                       op->col.default_kind == RT_DEFAULT_UNKNOWN ? op->col.default_func : NULL;
    char table[160];
    pg_emit(self, u, op, sink, NULL,
            "adding %s %s to %s %s: %sthe table is rewritten under ACCESS EXCLUSIVE, "
            "blocking reads and writes%s%s%s", r.what, op->column ? op->column : "?",
            pg_qualified(op->schema, op->table, table, sizeof table), r.why,
            r.maybe ? "if it is volatile, " : "", func ? " (the default calls " : "",
            func ? func : "", func ? "())" : "");
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_adding_field_with_volatile_default = {
    .name = "adding-field-with-volatile-default",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "ADD COLUMN with a volatile default rewrites the whole table",
    .help = "add the column without the default (nullable), set the default with "
            "op.alter_column(..., server_default=...) (new rows only), backfill in batches",
    .check_file = check,
};
