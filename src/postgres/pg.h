/* Shared by the PostgreSQL safety rules: the units a file's operations run in, and what
 * holds when each operation runs. Not a rule.
 *
 * A unit is one migration as PostgreSQL sees it: a Python revision's upgrade(), a .sql
 * migration file, or one revision of `alembic upgrade --sql` output (the text between
 * two `-- Running upgrade A -> B` markers). Each unit is its own context: a table created
 * in one revision is not new in the next, even when both sit in one SQL stream.
 *
 * Units leave out Alembic's own bookkeeping (every op on the version table,
 * `alembic_version` unless production.version_table says otherwise). They exist only
 * when the PostgreSQL rules apply to the project (pg_applies()).
 */
#ifndef RETORT_POSTGRES_PG_H
#define RETORT_POSTGRES_PG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "retort/ops.h"
#include "retort/rule.h"

typedef enum pg_unit_kind {
    PG_UNIT_REVISION,   /* a Python revision's upgrade() */
    PG_UNIT_SQL_FILE,   /* a .sql migration file (no markers) */
    PG_UNIT_OFFLINE     /* one revision of `alembic upgrade --sql` (or downgrade) output */
} pg_unit_kind;

/* What holds just before an op runs (pg_unit.state[i]). */
enum {
    PG_IN_TRANSACTION = 1u << 0,   /* inside a transaction block: Alembic's own (a
                                      revision outside autocommit_block(), unless env.py
                                      turns transactional DDL off) or a BEGIN of the text */
    PG_EXPLICIT_BEGIN = 1u << 1,   /* that block was opened by a BEGIN of the unit itself */
    PG_LOCK_TIMEOUT = 1u << 2,     /* lock_timeout is set to a non-zero value (by env.py,
                                      or by a SET earlier in the unit) */
    PG_STATEMENT_TIMEOUT = 1u << 3, /* statement_timeout likewise */
    PG_IN_FUNCTION_BODY = 1u << 4  /* the op is written in a plpgsql function body: it
                                      runs when the function is called, not now (ops of a
                                      DO block do run) */
};

typedef struct pg_unit {
    const rt_file_ctx *file;
    pg_unit_kind kind;
    const char *revision;      /* PG_UNIT_REVISION: the file's revision id (may be NULL);
                                  PG_UNIT_OFFLINE: the revision whose upgrade (downgrade)
                                  the segment runs; NULL before the first marker */
    bool downgrade;            /* PG_UNIT_OFFLINE: a `-- Running downgrade` segment */
    const rt_op *open_begin;   /* the BEGIN of the file that opened the transaction
                                  block still open when the file ends, when it is one of
                                  this unit's ops; else NULL */
    const rt_op *const *ops;   /* the unit's operations, in order */
    const uint32_t *state;     /* PG_* flags before ops[i] */
    size_t count;
    uint32_t end_state;        /* PG_* flags after the last op */
    int pg_version;            /* PostgreSQL major version (postgresql.version, default 15) */
    const struct pg_created *created; /* tables created in the unit (pg_created_before) */
} pg_unit;

/* Whether the PostgreSQL rules apply to the project: the configured dialect (--dialect
 * or .retort.yaml) when set; else sqlalchemy.url's scheme when it names a dialect; else
 * yes (a PostgreSQL linter by default, as for plain .sql files). */
bool pg_applies(const rt_project *project);

typedef void (*pg_unit_fn)(const rt_rule *self, const pg_unit *u, rt_sink *sink);
typedef void (*pg_op_fn)(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink);

/* Calls fn for each unit of ctx's file, in order, when the PostgreSQL rules apply and
 * the file gives operations. The units are built once per file and shared. */
void pg_each_unit(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink, pg_unit_fn fn);

/* Calls fn for each operation of each unit of ctx's file (see pg_each_unit()). */
void pg_each_op(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink, pg_op_fn fn);

/* True when the table was created (CREATE TABLE, op.create_table, CREATE TABLE AS)
 * by an operation before ops[i] of the unit: nobody else can be using it yet. A NULL
 * schema and "public" are the same. False for a NULL table. */
bool pg_created_before(const pg_unit *u, size_t i, const char *schema, const char *table);

/* Reports a finding of self at op (its most precise place). For a segment of `alembic
 * upgrade --sql` output, the message starts with the revision it belongs to. help NULL
 * means the rule's default help. */
void pg_emit(const rt_rule *self, const pg_unit *u, const rt_op *op, rt_sink *sink,
             const char *help, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* "users" or "app.users" for messages (buf of size cap, always NUL-terminated). */
const char *pg_qualified(const char *schema, const char *name, char *buf, size_t cap);

#endif
