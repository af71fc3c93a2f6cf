/* Open addressing with linear probing, FNV-1a hashing, grown at half load. Old slot
 * arrays stay in the arena (geometric growth keeps the total linear). */
#include "project/keymap.h"

#include <stdint.h>
#include <string.h>

static size_t hash(size_t tag, const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)tag;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return (size_t)(h ^ (h >> 29));
}

static rt_keymap_slot *slot_for(const rt_keymap *m, size_t tag, const char *s, size_t len)
{
    size_t mask = m->cap - 1;
    for (size_t i = hash(tag, s, len) & mask;; i = (i + 1) & mask) {
        rt_keymap_slot *sl = &m->slots[i];
        if (!sl->s || (sl->tag == tag && sl->len == len && memcmp(sl->s, s, len) == 0))
            return sl;
    }
}

const size_t *rt_keymap_find(const rt_keymap *m, size_t tag, const char *s, size_t len)
{
    if (!m || !m->cap)
        return NULL;
    const rt_keymap_slot *sl = slot_for(m, tag, s, len);
    return sl->s ? &sl->val : NULL;
}

bool rt_keymap_add(rt_arena *a, rt_keymap *m, size_t tag, const char *s, size_t len,
                   size_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 64;
        rt_keymap_slot *old = m->slots;
        size_t ocap = m->cap;
        m->slots = rt_arena_calloc(a, ncap, sizeof *m->slots);
        if (!m->slots) {
            m->slots = old;
            return false;
        }
        m->cap = ncap;
        for (size_t i = 0; i < ocap; i++)
            if (old[i].s)
                *slot_for(m, old[i].tag, old[i].s, old[i].len) = old[i];
    }
    *slot_for(m, tag, s, len) = (rt_keymap_slot){s, len, tag, val};
    m->n++;
    return true;
}
