/* retort — string slices.
 *
 * An rt_str is a view of len bytes at p: it owns nothing and is not NUL-terminated.
 * Tokens, INI values and names are slices into the bytes of the file they come from.
 */
#ifndef RETORT_STR_H
#define RETORT_STR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct rt_str {
    const char *p;
    size_t len;
} rt_str;

#define RT_STR_LIT(lit) ((rt_str){(lit), sizeof(lit) - 1})
#define RT_STR_NULL ((rt_str){NULL, 0})

/* A slice of the NUL-terminated string s (NULL gives the empty slice). */
rt_str rt_str_from(const char *s);

bool rt_str_eq(rt_str a, rt_str b);
bool rt_str_eq_cstr(rt_str a, const char *s);
bool rt_str_starts_with(rt_str s, const char *prefix);
bool rt_str_ends_with(rt_str s, const char *suffix);
/* ASCII case-insensitive equality. */
bool rt_str_ieq_cstr(rt_str a, const char *s);
/* The slice without leading and trailing ASCII white space. */
rt_str rt_str_trim(rt_str s);

#endif
