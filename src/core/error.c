#include "retort/error.h"

#include <stdarg.h>
#include <string.h>

#include "retort/term.h"

int rt_error_set(rt_error *err, int code, const char *path, unsigned line,
                 unsigned column, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void rt_error_clear(rt_error *err)
{
    memset(err, 0, sizeof *err);
}

void rt_error_print(const rt_error *err, FILE *out)
{
    rt_buf b = RT_BUF_INIT;
    if (err->path[0]) {
        rt_term_escape(&b, rt_str_from(err->path));
        if (err->line) {
            rt_buf_printf(&b, ":%u", err->line);
            if (err->column)
                rt_buf_printf(&b, ":%u", err->column);
        }
        rt_buf_puts(&b, ": ");
    }
    rt_buf_puts(&b, "error: ");
    rt_term_escape(&b, rt_str_from(err->message[0] ? err->message : "unknown error"));
    rt_buf_putc(&b, '\n');
    fputs(rt_buf_cstr(&b), out);
    rt_buf_free(&b);
}
