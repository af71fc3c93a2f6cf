/* constraint-missing-not-valid: a CHECK or FOREIGN KEY constraint added to an existing
 * table without NOT VALID, and a VALIDATE CONSTRAINT in the same transaction as the NOT
 * VALID add of that constraint (the add's lock is still held while validation scans).
 * PRIMARY KEY and UNIQUE cannot be NOT VALID: other rules judge those. EXCLUDE cannot be
 * either and has no online form: it is reported here, as squawk does, with no fix. */
#include <string.h>

#include "postgres/pg.h"

/* How many NOT VALID adds of the current transaction a VALIDATE is compared with: the
 * most recent ones; older ones are forgotten (a missed finding, never a false one). */
#define RECENT 64

static bool same_table(const rt_op *a, const rt_op *b)
{
    if (!a->table || !b->table)
        return true;
    const char *sa = a->schema ? a->schema : "public";
    const char *sb = b->schema ? b->schema : "public";
    return strcmp(a->table, b->table) == 0 && strcmp(sa, sb) == 0;
}

static void check_add(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if ((op->constraint != RT_CON_CHECK && op->constraint != RT_CON_FOREIGN_KEY &&
         op->constraint != RT_CON_EXCLUSION) ||
        (op->flags & (RT_OPF_NOT_VALID | RT_OPF_IN_CREATE_TABLE)) ||
        pg_created_before(u, i, op->schema, op->table))
        return;
    char table[160];
    if (op->constraint == RT_CON_EXCLUSION) {
        pg_emit(self, u, op, sink,
                "an exclusion constraint has no online form: add it in a maintenance "
                "window, or create the table with it",
                "EXCLUDE constraint%s%s on %s builds its index and checks every row under "
                "an ACCESS EXCLUSIVE lock, and cannot be NOT VALID", op->name ? " " : "",
                op->name ? op->name : "",
                pg_qualified(op->schema, op->table, table, sizeof table));
        return;
    }
    pg_emit(self, u, op, sink, NULL,
            "%s constraint%s%s added to %s without NOT VALID: every row is checked while "
            "the table's writes are blocked",
            op->constraint == RT_CON_CHECK ? "CHECK" : "FOREIGN KEY", op->name ? " " : "",
            op->name ? op->name : "", pg_qualified(op->schema, op->table, table, sizeof table));
}

/* Reports op (a VALIDATE CONSTRAINT) when one of adds[0..n) added it NOT VALID. */
static void check_validate(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink,
                           const rt_op *const *adds, size_t n)
{
    const rt_op *op = u->ops[i];
    if (!op->name || pg_created_before(u, i, op->schema, op->table))
        return;
    for (size_t k = 0; k < n; k++) {
        if (strcmp(adds[k]->name, op->name) != 0 || !same_table(adds[k], op))
            continue;
        pg_emit(self, u, op, sink,
                "move the VALIDATE CONSTRAINT to a later revision (or after a COMMIT)",
                "VALIDATE CONSTRAINT %s in the same transaction as its NOT VALID add: the "
                "add's lock is held while every row is checked", op->name);
        return;
    }
}

static void check_unit(const rt_rule *self, const pg_unit *u, rt_sink *sink)
{
    const rt_op *adds[RECENT];
    size_t n = 0, next = 0;
    for (size_t i = 0; i < u->count; i++) {
        const rt_op *op = u->ops[i];
        if (!(u->state[i] & PG_IN_TRANSACTION))
            n = next = 0;
        if (op->kind == RT_OP_ADD_CONSTRAINT) {
            check_add(self, u, i, sink);
            if ((op->flags & RT_OPF_NOT_VALID) && op->name &&
                (u->state[i] & PG_IN_TRANSACTION)) {
                adds[next] = op;
                next = (next + 1) % RECENT;
                n += n < RECENT;
            }
        } else if (op->kind == RT_OP_VALIDATE_CONSTRAINT && (u->state[i] & PG_IN_TRANSACTION)) {
            check_validate(self, u, i, sink, adds, n);
        }
    }
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_unit(self, ctx, sink, check_unit);
}

const rt_rule rt_rule_constraint_missing_not_valid = {
    .name = "constraint-missing-not-valid",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "a CHECK or FOREIGN KEY constraint added without NOT VALID scans the table "
               "while blocking writes",
    .help = "add it with postgresql_not_valid=True (SQL: ... NOT VALID), then "
            "op.execute(\"ALTER TABLE t VALIDATE CONSTRAINT c\") in a later revision",
    .check_file = check,
};
