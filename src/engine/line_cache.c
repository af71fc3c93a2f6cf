/* A path → rt_source table for reading lines of files with findings (open addressing). */
#include <stdlib.h>
#include <string.h>

#include "retort/check.h"
#include "retort/source.h"

struct rt_line_cache {
    rt_source *slots;
    size_t cap;
    size_t count;
};

rt_line_cache *rt_line_cache_new(void)
{
    rt_line_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->cap = 64;
    c->slots = calloc(c->cap, sizeof *c->slots);
    if (!c->slots) {
        free(c);
        return NULL;
    }
    return c;
}

void rt_line_cache_free(rt_line_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->cap; i++)
        if (c->slots[i].path)
            rt_source_free(&c->slots[i]);
    free(c->slots);
    free(c);
}

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static rt_source *slot_for(rt_source *slots, size_t cap, const char *path)
{
    size_t i = hash(path) & (cap - 1);
    while (slots[i].path && strcmp(slots[i].path, path) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static bool grow(rt_line_cache *c)
{
    size_t cap = c->cap * 2;
    rt_source *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < c->cap; i++)
        if (c->slots[i].path)
            *slot_for(slots, cap, c->slots[i].path) = c->slots[i];
    free(c->slots);
    c->slots = slots;
    c->cap = cap;
    return true;
}

/* The slot holding path, or the empty one where it goes (the table grown first when it
 * is half full); NULL when out of memory. */
static rt_source *place(rt_line_cache *c, const char *path)
{
    rt_source *s = slot_for(c->slots, c->cap, path);
    if (s->path || c->count * 2 < c->cap)
        return s;
    return grow(c) ? slot_for(c->slots, c->cap, path) : NULL;
}

static rt_source *load(rt_line_cache *c, const char *path)
{
    rt_source *s = place(c, path);
    if (!s || s->path)
        return s;
    if (rt_source_read(s, path, NULL) != RT_OK &&
        rt_source_from_bytes(s, path, "", 0, NULL) != RT_OK)
        return NULL;
    c->count++;
    return s;
}

void rt_line_cache_adopt(rt_line_cache *c, rt_source *src)
{
    rt_source *s = src->path ? place(c, src->path) : NULL;
    if (!s || s->path) {
        rt_source_free(src);
        return;
    }
    *s = *src;
    c->count++;
    memset(src, 0, sizeof *src);
}

rt_str rt_line_cache_get(void *cache, const char *path, unsigned line)
{
    rt_source *s = cache ? load(cache, path) : NULL;
    return s ? rt_source_line(s, line) : RT_STR_NULL;
}
