/* retort — what a project's env.py sets for every migration, read statically.
 *
 * env.py is Python that Alembic runs around every migration; retort never runs it. It
 * reads its tokens for the few settings the PostgreSQL rules depend on:
 *   - lock_timeout / statement_timeout given a non-zero value in any string of the file:
 *     `SET lock_timeout = '5s'` executed on the connection, or libpq options such as
 *     connect_args={"options": "-c lock_timeout=5000"};
 *   - context.configure(..., transactional_ddl=False) (migrations then run outside a
 *     transaction) and transaction_per_migration=True.
 * Comments do not count. A setting that is there counts wherever it is written (a
 * branch that never runs included): retort does not evaluate env.py.
 */
#ifndef RETORT_ENV_PY_H
#define RETORT_ENV_PY_H

#include <stdbool.h>

#include "retort/arena.h"

typedef struct rt_env_py {
    const char *path;                  /* the env.py read, NULL when there is none */
    bool lock_timeout;
    bool statement_timeout;
    bool transactional_ddl_off;
    bool transaction_per_migration;
} rt_env_py;

/* Reads <script_dir>/env.py into out (path and strings in arena). A missing or
 * unreadable env.py leaves out empty (every setting false): Alembic would fail on it,
 * and the settings then stay at their defaults. */
void rt_env_py_read(rt_env_py *out, rt_arena *arena, const char *script_dir);

/* Whether text sets the setting name (e.g. "lock_timeout") to a value other than zero:
 * `name = '5s'`, `name TO 5000`, `name=5000` (libpq's -c form). */
bool rt_env_py_sets(const char *text, size_t len, const char *name);

/* Whether text[0, len) starts with a number other than zero, as a timeout value that sets
 * a timeout does ("5s", "5000", "0.5s", ".5", "1min"; not "0", "0ms", "0.0"). False when
 * it does not start with a number. */
bool rt_timeout_value_nonzero(const char *text, size_t len);

#endif
