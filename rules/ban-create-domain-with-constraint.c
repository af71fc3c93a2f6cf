/* ban-create-domain-with-constraint: CREATE DOMAIN with a CHECK or NOT NULL constraint. */
#include "postgres/pg.h"

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_CREATE_DOMAIN || !(op->flags & RT_OPF_HAS_CONSTRAINT))
        return;
    char domain[160];
    pg_emit(self, u, op, sink, NULL,
            "domain %s has a constraint: changing it later means ALTER DOMAIN, which checks "
            "every column of the domain and cannot be done online",
            pg_qualified(op->schema, op->table, domain, sizeof domain));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_ban_create_domain_with_constraint = {
    .name = "ban-create-domain-with-constraint",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "CREATE DOMAIN with a constraint cannot be changed online later",
    .help = "create the domain without constraints and put CHECK constraints on the columns "
            "(sa.CheckConstraint / op.create_check_constraint)",
    .check_file = check,
};
