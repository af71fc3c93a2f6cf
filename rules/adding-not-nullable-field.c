/* adding-not-nullable-field: ALTER COLUMN ... SET NOT NULL (op.alter_column(...,
 * nullable=False)) on a table that exists already: PostgreSQL scans the whole table under
 * ACCESS EXCLUSIVE to check for NULLs. From PostgreSQL 12 a valid CHECK (col IS NOT NULL)
 * spares the scan; like squawk, a VALIDATE CONSTRAINT on the same table earlier in the
 * migration is taken as that check. */
#include <string.h>

#include "postgres/pg.h"
#include "retort/file_ops.h"

/* The tables of a unit's VALIDATE CONSTRAINT ops, with the first one's index. */
typedef struct validated {
    const char **schema, **table;
    size_t *index;
    size_t cap;   /* a power of two, or 0 */
} validated;

static const char *schema_key(const char *schema)
{
    return schema && strcmp(schema, "public") != 0 ? schema : "";
}

static size_t slot(const validated *v, const char *schema, const char *table)
{
    size_t h = 1469598103934665603u;
    for (const char *s = table; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    for (const char *s = schema; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    size_t i = h & (v->cap - 1);
    while (v->table[i] && (strcmp(v->table[i], table) || strcmp(v->schema[i], schema)))
        i = (i + 1) & (v->cap - 1);
    return i;
}

static bool validates(const rt_op *op)
{
    return op->kind == RT_OP_VALIDATE_CONSTRAINT && op->table;
}

/* Fills v from u's ops; false when out of memory. */
static bool collect(validated *v, rt_arena *arena, const pg_unit *u)
{
    size_t n = 0;
    for (size_t i = 0; i < u->count; i++)
        n += validates(u->ops[i]);
    *v = (validated){0};
    if (n == 0)
        return true;
    v->cap = 8;
    while (v->cap < 2 * n)
        v->cap *= 2;
    v->schema = rt_arena_calloc(arena, v->cap, sizeof *v->schema);
    v->table = rt_arena_calloc(arena, v->cap, sizeof *v->table);
    v->index = rt_arena_calloc(arena, v->cap, sizeof *v->index);
    if (!v->schema || !v->table || !v->index)
        return false;
    for (size_t i = 0; i < u->count; i++) {
        const rt_op *op = u->ops[i];
        if (!validates(op))
            continue;
        size_t s = slot(v, schema_key(op->schema), op->table);
        if (!v->table[s]) {
            v->schema[s] = schema_key(op->schema);
            v->table[s] = op->table;
            v->index[s] = i;
        }
    }
    return true;
}

static bool validated_before(const validated *v, size_t i, const char *schema,
                             const char *table)
{
    if (!v->cap || !table)
        return false;
    size_t s = slot(v, schema_key(schema), table);
    return v->table[s] && v->index[s] < i;
}

static void check_unit(const rt_rule *self, const pg_unit *u, rt_sink *sink)
{
    const rt_file_ops *ops = rt_file_ops_get(u->file);
    validated v;
    if (!ops || !collect(&v, ops->arena, u))
        return;
    for (size_t i = 0; i < u->count; i++) {
        const rt_op *op = u->ops[i];
        if (op->kind != RT_OP_ALTER_COLUMN || !(op->alter & RT_ALTER_SET_NOT_NULL) ||
            pg_created_before(u, i, op->schema, op->table) ||
            (u->pg_version >= 12 && validated_before(&v, i, op->schema, op->table)))
            continue;
        char table[160];
        pg_emit(self, u, op, sink, NULL,
                "setting %s.%s NOT NULL scans the whole table for NULLs under ACCESS "
                "EXCLUSIVE, blocking reads and writes",
                pg_qualified(op->schema, op->table, table, sizeof table),
                op->column ? op->column : "?");
    }
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_unit(self, ctx, sink, check_unit);
}

const rt_rule rt_rule_adding_not_nullable_field = {
    .name = "adding-not-nullable-field",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE",
    .help = "add a CHECK (col IS NOT NULL) NOT VALID constraint (op.create_check_constraint("
            "..., postgresql_not_valid=True)), VALIDATE CONSTRAINT it, then SET NOT NULL "
            "(PostgreSQL 12+ uses the valid check and skips the scan)",
    .check_file = check,
};
