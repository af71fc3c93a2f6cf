/* retort — the migration model: what an Alembic revision file says, read statically.
 *
 * rt_migration_read() parses one revision file with the Python front-end (python.h) and
 * extracts, without executing anything: the identifiers (revision, down_revision,
 * branch_labels, depends_on), the docstring header, the upgrade/downgrade functions
 * (and multidb upgrade_<name>/downgrade_<name>), the operation calls in them, and the
 * imports. Everything, including the parsed module, lives in the caller's arena.
 *
 * Positions: byte offsets (start/end) are into the ORIGINAL file bytes (also when a
 * coding cookie made the parser transcode), lines are 1-based, columns 1-based in
 * Unicode code points.
 *
 * Nothing is guessed: a value that is not a literal (a name, an attribute such as
 * cli.EXPAND_BRANCH, a call, an f-string...) is reported as dynamic, except a name
 * bound earlier in the module by a plain module-level `NAME = "literal"` assignment,
 * which Alembic (executing the module) would resolve too, and which is resolved here.
 *
 * Cost: time and memory are linear in the file's size. Value trees deeper than 64 levels
 * end in a DYNAMIC value; helper functions are followed at most RT_MIG_MAX_HELPER_DEPTH
 * deep and within a work budget proportional to the file's size (rt_mig_function's
 * truncated says when the budget stopped it).
 */
#ifndef RETORT_MIGRATION_H
#define RETORT_MIGRATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "retort/arena.h"
#include "retort/buf.h"
#include "retort/error.h"
#include "retort/python.h"
#include "retort/source.h"
#include "retort/str.h"

/* Helper functions are followed at most this deep from upgrade()/downgrade(). */
#define RT_MIG_MAX_HELPER_DEPTH 8

/* A place in the file: bytes [start, end) of the original file; line/column of start,
 * end_line/end_column of end (exclusive, like CPython's end_col_offset). */
typedef struct rt_mig_span {
    uint32_t start, end;
    unsigned line, column;
    unsigned end_line, end_column;
} rt_mig_span;

/* One literal token of a string value (implicit concatenation has several). Offsets are
 * into the original file; the body is what lies between the quotes. A SQL mapper maps a
 * position inside the decoded string back to the file through these. */
typedef struct rt_mig_strpart {
    rt_mig_span token;              /* prefix and quotes included */
    uint32_t body_start, body_end;  /* file offsets of the text between the quotes */
    bool raw;                       /* r prefix: backslashes are literal */
} rt_mig_strpart;

typedef enum rt_mig_vkind {
    RT_MIG_V_DYNAMIC,  /* not a literal: text is its source */
    RT_MIG_V_NONE,
    RT_MIG_V_BOOL,     /* boolean */
    RT_MIG_V_ELLIPSIS,
    RT_MIG_V_NUMBER,   /* text is the literal as written (int, float or imaginary) */
    RT_MIG_V_STR,      /* text is the decoded value; parts are its tokens */
    RT_MIG_V_BYTES,    /* text is the decoded bytes; parts are its tokens */
    RT_MIG_V_FSTRING,  /* items: STR pieces of literal text and HOLE replacement fields;
                          text is the literal text with each hole as {source} */
    RT_MIG_V_HOLE,     /* a replacement field of an f-string: items[0] its expression,
                          text its source */
    RT_MIG_V_TUPLE,    /* items */
    RT_MIG_V_LIST,     /* items */
    RT_MIG_V_SET,      /* items */
    RT_MIG_V_DICT,     /* items are the keys, values the values (count each); a NULL
                          key stands for **mapping */
    RT_MIG_V_CALL,     /* text is the callee's dotted name (empty when the callee is not
                          a dotted name); items are the positional args; kwargs */
    RT_MIG_V_REF       /* a name or attribute chain: text is the dotted name */
} rt_mig_vkind;

typedef struct rt_mig_value rt_mig_value;

/* A keyword argument; name is empty for **mapping. */
typedef struct rt_mig_kwarg {
    rt_str name;
    rt_mig_value *value;
} rt_mig_kwarg;

/* A literal value tree of an expression. Strings in text are NUL-terminated arena copies
 * (or slices of the module text for NUMBER, REF, DYNAMIC and HOLE). */
struct rt_mig_value {
    rt_mig_vkind kind;
    bool boolean;           /* BOOL */
    bool starred;           /* written *expr in a call or display (then kind DYNAMIC) */
    rt_mig_span span;
    rt_str text;
    rt_str resolved_from;   /* STR taken from a module-level constant: its name */
    rt_mig_strpart *parts;  /* STR, BYTES, and FSTRING's literal tokens */
    size_t part_count;
    rt_mig_value **items;
    rt_mig_value **values;  /* DICT only */
    size_t count;
    rt_mig_kwarg *kwargs;   /* CALL only */
    size_t kwarg_count;
    const rt_py_node *node; /* the expression */
};

/* One of revision / down_revision / branch_labels / depends_on. */
typedef enum rt_mig_idform {
    RT_MIG_ID_ABSENT,  /* the variable is never assigned at module level */
    RT_MIG_ID_NONE,
    RT_MIG_ID_STRING,
    RT_MIG_ID_TUPLE,
    RT_MIG_ID_LIST,
    RT_MIG_ID_DYNAMIC  /* the value is not a literal (or is assigned conditionally) */
} rt_mig_idform;

typedef struct rt_mig_ident {
    rt_mig_idform form;
    bool dynamic;       /* form DYNAMIC, or a sequence with a non-literal element */
    bool annotated;     /* written `name: T = value` */
    rt_str annotation;  /* the annotation's source text when annotated */
    /* The literal ids: one for STRING (an empty string "" is kept as one empty id, see
     * rt_migration_parents()), the elements of a TUPLE/LIST; an element that is not a
     * literal string is RT_STR_NULL (p == NULL). NUL-terminated arena copies. */
    rt_str *ids;
    size_t count;
    rt_mig_value *value; /* the value tree (NULL when ABSENT) */
    rt_mig_span span;    /* of the value */
} rt_mig_ident;

/* One line of the docstring header ("Revision ID: abc"); present when line != 0. */
typedef struct rt_mig_docfield {
    rt_str value;    /* trimmed text after the colon, a slice of the module text */
    unsigned line, column; /* of the value's first character (of the key when empty) */
} rt_mig_docfield;

typedef struct rt_mig_docstring {
    bool present;
    rt_str text;              /* decoded, NUL-terminated */
    rt_mig_span span;
    rt_mig_docfield message;  /* the first non-blank line */
    rt_mig_docfield revision_id;
    rt_mig_docfield revises;
    rt_str *revises_list;     /* Revises: split on commas, trimmed, empties dropped */
    size_t revises_count;
    rt_mig_docfield create_date;
} rt_mig_docstring;

typedef enum rt_mig_receiver {
    RT_MIG_RECV_OP,         /* op.<name>(...) */
    RT_MIG_RECV_BATCH,      /* batch_op.<name>(...) inside with op.batch_alter_table() */
    RT_MIG_RECV_CONNECTION  /* conn.execute(...) where conn = op.get_bind() */
} rt_mig_receiver;

enum {
    RT_MIG_OP_CONDITIONAL = 1, /* under if / elif / else / try / except / match, or a
                                  conditional expression (x if c else y, and/or) */
    RT_MIG_OP_LOOP = 2,        /* in for / while / a comprehension */
    RT_MIG_OP_AUTOCOMMIT = 4,  /* inside `with op.get_context().autocommit_block():` */
    RT_MIG_OP_HELPER = 8       /* reached through a helper function (see via) */
};

typedef struct rt_mig_op rt_mig_op;

/* An operation call. Calls that only fetch context (op.f, op.get_bind, op.get_context,
 * op.inline_literal) are not operations; they appear inside argument trees. */
struct rt_mig_op {
    rt_str name;            /* "add_column", "execute", "batch_alter_table"... */
    rt_mig_receiver receiver;
    rt_str receiver_text;   /* the receiver as written: "op", "alembic.op", "batch_op" */
    rt_mig_span span;       /* the whole call expression */
    rt_mig_value **args;    /* positional arguments */
    size_t arg_count;
    rt_mig_kwarg *kwargs;
    size_t kwarg_count;
    /* The table the call acts on, when a literal string: the batch's table for batch
     * calls, else the op's table argument (create_index's table_name, create_foreign_key's
     * source_table, rename_table's old name...). RT_STR_NULL when unknown or dynamic. */
    rt_str table;
    rt_str schema;          /* schema= (or the batch's schema=) when a literal string */
    const rt_mig_op *batch; /* RECV_BATCH: the batch_alter_table call of its block */
    unsigned flags;         /* RT_MIG_OP_* */
    rt_str *via;            /* helper functions followed to reach the call, outermost */
    size_t via_count;       /* first; 0 when written in the function itself */
    const rt_py_node *node; /* the CALL node */
};

typedef struct rt_mig_function {
    rt_str name;            /* "upgrade", "downgrade", "upgrade_engine1"... */
    rt_mig_span span;       /* of the function's name in its def */
    rt_str *params;         /* parameter names, in order (*args / **kw without stars) */
    size_t param_count;
    bool empty;             /* body is only pass, ... and docstrings */
    bool raises;            /* a top-level raise comes before any operation call */
    rt_str raise_name;      /* dotted name of the raised exception, when a name */
    rt_str raise_message;   /* its first argument when a literal string (decoded) */
    rt_mig_span raise_span; /* of the raise statement */
    rt_mig_op *ops;         /* in execution order of the source */
    size_t op_count;
    bool truncated;         /* not everything was walked: the work budget (proportional
                               to the file's size) stopped following helpers, or code
                               nested over 12,000 levels deep was skipped */
    const rt_py_node *node; /* the FUNCTION_DEF */
} rt_mig_function;

typedef struct rt_mig_import_name {
    rt_str name;   /* dotted for `import a.b` */
    rt_str asname; /* empty when none */
} rt_mig_import_name;

typedef struct rt_mig_import {
    bool from;          /* from MODULE import NAMES */
    rt_str module;      /* IMPORT: empty (see names); FROM: the module, empty for `from .` */
    unsigned level;     /* number of leading dots of a relative import */
    rt_mig_import_name *names;
    size_t name_count;
    rt_mig_span span;   /* of the statement */
    bool top_level;     /* at module level (not inside a function, class, if...) */
} rt_mig_import;

typedef struct rt_mig_syntax_error {
    const char *message;
    unsigned line, column;
    uint32_t offset;    /* byte offset in the original file */
} rt_mig_syntax_error;

typedef struct rt_migration {
    const char *path;
    const rt_py_module *module;  /* the AST */
    rt_mig_ident revision, down_revision, branch_labels, depends_on;
    /* revision ABSENT and the file name matches ([a-f0-9]+)\.py$ (Alembic's legacy
     * fallback): the id from the name; else RT_STR_NULL. */
    rt_str filename_revision;
    rt_mig_docstring docstring;
    /* Module-level upgrade, downgrade, upgrade_<name>, downgrade_<name> (the last def of
     * a name wins, as in Python), in source order. */
    rt_mig_function *functions;
    size_t function_count;
    const rt_mig_function *upgrade;   /* NULL when there is no upgrade() */
    const rt_mig_function *downgrade; /* NULL when there is no downgrade() */
    rt_mig_import *imports;           /* every import statement, in source order */
    size_t import_count;
    rt_mig_syntax_error *syntax_errors;
    size_t syntax_error_count;
} rt_migration;

/* Reads the revision file at path whose bytes are src[0, len). *out and everything in
 * it is owned by arena; src must outlive the model (slices point into it). Syntax
 * errors do not fail: they are listed in (*out)->syntax_errors and the model holds what
 * the parser recovered. Returns RT_OK, or RT_ENOMEM / RT_ETOOBIG with err filled. */
int rt_migration_read(rt_migration **out, rt_arena *arena, const char *path,
                      const char *src, size_t len, rt_error *err);

/* The same for a file already in an rt_source: its bytes are not copied, and the line
 * index built for positions stays with src for later readers. src must outlive the model. */
int rt_migration_read_source(rt_migration **out, rt_arena *arena, rt_source *src,
                             rt_error *err);

/* The parent revisions as Alembic 1.8.1 resolves down_revision: NONE, "" and () are a
 * base (0 parents); a string is one parent; a tuple or list its elements. Returns false
 * (and *count 0) when down_revision is ABSENT or DYNAMIC. *ids is owned by the model. */
bool rt_migration_parents(const rt_migration *m, const rt_str **ids, size_t *count);

/* The function called name ("upgrade", "downgrade_engine1"), or NULL. */
const rt_mig_function *rt_migration_function(const rt_migration *m, const char *name);

/* The SQL an execute call runs, when written in the file: for op.execute /
 * batch_op.execute / connection.execute / exec_driver_sql, the first argument (or
 * sqltext= / statement=) when it is a STR or FSTRING value, or such a value wrapped in
 * text(...), sa.text(...), sqlalchemy.text(...), sql.text(...) or sa.sql.text(...).
 * NULL for other operations and for SQL built at run time (names, other calls...). */
const rt_mig_value *rt_mig_op_sql(const rt_mig_op *op);

/* Name of a receiver kind: "op", "batch_op", "connection". */
const char *rt_mig_receiver_name(rt_mig_receiver r);

/* Name of a value kind: "str", "call", "dynamic"... */
const char *rt_mig_vkind_name(rt_mig_vkind k);

/* Name of an identifier form: "absent", "none", "string", "tuple", "list", "dynamic". */
const char *rt_mig_idform_name(rt_mig_idform f);

/* Appends the model as the JSON object `retort inspect --format json` prints for one
 * file (see docs/inspect.md) to out; invalid UTF-8 in strings becomes U+FFFD. Returns
 * RT_OK or RT_ENOMEM. */
int rt_migration_json(rt_buf *out, const rt_migration *m);

#endif
