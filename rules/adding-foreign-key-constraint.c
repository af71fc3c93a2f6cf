/* adding-foreign-key-constraint: a FOREIGN KEY added to an existing table without NOT
 * VALID (ALTER TABLE ... ADD [CONSTRAINT] ... FOREIGN KEY, op.create_foreign_key, or a
 * REFERENCES / sa.ForeignKey column added with ADD COLUMN / op.add_column). A table
 * created earlier in the same migration is nobody's yet; constraints written inside
 * CREATE TABLE are not adds. */
#include "postgres/pg.h"

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    bool add = op->kind == RT_OP_ADD_CONSTRAINT && op->constraint == RT_CON_FOREIGN_KEY &&
               !(op->flags & (RT_OPF_NOT_VALID | RT_OPF_IN_CREATE_TABLE));
    bool column = op->kind == RT_OP_ADD_COLUMN &&
                  (op->col.flags & (RT_COLF_REFERENCES | RT_COLF_FK_NOT_VALID)) ==
                      RT_COLF_REFERENCES;
    if ((!add && !column) || pg_created_before(u, i, op->schema, op->table))
        return;
    char table[160], ref[160];
    if (column)
        pg_emit(self, u, op, sink, NULL,
                "column %s of %s references another table: the foreign key is validated "
                "under SHARE ROW EXCLUSIVE locks on both tables, blocking their writes",
                op->col.name ? op->col.name : "?",
                pg_qualified(op->schema, op->table, table, sizeof table));
    else
        pg_emit(self, u, op, sink, NULL,
                "foreign key%s%s on %s -> %s without NOT VALID scans the table under SHARE "
                "ROW EXCLUSIVE locks on both tables, blocking their writes",
                op->name ? " " : "", op->name ? op->name : "",
                pg_qualified(op->schema, op->table, table, sizeof table),
                pg_qualified(op->ref_schema, op->ref_table, ref, sizeof ref));
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_adding_foreign_key_constraint = {
    .name = "adding-foreign-key-constraint",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "a foreign key added without NOT VALID blocks writes to both tables while "
               "it is validated",
    .help = "op.create_foreign_key(..., postgresql_not_valid=True), then "
            "op.execute(\"ALTER TABLE t VALIDATE CONSTRAINT fk\") in a later revision",
    .check_file = check,
};
