/* prefer-timestamptz: a column given the type timestamp without time zone by CREATE
 * TABLE, ADD COLUMN or ALTER COLUMN TYPE (sa.DateTime() without timezone=True). */
#include "postgres/pg_columns.h"

static void check_column(const rt_rule *self, const pg_unit *u, const rt_op *at,
                         const rt_column *col, rt_sink *sink)
{
    if (!(pg_type_is(&col->type, "timestamp without time zone")))
        return;
    char type[64];
    rt_type_format(&col->type, type, sizeof type);
    pg_emit(self, u, at, sink, NULL,
            "column %s is %s: the UTC offset of each value is dropped, so times written "
            "with different offsets are stored as the same wall-clock time",
            col->name ? col->name : "?", type);
}

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    pg_each_column(self, u, i, sink, check_column);
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_prefer_timestamptz = {
    .name = "prefer-timestamptz",
    .area = "postgresql",
    .default_severity = RT_SEV_INFO,
    .summary = "A timestamp column without time zone drops the UTC offset of its values",
    .help = "use sa.DateTime(timezone=True) (SQL: timestamptz)",
    .check_file = check,
};
