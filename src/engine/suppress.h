/* The sink's table of suppressions per file, built on first use (see retort/suppress.h). */
#ifndef RETORT_ENGINE_SUPPRESS_H
#define RETORT_ENGINE_SUPPRESS_H

#include <stdbool.h>

#include "retort/rule.h"

typedef struct rt_suppress_cache rt_suppress_cache;

/* A new empty cache, or NULL when out of memory. Free with rt_suppress_cache_free(). */
rt_suppress_cache *rt_suppress_cache_new(void);
void rt_suppress_cache_free(rt_suppress_cache *c);

/* True when the suppressions of the file at path cover a finding of rule at line. The
 * file is read once, on the first question about it; an unreadable file, or one neither
 * .py nor .sql, has none. */
/* Records the suppressions of the file at path from its bytes data[0, len), read by the
 * caller: the file is not read again. Does nothing when path is already there; out of
 * memory, the file is read on the first question instead. */
void rt_suppress_cache_add(rt_suppress_cache *c, const char *path, const char *data, size_t len);

/* Moves every entry of from into `into` (an entry for the same path already there wins);
 * from is left empty. */
void rt_suppress_cache_absorb(rt_suppress_cache *into, rt_suppress_cache *from);

bool rt_suppress_cache_covers(rt_suppress_cache *c, const char *path, const rt_rule *rule,
                              unsigned line);

#endif
