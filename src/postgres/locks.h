/* Shared by the PostgreSQL rules: whether an operation runs when the migration runs,
 * and the table lock it waits for that makes other sessions wait behind it. Not a rule.
 */
#ifndef RETORT_POSTGRES_LOCKS_H
#define RETORT_POSTGRES_LOCKS_H

#include <stdbool.h>
#include <stddef.h>

#include "postgres/pg.h"

/* False for a statement written in a function body (CREATE FUNCTION ... plpgsql): it
 * runs when the function is called, not by the migration. Statements of a DO block and
 * every other op run. */
bool pg_op_runs(const pg_unit *u, size_t i);

/* The lock mode ("ACCESS EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE", "EXCLUSIVE") that
 * u->ops[i] takes on an existing table, index, view or sequence and that blocks reads
 * or writes of it, or NULL when it takes none: while the statement waits for that lock,
 * every later query of the object queues behind it. Objects created earlier in the unit
 * are nobody's yet (pg_created_before()). NULL for the CONCURRENTLY forms, VALIDATE
 * CONSTRAINT, COMMENT, statements creating new objects, and ops that do not run
 * (pg_op_runs()). */
const char *pg_blocking_lock(const pg_unit *u, size_t i);

/* The check of require-lock-timeout and require-statement-timeout: reports the first
 * op of u with a blocking lock (pg_blocking_lock()) that runs without flag
 * (PG_LOCK_TIMEOUT or PG_STATEMENT_TIMEOUT, named setting in the message). Once per
 * unit: one SET at the top fixes the whole migration. */
void pg_require_timeout(const rt_rule *self, const pg_unit *u, rt_sink *sink, uint32_t flag,
                        const char *setting);

#endif
