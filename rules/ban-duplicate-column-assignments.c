/* ban-duplicate-column-assignments: an UPDATE that sets a column twice, or an INSERT
 * that lists a column twice. PostgreSQL rejects both statements. Assignments to parts
 * of a column (a[1] = .., a[2] = ..; c.x = .., c.y = ..) are allowed and not reported.
 * Each occurrence of a repeated column is reported, as squawk does. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "postgres/pg.h"

typedef struct target {
    const char *name;
    size_t index;
} target;

static int by_name(const void *a, const void *b)
{
    const target *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Sets repeated[k] for each whole-column target of op whose name another one has. Sorts
 * a copy, so a statement with many targets stays O(n log n). False when out of memory. */
static bool find_repeated(const rt_op *op, bool *repeated)
{
    target *t = malloc(op->name_count * sizeof *t);
    if (!t)
        return false;
    size_t n = 0;
    for (size_t k = 0; k < op->name_count; k++)
        if (op->names[k].name && !op->names[k].part)
            t[n++] = (target){op->names[k].name, k};
    qsort(t, n, sizeof *t, by_name);
    for (size_t k = 0; k < n; k++)
        repeated[t[k].index] = (k > 0 && !strcmp(t[k - 1].name, t[k].name)) ||
                               (k + 1 < n && !strcmp(t[k + 1].name, t[k].name));
    free(t);
    return true;
}

static void report(const rt_rule *self, const pg_unit *u, const rt_op *op, const rt_name *n,
                   rt_sink *sink)
{
    rt_op at = *op;
    if (n->span.line)
        at.loc = n->span;
    char table[160];
    pg_emit(self, u, &at, sink, NULL,
            op->kind == RT_OP_UPDATE
                ? "UPDATE of %s assigns column %s more than once: PostgreSQL rejects the "
                  "statement (multiple assignments to same column)"
                : "INSERT into %s lists column %s more than once: PostgreSQL rejects the "
                  "statement (column specified more than once)",
            pg_qualified(op->schema, op->table, table, sizeof table), n->name);
}

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if ((op->kind != RT_OP_UPDATE && op->kind != RT_OP_INSERT) ||
        (op->flags & RT_OPF_HOLE) || op->name_count < 2)
        return;
    bool *repeated = calloc(op->name_count, sizeof *repeated);
    if (repeated && find_repeated(op, repeated))
        for (size_t k = 0; k < op->name_count; k++)
            if (repeated[k])
                report(self, u, op, &op->names[k], sink);
    free(repeated);
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_ban_duplicate_column_assignments = {
    .name = "ban-duplicate-column-assignments",
    .area = "postgresql",
    .default_severity = RT_SEV_ERROR,
    .summary = "An UPDATE sets, or an INSERT lists, the same column twice",
    .help = "keep one assignment per column in op.execute(\"UPDATE ... SET ...\") (SQL: "
            "UPDATE t SET a = ..., b = ...); combine the expressions if both were meant",
    .check_file = check,
};
