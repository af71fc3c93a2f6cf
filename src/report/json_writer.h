/* A JSON writer that streams into an rt_buf, for the reports that can hold tens of
 * thousands of findings: jansson builds a whole tree first and spends most of a large
 * report's time building, printing and freeing it. The output is the same bytes as
 * jansson's json_dump with JSON_INDENT(2) | JSON_PRESERVE_ORDER (tests compare the two):
 * members in the order written, two spaces per level, `"key": value`; strings escape ",
 * \ and control characters (\b \f \n \r \t, else \uXXXX) and keep other UTF-8 as it is.
 * Invalid UTF-8 in a string becomes U+FFFD, so the output is always valid JSON. */
#ifndef RETORT_REPORT_JSON_WRITER_H
#define RETORT_REPORT_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/buf.h"

#define RT_JW_MAX_DEPTH 16

typedef struct rt_jw {
    rt_buf *out;
    unsigned depth;                   /* open containers */
    char close[RT_JW_MAX_DEPTH];      /* per open container: '}' or ']' */
    bool members[RT_JW_MAX_DEPTH];    /* per open container: it has a member already */
    bool after_key;                   /* the next value completes a `"key": ` */
} rt_jw;

void rt_jw_init(rt_jw *w, rt_buf *out);

/* Containers: open one, then close the innermost with rt_jw_end(). Nesting deeper than
 * RT_JW_MAX_DEPTH marks out as too big. */
void rt_jw_object(rt_jw *w);
void rt_jw_array(rt_jw *w);
void rt_jw_end(rt_jw *w);

/* A member's key, inside an object; its value comes next. */
void rt_jw_key(rt_jw *w, const char *key);

/* Values. rt_jw_string(w, NULL) writes null. */
void rt_jw_string(rt_jw *w, const char *s);
void rt_jw_string_n(rt_jw *w, const char *s, size_t len);
void rt_jw_int(rt_jw *w, long long v);
void rt_jw_null(rt_jw *w);

/* key and value in one call. */
void rt_jw_key_string(rt_jw *w, const char *key, const char *s);
void rt_jw_key_int(rt_jw *w, const char *key, long long v);

#endif
