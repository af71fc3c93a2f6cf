/* ban-drop-database: DROP DATABASE in a migration, wherever it runs. */
#include "postgres/pg.h"

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    if (op->kind != RT_OP_DROP_DATABASE)
        return;
    if (u->state[i] & PG_IN_TRANSACTION)
        pg_emit(self, u, op, sink, NULL,
                "DROP DATABASE %s in a migration: it destroys every table of the database, "
                "and inside a transaction block it fails (\"cannot run inside a transaction "
                "block\")", op->table ? op->table : "?");
    else
        pg_emit(self, u, op, sink, NULL,
                "DROP DATABASE %s in a migration destroys every table of the database",
                op->table ? op->table : "?");
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_ban_drop_database = {
    .name = "ban-drop-database",
    .area = "postgresql",
    .default_severity = RT_SEV_ERROR,
    .summary = "DROP DATABASE in a migration destroys everything in it",
    .help = "drop databases by hand (or in provisioning), never from an Alembic migration",
    .check_file = check,
};
