/* identifier-too-long: a name longer than 63 bytes given to a new or renamed object
 * (table, column, index, constraint, type, schema, sequence, view, function, trigger,
 * domain). PostgreSQL truncates it silently. Names written op.f()/conv() are left out:
 * SQLAlchemy shortens those itself before PostgreSQL sees them. References to existing
 * objects are not reported: they are truncated the same way and still match. */
#include <stdbool.h>
#include <string.h>

#include "postgres/pg.h"
#include "retort/source.h"

#define PG_MAX_IDENTIFIER 63
/* How far from its place (or its statement's start) a name is looked for in the text:
 * enough for the keywords and a qualified name before it, and it keeps the search linear
 * in the number of names. */
#define SEARCH_WINDOW 1024

/* The length PostgreSQL keeps of name: at most 63 bytes, cut at a UTF-8 boundary. */
static size_t kept_length(const char *name)
{
    size_t n = PG_MAX_IDENTIFIER;
    while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
        n--;
    return n;
}

static bool ident_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '$' || c >= 0x80;
}

static bool same_folded(const char *text, const char *name, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        unsigned char a = (unsigned char)text[k], b = (unsigned char)name[k];
        if (a != b && !(a >= 'A' && a <= 'Z' && a + 32 == b))
            return false;
    }
    return true;
}

/* The length of the identifier written at text[p] when it starts with name (n bytes),
 * or 0 when it does not start there. */
static size_t written_at(const char *text, size_t p, size_t end, const char *name, size_t n)
{
    bool quoted = p > 0 && text[p - 1] == '"';
    if ((!quoted && p > 0 && ident_char((unsigned char)text[p - 1])) ||
        !same_folded(text + p, name, n))
        return 0;
    size_t e = p + n;
    while (e < end && (quoted ? text[e] != '"' : ident_char((unsigned char)text[e])))
        e++;
    return e - p;
}

/* PostgreSQL's parser (and so the SQL front-end) already cut identifiers to 63 bytes, so
 * a name from SQL that long (60 to 63 bytes once cut at a character) may have been
 * longer as written. Looks for an identifier that starts with it and is longer in the
 * text of op's statement, from place on (the name's own place, when the front-end knows
 * it), else from the statement's start (a rename's new name follows the old one), within
 * SEARCH_WINDOW bytes: sets *out to where it starts and returns its length, or 0 when
 * there is none. */
static size_t written_longer(const pg_unit *u, const rt_op *op, rt_span place,
                             const char *name, const char **out)
{
    rt_source *src = u->file->source;
    size_t n = strlen(name);
    if (!src || n < PG_MAX_IDENTIFIER - 3 || !op->span.line || !op->span.end_line)
        return 0;
    size_t start = rt_source_offset(src, op->span.line, op->span.column);
    size_t end = rt_source_offset(src, op->span.end_line, op->span.end_column);
    if (end <= start)
        return 0;
    size_t starts[2] = {start, start};
    if (place.line) {
        size_t at = rt_source_offset(src, place.line, place.column);
        if (at > start && at < end)
            starts[0] = at;
    }
    for (int k = 0; k < 2; k++) {
        size_t stop = end - starts[k] > SEARCH_WINDOW ? starts[k] + SEARCH_WINDOW : end;
        for (size_t p = starts[k]; p + n < stop; p++) {
            size_t len = written_at(src->data, p, stop, name, n);
            if (len > PG_MAX_IDENTIFIER) {
                *out = src->data + p;
                return len;
            }
        }
    }
    return 0;
}

static void check_name(const rt_rule *self, const pg_unit *u, const rt_op *op,
                       const char *what, const char *name, rt_span place, rt_sink *sink)
{
    if (!name)
        return;
    const char *written = name;
    size_t len = strlen(name), kept = len;
    if (len > PG_MAX_IDENTIFIER)
        kept = kept_length(name);
    else if ((len = written_longer(u, op, place, name, &written)) == 0)
        return;
    rt_op at = *op;
    if (place.line)
        at.loc = place;
    pg_emit(self, u, &at, sink, NULL,
            "%s name %.*s is %zu bytes: PostgreSQL keeps only the first 63 and names it %.*s",
            what, (int)len, written, len, (int)kept, name);
}

/* The kind of object an op creates under op->table, or NULL. */
static const char *created_object(rt_op_kind kind)
{
    switch (kind) {
    case RT_OP_CREATE_TABLE: return "table";
    case RT_OP_CREATE_TYPE: return "type";
    case RT_OP_CREATE_SCHEMA: return "schema";
    case RT_OP_CREATE_SEQUENCE: return "sequence";
    case RT_OP_CREATE_VIEW: return "view";
    case RT_OP_CREATE_FUNCTION: return "function";
    case RT_OP_CREATE_DOMAIN: return "domain";
    default: return NULL;
    }
}

/* The kind of object an op names (op->name) or renames (op->new_name), or NULL. */
static const char *named_object(rt_op_kind kind, bool *renamed)
{
    *renamed = true;
    switch (kind) {
    case RT_OP_RENAME_TABLE: return "table";
    case RT_OP_RENAME_COLUMN: return "column";
    case RT_OP_RENAME_INDEX: return "index";
    case RT_OP_RENAME_CONSTRAINT: return "constraint";
    case RT_OP_RENAME_TYPE: return "type";
    case RT_OP_RENAME_SCHEMA: return "schema";
    default: break;
    }
    *renamed = false;
    switch (kind) {
    case RT_OP_CREATE_INDEX: return "index";
    case RT_OP_ADD_CONSTRAINT: return "constraint";
    case RT_OP_CREATE_TRIGGER: return "trigger";
    default: return NULL;
    }
}

static void check_op(const rt_rule *self, const pg_unit *u, size_t i, rt_sink *sink)
{
    const rt_op *op = u->ops[i];
    const char *what = created_object(op->kind);
    if (what)
        check_name(self, u, op, what, op->table, op->loc, sink);
    for (size_t c = 0; c < op->column_count; c++)
        check_name(self, u, op, "column", op->columns[c].name, op->columns[c].span, sink);
    if (op->kind == RT_OP_ADD_COLUMN)
        check_name(self, u, op, "column", op->column, op->col.span, sink);
    bool renamed;
    what = named_object(op->kind, &renamed);
    if (what && renamed)
        check_name(self, u, op, what, op->new_name, op->loc, sink);
    else if (what && !(op->flags & RT_OPF_CONV_NAME))
        check_name(self, u, op, what, op->name, op->loc, sink);
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    pg_each_op(self, ctx, sink, check_op);
}

const rt_rule rt_rule_identifier_too_long = {
    .name = "identifier-too-long",
    .area = "postgresql",
    .default_severity = RT_SEV_WARNING,
    .summary = "A name over 63 bytes, which PostgreSQL silently truncates",
    .help = "choose a name of at most 63 bytes (for index and constraint names, op.f() "
            "lets SQLAlchemy shorten a long one consistently)",
    .check_file = check,
};
