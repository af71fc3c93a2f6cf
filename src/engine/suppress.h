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
bool rt_suppress_cache_covers(rt_suppress_cache *c, const char *path, const rt_rule *rule,
                              unsigned line);

#endif
