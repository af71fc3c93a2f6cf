/* adding-not-nullable-field: ALTER COLUMN ... SET NOT NULL (op.alter_column(...,
 * nullable=False)) on a table that exists already: PostgreSQL scans the whole table under
 * ACCESS EXCLUSIVE to check for NULLs. From PostgreSQL 12 a valid CHECK (col IS NOT NULL)
 * spares the scan; like squawk, a VALIDATE CONSTRAINT on the same table earlier in the
 * migration is taken as that check, unless the migration added that constraint as
 * something other than a CHECK (a foreign key, say). */
#include <string.h>

#include "postgres/pg.h"
#include "retort/file_ops.h"

/* A set of (schema, table, name) keys, each with the index of its first op. */
typedef struct key_set {
    const char **schema, **table, **name;
    size_t *index;
    size_t cap;   /* a power of two, or 0 */
} key_set;

static const char *schema_key(const char *schema)
{
    return schema && strcmp(schema, "public") != 0 ? schema : "";
}

static size_t hash_str(size_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (h ^ 0xff) * 1099511628211u;
}

/* The slot of the key: where it is, or the empty slot where it goes. */
static size_t slot(const key_set *k, const char *schema, const char *table, const char *name)
{
    size_t i = hash_str(hash_str(hash_str(1469598103934665603u, schema), table), name) &
               (k->cap - 1);
    while (k->table[i] && (strcmp(k->table[i], table) || strcmp(k->schema[i], schema) ||
                           strcmp(k->name[i], name)))
        i = (i + 1) & (k->cap - 1);
    return i;
}

/* Room for n keys; false when out of memory. */
static bool key_set_init(key_set *k, rt_arena *arena, size_t n)
{
    *k = (key_set){0};
    if (n == 0)
        return true;
    k->cap = 8;
    while (k->cap < 2 * n)
        k->cap *= 2;
    k->schema = rt_arena_calloc(arena, k->cap, sizeof *k->schema);
    k->table = rt_arena_calloc(arena, k->cap, sizeof *k->table);
    k->name = rt_arena_calloc(arena, k->cap, sizeof *k->name);
    k->index = rt_arena_calloc(arena, k->cap, sizeof *k->index);
    return k->schema && k->table && k->name && k->index;
}

/* Adds the key with index i unless it is there already. Strings must outlive the set. */
static void key_set_add(key_set *k, const char *schema, const char *table, const char *name,
                        size_t i)
{
    size_t s = slot(k, schema_key(schema), table, name);
    if (!k->table[s]) {
        k->schema[s] = schema_key(schema);
        k->table[s] = table;
        k->name[s] = name;
        k->index[s] = i;
    }
}

/* The index of the key's first op, or SIZE_MAX when it is not in the set. */
static size_t key_set_find(const key_set *k, const char *schema, const char *table,
                           const char *name)
{
    if (!k->cap)
        return SIZE_MAX;
    size_t s = slot(k, schema_key(schema), table, name);
    return k->table[s] ? k->index[s] : SIZE_MAX;
}

static bool is_validate(const rt_op *op)
{
    return op->kind == RT_OP_VALIDATE_CONSTRAINT && op->table && op->name;
}

static bool is_other_constraint(const rt_op *op)
{
    return op->kind == RT_OP_ADD_CONSTRAINT && op->table && op->name &&
           op->constraint != RT_CON_CHECK;
}

/* Fills tables with the tables of u's VALIDATE CONSTRAINT ops that may validate a CHECK
 * (name ""), using others for the constraints u adds as something else. */
static bool collect(key_set *tables, key_set *others, rt_arena *arena, const pg_unit *u)
{
    size_t nv = 0, no = 0;
    for (size_t i = 0; i < u->count; i++) {
        nv += is_validate(u->ops[i]);
        no += is_other_constraint(u->ops[i]);
    }
    if (!key_set_init(tables, arena, nv) || !key_set_init(others, arena, no))
        return false;
    for (size_t i = 0; i < u->count; i++)
        if (is_other_constraint(u->ops[i]))
            key_set_add(others, u->ops[i]->schema, u->ops[i]->table, u->ops[i]->name, i);
    for (size_t i = 0; i < u->count; i++) {
        const rt_op *op = u->ops[i];
        if (is_validate(op) && key_set_find(others, op->schema, op->table, op->name) >= i)
            key_set_add(tables, op->schema, op->table, "", i);
    }
    return true;
}

static void check_unit(const rt_rule *self, const pg_unit *u, rt_sink *sink)
{
    const rt_file_ops *ops = rt_file_ops_get(u->file);
    key_set tables, others;
    if (!ops || !collect(&tables, &others, ops->arena, u))
        return;
    for (size_t i = 0; i < u->count; i++) {
        const rt_op *op = u->ops[i];
        if (op->kind != RT_OP_ALTER_COLUMN || !(op->alter & RT_ALTER_SET_NOT_NULL) ||
            !op->table || pg_created_before(u, i, op->schema, op->table) ||
            (u->pg_version >= 12 && key_set_find(&tables, op->schema, op->table, "") < i))
            continue;
        char table[160];
        pg_emit(self, u, op, sink, NULL,
                "setting %s.%s NOT NULL scans the whole table for NULLs under ACCESS "
                "EXCLUSIVE, blocking reads and writes%s",
                pg_qualified(op->schema, op->table, table, sizeof table),
                op->column ? op->column : "?",
                u->pg_version < 12 ? " (before PostgreSQL 12 even with a valid CHECK)" : "");
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
