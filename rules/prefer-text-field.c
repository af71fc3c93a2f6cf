/* prefer-text-field: a column given a length-limited varchar(n) type by CREATE TABLE,
 * ADD COLUMN or ALTER COLUMN TYPE. varchar without a length is text by another name. */
#include "postgres/pg_columns.h"

static void check_column(const rt_rule *self, const pg_unit *u, const rt_op *at,
                         const rt_column *col, rt_sink *sink)
{
    if (!pg_type_is(&col->type, "character varying") ||
        (col->type.length < 0 && !col->type.modifiers_unknown))
        return;
    char type[64];
    rt_type_format(&col->type, type, sizeof type);
    pg_emit(self, u, at, sink, NULL,
            "column %s is %s: changing the limit later takes an ACCESS EXCLUSIVE lock on "
            "the table", col->name ? col->name : "?", type);
}

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    pg_each_column(self, u, i, sink, check_column);
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_prefer_text_field = {
    .name = "prefer-text-field",
    .area = "postgresql",
    .default_severity = RT_SEV_INFO,
    .summary = "A varchar(n) column needs an ACCESS EXCLUSIVE lock to change its limit",
    .help = "use sa.Text() (or sa.String() without a length) and limit the length with "
            "sa.CheckConstraint(\"char_length(col) <= n\") (SQL: text with a CHECK)",
    .check_file = check,
};
