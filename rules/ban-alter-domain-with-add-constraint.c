/* ban-alter-domain-with-add-constraint: ALTER DOMAIN ... ADD CONSTRAINT, which checks
 * every column of every table using the domain. A domain created by one of the LOOKBACK
 * ops before it in the same migration is not reported (the bound keeps the check
 * linear). */
#include <string.h>

#include "postgres/pg.h"

#define LOOKBACK 1024

static bool domain_created_before(const pg_unit *u, size_t i, const rt_op *op)
{
    for (size_t k = i; op->table && k-- > 0 && i - k <= LOOKBACK;) {
        const rt_op *c = u->ops[k];
        if (c->kind == RT_OP_CREATE_DOMAIN && c->table && strcmp(c->table, op->table) == 0 &&
            !c->schema == !op->schema && (!c->schema || strcmp(c->schema, op->schema) == 0))
            return true;
    }
    return false;
}

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_ALTER_DOMAIN || !op->other_kind ||
        strcmp(op->other_kind, "add_constraint") != 0 || domain_created_before(u, i, op))
        return;
    char domain[160];
    pg_emit(self, u, op, sink, NULL,
            "ALTER DOMAIN %s ADD CONSTRAINT checks every column of that domain in every "
            "table (at once, or at VALIDATE when NOT VALID) while blocking their writes",
            pg_qualified(op->schema, op->table, domain, sizeof domain));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_ban_alter_domain_with_add_constraint = {
    .name = "ban-alter-domain-with-add-constraint",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "ALTER DOMAIN ... ADD CONSTRAINT checks every column of the domain",
    .help = "put the constraint on the columns: op.create_check_constraint(..., "
            "postgresql_not_valid=True), validated in a later revision",
    .check_file = check,
};
