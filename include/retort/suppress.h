/* retort — inline suppressions.
 *
 *   op.drop_table("legacy")  # retort: ignore[destructive-without-downgrade]
 *   # retort: ignore[ban-drop-column, missing-downgrade]     (alone: covers the next line)
 *   # retort: ignore-file[import-of-application-models]      (anywhere: the whole file)
 *   op.execute("DROP TABLE t -- retort: ignore[ban-drop-table]")
 *   -- retort: ignore[ban-drop-table]                         (in a .sql file)
 *
 * In Python files, `#` comments are read from the token stream (a `#` inside a string is
 * not a comment) and `-- retort:` markers inside string literals (SQL given to
 * op.execute) are read too; in .sql files, `--` comments. A directive at the end of a
 * line covers that line; alone on its line it covers the next line as well. Names are
 * rule names or areas ("reversibility"), separated by commas.
 */
#ifndef RETORT_SUPPRESS_H
#define RETORT_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/arena.h"
#include "retort/error.h"

typedef struct rt_suppression {
    const char *name;       /* as written, NUL-terminated */
    unsigned line, column;  /* of the name (1-based; columns in code points) */
    unsigned first, last;   /* lines covered (first..last); 0..0 for ignore-file */
    bool file;              /* ignore-file */
    bool known;             /* a registered rule or area */
} rt_suppression;

typedef struct rt_suppressions {
    rt_suppression *items;  /* in file order; owned by the arena */
    size_t count, cap;
} rt_suppressions;

/* Reads the suppressions of the file at path whose bytes are data[0, len): Python when
 * path ends in .py, SQL when in .sql; other files have none. Everything lives in arena.
 * Returns RT_OK or RT_ENOMEM. */
int rt_suppressions_parse(rt_suppressions *out, rt_arena *arena, const char *path,
                          const char *data, size_t len, rt_error *err);

/* True when a finding of rule (in area) at line is covered (line 0: the whole file, only
 * ignore-file covers it). */
bool rt_suppressions_cover(const rt_suppressions *s, const char *rule, const char *area,
                           unsigned line);

#endif
