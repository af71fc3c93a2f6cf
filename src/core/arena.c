/* Arena allocator: bump allocation in chunks that double in size, or one malloc per
 * block in debug mode (RETORT_ARENA_MALLOC=1) so memory tools see each block. */
#include "retort/arena.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CHUNK ((size_t)16 << 10)
#define MAX_CHUNK ((size_t)16 << 20)
#define ALIGN (alignof(max_align_t))

typedef struct chunk {
    struct chunk *next;
    size_t size;
    size_t used;
    alignas(max_align_t) unsigned char data[];
} chunk;

struct rt_arena {
    chunk *head;
    size_t next_size;
    size_t used;
    int debug;
};

static atomic_int debug_flag = -1; /* -1: not read yet; racing threads write the same value */

/* RETORT_ARENA_MALLOC=1, read once: getenv() scans the whole environment. */
static int debug_mode(void)
{
    int flag = atomic_load_explicit(&debug_flag, memory_order_relaxed);
    if (flag < 0) {
        const char *dbg = getenv("RETORT_ARENA_MALLOC");
        flag = dbg && strcmp(dbg, "1") == 0;
        atomic_store_explicit(&debug_flag, flag, memory_order_relaxed);
    }
    return flag;
}

rt_arena *rt_arena_new(void)
{
    rt_arena *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->next_size = FIRST_CHUNK;
    a->debug = debug_mode();
    return a;
}

void rt_arena_free(rt_arena *a)
{
    if (!a)
        return;
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

static chunk *add_chunk(rt_arena *a, size_t min)
{
    size_t size = a->debug ? min : a->next_size;
    if (size < min)
        size = min;
    if (size > SIZE_MAX - sizeof(chunk))
        return NULL;
    chunk *c = malloc(sizeof(chunk) + size);
    if (!c)
        return NULL;
    c->size = size;
    c->used = 0;
    /* Keep the current chunk first so small blocks keep filling it after a big one. */
    if (a->head && !a->debug && a->head->size - a->head->used > size - min) {
        c->next = a->head->next;
        a->head->next = c;
    } else {
        c->next = a->head;
        a->head = c;
    }
    if (!a->debug && a->next_size < MAX_CHUNK)
        a->next_size *= 2;
    return c;
}

void *rt_arena_alloc(rt_arena *a, size_t size)
{
    if (size > SIZE_MAX - ALIGN)
        return NULL;
    size_t need = (size + ALIGN - 1) & ~(ALIGN - 1);
    if (need == 0)
        need = ALIGN;
    chunk *c = a->head;
    if (a->debug || !c || c->size - c->used < need) {
        c = add_chunk(a, need);
        if (!c)
            return NULL;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->used += need;
    return p;
}

void *rt_arena_calloc(rt_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = rt_arena_alloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *rt_arena_grow(rt_arena *a, void *old, size_t old_n, size_t new_n, size_t size)
{
    if (size && new_n > SIZE_MAX / size)
        return NULL;
    void *p = rt_arena_alloc(a, new_n * size);
    if (p && old && old_n)
        memcpy(p, old, (old_n < new_n ? old_n : new_n) * size);
    return p;
}

char *rt_arena_strndup(rt_arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = rt_arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

size_t rt_arena_used(const rt_arena *a)
{
    return a->used;
}
