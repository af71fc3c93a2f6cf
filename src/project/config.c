/* Loading .retort.yaml.
 *
 * Two passes. libyaml's event parser feeds a small tree, refusing what a configuration
 * never needs and an attacker would use: aliases and anchors (billion laughs), tags other
 * than the YAML core ones, nesting deeper than MAX_DEPTH, several documents, and files
 * over MAX_BYTES. The tree is then checked against the schema (the tables below) into an
 * rt_config. Plain scalars are typed by the YAML 1.2 core schema, whatever %YAML says:
 * `yes`, `no`, `on` and `off` are text, and only true/false (True, TRUE, False, FALSE)
 * are booleans. A null value (`key:` or `key: ~`) leaves a setting at its default.
 *
 * Positions are libyaml's marks made 1-based; libyaml counts columns in code points and
 * does not count a byte order mark.
 */
#include "retort/config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <yaml.h>

#include "retort/buf.h"
#include "retort/source.h"

#define MAX_BYTES ((size_t)1 << 20)
#define MAX_DEPTH 16
#define PG_VERSION_MIN 9
#define PG_VERSION_MAX 18
#define PG_VERSION_DEFAULT 15
#define CORE_TAG "tag:yaml.org,2002:"

/* ---- The tree ------------------------------------------------------------------- */

typedef enum node_kind { NODE_SCALAR, NODE_SEQ, NODE_MAP } node_kind;
typedef enum scalar_type { T_NULL, T_BOOL, T_INT, T_FLOAT, T_STR } scalar_type;

typedef struct node {
    node_kind kind;
    scalar_type type;     /* scalars only */
    const char *text;     /* scalars: len bytes and a NUL, in the config's arena */
    size_t len;
    unsigned line, column;
    struct node **items;  /* sequences: the items; mappings: key, value, key, value... */
    size_t count, cap;
} node;

typedef struct loader {
    rt_config *cfg;
    rt_source *src;
    const char *path;
    rt_error *err;
    yaml_parser_t parser;
} loader;

typedef struct builder {
    node *stack[MAX_DEPTH];
    size_t depth;
    int documents;
    node *root;
    bool done;
} builder;

static unsigned to_unsigned(size_t v)
{
    return v >= UINT_MAX ? UINT_MAX : (unsigned)v;
}

static int fail(loader *L, unsigned line, unsigned column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(loader *L, unsigned line, unsigned column, const char *fmt, ...)
{
    char msg[RT_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rt_error_set(L->err, RT_ECONFIG, L->path, line, column, "%s", msg);
}

static int no_memory(loader *L)
{
    return rt_error_set(L->err, RT_ENOMEM, L->path, 0, 0, "out of memory reading configuration");
}

/* Reports the parser's error: reader errors carry a byte offset, the others a mark. */
static int yaml_failure(loader *L)
{
    const yaml_parser_t *p = &L->parser;
    const char *problem = p->problem ? p->problem : "unknown error";
    if (p->error == YAML_MEMORY_ERROR)
        return no_memory(L);
    if (p->error == YAML_READER_ERROR) {
        unsigned line, column;
        rt_source_position(L->src, p->problem_offset, &line, &column);
        if (p->problem_value >= 0)
            return fail(L, line, column, "invalid YAML: %s (#x%X)", problem,
                        (unsigned)p->problem_value);
        return fail(L, line, column, "invalid YAML: %s", problem);
    }
    unsigned line = to_unsigned(p->problem_mark.line + 1);
    unsigned column = to_unsigned(p->problem_mark.column + 1);
    if (p->context)
        return fail(L, line, column, "invalid YAML: %s (%s at line %u, column %u)", problem,
                    p->context, to_unsigned(p->context_mark.line + 1),
                    to_unsigned(p->context_mark.column + 1));
    return fail(L, line, column, "invalid YAML: %s", problem);
}

static bool is_digits(const char *s, const char *digits)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!strchr(digits, *s))
            return false;
    return true;
}

static bool is_float(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    if (!strcmp(s, ".inf") || !strcmp(s, ".Inf") || !strcmp(s, ".INF"))
        return true;
    size_t whole = strspn(s, "0123456789");
    s += whole;
    size_t frac = 0;
    if (*s == '.') {
        s++;
        frac = strspn(s, "0123456789");
        s += frac;
    }
    if (whole + frac == 0)
        return false;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        return is_digits(s, "0123456789");
    }
    return *s == '\0';
}

/* The YAML 1.2 core schema's type of a plain scalar. */
static scalar_type resolve_plain(const char *s)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    static const char *const bools[] = {"true", "True", "TRUE", "false", "False", "FALSE"};
    for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
        if (!strcmp(s, nulls[i]))
            return T_NULL;
    for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++)
        if (!strcmp(s, bools[i]))
            return T_BOOL;
    const char *digits = s + (*s == '+' || *s == '-');
    if (is_digits(digits, "0123456789") ||
        (!strncmp(s, "0o", 2) && is_digits(s + 2, "01234567")) ||
        (!strncmp(s, "0x", 2) && is_digits(s + 2, "0123456789abcdefABCDEF")))
        return T_INT;
    if (is_float(s) || !strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN"))
        return T_FLOAT;
    return T_STR;
}

/* The tag as a user writes it: !!str for the core tags. */
static void short_tag(const char *tag, char *out, size_t size)
{
    size_t core = strlen(CORE_TAG);
    if (!strncmp(tag, CORE_TAG, core))
        snprintf(out, size, "!!%.40s", tag + core);
    else
        snprintf(out, size, "%.40s", tag);
}

/* Refuses anchors and any tag but the core ones that fit the node's kind. */
static int check_properties(loader *L, const yaml_event_t *ev, node_kind kind,
                            const yaml_char_t *anchor, const yaml_char_t *tag)
{
    static const char *const scalar_tags[] = {"str", "int", "bool", "null", "float"};
    unsigned line = to_unsigned(ev->start_mark.line + 1);
    unsigned column = to_unsigned(ev->start_mark.column + 1);
    if (anchor)
        return fail(L, line, column, "YAML anchors are not allowed in .retort.yaml "
                    "(aliases are refused, so an anchor has no use)");
    if (!tag)
        return RT_OK;
    const char *t = (const char *)tag;
    size_t core = strlen(CORE_TAG);
    if (!strncmp(t, CORE_TAG, core)) {
        const char *name = t + core;
        if (kind == NODE_MAP && !strcmp(name, "map"))
            return RT_OK;
        if (kind == NODE_SEQ && !strcmp(name, "seq"))
            return RT_OK;
        for (size_t i = 0; kind == NODE_SCALAR && i < sizeof scalar_tags / sizeof *scalar_tags; i++)
            if (!strcmp(name, scalar_tags[i]))
                return RT_OK;
    }
    char shown[64];
    short_tag(t, shown, sizeof shown);
    return fail(L, line, column, "YAML tag `%s` is not allowed here in .retort.yaml", shown);
}

/* Types a scalar: quoted text is a string; an explicit core tag must fit the text. */
static int type_scalar(loader *L, node *n, const yaml_event_t *ev)
{
    const yaml_char_t *tag = ev->data.scalar.tag;
    bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (!tag) {
        n->type = plain ? resolve_plain(n->text) : T_STR;
        return RT_OK;
    }
    const char *name = (const char *)tag + strlen(CORE_TAG);
    if (!strcmp(name, "str")) {
        n->type = T_STR;
        return RT_OK;
    }
    scalar_type resolved = resolve_plain(n->text);
    scalar_type wanted = !strcmp(name, "int") ? T_INT : !strcmp(name, "bool") ? T_BOOL
                         : !strcmp(name, "null") ? T_NULL : T_FLOAT;
    if (wanted == T_FLOAT && resolved == T_INT)
        resolved = T_FLOAT;
    if (resolved != wanted || strlen(n->text) != n->len)
        return fail(L, n->line, n->column, "the value is not a valid `!!%s`", name);
    n->type = wanted;
    return RT_OK;
}

static node *new_node(loader *L, node_kind kind, const yaml_event_t *ev)
{
    node *n = rt_arena_calloc(L->cfg->arena, 1, sizeof *n);
    if (n) {
        n->kind = kind;
        n->line = to_unsigned(ev->start_mark.line + 1);
        n->column = to_unsigned(ev->start_mark.column + 1);
    }
    return n;
}

static int attach(loader *L, builder *b, node *n)
{
    if (b->depth == 0) {
        b->root = n;
        return RT_OK;
    }
    node *parent = b->stack[b->depth - 1];
    if (parent->count == parent->cap) {
        size_t cap = parent->cap ? parent->cap * 2 : 8;
        node **items = rt_arena_grow(L->cfg->arena, parent->items, parent->count, cap,
                                     sizeof *items);
        if (!items)
            return no_memory(L);
        parent->items = items;
        parent->cap = cap;
    }
    parent->items[parent->count++] = n;
    return RT_OK;
}

static int add_scalar(loader *L, builder *b, const yaml_event_t *ev)
{
    int rc = check_properties(L, ev, NODE_SCALAR, ev->data.scalar.anchor, ev->data.scalar.tag);
    if (rc != RT_OK)
        return rc;
    node *n = new_node(L, NODE_SCALAR, ev);
    if (!n)
        return no_memory(L);
    n->len = ev->data.scalar.length;
    n->text = rt_arena_strndup(L->cfg->arena, (const char *)ev->data.scalar.value, n->len);
    if (!n->text)
        return no_memory(L);
    rc = type_scalar(L, n, ev);
    return rc != RT_OK ? rc : attach(L, b, n);
}

static int open_collection(loader *L, builder *b, const yaml_event_t *ev)
{
    bool map = ev->type == YAML_MAPPING_START_EVENT;
    node_kind kind = map ? NODE_MAP : NODE_SEQ;
    int rc = map ? check_properties(L, ev, kind, ev->data.mapping_start.anchor,
                                    ev->data.mapping_start.tag)
                 : check_properties(L, ev, kind, ev->data.sequence_start.anchor,
                                    ev->data.sequence_start.tag);
    if (rc != RT_OK)
        return rc;
    if (b->depth == MAX_DEPTH)
        return fail(L, to_unsigned(ev->start_mark.line + 1),
                    to_unsigned(ev->start_mark.column + 1),
                    "YAML nesting deeper than %d levels is not allowed in .retort.yaml",
                    MAX_DEPTH);
    node *n = new_node(L, kind, ev);
    if (!n)
        return no_memory(L);
    rc = attach(L, b, n);
    if (rc == RT_OK)
        b->stack[b->depth++] = n;
    return rc;
}

static int on_event(loader *L, builder *b, const yaml_event_t *ev)
{
    unsigned line = to_unsigned(ev->start_mark.line + 1);
    unsigned column = to_unsigned(ev->start_mark.column + 1);
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (b->documents++ > 0)
            return fail(L, line, column, "a second YAML document: .retort.yaml holds one");
        return RT_OK;
    case YAML_ALIAS_EVENT:
        return fail(L, line, column, "YAML aliases are not allowed in .retort.yaml");
    case YAML_SCALAR_EVENT:
        return add_scalar(L, b, ev);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        return open_collection(L, b, ev);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        b->depth--;
        return RT_OK;
    case YAML_STREAM_END_EVENT:
        b->done = true;
        return RT_OK;
    default:
        return RT_OK;
    }
}

/* Reads the whole stream into a tree; *root is NULL for an empty stream. */
static int build_tree(loader *L, node **root)
{
    builder b = {.depth = 0};
    int rc = RT_OK;
    while (rc == RT_OK && !b.done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&L->parser, &ev))
            return yaml_failure(L);
        rc = on_event(L, &b, &ev);
        yaml_event_delete(&ev);
    }
    *root = b.root;
    return rc;
}

/* ---- Messages ------------------------------------------------------------------- */

/* How a value is shown in a message: `text` (cut at 40 bytes) or its kind. */
static const char *show(const node *n, char *buf, size_t size)
{
    if (n->kind == NODE_SEQ)
        return "a sequence";
    if (n->kind == NODE_MAP)
        return "a mapping";
    if (n->type == T_NULL)
        return "null";
    size_t len = n->len;
    bool cut = len > 40;
    if (cut) {
        len = 40;
        while (len > 0 && ((unsigned char)n->text[len] & 0xC0) == 0x80)
            len--;
    }
    snprintf(buf, size, "`%.*s%s`", (int)len, n->text, cut ? "…" : "");
    return buf;
}

/* Levenshtein distance, or SIZE_MAX when either string is too long to be a near miss. */
static size_t distance(const char *a, size_t al, const char *b)
{
    size_t bl = strlen(b);
    if (al > 64 || bl > 64)
        return SIZE_MAX;
    size_t prev[65], cur[65];
    for (size_t j = 0; j <= bl; j++)
        prev[j] = j;
    for (size_t i = 1; i <= al; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= bl; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
        }
        memcpy(prev, cur, (bl + 1) * sizeof *prev);
    }
    return prev[bl];
}

/* ---- The schema ----------------------------------------------------------------- */

typedef enum field_kind {
    F_STRING,     /* a non-empty string */
    F_DIALECT,    /* one of dialects[] */
    F_FAIL_ON,    /* error, warning or info */
    F_RULES,      /* rule name -> severity */
    F_SECTION,    /* a mapping checked against field.section */
    F_STRINGS,    /* a sequence of strings */
    F_HEADS,      /* a sequence of strings, or one string */
    F_ENV_NAME,   /* the name of an environment variable */
    F_BOOL,
    F_PG_VERSION, /* an integer from PG_VERSION_MIN to PG_VERSION_MAX */
    F_PATTERNS,   /* a sequence of {id, regex} */
    F_REGEX       /* a string PCRE2 compiles */
} field_kind;

struct section;

typedef struct field {
    const char *key;
    field_kind kind;
    size_t at;       /* offset of the target from the base being filled */
    size_t count_at; /* sequences: offset of their size_t count */
    const struct section *section;
} field;

typedef struct section {
    const field *fields;
    size_t count;
} section;

#define AT(member) offsetof(rt_config, member)
#define SECTION(fields) {(fields), sizeof(fields) / sizeof(fields)[0]}

static const field production_fields[] = {
    {"git_ref", F_STRING, AT(production.git_ref), 0, NULL},
    {"database_url_env", F_ENV_NAME, AT(production.database_url_env), 0, NULL},
    {"heads", F_HEADS, AT(production.heads), AT(production.head_count), NULL},
    {"version_table", F_STRING, AT(production.version_table), 0, NULL},
    {"version_table_schema", F_STRING, AT(production.version_table_schema), 0, NULL},
};
static const field secrets_fields[] = {
    {"allow", F_STRINGS, AT(secrets.allow), AT(secrets.allow_count), NULL},
    {"patterns", F_PATTERNS, AT(secrets.patterns), AT(secrets.pattern_count), NULL},
};
static const field pattern_fields[] = {
    {"id", F_STRING, offsetof(rt_config_pattern, id), 0, NULL},
    {"regex", F_REGEX, offsetof(rt_config_pattern, regex), 0, NULL},
};
static const field integrity_fields[] = {
    {"ignore_formatting", F_BOOL, AT(integrity.ignore_formatting), 0, NULL},
};
static const field graph_fields[] = {
    {"allowed_heads", F_STRINGS, AT(graph.allowed_heads), AT(graph.allowed_head_count), NULL},
};
static const field imports_fields[] = {
    {"allowed", F_STRINGS, AT(imports.allowed_imports), AT(imports.allowed_import_count), NULL},
};
static const field postgresql_fields[] = {
    {"version", F_PG_VERSION, AT(postgresql.version), 0, NULL},
};

static const section production_section = SECTION(production_fields);
static const section secrets_section = SECTION(secrets_fields);
static const section pattern_section = SECTION(pattern_fields);
static const section integrity_section = SECTION(integrity_fields);
static const section graph_section = SECTION(graph_fields);
static const section imports_section = SECTION(imports_fields);
static const section postgresql_section = SECTION(postgresql_fields);

static const field top_fields[] = {
    {"alembic_ini", F_STRING, AT(alembic_ini), 0, NULL},
    {"alembic_name", F_STRING, AT(alembic_name), 0, NULL},
    {"dialect", F_DIALECT, AT(dialect), 0, NULL},
    {"fail_on", F_FAIL_ON, AT(fail_on), 0, NULL},
    {"rules", F_RULES, AT(rule_severity), 0, NULL},
    {"production", F_SECTION, 0, 0, &production_section},
    {"secrets", F_SECTION, 0, 0, &secrets_section},
    {"integrity", F_SECTION, 0, 0, &integrity_section},
    {"graph", F_SECTION, 0, 0, &graph_section},
    {"imports", F_SECTION, 0, 0, &imports_section},
    {"postgresql", F_SECTION, 0, 0, &postgresql_section},
};
static const section top_section = SECTION(top_fields);

#define SEEN_MAX 16 /* check_mapping's record of the keys seen: at least any section's size */
_Static_assert(sizeof top_fields / sizeof top_fields[0] <= SEEN_MAX, "SEEN_MAX too small");

static const char *const dialects[] = {"postgresql", "sqlite", "mysql", "mariadb", "mssql",
                                       "oracle"};
#define DIALECT_LIST "postgresql, sqlite, mysql, mariadb, mssql, oracle"

bool rt_config_dialect_known(const char *name)
{
    for (size_t i = 0; i < sizeof dialects / sizeof dialects[0]; i++)
        if (strcmp(name, dialects[i]) == 0)
            return true;
    return false;
}

const char *rt_config_dialect_names(void)
{
    return DIALECT_LIST;
}

/* ---- Checking values ------------------------------------------------------------ */

#define WHERE_MAX 160

static int fail_at(loader *L, const node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail_at(loader *L, const node *n, const char *fmt, ...)
{
    char msg[RT_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return fail(L, n->line, n->column, "%s", msg);
}

/* A non-empty string without NUL; numbers count as their text, booleans do not. */
static int get_string(loader *L, const char *where, const node *n, rt_config_str *out)
{
    char buf[64];
    if (n->kind != NODE_SCALAR || n->type == T_NULL)
        return fail_at(L, n, "`%s` must be a string, not %s", where, show(n, buf, sizeof buf));
    if (n->type == T_BOOL)
        return fail_at(L, n, "`%s` must be a string, not the boolean %s (quote it to mean "
                       "the text)", where, show(n, buf, sizeof buf));
    if (n->len == 0)
        return fail_at(L, n, "`%s` must not be empty", where);
    if (strlen(n->text) != n->len)
        return fail_at(L, n, "`%s` must not contain a NUL character", where);
    *out = (rt_config_str){n->text, n->line, n->column};
    return RT_OK;
}

static int get_strings(loader *L, const char *where, const node *n, bool one_is_enough,
                       rt_config_str **out, size_t *count)
{
    char buf[64];
    const node *const *items = (const node *const *)&n;
    size_t len = 1;
    if (n->kind == NODE_SEQ) {
        items = (const node *const *)n->items;
        len = n->count;
    } else if (!one_is_enough || n->kind != NODE_SCALAR) {
        return fail_at(L, n, "`%s` must be a sequence of strings%s, not %s", where,
                       one_is_enough ? " (or one string)" : "", show(n, buf, sizeof buf));
    }
    rt_config_str *v = rt_arena_calloc(L->cfg->arena, len, sizeof *v);
    if (!v)
        return no_memory(L);
    for (size_t i = 0; i < len; i++) {
        char item[WHERE_MAX + 24];
        if (n->kind == NODE_SEQ)
            snprintf(item, sizeof item, "%s[%zu]", where, i);
        else
            snprintf(item, sizeof item, "%s", where);
        int rc = get_string(L, item, items[i], &v[i]);
        if (rc != RT_OK)
            return rc;
    }
    *out = v;
    *count = len;
    return RT_OK;
}

static int get_dialect(loader *L, const char *where, const node *n, rt_config_str *out)
{
    char buf[64];
    rt_config_str s;
    if (n->kind == NODE_SCALAR && get_string(L, where, n, &s) == RT_OK &&
        rt_config_dialect_known(s.value)) {
        *out = s;
        return RT_OK;
    }
    return fail_at(L, n, "`%s` must be one of " DIALECT_LIST ", not %s", where,
                   show(n, buf, sizeof buf));
}

static int get_fail_on(loader *L, const char *where, const node *n, rt_severity *out)
{
    char buf[64];
    rt_severity sev;
    if (n->kind == NODE_SCALAR && n->type == T_STR &&
        rt_severity_parse((rt_str){n->text, n->len}, &sev) && sev != RT_SEV_OFF) {
        *out = sev;
        return RT_OK;
    }
    return fail_at(L, n, "`%s` must be one of error, warning, info, not %s", where,
                   show(n, buf, sizeof buf));
}

static int get_bool(loader *L, const char *where, const node *n, bool *out)
{
    char buf[64];
    if (n->kind != NODE_SCALAR || n->type != T_BOOL)
        return fail_at(L, n, "`%s` must be true or false, not %s", where,
                       show(n, buf, sizeof buf));
    *out = n->text[0] == 't' || n->text[0] == 'T';
    return RT_OK;
}

/* Parses a core-schema integer (decimal, 0o, 0x) into [min, max]. */
static bool int_in_range(const char *s, long min, long max, long *out)
{
    int base = 10;
    bool negative = *s == '-';
    if (*s == '+' || *s == '-')
        s++;
    else if (!strncmp(s, "0o", 2) || !strncmp(s, "0x", 2)) {
        base = s[1] == 'o' ? 8 : 16;
        s += 2;
    }
    long v = 0;
    for (; *s; s++) {
        int d = *s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10;
        v = v * base + d;
        if (v > max + 1L)
            return false;
    }
    v = negative ? -v : v;
    if (v < min || v > max)
        return false;
    *out = v;
    return true;
}

static int get_pg_version(loader *L, const char *where, const node *n, int *out)
{
    char buf[64];
    long v;
    if (n->kind != NODE_SCALAR || n->type != T_INT ||
        !int_in_range(n->text, PG_VERSION_MIN, PG_VERSION_MAX, &v))
        return fail_at(L, n, "`%s` must be an integer from %d to %d (a PostgreSQL major "
                       "version), not %s", where, PG_VERSION_MIN, PG_VERSION_MAX,
                       show(n, buf, sizeof buf));
    *out = (int)v;
    return RT_OK;
}

/* The value is never echoed: a URL put here by mistake would carry its password. */
static int get_env_name(loader *L, const char *where, const node *n, rt_config_str *out)
{
    int rc = get_string(L, where, n, out);
    if (rc != RT_OK)
        return rc;
    const char *s = out->value;
    bool ok = (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_';
    for (; ok && *s; s++)
        ok = (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_' ||
             (*s >= '0' && *s <= '9');
    if (ok)
        return RT_OK;
    return fail_at(L, n, "`%s` must be the name of an environment variable (letters, digits "
                   "and _, not starting with a digit)%s", where,
                   strstr(out->value, "://")
                       ? "; this looks like a URL: put it in that variable, not in the file"
                       : "");
}

static int get_regex(loader *L, const char *where, const node *n, rt_config_str *out)
{
    int rc = get_string(L, where, n, out);
    if (rc != RT_OK)
        return rc;
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)n->text, n->len, PCRE2_UTF, &code, &offset,
                                   NULL);
    if (re) {
        pcre2_code_free(re);
        return RT_OK;
    }
    PCRE2_UCHAR msg[256];
    if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
        snprintf((char *)msg, sizeof msg, "error %d", code);
    return fail_at(L, n, "`%s` is not a valid regular expression: %s at offset %zu", where,
                   (const char *)msg, (size_t)offset);
}

static int check_mapping(loader *L, const section *sec, const char *prefix, const node *map,
                         void *base);

static int get_patterns(loader *L, const char *where, const node *n, rt_config_pattern **out,
                        size_t *count)
{
    char buf[64];
    if (n->kind != NODE_SEQ)
        return fail_at(L, n, "`%s` must be a sequence of {id, regex} mappings, not %s", where,
                       show(n, buf, sizeof buf));
    rt_config_pattern *v = rt_arena_calloc(L->cfg->arena, n->count, sizeof *v);
    if (!v)
        return no_memory(L);
    for (size_t i = 0; i < n->count; i++) {
        char item[WHERE_MAX + 24];
        snprintf(item, sizeof item, "%s[%zu]", where, i);
        const node *m = n->items[i];
        if (m->kind != NODE_MAP)
            return fail_at(L, m, "`%s` must be a mapping with `id` and `regex`, not %s", item,
                           show(m, buf, sizeof buf));
        int rc = check_mapping(L, &pattern_section, item, m, &v[i]);
        if (rc != RT_OK)
            return rc;
        if (!v[i].id.value || !v[i].regex.value)
            return fail_at(L, m, "`%s` needs both `id` and `regex`", item);
    }
    *out = v;
    *count = n->count;
    return RT_OK;
}

/* Reports an unknown name with the closest candidate, or the list of candidates. */
static int unknown_key(loader *L, const char *prefix, const node *key, const section *sec)
{
    char buf[64];
    const char *best = NULL;
    size_t best_distance = key->len / 3 + 2;
    for (size_t i = 0; i < sec->count; i++) {
        size_t d = distance(key->text, key->len, sec->fields[i].key);
        if (d < best_distance) {
            best_distance = d;
            best = sec->fields[i].key;
        }
    }
    char where[WHERE_MAX + 8] = "";
    if (*prefix)
        snprintf(where, sizeof where, " in `%s`", prefix);
    if (best)
        return fail_at(L, key, "unknown key %s%s; did you mean `%s`?",
                       show(key, buf, sizeof buf), where, best);
    rt_buf known = RT_BUF_INIT;
    for (size_t i = 0; i < sec->count; i++)
        rt_buf_printf(&known, "%s%s", i ? ", " : "", sec->fields[i].key);
    int rc = fail_at(L, key, "unknown key %s%s; known keys: %s", show(key, buf, sizeof buf),
                     where, rt_buf_cstr(&known));
    rt_buf_free(&known);
    return rc;
}

static int get_rules(loader *L, const char *where, const node *n, int *severity)
{
    char buf[64];
    if (n->kind != NODE_MAP)
        return fail_at(L, n, "`%s` must be a mapping of rule names to error, warning, info or "
                       "off, not %s", where, show(n, buf, sizeof buf));
    const node **seen = rt_arena_calloc(L->cfg->arena, rt_rule_count() + 1, sizeof *seen);
    if (!seen)
        return no_memory(L);
    for (size_t i = 0; i + 1 < n->count; i += 2) {
        const node *key = n->items[i], *value = n->items[i + 1];
        if (key->kind != NODE_SCALAR)
            return fail_at(L, key, "a key must be a name, not %s", show(key, buf, sizeof buf));
        const rt_rule *rule = rt_rule_find((rt_str){key->text, key->len});
        if (!rule) {
            const char *near = rt_rule_suggest((rt_str){key->text, key->len});
            if (near)
                return fail_at(L, key, "unknown rule %s in `%s`; did you mean `%s`?",
                               show(key, buf, sizeof buf), where, near);
            return fail_at(L, key, "unknown rule %s in `%s` (`retort rules` lists them)",
                           show(key, buf, sizeof buf), where);
        }
        size_t index = rt_rule_index(rule);
        if (seen[index])
            return fail_at(L, key, "duplicate key `%s` (first at line %u, column %u)",
                           rule->name, seen[index]->line, seen[index]->column);
        seen[index] = key;
        rt_severity sev;
        if (value->kind == NODE_SCALAR && value->type == T_NULL)
            continue;
        if (value->kind != NODE_SCALAR || value->type != T_STR ||
            !rt_severity_parse((rt_str){value->text, value->len}, &sev))
            return fail_at(L, value, "`%s.%s` must be one of error, warning, info, off, not %s",
                           where, rule->name, show(value, buf, sizeof buf));
        severity[index] = (int)sev;
    }
    return RT_OK;
}

static int apply_field(loader *L, const field *f, const char *where, const node *value,
                       void *base)
{
    char buf[64];
    void *at = (char *)base + f->at;
    if (value->kind == NODE_SCALAR && value->type == T_NULL)
        return RT_OK;
    switch (f->kind) {
    case F_STRING:
        return get_string(L, where, value, at);
    case F_DIALECT:
        return get_dialect(L, where, value, at);
    case F_FAIL_ON:
        return get_fail_on(L, where, value, at);
    case F_RULES:
        return get_rules(L, where, value, *(int **)at);
    case F_SECTION:
        if (value->kind != NODE_MAP)
            return fail_at(L, value, "`%s` must be a mapping of settings, not %s", where,
                           show(value, buf, sizeof buf));
        return check_mapping(L, f->section, where, value, base);
    case F_STRINGS:
    case F_HEADS:
        return get_strings(L, where, value, f->kind == F_HEADS, at,
                           (size_t *)((char *)base + f->count_at));
    case F_ENV_NAME:
        return get_env_name(L, where, value, at);
    case F_BOOL:
        return get_bool(L, where, value, at);
    case F_PG_VERSION:
        return get_pg_version(L, where, value, at);
    case F_PATTERNS:
        return get_patterns(L, where, value, at, (size_t *)((char *)base + f->count_at));
    case F_REGEX:
        return get_regex(L, where, value, at);
    }
    return RT_OK;
}

/* Checks every key of map against sec (prefix names the mapping in messages, "" at the
 * top) and fills the fields at their offsets from base. */
static int check_mapping(loader *L, const section *sec, const char *prefix, const node *map,
                         void *base)
{
    const node *seen[SEEN_MAX] = {NULL};
    for (size_t i = 0; i + 1 < map->count; i += 2) {
        const node *key = map->items[i], *value = map->items[i + 1];
        char buf[64];
        if (key->kind != NODE_SCALAR)
            return fail_at(L, key, "a key must be a name, not %s", show(key, buf, sizeof buf));
        size_t f = 0;
        while (f < sec->count && strcmp(sec->fields[f].key, key->text) != 0)
            f++;
        if (f == sec->count || strlen(key->text) != key->len)
            return unknown_key(L, prefix, key, sec);
        if (seen[f])
            return fail_at(L, key, "duplicate key `%s` (first at line %u, column %u)",
                           key->text, seen[f]->line, seen[f]->column);
        seen[f] = key;
        char where[WHERE_MAX];
        snprintf(where, sizeof where, "%s%s%s", prefix, *prefix ? "." : "", key->text);
        int rc = apply_field(L, &sec->fields[f], where, value, base);
        if (rc != RT_OK)
            return rc;
    }
    return RT_OK;
}

/* ---- Loading -------------------------------------------------------------------- */

static int too_big(rt_error *err, const char *path)
{
    return rt_error_set(err, RT_ETOOBIG, path, 0, 0,
                        "configuration file is larger than %zu KiB", MAX_BYTES >> 10);
}

/* The directory part of path, textually ("." when it has none). */
static const char *dir_of(rt_arena *arena, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return rt_arena_strndup(arena, ".", 1);
    if (slash == path)
        return rt_arena_strndup(arena, "/", 1);
    return rt_arena_strndup(arena, path, (size_t)(slash - path));
}

static int parse_into(rt_config *cfg, rt_source *src, rt_error *err)
{
    loader L = {.cfg = cfg, .src = src, .path = src->path, .err = err};
    if (!yaml_parser_initialize(&L.parser))
        return no_memory(&L);
    yaml_parser_set_input_string(&L.parser, (const unsigned char *)src->data, src->len);
    node *root = NULL;
    int rc = build_tree(&L, &root);
    yaml_parser_delete(&L.parser);
    if (rc != RT_OK || !root || (root->kind == NODE_SCALAR && root->type == T_NULL))
        return rc;
    if (root->kind != NODE_MAP) {
        char buf[64];
        return fail_at(&L, root, "the top level of .retort.yaml must be a mapping of settings "
                       "(like `fail_on: error`), not %s", show(root, buf, sizeof buf));
    }
    return check_mapping(&L, &top_section, "", root, cfg);
}

/* Loads src into out; on failure out is left empty (nothing to free). */
static int load_source(rt_config *out, rt_source *src, rt_error *err)
{
    if (src->len > MAX_BYTES)
        return too_big(err, src->path);
    int rc = rt_config_init_defaults(out, err);
    if (rc != RT_OK)
        return rc;
    out->path = rt_arena_strndup(out->arena, src->path, strlen(src->path));
    out->dir = out->path ? dir_of(out->arena, out->path) : NULL;
    if (!out->path || !out->dir)
        rc = rt_error_set(err, RT_ENOMEM, src->path, 0, 0, "out of memory");
    else
        rc = parse_into(out, src, err);
    if (rc != RT_OK)
        rt_config_free(out);
    return rc;
}

int rt_config_init_defaults(rt_config *out, rt_error *err)
{
    memset(out, 0, sizeof *out);
    out->arena = rt_arena_new();
    size_t rules = rt_rule_count();
    out->rule_severity = out->arena ? rt_arena_alloc(out->arena, (rules + 1) * sizeof(int))
                                    : NULL;
    if (!out->rule_severity) {
        rt_config_free(out);
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < rules; i++)
        out->rule_severity[i] = -1;
    out->fail_on = RT_SEV_ERROR;
    out->production.version_table = (rt_config_str){"alembic_version", 0, 0};
    out->postgresql.version = PG_VERSION_DEFAULT;
    return RT_OK;
}

int rt_config_load(rt_config *out, const char *path, rt_error *err)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > MAX_BYTES)
        return too_big(err, path);
    rt_source src;
    int rc = rt_source_read(&src, path, err);
    if (rc != RT_OK)
        return rc;
    rc = load_source(out, &src, err);
    rt_source_free(&src);
    return rc;
}

int rt_config_load_bytes(rt_config *out, const char *path, const char *bytes, size_t len,
                         rt_error *err)
{
    memset(out, 0, sizeof *out);
    if (len > MAX_BYTES)
        return too_big(err, path);
    rt_source src;
    int rc = rt_source_from_bytes(&src, path, bytes, len, err);
    if (rc != RT_OK)
        return rc;
    rc = load_source(out, &src, err);
    rt_source_free(&src);
    return rc;
}

/* Is there something named .retort.yaml in dir? Errors other than "absent" are reported. */
static int probe(const char *candidate, bool *found, rt_error *err)
{
    struct stat st;
    *found = stat(candidate, &st) == 0;
    if (*found || errno == ENOENT || errno == ENOTDIR)
        return RT_OK;
    return rt_error_set(err, RT_EIO, candidate, 0, 0, "cannot check for a configuration "
                        "file: %s", strerror(errno));
}

int rt_config_discover(rt_config *out, const char *start_dir, rt_error *err)
{
    memset(out, 0, sizeof *out);
    char *dir = realpath(start_dir, NULL);
    if (!dir)
        return rt_error_set(err, RT_EIO, start_dir, 0, 0, "cannot resolve directory: %s",
                            strerror(errno));
    rt_buf candidate = RT_BUF_INIT;
    bool found = false;
    int rc = RT_OK;
    for (;;) {
        rt_buf_clear(&candidate);
        rt_buf_printf(&candidate, "%s%s" RT_CONFIG_FILENAME, dir, dir[1] ? "/" : "");
        if (candidate.toobig) {
            rc = rt_error_set(err, RT_ENOMEM, start_dir, 0, 0, "out of memory");
            goto cleanup;
        }
        rc = probe(rt_buf_cstr(&candidate), &found, err);
        if (rc != RT_OK || found || !dir[1])
            break;
        char *slash = strrchr(dir, '/');
        if (slash == dir)
            dir[1] = '\0';
        else
            *slash = '\0';
    }
    if (rc == RT_OK)
        rc = found ? rt_config_load(out, rt_buf_cstr(&candidate), err)
                   : rt_config_init_defaults(out, err);
cleanup:
    rt_buf_free(&candidate);
    free(dir);
    return rc;
}

void rt_config_free(rt_config *cfg)
{
    if (!cfg)
        return;
    rt_arena_free(cfg->arena);
    memset(cfg, 0, sizeof *cfg);
}

rt_severity rt_config_severity(const rt_config *cfg, const rt_rule *rule)
{
    if (cfg && cfg->rule_severity) {
        size_t index = rt_rule_index(rule);
        if (index < rt_rule_count() && cfg->rule_severity[index] >= 0)
            return (rt_severity)cfg->rule_severity[index];
    }
    return rule->default_severity;
}
