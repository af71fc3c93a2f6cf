/* retort — the operations of one checked file, built once and shared by its rules.
 *
 * The engine gives every per-file hook an rt_file_ctx whose `ops` points to an empty
 * rt_file_ops; the first rule that asks builds it (parsing SQL and mapping op.* calls
 * once per file, however many rules read the result), and the engine frees it after the
 * last rule. Everything it points to lives in its arena.
 */
#ifndef RETORT_FILE_OPS_H
#define RETORT_FILE_OPS_H

#include <stdbool.h>

#include "retort/migration_ops.h"
#include "retort/rule.h"
#include "retort/sql.h"

struct pg_units;

struct rt_file_ops {
    bool built;                 /* rt_file_ops_get() ran (whatever it found) */
    bool ok;                    /* it produced operations */
    rt_arena *arena;
    bool sql;                   /* a .sql file: sql_result holds its ops, located */
    rt_sql_result sql_result;
    rt_mig_ops *functions;      /* a Python migration: the ops of each of its functions,
                                   in the order of rt_migration.functions */
    size_t function_count;
    const rt_mig_ops *up, *down; /* those of upgrade() and downgrade(); NULL when absent */
    struct pg_units *pg;        /* the PostgreSQL rules' view (src/postgres), built on
                                   demand by them */
};

/* The operations of ctx's file: a .sql file's statements, or the functions of a
 * Python migration. NULL for other files, or when memory ran out. */
const rt_file_ops *rt_file_ops_get(const rt_file_ctx *ctx);

/* Releases what rt_file_ops_get() built and empties ops. */
void rt_file_ops_free(rt_file_ops *ops);

#endif
