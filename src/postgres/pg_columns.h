/* Shared by the PostgreSQL rules that judge column types (ban-char-field,
 * prefer-text-field, prefer-bigint-*, prefer-identity, prefer-timestamptz). Not a rule. */
#ifndef RETORT_POSTGRES_PG_COLUMNS_H
#define RETORT_POSTGRES_PG_COLUMNS_H

#include "postgres/pg.h"

/* at is a copy of the unit's op whose loc is the column's place, for pg_emit(). */
typedef void (*pg_column_fn)(const rt_rule *self, const pg_unit *u, const rt_op *at,
                             const rt_column *col, rt_sink *sink);

/* Calls fn for each column to which ops[i] of the unit gives a type: every column of a
 * CREATE TABLE, the column of an ADD COLUMN, and the column of an ALTER COLUMN that
 * changes its type (col->type is then the new type). An ALTER COLUMN that changes
 * anything else (nullability, default...) gives none: the column's type is not being
 * chosen there. Columns whose type is not known are skipped. */
void pg_each_column(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink,
                    pg_column_fn fn);

/* True when type is the built-in type name (as rt_type normalises it, e.g.
 * "character varying"), not a type of that name in another schema. */
bool pg_type_is(const rt_type *type, const char *name);

/* True for serial, bigserial and smallserial (rt_type names serial2/4/8 so). */
bool pg_type_is_serial(const rt_type *type);

#endif
