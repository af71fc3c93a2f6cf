/* The PostgreSQL rules' units (see pg.h). */
#include "postgres/pg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "postgres/offline.h"
#include "retort/config.h"
#include "retort/file_ops.h"
#include "retort/migration.h"
#include "retort/project.h"

/* Tables created in a unit: open addressing on (schema, table), first creating op. */
typedef struct created_entry {
    const char *schema;
    const char *table;
    size_t index;
} created_entry;

struct pg_created {
    created_entry *slots;
    size_t cap;   /* a power of two, or 0 */
};

struct pg_units {
    pg_unit *items;
    size_t count;
};

bool pg_applies(const rt_project *project)
{
    const rt_config *cfg = project->config;
    if (cfg && cfg->dialect.value)
        return strcmp(cfg->dialect.value, "postgresql") == 0;
    const char *url = project->alembic ? project->alembic->sqlalchemy_url.value : NULL;
    const char *colon = url ? strstr(url, "://") : NULL;
    if (!colon)
        return true;
    size_t n = strcspn(url, "+:");
    char scheme[32];
    if (n >= sizeof scheme)
        return true;
    memcpy(scheme, url, n);
    scheme[n] = '\0';
    if (!strcmp(scheme, "postgresql") || !strcmp(scheme, "postgres"))
        return true;
    return !rt_config_dialect_known(scheme);
}

static const char *schema_key(const char *schema)
{
    return schema && strcmp(schema, "public") != 0 ? schema : "";
}

static size_t name_hash(const char *schema, const char *table)
{
    size_t h = 1469598103934665603u;
    for (const char *s = schema; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    h = (h ^ '.') * 1099511628211u;
    for (const char *s = table; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static created_entry *created_slot(const struct pg_created *c, const char *schema,
                                   const char *table)
{
    size_t i = name_hash(schema, table) & (c->cap - 1);
    while (c->slots[i].table &&
           (strcmp(c->slots[i].table, table) != 0 || strcmp(c->slots[i].schema, schema) != 0))
        i = (i + 1) & (c->cap - 1);
    return &c->slots[i];
}

static bool creates_table(const rt_op *op)
{
    return op->kind == RT_OP_CREATE_TABLE && op->table && !(op->flags & RT_OPF_HOLE);
}

/* Builds the created-table set of u (NULL when it creates none). */
static const struct pg_created *build_created(rt_arena *arena, const pg_unit *u)
{
    size_t n = 0;
    for (size_t i = 0; i < u->count; i++)
        n += creates_table(u->ops[i]);
    if (n == 0)
        return NULL;
    struct pg_created *c = rt_arena_calloc(arena, 1, sizeof *c);
    size_t cap = 8;
    while (cap < 2 * n)
        cap *= 2;
    if (!c || !(c->slots = rt_arena_calloc(arena, cap, sizeof *c->slots)))
        return NULL;
    c->cap = cap;
    for (size_t i = 0; i < u->count; i++) {
        if (!creates_table(u->ops[i]))
            continue;
        const char *schema = schema_key(u->ops[i]->schema);
        created_entry *e = created_slot(c, schema, u->ops[i]->table);
        if (!e->table)
            *e = (created_entry){.schema = schema, .table = u->ops[i]->table, .index = i};
    }
    return c;
}

bool pg_created_before(const pg_unit *u, size_t i, const char *schema, const char *table)
{
    if (!u->created || !table)
        return false;
    const created_entry *e = created_slot(u->created, schema_key(schema), table);
    return e->table && e->index < i;
}

/* ---- transaction and timeout state ---- */

enum { TIMEOUTS = PG_LOCK_TIMEOUT | PG_STATEMENT_TIMEOUT };

typedef struct session {
    uint32_t state;       /* PG_* */
    uint32_t local;       /* timeouts set with SET LOCAL: gone at the end of the block */
    uint32_t saved;       /* the timeouts when the block began: ROLLBACK restores them */
    uint32_t outer;       /* PG_IN_TRANSACTION when Alembic runs the revision in a
                             transaction: it begins a new one after autocommit_block() */
    bool autocommit;      /* the last op ran inside autocommit_block() */
} session;

static uint32_t timeout_flag(const char *name)
{
    if (!name)
        return 0;
    if (!strcmp(name, "lock_timeout"))
        return PG_LOCK_TIMEOUT;
    if (!strcmp(name, "statement_timeout"))
        return PG_STATEMENT_TIMEOUT;
    return 0;
}

/* A timeout value other than 0 ("5s", "5000", "0.5s", "1min"; "0" and "0ms" turn it
 * off); a value that is not a number is taken to set one. */
static bool nonzero_value(const char *v)
{
    if (!v || !((*v >= '0' && *v <= '9') || *v == '.'))
        return v != NULL;
    return rt_timeout_value_nonzero(v, strlen(v));
}

static void apply_set(session *s, const rt_op *op)
{
    uint32_t flag = timeout_flag(op->name);
    if (!flag || (op->flags & RT_OPF_TRANSACTION_SET))
        return;
    bool on = !(op->flags & RT_OPF_RESET) && nonzero_value(op->value);
    if (!on) {
        s->state &= ~flag;
        s->local &= ~flag;
    } else if (op->flags & RT_OPF_LOCAL) {
        if (s->state & PG_IN_TRANSACTION) {
            s->state |= flag;
            s->local |= flag;
        }
    } else {
        s->state |= flag;
    }
}

/* The end of a transaction block: SET LOCAL values go; a rollback also undoes the
 * session-level SETs made inside the block. */
static void end_block(session *s, bool rollback)
{
    if (s->state & PG_IN_TRANSACTION) {
        if (rollback)
            s->state = (s->state & ~TIMEOUTS) | s->saved;
        else
            s->state &= ~s->local;
    }
    s->state &= ~(PG_IN_TRANSACTION | PG_EXPLICIT_BEGIN);
    s->local = 0;
}

/* The state after op (which ran in state s). */
static void step(session *s, const rt_op *op)
{
    switch (op->kind) {
    case RT_OP_BEGIN:   /* inside a block, BEGIN opens nothing (a WARNING) */
        if (!(s->state & PG_IN_TRANSACTION)) {
            s->saved = s->state & TIMEOUTS;
            s->state |= PG_IN_TRANSACTION | PG_EXPLICIT_BEGIN;
        }
        break;
    case RT_OP_COMMIT:
    case RT_OP_ROLLBACK:
        end_block(s, op->kind == RT_OP_ROLLBACK);
        break;
    case RT_OP_SET:
        apply_set(s, op);
        break;
    default:
        break;
    }
}

/* Entering autocommit_block() commits Alembic's transaction; leaving it, Alembic
 * begins a new one (when it runs the revision in one). */
static void enter_op(session *s, const rt_op *op)
{
    bool autocommit = (op->flags & RT_OPF_AUTOCOMMIT) != 0;
    if (autocommit == s->autocommit)
        return;
    end_block(s, false);
    if (!autocommit) {
        s->saved = s->state & TIMEOUTS;
        s->state |= s->outer;
    }
    s->autocommit = autocommit;
}

/* ---- building the units of a file ---- */

static const char *version_table(const rt_project *p)
{
    const rt_config *cfg = p->config;
    return cfg && cfg->production.version_table.value ? cfg->production.version_table.value
                                                       : "alembic_version";
}

/* Alembic's bookkeeping on the version table is not the migration's. */
static bool is_bookkeeping(const rt_op *op, const char *table)
{
    return op->table && strcmp(op->table, table) == 0;
}

/* An op of a plpgsql body (outer: the statement holding it) that is a function's. */
static bool in_function_body(const rt_op *op, const rt_op *outer)
{
    return (op->flags & RT_OPF_IN_PLPGSQL) &&
           !(outer && outer->kind == RT_OP_OTHER && outer->other_kind &&
             strcmp(outer->other_kind, "DoStmt") == 0);
}

typedef struct builder {
    rt_arena *arena;
    const rt_file_ctx *ctx;
    const rt_op **ops;       /* every kept op of the file, in order */
    uint32_t *state;
    size_t count;
    uint32_t end_state;
    size_t open_begin;       /* the BEGIN whose block the file leaves open, or count */
    struct pg_units *units;
} builder;

/* Keeps the file's ops (without bookkeeping) and the state before each. */
static bool collect(builder *b, const rt_op_list *list, uint32_t initial)
{
    const char *vt = version_table(b->ctx->project);
    b->ops = rt_arena_calloc(b->arena, list->count + 1, sizeof *b->ops);
    b->state = rt_arena_calloc(b->arena, list->count + 1, sizeof *b->state);
    if (!b->ops || !b->state)
        return false;
    session s = {.state = initial, .saved = initial & TIMEOUTS,
                 .outer = initial & PG_IN_TRANSACTION};
    const rt_op *outer = NULL;   /* the last op not inside a plpgsql body */
    for (size_t i = 0; i < list->count; i++) {
        const rt_op *op = &list->items[i];
        if (!(op->flags & RT_OPF_IN_PLPGSQL))
            outer = op;
        if (is_bookkeeping(op, vt))
            continue;
        enter_op(&s, op);
        b->ops[b->count] = op;
        b->state[b->count++] = s.state | (in_function_body(op, outer) ? PG_IN_FUNCTION_BODY : 0);
        step(&s, op);
    }
    b->end_state = s.state;
    b->open_begin = b->count;
    for (size_t i = b->count; (s.state & PG_EXPLICIT_BEGIN) && i-- > 0;) {
        if (b->ops[i]->kind == RT_OP_BEGIN && !(b->state[i] & PG_IN_TRANSACTION)) {
            b->open_begin = i;
            break;
        }
    }
    return true;
}

static pg_unit *add_unit(builder *b, pg_unit_kind kind, size_t first, size_t end)
{
    pg_unit *u = &b->units->items[b->units->count++];
    *u = (pg_unit){.file = b->ctx, .kind = kind, .ops = b->ops + first, .state = b->state + first,
                   .count = end - first,
                   .end_state = end < b->count ? b->state[end] : b->end_state};
    const rt_config *cfg = b->ctx->project->config;
    u->pg_version = cfg && cfg->postgresql.version ? cfg->postgresql.version : 15;
    u->created = build_created(b->arena, u);
    if (b->open_begin >= first && b->open_begin < end)
        u->open_begin = b->ops[b->open_begin];
    return u;
}

static bool build_revision(builder *b, const rt_file_ops *ops)
{
    const rt_env_py *env = &b->ctx->project->env_py;
    uint32_t initial = (env->transactional_ddl_off ? 0 : PG_IN_TRANSACTION) |
                       (env->lock_timeout ? PG_LOCK_TIMEOUT : 0) |
                       (env->statement_timeout ? PG_STATEMENT_TIMEOUT : 0);
    if (!collect(b, &ops->up->ops, initial) ||
        !(b->units->items = rt_arena_calloc(b->arena, 1, sizeof *b->units->items)))
        return false;
    pg_unit *u = add_unit(b, PG_UNIT_REVISION, 0, b->count);
    const rt_migration *m = b->ctx->migration;
    u->revision = m->revision.form == RT_MIG_ID_STRING && m->revision.count == 1
                      ? m->revision.ids[0].p : NULL;
    return true;
}

/* The index of the first kept op at or after byte offset. */
static size_t first_op_at(const builder *b, size_t from, uint32_t offset)
{
    while (from < b->count && b->ops[from]->span.start < offset)
        from++;
    return from;
}

static bool build_sql(builder *b, const rt_file_ops *ops)
{
    if (!collect(b, &ops->sql_result.ops, 0))
        return false;
    pg_offline_marker *markers = NULL;
    size_t n = pg_offline_markers(b->arena, b->ctx->source->data, b->ctx->source->len,
                                  &ops->sql_result.ops, &markers);
    if (!(b->units->items = rt_arena_calloc(b->arena, n + 1, sizeof *b->units->items)))
        return false;
    if (n == 0) {
        add_unit(b, PG_UNIT_SQL_FILE, 0, b->count);
        return true;
    }
    size_t start = first_op_at(b, 0, markers[0].offset);
    if (start > 0)
        add_unit(b, PG_UNIT_OFFLINE, 0, start);
    for (size_t k = 0; k < n; k++) {
        size_t end = k + 1 < n ? first_op_at(b, start, markers[k + 1].offset) : b->count;
        pg_unit *u = add_unit(b, PG_UNIT_OFFLINE, start, end);
        u->revision = markers[k].revision;
        u->downgrade = markers[k].downgrade;
        start = end;
    }
    return true;
}

/* The units the PostgreSQL rules read in ctx's file, built by the first rule that asks,
 * with whether the project's database is PostgreSQL decided once per file: no units when
 * it is not, or when the file has nothing to run. NULL only out of memory. */
static const struct pg_units *units_of(const rt_file_ctx *ctx)
{
    static struct pg_units none; /* shared, never written: count 0 */
    const rt_file_ops *ops = rt_file_ops_get(ctx);
    if (!ops)
        return NULL;
    if (ops->pg)
        return ops->pg;
    bool runs = ops->sql || (ops->up && ctx->migration->revision.form != RT_MIG_ID_ABSENT);
    if (!runs || !pg_applies(ctx->project)) {
        ctx->ops->pg = &none;
        return &none;
    }
    builder b = {.arena = ops->arena, .ctx = ctx,
                 .units = rt_arena_calloc(ops->arena, 1, sizeof *b.units)};
    if (!b.units || !(ops->sql ? build_sql(&b, ops) : build_revision(&b, ops)))
        return NULL;
    ctx->ops->pg = b.units;
    return b.units;
}

void pg_each_unit(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink, pg_unit_fn fn)
{
    const struct pg_units *units = units_of(ctx);
    for (size_t i = 0; units && i < units->count; i++)
        fn(self, &units->items[i], sink);
}

void pg_each_op(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink, pg_op_fn fn)
{
    const struct pg_units *units = units_of(ctx);
    for (size_t k = 0; units && k < units->count; k++)
        for (size_t i = 0; i < units->items[k].count; i++)
            fn(self, &units->items[k], i, sink);
}

void pg_emit(const rt_rule *self, const pg_unit *u, const rt_op *op, rt_sink *sink,
             const char *help, const char *fmt, ...)
{
    char message[1024], prefix[160] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (u->kind == PG_UNIT_OFFLINE && u->revision)
        snprintf(prefix, sizeof prefix, "%s %s: ", u->downgrade ? "downgrade of" : "revision",
                 u->revision);
    rt_loc loc = {.path = u->file->file->path, .line = op->loc.line, .column = op->loc.column,
                  .end_line = op->loc.end_line, .end_column = op->loc.end_column};
    rt_emit(sink, self, &loc, help, "%s%s", prefix, message);
}

const char *pg_qualified(const char *schema, const char *name, char *buf, size_t cap)
{
    if (schema)
        snprintf(buf, cap, "%s.%s", schema, name ? name : "?");
    else
        snprintf(buf, cap, "%s", name ? name : "?");
    return buf;
}
