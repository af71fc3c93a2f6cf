/* ban-char-field: a column given the blank-padded character(n) type (char, char(n),
 * bpchar; not the one-byte "char"), by CREATE TABLE, ADD COLUMN or ALTER COLUMN TYPE. */
#include "postgres/pg_columns.h"

static void check_column(const rt_rule *self, const pg_unit *u, const rt_op *at,
                         const rt_column *col, rt_sink *sink)
{
    if (!pg_type_is(&col->type, "character"))
        return;
    char type[64];
    rt_type_format(&col->type, type, sizeof type);
    pg_emit(self, u, at, sink, NULL,
            "column %s is %s: values are padded with blanks to the length, blanks that "
            "comparisons ignore and casts to text drop",
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

const rt_rule rt_rule_ban_char_field = {
    .name = "ban-char-field",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "A char(n) (character) column pads its values with blanks",
    .help = "use sa.Text() or sa.String() (SQL: text or varchar), with a CHECK constraint "
            "if the length must be limited",
    .check_file = check,
};
