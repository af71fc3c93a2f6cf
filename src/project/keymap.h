/* retort — a hash map from (tag, byte string) to a size_t, allocated in an arena.
 * The INI and TOML readers use it to find sections, options and table keys in
 * constant time, so that adversarial inputs with many keys stay linear. */
#ifndef RETORT_PROJECT_KEYMAP_H
#define RETORT_PROJECT_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/arena.h"

typedef struct rt_keymap_slot {
    const char *s; /* NULL marks a free slot; the bytes are not copied */
    size_t len;
    size_t tag;
    size_t val;
} rt_keymap_slot;

typedef struct rt_keymap {
    rt_keymap_slot *slots;
    size_t cap; /* 0 or a power of two */
    size_t n;
} rt_keymap;

/* The value stored for (tag, s), or NULL. */
const size_t *rt_keymap_find(const rt_keymap *m, size_t tag, const char *s, size_t len);

/* Stores (tag, s) -> val; the pair must be absent and s must outlive the map. Returns
 * false when out of memory. */
bool rt_keymap_add(rt_arena *a, rt_keymap *m, size_t tag, const char *s, size_t len,
                   size_t val);

#endif
