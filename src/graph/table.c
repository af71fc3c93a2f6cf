/* Hash table for revision ids and branch labels: open addressing, linear probing,
 * at most half full, so every lookup is expected O(1). */
#include <string.h>

#include "graph/internal.h"

static uint64_t hash_bytes(const char *p, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a, then a final avalanche */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3u;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return h;
}

int gtable_init(gtable *t, rt_arena *arena, size_t n)
{
    size_t cap = 16;
    while (cap < n * 2) {
        if (cap > SIZE_MAX / 4 / sizeof(gtable_slot))
            return RT_ENOMEM;
        cap *= 2;
    }
    t->slots = rt_arena_calloc(arena, cap, sizeof *t->slots);
    if (!t->slots)
        return RT_ENOMEM;
    t->mask = cap - 1;
    return RT_OK;
}

static gtable_slot *find_slot(const gtable *t, rt_str key, uint64_t h)
{
    size_t i = (size_t)h & t->mask;
    for (;;) {
        gtable_slot *s = &t->slots[i];
        if (!s->used)
            return s;
        if (s->hash == h && s->len == key.len && (key.len == 0 || memcmp(s->p, key.p, key.len) == 0))
            return s;
        i = (i + 1) & t->mask;
    }
}

bool gtable_get(const gtable *t, rt_str key, uint32_t *out)
{
    if (!t->slots)
        return false;
    gtable_slot *s = find_slot(t, key, hash_bytes(key.p, key.len));
    if (!s->used)
        return false;
    *out = s->value;
    return true;
}

bool gtable_put(gtable *t, rt_str key, uint32_t value, uint32_t *old)
{
    uint64_t h = hash_bytes(key.p, key.len);
    gtable_slot *s = find_slot(t, key, h);
    bool had = s->used;
    if (had)
        *old = s->value;
    s->p = key.p;
    s->len = key.len;
    s->hash = h;
    s->value = value;
    s->used = true;
    return had;
}
