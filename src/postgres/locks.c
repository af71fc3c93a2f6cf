/* Blocking locks of operations (see locks.h). Lock modes as PostgreSQL's documentation
 * lists them for each statement ("Explicit Locking", and each command's page). */
#include "postgres/locks.h"

#include <stdio.h>
#include <string.h>

static const char *const ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE";
static const char *const SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE";

bool pg_op_runs(const pg_unit *u, size_t i)
{
    return !(u->state[i] & PG_IN_FUNCTION_BODY);
}

/* CREATE TABLE: a REFERENCES column locks the referenced table, which retort does not
 * know for inline references: counted as existing. */
static const char *create_table_lock(const rt_op *op)
{
    for (size_t k = 0; k < op->column_count; k++)
        if (op->columns[k].flags & RT_COLF_REFERENCES)
            return SHARE_ROW_EXCLUSIVE;
    return NULL;
}

/* ADD CONSTRAINT: a foreign key takes SHARE ROW EXCLUSIVE on both tables; other kinds
 * ACCESS EXCLUSIVE on the table. Inside CREATE TABLE only the referenced table counts. */
static const char *constraint_lock(const pg_unit *u, size_t i)
{
    const rt_op *op = u->ops[i];
    bool table_new = (op->flags & RT_OPF_IN_CREATE_TABLE) ||
                     pg_created_before(u, i, op->schema, op->table);
    if (op->constraint == RT_CON_FOREIGN_KEY) {
        bool self_ref = op->ref_table && op->table && !strcmp(op->ref_table, op->table);
        bool ref_new = self_ref || pg_created_before(u, i, op->ref_schema, op->ref_table);
        return table_new && ref_new ? NULL : SHARE_ROW_EXCLUSIVE;
    }
    return table_new ? NULL : ACCESS_EXCLUSIVE;
}

/* The lock of an op on op->table, before the created-in-the-unit test. */
static const char *table_lock(const rt_op *op)
{
    bool concurrently = (op->flags & RT_OPF_CONCURRENTLY) != 0;
    switch (op->kind) {
    case RT_OP_DROP_TABLE: case RT_OP_RENAME_TABLE: case RT_OP_ADD_COLUMN:
    case RT_OP_DROP_COLUMN: case RT_OP_RENAME_COLUMN: case RT_OP_ALTER_COLUMN:
    case RT_OP_DROP_CONSTRAINT: case RT_OP_RENAME_CONSTRAINT: case RT_OP_ATTACH_PARTITION:
    case RT_OP_DROP_TRIGGER: case RT_OP_TRUNCATE: case RT_OP_CLUSTER: case RT_OP_LOCK_TABLE:
    case RT_OP_DROP_VIEW: case RT_OP_DROP_SEQUENCE:
        return ACCESS_EXCLUSIVE;
    case RT_OP_DETACH_PARTITION: case RT_OP_DROP_INDEX: case RT_OP_REINDEX:
        return concurrently ? NULL : ACCESS_EXCLUSIVE;
    case RT_OP_CREATE_INDEX:
        return concurrently ? NULL : "SHARE";
    case RT_OP_REFRESH_MATVIEW:
        return concurrently ? "EXCLUSIVE" : ACCESS_EXCLUSIVE;
    case RT_OP_CREATE_TRIGGER:
        return SHARE_ROW_EXCLUSIVE;
    case RT_OP_CREATE_VIEW:
        return (op->flags & RT_OPF_OR_REPLACE) ? ACCESS_EXCLUSIVE : NULL;
    case RT_OP_VACUUM:
        return (op->flags & RT_OPF_FULL) && op->table ? ACCESS_EXCLUSIVE : NULL;
    case RT_OP_ALTER_DOMAIN: /* on every table using the domain, while they are checked */
        return op->other_kind && !strcmp(op->other_kind, "add_constraint") ? "SHARE" : NULL;
    default:
        return NULL;
    }
}

const char *pg_blocking_lock(const pg_unit *u, size_t i)
{
    const rt_op *op = u->ops[i];
    if (!pg_op_runs(u, i))
        return NULL;
    if (op->kind == RT_OP_CREATE_TABLE)
        return create_table_lock(op);
    if (op->kind == RT_OP_ADD_CONSTRAINT)
        return constraint_lock(u, i);
    const char *lock = table_lock(op);
    return lock && !pg_created_before(u, i, op->schema, op->table) ? lock : NULL;
}

/* What the lock of ops[i] is taken on: the referenced table when a foreign key of a new
 * table is what locks. */
static const char *locked_object(const pg_unit *u, size_t i, char *buf, size_t cap)
{
    const rt_op *op = u->ops[i];
    bool new_table = op->kind == RT_OP_CREATE_TABLE || (op->flags & RT_OPF_IN_CREATE_TABLE) ||
                     pg_created_before(u, i, op->schema, op->table);
    if (op->kind == RT_OP_CREATE_TABLE || (op->constraint == RT_CON_FOREIGN_KEY && new_table)) {
        if (!op->ref_table)
            return "the table its foreign key references";
        pg_qualified(op->ref_schema, op->ref_table, buf, cap);
        return buf;
    }
    if (op->kind == RT_OP_ALTER_DOMAIN) {
        snprintf(buf, cap, "every table using domain %s", op->table ? op->table : "?");
        return buf;
    }
    return pg_qualified(op->schema, op->table ? op->table : op->name, buf, cap);
}

void pg_require_timeout(const rt_rule *self, const pg_unit *u, rt_sink *sink, uint32_t flag,
                        const char *setting)
{
    for (size_t i = 0; i < u->count; i++) {
        const char *lock = pg_blocking_lock(u, i);
        if (!lock || (u->state[i] & flag))
            continue;
        rt_op at = *u->ops[i];
        at.loc = at.span;
        char buf[160];
        const char *object = locked_object(u, i, buf, sizeof buf);
        pg_emit(self, u, &at, sink, NULL,
                "no %s is set before this statement (%s), which takes a%s %s lock on %s%s",
                setting,
                (at.flags & RT_OPF_IN_CREATE_TABLE) ? "create_table" : rt_op_kind_name(at.kind), lock[0] == 'A' || lock[0] == 'E' ? "n" : "",
                lock, object,
                flag == PG_LOCK_TIMEOUT
                    ? ": while it waits for the lock, every query of the table queues "
                      "behind it"
                    : ": nothing bounds how long it holds the lock and blocks the table");
        return;
    }
}
