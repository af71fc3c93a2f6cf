/* Inline suppressions (retort/suppress.h) and the sink's per-file cache of them
 * (engine/suppress.h). */
#define _GNU_SOURCE /* memmem */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>

#include "retort/python.h"
#include "retort/source.h"
#include "retort/suppress.h"

/* ---- parsing ---- */

typedef struct parser {
    rt_arena *a;
    const char *data;
    size_t len;
    rt_suppressions *out;
    bool oom;
} parser;

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\f';
}

static size_t line_start(const parser *p, size_t off)
{
    while (off > 0 && p->data[off - 1] != '\n' && p->data[off - 1] != '\r')
        off--;
    return off;
}

/* Only blanks between the start of the line and off. */
static bool alone(const parser *p, size_t off)
{
    for (size_t i = line_start(p, off); i < off; i++)
        if (!is_blank(p->data[i]))
            return false;
    return true;
}

static unsigned column_of(const parser *p, size_t off)
{
    unsigned col = 1;
    for (size_t i = line_start(p, off); i < off; i++)
        col += ((unsigned char)p->data[i] & 0xC0) != 0x80;
    return col;
}

static bool known_name(rt_str name)
{
    if (rt_rule_find(name))
        return true;
    for (size_t i = 0; i < rt_rule_count(); i++)
        if (rt_str_eq_cstr(name, rt_rule_at(i)->area))
            return true;
    return false;
}

static void add(parser *p, rt_str name, size_t off, unsigned line, bool file, bool own_line)
{
    rt_suppressions *s = p->out;
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        rt_suppression *items = rt_arena_grow(p->a, s->items, s->cap, cap, sizeof *items);
        if (!items) {
            p->oom = true;
            return;
        }
        s->items = items;
        s->cap = cap;
    }
    char *copy = rt_arena_strndup(p->a, name.p, name.len);
    if (!copy) {
        p->oom = true;
        return;
    }
    s->items[s->count++] = (rt_suppression){
        .name = copy, .line = line, .column = column_of(p, off),
        .first = file ? 0 : line, .last = file ? 0 : line + (own_line ? 1 : 0),
        .file = file, .known = known_name(name)};
}

/* Reads `retort: ignore[...]` / `retort: ignore-file[...]` at data[at, end), the text
 * after a `#` or `--` marker at marker on line `line`. */
static void directive(parser *p, size_t marker, size_t at, size_t end, unsigned line)
{
    static const char head[] = "retort:";
    while (at < end && is_blank(p->data[at]))
        at++;
    if (end - at < sizeof head - 1 || memcmp(p->data + at, head, sizeof head - 1) != 0)
        return;
    at += sizeof head - 1;
    while (at < end && is_blank(p->data[at]))
        at++;
    bool file;
    if (end - at >= 12 && memcmp(p->data + at, "ignore-file[", 12) == 0) {
        file = true;
        at += 12;
    } else if (end - at >= 7 && memcmp(p->data + at, "ignore[", 7) == 0) {
        file = false;
        at += 7;
    } else {
        return;
    }
    const char *close = memchr(p->data + at, ']', end - at);
    if (!close)
        return;
    size_t stop = (size_t)(close - p->data);
    bool own_line = alone(p, marker);
    while (at < stop) {
        size_t s = at;
        while (at < stop && p->data[at] != ',')
            at++;
        rt_str name = rt_str_trim((rt_str){p->data + s, at - s});
        if (name.len)
            add(p, name, (size_t)(name.p - p->data), line, file, own_line);
        at++;
    }
}

/* `-- retort:` markers inside text[start, end) whose first byte is on line `line`. */
static void sql_markers(parser *p, size_t start, size_t end, unsigned line)
{
    for (size_t i = start; i + 1 < end; i++) {
        if (p->data[i] == '\n' || (p->data[i] == '\r' && p->data[i + 1] != '\n'))
            line++;
        if (p->data[i] != '-' || p->data[i + 1] != '-')
            continue;
        size_t eol = i + 2;
        while (eol < end && p->data[eol] != '\n' && p->data[eol] != '\r')
            eol++;
        directive(p, i, i + 2, eol, line);
        i = eol - 1;
    }
}

static int parse_python(parser *p, rt_error *err)
{
    rt_py_tokens toks;
    int rc = rt_py_tokenize(&toks, p->a, p->data, p->len, RT_PY_TOKENIZE_TRIVIA, err);
    if (rc != RT_OK)
        return rc;
    size_t base = (size_t)(toks.text - p->data); /* 0; a BOM is skipped by offsets */
    for (size_t i = 0; i < toks.count && !p->oom; i++) {
        const rt_py_token *t = &toks.items[i];
        size_t start = base + t->start, end = start + t->len;
        if (t->kind == RT_PY_T_COMMENT)
            directive(p, start, start + 1, end, t->line);
        else if (t->kind == RT_PY_T_STRING || t->kind == RT_PY_T_FSTRING_MIDDLE)
            sql_markers(p, start, end, t->line);
    }
    return RT_OK;
}

int rt_suppressions_parse(rt_suppressions *out, rt_arena *arena, const char *path,
                          const char *data, size_t len, rt_error *err)
{
    memset(out, 0, sizeof *out);
    static const char marker[] = "retort:";
    if (!memmem(data, len, marker, sizeof marker - 1)) /* no directive: nothing to parse */
        return RT_OK;
    parser p = {.a = arena, .data = data, .len = len, .out = out};
    int rc = RT_OK;
    if (ends_with(path, ".py"))
        rc = parse_python(&p, err);
    else if (ends_with(path, ".sql"))
        sql_markers(&p, 0, len, 1);
    if (rc == RT_OK && p.oom)
        rc = rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory");
    return rc;
}

bool rt_suppressions_cover(const rt_suppressions *s, const char *rule, const char *area,
                           unsigned line)
{
    for (size_t i = 0; i < s->count; i++) {
        const rt_suppression *e = &s->items[i];
        if (strcmp(e->name, rule) != 0 && (!area || strcmp(e->name, area) != 0))
            continue;
        if (e->file || (line && line >= e->first && line <= e->last))
            return true;
    }
    return false;
}

/* ---- the sink's cache ---- */

typedef struct cache_entry {
    char *path;
    rt_arena *arena;
    rt_suppressions s;
} cache_entry;

struct rt_suppress_cache {
    cache_entry *items;
    size_t count, cap;
    size_t last;    /* the entry asked about last (findings come file by file) */
    size_t *slots;  /* open addressing on path: index + 1 into items, 0 = empty */
    size_t slot_cap; /* a power of two, at least twice count; 0 before the first entry */
};

static void entry_free(cache_entry *e)
{
    free(e->path);
    rt_arena_free(e->arena);
}

rt_suppress_cache *rt_suppress_cache_new(void)
{
    return calloc(1, sizeof(rt_suppress_cache));
}

void rt_suppress_cache_free(rt_suppress_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->count; i++)
        entry_free(&c->items[i]);
    free(c->items);
    free(c->slots);
    free(c);
}

static bool may_suppress(const char *path)
{
    return ends_with(path, ".py") || ends_with(path, ".sql");
}

/* Parses e's suppressions from the file's bytes. The entry's arena exists only when the
 * file has suppressions: most files have none, and a cache may hold every file. */
static void parse_into(cache_entry *e, const char *data, size_t len)
{
    rt_arena *arena = rt_arena_new();
    rt_error err;
    if (arena && rt_suppressions_parse(&e->s, arena, e->path, data, len, &err) == RT_OK &&
        e->s.count > 0) {
        e->arena = arena;
        return;
    }
    memset(&e->s, 0, sizeof e->s);
    rt_arena_free(arena);
}

/* Reads path's suppressions into e; a file that cannot be read has none. */
static void load(cache_entry *e)
{
    if (!may_suppress(e->path))
        return;
    rt_source src;
    rt_error err;
    if (rt_source_read(&src, e->path, &err) != RT_OK)
        return;
    parse_into(e, src.data, src.len);
    rt_source_free(&src);
}

static size_t path_hash(const char *path)
{
    size_t h = 1469598103934665603u;
    for (const char *p = path; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    return h;
}

/* The slot of path: the one holding it, or the empty one where it belongs. */
static size_t *slot_of(const rt_suppress_cache *c, const char *path)
{
    size_t i = path_hash(path) & (c->slot_cap - 1);
    while (c->slots[i] && strcmp(c->items[c->slots[i] - 1].path, path) != 0)
        i = (i + 1) & (c->slot_cap - 1);
    return &c->slots[i];
}

/* Makes room for one more entry in items and the slots. */
static bool reserve(rt_suppress_cache *c)
{
    if (c->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        cache_entry *items = realloc(c->items, cap * sizeof *items);
        if (!items)
            return false;
        c->items = items;
        c->cap = cap;
    }
    if (2 * (c->count + 1) <= c->slot_cap)
        return true;
    size_t cap = c->slot_cap ? c->slot_cap * 2 : 32;
    size_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    free(c->slots);
    c->slots = slots;
    c->slot_cap = cap;
    for (size_t i = 0; i < c->count; i++)
        *slot_of(c, c->items[i].path) = i + 1;
    return true;
}

/* The entry of path, or NULL when there is none yet. */
static cache_entry *find(rt_suppress_cache *c, const char *path)
{
    if (c->last < c->count && strcmp(c->items[c->last].path, path) == 0)
        return &c->items[c->last];
    if (!c->slot_cap)
        return NULL;
    size_t *slot = slot_of(c, path);
    if (!*slot)
        return NULL;
    c->last = *slot - 1;
    return &c->items[c->last];
}

/* Appends e (its path and arena now owned by the cache); false when out of memory, e
 * left to the caller. */
static bool insert(rt_suppress_cache *c, const cache_entry *e)
{
    if (!reserve(c))
        return false;
    c->items[c->count] = *e;
    *slot_of(c, e->path) = c->count + 1;
    c->last = c->count++;
    return true;
}

/* A new entry for path, its suppressions from data[0, len) or, when data is NULL, read
 * from the file. */
static cache_entry *add_entry(rt_suppress_cache *c, const char *path, const char *data,
                              size_t len)
{
    cache_entry e = {.path = strdup(path)};
    if (!e.path)
        return NULL;
    if (!data)
        load(&e);
    else if (may_suppress(path))
        parse_into(&e, data, len);
    if (!insert(c, &e)) {
        entry_free(&e);
        return NULL;
    }
    return &c->items[c->count - 1];
}

void rt_suppress_cache_add(rt_suppress_cache *c, const char *path, const char *data, size_t len)
{
    if (c && path && !find(c, path))
        add_entry(c, path, data, len);
}

void rt_suppress_cache_absorb(rt_suppress_cache *into, rt_suppress_cache *from)
{
    for (size_t i = 0; i < from->count; i++) {
        cache_entry *e = &from->items[i];
        if (!find(into, e->path) && insert(into, e))
            continue;
        entry_free(e);
    }
    from->count = 0;
    from->last = 0;
    if (from->slots)
        memset(from->slots, 0, from->slot_cap * sizeof *from->slots);
}

static cache_entry *entry_for(rt_suppress_cache *c, const char *path)
{
    cache_entry *e = find(c, path);
    return e ? e : add_entry(c, path, NULL, 0);
}

bool rt_suppress_cache_covers(rt_suppress_cache *c, const char *path, const rt_rule *rule,
                              unsigned line)
{
    if (!c || !path)
        return false;
    cache_entry *e = entry_for(c, path);
    return e && rt_suppressions_cover(&e->s, rule->name, rule->area, line);
}
