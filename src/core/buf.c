#include "retort/buf.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(rt_buf *b, size_t extra)
{
    size_t max = b->max ? b->max : RT_BUF_DEFAULT_MAX;
    if (b->toobig || extra > max || b->len > max - extra) {
        b->toobig = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->toobig = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void rt_buf_put(rt_buf *b, const void *bytes, size_t len)
{
    if (!reserve(b, len))
        return;
    if (len)
        memcpy(b->data + b->len, bytes, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void rt_buf_puts(rt_buf *b, const char *s)
{
    rt_buf_put(b, s, strlen(s));
}

void rt_buf_putc(rt_buf *b, char c)
{
    rt_buf_put(b, &c, 1);
}

void rt_buf_put_str(rt_buf *b, rt_str s)
{
    rt_buf_put(b, s.p, s.len);
}

/* Formats straight into the free room: a second pass only when the text did not fit. */
void rt_buf_vprintf(rt_buf *b, const char *fmt, va_list ap)
{
    size_t room = b->data && !b->toobig ? b->cap - b->len : 0;
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, copy);
    va_end(copy);
    bool fitted = n >= 0 && (size_t)n < room;
    if (fitted && reserve(b, (size_t)n)) { /* reserve() only applies the size limit here */
        b->len += (size_t)n;
        return;
    }
    if (room)
        b->data[b->len] = '\0'; /* drop what was written */
    if (n < 0 || fitted || !reserve(b, (size_t)n))
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void rt_buf_printf(rt_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rt_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void rt_buf_clear(rt_buf *b)
{
    b->len = 0;
    b->toobig = false;
    if (b->data)
        b->data[0] = '\0';
}

const char *rt_buf_cstr(const rt_buf *b)
{
    return b->data ? b->data : "";
}

char *rt_buf_detach(rt_buf *b)
{
    if (b->toobig) {
        rt_buf_free(b);
        return NULL;
    }
    char *p = b->data ? b->data : calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void rt_buf_free(rt_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->toobig = false;
}
