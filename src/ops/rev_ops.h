/* Shared by the reversibility and SQL rules: the operations of a revision's upgrade()
 * and downgrade(), and the questions those rules ask about them. Not a rule. */
#ifndef RETORT_RULES_REV_OPS_H
#define RETORT_RULES_REV_OPS_H

#include <stdbool.h>

#include "retort/migration.h"
#include "retort/migration_ops.h"
#include "retort/rule.h"

typedef struct rev_ops {
    const rt_migration *m;
    rt_mig_ops up, down;   /* empty lists when the function is absent */
} rev_ops;

/* Loads the ops of ctx's revision (shared with the file's other rules: see
 * file_ops.h; nothing to free). False when the file is not a revision (no migration
 * model, no revision id, no upgrade()) or memory ran out. */
bool rev_ops_load(rev_ops *r, const rt_file_ctx *ctx);

/* Why the downgrade cannot undo anything: "is missing", "is empty", "raises
 * NotImplementedError" (the raised name); NULL when it has a body. buf holds the text. */
const char *rev_downgrade_gap(const rt_migration *m, char *buf, size_t cap);

/* The downgrade runs SQL whose text retort cannot read: it may do anything. */
bool rev_has_unknown_sql(const rt_mig_ops *ops);

/* Names equal (NULL never equals anything). */
bool rev_same(const char *a, const char *b);

/* The finding location of an op. */
rt_loc rev_loc(const rt_file_ctx *ctx, const rt_op *op);

/* The location of a function's def, or of line 1 when fn is NULL. */
rt_loc rev_fn_loc(const rt_file_ctx *ctx, const rt_mig_function *fn);

#endif
