/* `alembic upgrade --sql` output: the `-- Running upgrade A -> B` markers that tell
 * which revision each statement belongs to. Internal to src/postgres. */
#ifndef RETORT_POSTGRES_OFFLINE_H
#define RETORT_POSTGRES_OFFLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "retort/arena.h"
#include "retort/ops.h"

typedef struct pg_offline_marker {
    uint32_t offset;        /* byte offset of the marker line */
    const char *revision;   /* the revision run: B of "upgrade A -> B", A of "downgrade
                               A -> B" (several comma-separated ids for merges) */
    bool downgrade;
} pg_offline_marker;

/* Finds the marker lines of text (a line that starts with `-- Running upgrade ` or
 * `-- Running downgrade ` and holds ` -> `), skipping any that lie inside a statement
 * of ops (a comment line inside a string is text, not a marker). Returns how many, with
 * *out (in arena) in order; 0 when there are none or memory ran out. */
size_t pg_offline_markers(rt_arena *arena, const char *text, size_t len, const rt_op_list *ops,
                          pg_offline_marker **out);

#endif
