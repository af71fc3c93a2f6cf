/* retort — the operation model ("op IR").
 *
 * Both front-ends produce the same operations: `op.add_column(...)` in a migration and
 * `ALTER TABLE ... ADD COLUMN ...` in SQL (a .sql file or the text of `op.execute(...)`)
 * become one RT_OP_ADD_COLUMN, so each safety rule is written once and reads plain
 * fields. One statement or call may give several ops (`DROP TABLE a, b` gives two,
 * `ALTER TABLE t ADD a int, DROP b` gives two), each carrying the statement's span.
 *
 * Every string and array of an op lives in the arena of the unit of work (the checked
 * file); an rt_op_list owns nothing else. Names are as PostgreSQL would store them
 * (unquoted identifiers folded to lower case by the parser, quoted ones kept).
 */
#ifndef RETORT_OPS_H
#define RETORT_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "retort/arena.h"
#include "retort/buf.h"
#include "retort/str.h"

typedef enum rt_op_kind {
    RT_OP_OTHER = 0,         /* anything else; other_kind names it (e.g. "GrantStmt") */
    RT_OP_UNKNOWN_SQL,       /* SQL whose text is not known statically (op.execute(var)) */

    /* tables and columns */
    RT_OP_CREATE_TABLE,      /* table; columns[]; constraints as RT_OP_ADD_CONSTRAINT ops
                                flagged RT_OPF_IN_CREATE_TABLE follow it */
    RT_OP_DROP_TABLE,
    RT_OP_RENAME_TABLE,      /* table -> new_name */
    RT_OP_ADD_COLUMN,        /* table; column = col.name; col */
    RT_OP_DROP_COLUMN,       /* table, column */
    RT_OP_RENAME_COLUMN,     /* table, column -> new_name */
    RT_OP_ALTER_COLUMN,      /* table, column; alter says what changes (RT_ALTER_*) */

    /* indexes and constraints */
    RT_OP_CREATE_INDEX,      /* table, name (may be NULL), names[] (columns), method */
    RT_OP_DROP_INDEX,        /* name (schema-qualified by schema); table NULL in SQL */
    RT_OP_RENAME_INDEX,      /* name -> new_name */
    RT_OP_REINDEX,           /* table (REINDEX TABLE) or name (INDEX, SCHEMA, DATABASE);
                                other_kind = "index", "table", "schema", ... */
    RT_OP_ADD_CONSTRAINT,    /* table, name, constraint, names[] (columns), ref_*,
                                using_index; method for EXCLUDE USING */
    RT_OP_DROP_CONSTRAINT,   /* table, name; constraint when known (Python's type_=) */
    RT_OP_VALIDATE_CONSTRAINT, /* table, name */
    RT_OP_RENAME_CONSTRAINT, /* table, name -> new_name */

    /* partitions */
    RT_OP_ATTACH_PARTITION,  /* table (the parent), name (the partition) */
    RT_OP_DETACH_PARTITION,  /* table (the parent), name (the partition); other_kind =
                                "finalize" for DETACH PARTITION ... FINALIZE */

    /* types */
    RT_OP_CREATE_TYPE,       /* table = the type's name; RT_OPF_ENUM for enums, their
                                values in names[] */
    RT_OP_DROP_TYPE,
    RT_OP_ALTER_TYPE,        /* ALTER TYPE other than enum values (owner, attributes...) */
    RT_OP_RENAME_TYPE,       /* table -> new_name */
    RT_OP_ADD_ENUM_VALUE,    /* table = enum type; value; neighbor with RT_OPF_BEFORE/AFTER */
    RT_OP_RENAME_ENUM_VALUE, /* table; value -> new_name */

    /* other objects: table holds the object's name */
    RT_OP_CREATE_SCHEMA, RT_OP_DROP_SCHEMA, RT_OP_RENAME_SCHEMA,
    RT_OP_CREATE_EXTENSION, RT_OP_DROP_EXTENSION,
    RT_OP_CREATE_SEQUENCE, RT_OP_DROP_SEQUENCE, RT_OP_ALTER_SEQUENCE,
    RT_OP_CREATE_VIEW, RT_OP_DROP_VIEW,          /* RT_OPF_MATERIALIZED for matviews */
    RT_OP_CREATE_FUNCTION, RT_OP_DROP_FUNCTION,  /* procedures too */
    RT_OP_CREATE_TRIGGER, RT_OP_DROP_TRIGGER,    /* table = the table; name = trigger */
    RT_OP_CREATE_DOMAIN,     /* table = domain; col.type = base type; RT_OPF_HAS_CONSTRAINT
                                and constraint (the first one's kind) when it has any */
    RT_OP_DROP_DOMAIN,
    RT_OP_ALTER_DOMAIN,      /* table = domain; other_kind = "add_constraint",
                                "drop_constraint", "validate_constraint", "default",
                                "set_not_null", "drop_not_null"; constraint for ADD */
    RT_OP_CREATE_DATABASE, RT_OP_DROP_DATABASE,
    RT_OP_COMMENT,           /* COMMENT ON (not a column): other_kind = object kind
                                ("table", "index", ...), value = the comment */

    /* data */
    RT_OP_INSERT,            /* table; names[] = the column list in order (may be empty) */
    RT_OP_UPDATE,            /* table; names[] = SET targets in order; RT_OPF_HAS_WHERE */
    RT_OP_DELETE,            /* table; RT_OPF_HAS_WHERE */
    RT_OP_BULK_INSERT,       /* op.bulk_insert (Python only) */
    RT_OP_TRUNCATE,          /* table; RT_OPF_CASCADE */
    RT_OP_COPY,              /* table (may be NULL for COPY (query)) */

    /* session and transactions */
    RT_OP_SET,               /* name = setting (lower case), value (NULL with RT_OPF_RESET
                                for RESET / DEFAULT); RT_OPF_LOCAL for SET LOCAL; also
                                SELECT set_config('name', 'value', is_local) */
    RT_OP_BEGIN,             /* BEGIN, START TRANSACTION */
    RT_OP_COMMIT,            /* COMMIT, END */
    RT_OP_ROLLBACK,          /* ROLLBACK, ABORT */
    RT_OP_SAVEPOINT,         /* name */
    RT_OP_RELEASE_SAVEPOINT, /* name */
    RT_OP_ROLLBACK_TO_SAVEPOINT, /* name */

    /* maintenance */
    RT_OP_CLUSTER,           /* table, name = index */
    RT_OP_VACUUM,            /* table (NULL: whole database); RT_OPF_ANALYZE_ONLY for ANALYZE */
    RT_OP_REFRESH_MATVIEW,   /* table = the view; RT_OPF_CONCURRENTLY */
    RT_OP_LOCK_TABLE,        /* table */

    RT_OP_KIND_COUNT
} rt_op_kind;

/* Op flags (rt_op.flags). */
enum {
    RT_OPF_IF_EXISTS       = 1u << 0,
    RT_OPF_IF_NOT_EXISTS   = 1u << 1,
    RT_OPF_CONCURRENTLY    = 1u << 2,
    RT_OPF_UNIQUE          = 1u << 3,  /* unique index */
    RT_OPF_NOT_VALID       = 1u << 4,  /* ADD CONSTRAINT ... NOT VALID */
    RT_OPF_CASCADE         = 1u << 5,  /* DROP/TRUNCATE ... CASCADE */
    RT_OPF_HAS_WHERE       = 1u << 6,  /* UPDATE/DELETE with WHERE; partial index */
    RT_OPF_MATERIALIZED    = 1u << 7,
    RT_OPF_ENUM            = 1u << 8,  /* CREATE TYPE ... AS ENUM */
    RT_OPF_BEFORE          = 1u << 9,  /* ADD VALUE ... BEFORE neighbor */
    RT_OPF_AFTER           = 1u << 10, /* ADD VALUE ... AFTER neighbor */
    RT_OPF_LOCAL           = 1u << 11, /* SET LOCAL */
    RT_OPF_OR_REPLACE      = 1u << 12,
    RT_OPF_IN_PLPGSQL      = 1u << 13, /* found inside a DO block or a plpgsql function body */
    RT_OPF_IN_CREATE_TABLE = 1u << 14, /* a constraint written inside CREATE TABLE */
    RT_OPF_HOLE            = 1u << 15, /* a name or value is an f-string placeholder */
    RT_OPF_HAS_CONSTRAINT  = 1u << 16, /* CREATE DOMAIN with constraints */
    RT_OPF_ANALYZE_ONLY    = 1u << 17,
    RT_OPF_AUTOCOMMIT      = 1u << 18, /* set by the Python front-end: inside autocommit_block() */
    RT_OPF_ANALYZE         = 1u << 19, /* VACUUM (ANALYZE) */
    RT_OPF_FULL            = 1u << 20, /* VACUUM FULL */
    RT_OPF_TRANSACTION_SET = 1u << 21, /* SET TRANSACTION / SESSION CHARACTERISTICS */
    RT_OPF_RESET           = 1u << 22, /* RESET name / SET name TO DEFAULT */
    RT_OPF_BATCH           = 1u << 23, /* set by the Python front-end: in batch_alter_table() */
    RT_OPF_CONDITIONAL     = 1u << 24, /* set by the Python front-end: under if/try/loop */
    RT_OPF_IMPLICIT        = 1u << 25, /* set by the Python front-end: a CREATE TYPE that
                                          SQLAlchemy issues for an sa.Enum column */
    RT_OPF_CONV_NAME       = 1u << 26  /* set by the Python front-end: name was written
                                          op.f("...") / conv("..."), which SQLAlchemy
                                          shortens itself when over 63 characters */
};

/* What an RT_OP_ALTER_COLUMN changes (rt_op.alter); several bits may be set. */
enum {
    RT_ALTER_TYPE          = 1u << 0,  /* col.type is the new type; old_type when known */
    RT_ALTER_SET_NOT_NULL  = 1u << 1,
    RT_ALTER_DROP_NOT_NULL = 1u << 2,
    RT_ALTER_SET_DEFAULT   = 1u << 3,  /* col.default_kind / default_func describe it */
    RT_ALTER_DROP_DEFAULT  = 1u << 4,
    RT_ALTER_COMMENT       = 1u << 5,  /* value = the comment (NULL: removed) */
    RT_ALTER_IDENTITY      = 1u << 6,  /* ADD/SET/DROP IDENTITY */
    RT_ALTER_OTHER         = 1u << 7   /* statistics, storage, collation, ... */
};

/* A column type. name is normalised the way PostgreSQL prints it: int/int4/integer ->
 * "integer", int8 -> "bigint", int2 -> "smallint", varchar -> "character varying",
 * char/bpchar -> "character", timestamp -> "timestamp without time zone", timestamptz ->
 * "timestamp with time zone", time/timetz likewise, float8 -> "double precision",
 * float4 -> "real", bool -> "boolean", decimal -> "numeric", varbit -> "bit varying";
 * serial, bigserial and smallserial (and serial4/serial8/serial2) keep those names; the
 * Python front-end also gives them to the integer column SQLAlchemy renders as SERIAL
 * (the table's autoincrement primary-key column without sa.Identity()).
 * Other names are kept (lower-cased when unquoted). name NULL means "not known". */
typedef struct rt_type {
    const char *name;
    const char *schema;   /* NULL, or a schema other than pg_catalog */
    int32_t length;       /* character/bit length: varchar(n), char(n), bit(n); -1: none */
    int32_t precision;    /* numeric(p,s) p; timestamp(p)/time(p)/interval(p) p; -1: none */
    int32_t scale;        /* numeric(p,s) s; -1: none */
    uint8_t array_dims;   /* 0: not an array */
    bool modifiers_unknown; /* type modifiers were not integer constants */
} rt_type;

typedef enum rt_default_kind {
    RT_DEFAULT_NONE = 0,       /* no default */
    RT_DEFAULT_NULL,           /* DEFAULT NULL */
    RT_DEFAULT_CONSTANT,       /* literals, casts of literals, arrays of those */
    RT_DEFAULT_STABLE,         /* known non-volatile calls: now(), CURRENT_TIMESTAMP... */
    RT_DEFAULT_VOLATILE,       /* calls a known volatile function (default_func) */
    RT_DEFAULT_UNKNOWN         /* calls a function retort does not know (default_func) */
} rt_default_kind;

typedef enum rt_nullability {
    RT_NULL_UNSPECIFIED = 0,
    RT_NULL_NULLABLE,          /* explicit NULL / nullable=True */
    RT_NULL_NOT_NULL           /* NOT NULL / nullable=False; PRIMARY KEY shows as
                                  RT_COLF_PRIMARY_KEY instead */
} rt_nullability;

/* Column flags (rt_column.flags). */
enum {
    RT_COLF_PRIMARY_KEY = 1u << 0,
    RT_COLF_UNIQUE      = 1u << 1,
    RT_COLF_REFERENCES  = 1u << 2,  /* inline REFERENCES / ForeignKey */
    RT_COLF_CHECK       = 1u << 3,
    RT_COLF_IDENTITY    = 1u << 4,  /* GENERATED ... AS IDENTITY */
    RT_COLF_GENERATED   = 1u << 5,  /* GENERATED ALWAYS AS (expr) STORED */
    RT_COLF_COLLATE     = 1u << 6,
    RT_COLF_FK_NOT_VALID = 1u << 7  /* set by the Python front-end: a
                                       sa.ForeignKey(..., postgresql_not_valid=True), which
                                       Alembic's add_column adds NOT VALID */
};

/* A position in the text an op was read from. start/end are byte offsets into the text
 * the front-end parsed ([start, end)); line/column (1-based, columns in code points) are
 * file positions filled by whoever maps the text to a file (rt_op_list_locate() for SQL
 * files, the Python front-end for string literals); 0 until then. */
typedef struct rt_span {
    uint32_t start, end;
    uint32_t line, column, end_line, end_column;
} rt_span;

/* A name with its place (index columns, UPDATE SET targets, constraint columns). */
typedef struct rt_name {
    const char *name;     /* NULL for an expression (e.g. an index on lower(x)) */
    rt_span span;
    bool part;            /* UPDATE/INSERT target assigning part of the column: a[1], c.f */
} rt_name;

typedef struct rt_column {
    const char *name;
    rt_type type;
    rt_nullability nullability;
    rt_default_kind default_kind;
    const char *default_func; /* the (last part of the) function name for VOLATILE/UNKNOWN */
    uint32_t flags;           /* RT_COLF_* */
    rt_span span;             /* the column definition */
} rt_column;

typedef enum rt_constraint_kind {
    RT_CON_NONE = 0,
    RT_CON_PRIMARY_KEY,
    RT_CON_FOREIGN_KEY,
    RT_CON_UNIQUE,
    RT_CON_CHECK,
    RT_CON_EXCLUSION,
    RT_CON_NOT_NULL           /* domain NOT NULL constraints */
} rt_constraint_kind;

typedef struct rt_op {
    rt_op_kind kind;
    uint32_t flags;           /* RT_OPF_* */
    const char *other_kind;   /* RT_OP_OTHER: the statement kind (libpg_query node name, or
                                 the Python call's name); RT_OP_COMMENT: the object kind */
    const char *schema;       /* schema of table/object; NULL when not qualified */
    const char *table;        /* the table, or the object's name for non-table objects */
    const char *column;
    const char *name;         /* index, constraint, trigger, partition, savepoint, setting */
    const char *new_name;     /* renames */
    const char *value;        /* enum value, setting value, comment text */
    const char *neighbor;     /* ADD VALUE ... BEFORE/AFTER neighbor */

    rt_column col;            /* ADD_COLUMN: the column; ALTER_COLUMN: new type, nullability,
                                 default; CREATE_DOMAIN: the base type */
    rt_type old_type;         /* ALTER_COLUMN type change: the previous type when known */
    uint32_t alter;           /* RT_ALTER_* for ALTER_COLUMN */

    rt_constraint_kind constraint;
    const char *ref_schema;   /* FOREIGN KEY target table */
    const char *ref_table;
    const char *using_index;  /* ADD CONSTRAINT ... USING INDEX name */
    const char *method;       /* index access method when not btree (gin, gist, ...) */

    rt_column *columns;       /* CREATE_TABLE: the column definitions */
    size_t column_count;
    rt_name *names;           /* index/constraint columns, UPDATE SET targets, in order */
    size_t name_count;

    rt_span span;             /* the whole statement (or call) */
    rt_span loc;              /* the most precise place: the column definition, the
                                 constraint, the object name; equals span when no better */
} rt_op;

typedef struct rt_op_list {
    rt_op *items;             /* in source order; owned by arena */
    size_t count;
    size_t cap;
    rt_arena *arena;
} rt_op_list;

/* Initialises an empty list whose items will live in arena. */
void rt_op_list_init(rt_op_list *list, rt_arena *arena);

/* Appends a zeroed op of the given kind (types with length/precision/scale -1) and
 * returns it, or NULL when out of memory. The pointer stays valid until the next push. */
rt_op *rt_op_list_push(rt_op_list *list, rt_op_kind kind);

/* The stable snake_case name of a kind ("add_column", "create_index", "other", ...);
 * the same names `retort inspect` prints. */
const char *rt_op_kind_name(rt_op_kind kind);

/* An unknown type: name NULL, every modifier -1. */
rt_type rt_type_unknown(void);

/* Normalises a PostgreSQL type name (e.g. "int4", "VARCHAR", "timestamptz", "double
 * precision") as described at rt_type and returns a static string, or NULL when name is
 * not one of the built-in names that rt_type renames or keeps (the caller keeps its own
 * spelling then). Case-insensitive. */
const char *rt_type_canonical_name(rt_str name);

/* True when the type is a character type with a length limit (varchar(n), char(n)). */
bool rt_type_is_sized_char(const rt_type *type);

/* Renders a type like PostgreSQL's format_type ("character varying(20)", "numeric(10,2)",
 * "integer[]") into buf of size cap (always NUL-terminated; truncated if short). */
void rt_type_format(const rt_type *type, char *buf, size_t cap);

/* Appends a one-line description of op to out, for tests, debugging and `retort
 * inspect`: the kind name, then the fields that are set as key=value, e.g.
 * `add_column table=users column=email type=character varying(255) null=not_null
 * default=constant`. Spans are not included. */
void rt_op_format(const rt_op *op, rt_buf *out);

/* Locates the spans of ops[first..]: adds base to every start/end and fills line/column
 * and end_line/end_column from pos, called with the (based) byte offsets. For a .sql
 * file pos wraps rt_source_position(); for SQL from a Python string literal it can map
 * through rt_sql_map() first. Spans an op does not use (col without a column) are left
 * alone. */
typedef void (*rt_position_fn)(void *ctx, size_t offset, unsigned *line, unsigned *column);
void rt_op_list_locate(rt_op_list *list, size_t first, uint32_t base, rt_position_fn pos,
                       void *ctx);

#endif
