/* retort — growable byte buffer with a size cap.
 *
 * Writes past the cap (or an allocation failure) set `toobig` and are dropped; the buffer
 * stays valid and NUL-terminated, so callers check once at the end instead of after every
 * write. data is NULL until the first write.
 */
#ifndef RETORT_BUF_H
#define RETORT_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "retort/str.h"

typedef struct rt_buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max;   /* 0 means the default cap, RT_BUF_DEFAULT_MAX */
    bool toobig;  /* a write was refused: over max, or out of memory */
} rt_buf;

#define RT_BUF_INIT {NULL, 0, 0, 0, false}
#define RT_BUF_DEFAULT_MAX ((size_t)1 << 30)

void rt_buf_put(rt_buf *b, const void *bytes, size_t len);
void rt_buf_puts(rt_buf *b, const char *s);
void rt_buf_putc(rt_buf *b, char c);
void rt_buf_put_str(rt_buf *b, rt_str s);
void rt_buf_printf(rt_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rt_buf_vprintf(rt_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Empties the buffer, keeping its memory. */
void rt_buf_clear(rt_buf *b);
/* The contents as a NUL-terminated string (never NULL; "" when empty). */
const char *rt_buf_cstr(const rt_buf *b);
/* Hands the NUL-terminated contents to the caller, who frees them with free(); the
 * buffer is left empty. Returns NULL if the buffer is toobig. */
char *rt_buf_detach(rt_buf *b);
void rt_buf_free(rt_buf *b);

#endif
