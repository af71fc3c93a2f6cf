/* retort — operations of a migration's Python code (the op IR from op.* calls).
 *
 * rt_mig_function_ops() maps the operation calls of one upgrade/downgrade function (see
 * migration.h) to the operation model of ops.h, so that the same rules read
 * `op.drop_column("users", "email")`, `batch_op.drop_column("email")` and
 * `op.execute("ALTER TABLE users DROP COLUMN email")` alike:
 *
 *   - every Alembic operation becomes its op kind; its loc and span are the call's span;
 *   - SQLAlchemy column types (sa.String(50), sa.DateTime(timezone=True), postgresql.JSONB,
 *     sa.Enum(..., name=), ARRAY(...)) become rt_type named as PostgreSQL names them;
 *     server_default, nullable, primary_key, sa.Identity and ForeignKey become rt_column;
 *   - an sa.Enum / postgresql.ENUM column of create_table or add_column (unless
 *     create_type=False or native_enum=False) is preceded by the RT_OP_CREATE_TYPE that
 *     SQLAlchemy issues for it, flagged RT_OPF_ENUM | RT_OPF_IMPLICIT, with the enum
 *     values in names[];
 *   - the SQL of execute calls (rt_mig_op_sql) is parsed with rt_sql_parse(); its ops get
 *     file positions through the literal's tokens (rt_sql_map), also for implicitly
 *     concatenated strings, triple quotes, escapes and f-strings (holes are placeholders);
 *     SQL built at run time gives one RT_OP_UNKNOWN_SQL at the call;
 *   - batch calls take the batch's table and get RT_OPF_BATCH; calls in autocommit_block()
 *     RT_OPF_AUTOCOMMIT; calls under if/try/loops RT_OPF_CONDITIONAL;
 *   - any other call is RT_OP_OTHER with other_kind = the call's name;
 *   - `sa.Enum(..., name="x").create(bind)` / `.drop(bind)` (also postgresql.ENUM) written
 *     in the function itself give RT_OP_CREATE_TYPE / RT_OP_DROP_TYPE (RT_OPF_ENUM),
 *     appended after the calls.
 */
#ifndef RETORT_MIGRATION_OPS_H
#define RETORT_MIGRATION_OPS_H

#include "retort/migration.h"
#include "retort/ops.h"
#include "retort/source.h"

/* A syntax error in SQL written in the file, at its file position. */
typedef struct rt_mig_sql_error {
    const char *message;
    unsigned line, column;
} rt_mig_sql_error;

typedef struct rt_mig_ops {
    rt_op_list ops;              /* in execution order of the source */
    rt_mig_sql_error *sql_errors; /* in order; SQL from f-strings with holes reports none */
    size_t sql_error_count;
} rt_mig_ops;

/* Maps the calls of fn (a function of m) to operations. src holds the bytes m was read
 * from (its line index is built on demand). Everything out points to lives in arena.
 * Returns RT_OK or RT_ENOMEM with err filled. */
int rt_mig_function_ops(rt_mig_ops *out, rt_arena *arena, const rt_migration *m,
                        const rt_mig_function *fn, rt_source *src, rt_error *err);

/* Appends {"operations": [...], "sql_errors": [...]} for ops as compact JSON (the shape
 * `retort inspect` shows per function; see docs/inspect.md). RT_OK or RT_ENOMEM. */
int rt_mig_ops_json(rt_buf *out, const rt_mig_ops *ops);

#endif
