/* Reading input files whole, and mapping byte offsets to lines and code-point columns. */
#include "retort/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "retort/term.h"

static int read_fd(rt_source *out, int fd, const char *path, size_t hint, rt_error *err)
{
    size_t cap = hint + 1, len = 0; /* one byte more than the size: the end is seen at once */
    char *data = malloc(cap + RT_SOURCE_PADDING);
    if (!data)
        return rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory reading file");
    for (;;) {
        if (len == cap) {
            if (cap > RT_SOURCE_MAX_BYTES) {
                free(data);
                return rt_error_set(err, RT_ETOOBIG, path, 0, 0,
                                    "file is larger than %zu MiB", RT_SOURCE_MAX_BYTES >> 20);
            }
            char *p = realloc(data, cap * 2 + RT_SOURCE_PADDING);
            if (!p) {
                free(data);
                return rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory reading file");
            }
            data = p;
            cap *= 2;
        }
        ssize_t n = read(fd, data + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            free(data);
            return rt_error_set(err, RT_EIO, path, 0, 0, "cannot read: %s", strerror(e));
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len >= hint && len < cap) /* all of its size, and a short read: the end */
            break;
    }
    if (len > RT_SOURCE_MAX_BYTES) {
        free(data);
        return rt_error_set(err, RT_ETOOBIG, path, 0, 0, "file is larger than %zu MiB",
                            RT_SOURCE_MAX_BYTES >> 20);
    }
    memset(data + len, 0, RT_SOURCE_PADDING); /* room was kept: no copy */
    out->data = data;
    out->len = len;
    return RT_OK;
}

int rt_source_read(rt_source *out, const char *path, rt_error *err)
{
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return rt_error_set(err, RT_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    int rc;
    if (fstat(fd, &st) != 0) {
        rc = rt_error_set(err, RT_EIO, path, 0, 0, "cannot stat: %s", strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        rc = rt_error_set(err, RT_EIO, path, 0, 0, "is a directory, not a file");
    } else if (!S_ISREG(st.st_mode)) {
        rc = rt_error_set(err, RT_EIO, path, 0, 0, "not a regular file (FIFO, socket or device)");
    } else if ((unsigned long long)st.st_size > RT_SOURCE_MAX_BYTES) {
        rc = rt_error_set(err, RT_ETOOBIG, path, 0, 0, "file is larger than %zu MiB",
                          RT_SOURCE_MAX_BYTES >> 20);
    } else {
        rc = read_fd(out, fd, path, (size_t)st.st_size, err);
    }
    close(fd);
    if (rc == RT_OK) {
        out->path = strdup(path);
        if (!out->path) {
            rt_source_free(out);
            return rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory");
        }
    }
    return rc;
}

int rt_source_from_bytes(rt_source *out, const char *path, const char *bytes, size_t len,
                         rt_error *err)
{
    memset(out, 0, sizeof *out);
    if (len > RT_SOURCE_MAX_BYTES)
        return rt_error_set(err, RT_ETOOBIG, path, 0, 0, "input is too large");
    out->data = calloc(1, len + RT_SOURCE_PADDING);
    out->path = strdup(path ? path : "<memory>");
    if (!out->data || !out->path) {
        rt_source_free(out);
        return rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory");
    }
    if (len)
        memcpy(out->data, bytes, len);
    out->len = len;
    return RT_OK;
}

void rt_source_free(rt_source *src)
{
    free(src->path);
    free(src->data);
    free(src->line_starts);
    free(src->line_ascii);
    memset(src, 0, sizeof *src);
}

static bool is_line_end(const rt_source *src, size_t i)
{
    return src->data[i] == '\n' ||
           (src->data[i] == '\r' && (i + 1 >= src->len || src->data[i + 1] != '\n'));
}

/* Builds the table of line starts and which lines are pure ASCII (their columns are
 * byte distances); on allocation failure positions degrade to line 1. */
static bool has_bom(const rt_source *src)
{
    return src->len >= 3 && memcmp(src->data, "\xEF\xBB\xBF", 3) == 0;
}

/* Whether p[0, n) is ASCII only, a word at a time. */
static bool is_ascii(const char *p, size_t n)
{
    uint64_t high = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        high |= w;
    }
    for (; i < n; i++)
        high |= (unsigned char)p[i];
    return (high & 0x8080808080808080u) == 0;
}

/* Line starts and ASCII flags of a text whose only line end is LF, found with memchr:
 * the common case, several times faster than looking at each byte. */
static size_t index_lf_lines(const rt_source *src, uint32_t *starts, uint8_t *ascii)
{
    size_t n = 0, at = starts[0];
    for (;;) {
        const char *lf = memchr(src->data + at, '\n', src->len - at);
        size_t end = lf ? (size_t)(lf - src->data) + 1 : src->len;
        ascii[n] = is_ascii(src->data + at, end - at);
        if (!lf)
            return n + 1;
        starts[++n] = (uint32_t)end;
        at = end;
    }
}

static size_t index_any_lines(const rt_source *src, uint32_t *starts, uint8_t *ascii)
{
    size_t n = 0;
    ascii[0] = 1;
    for (size_t i = starts[0]; i < src->len; i++) {
        ascii[n] &= (unsigned char)src->data[i] < 0x80;
        if (is_line_end(src, i)) {
            starts[++n] = (uint32_t)(i + 1);
            ascii[n] = 1;
        }
    }
    return n + 1;
}

static size_t count_lines(const rt_source *src, bool cr)
{
    size_t count = 1;
    if (cr) {
        for (size_t i = 0; i < src->len; i++)
            count += is_line_end(src, i);
        return count;
    }
    const char *end = src->data + src->len;
    for (const char *p = src->data; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        count++;
    return count;
}

static void index_lines(rt_source *src)
{
    if (src->line_starts)
        return;
    bool cr = memchr(src->data, '\r', src->len) != NULL;
    size_t count = count_lines(src, cr);
    uint32_t *starts = malloc(count * sizeof *starts);
    uint8_t *ascii = malloc(count);
    if (!starts || !ascii) {
        free(starts);
        free(ascii);
        return;
    }
    starts[0] = has_bom(src) ? 3 : 0; /* a BOM is not text: line 1 starts after it */
    size_t indexed = cr ? index_any_lines(src, starts, ascii) : index_lf_lines(src, starts, ascii);
    src->line_starts = starts;
    src->line_ascii = ascii;
    src->line_count = indexed;
}

static size_t count_code_points(const char *p, size_t len)
{
    size_t cols = 0;
    for (size_t i = 0; i < len;) {
        size_t n = rt_utf8_valid_len((const unsigned char *)p + i, len - i);
        i += n ? n : 1;
        cols++;
    }
    return cols;
}

void rt_source_position(rt_source *src, size_t offset, unsigned *line, unsigned *column)
{
    if (offset > src->len)
        offset = src->len;
    index_lines(src);
    if (!src->line_starts) {
        *line = 1;
        *column = 1;
        return;
    }
    size_t lo = 0, hi = src->line_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    size_t start = src->line_starts[lo];
    if (offset < start) /* inside the BOM */
        offset = start;
    *line = (unsigned)(lo + 1);
    if (src->line_ascii[lo]) {
        *column = (unsigned)(offset - start + 1);
        return;
    }
    if (src->last_line == *line && src->last_offset <= offset &&
        ((unsigned char)src->data[src->last_offset] & 0xC0) != 0x80)
        *column = src->last_column +
                  (unsigned)count_code_points(src->data + src->last_offset, offset - src->last_offset);
    else
        *column = (unsigned)(count_code_points(src->data + start, offset - start) + 1);
    src->last_offset = offset;
    src->last_line = *line;
    src->last_column = *column;
}

rt_str rt_source_line(rt_source *src, unsigned line)
{
    index_lines(src);
    if (!src->line_starts || line == 0 || line > src->line_count)
        return (rt_str){src->data + src->len, 0};
    size_t start = src->line_starts[line - 1];
    size_t end = line < src->line_count ? src->line_starts[line] : src->len;
    while (end > start && (src->data[end - 1] == '\n' || src->data[end - 1] == '\r'))
        end--;
    return (rt_str){src->data + start, end - start};
}

size_t rt_source_offset(rt_source *src, unsigned line, unsigned column)
{
    rt_str l = rt_source_line(src, line);
    size_t i = 0;
    for (unsigned col = 1; col < column && i < l.len; col++) {
        size_t n = rt_utf8_valid_len((const unsigned char *)l.p + i, l.len - i);
        i += n ? n : 1;
    }
    return (size_t)(l.p - src->data) + i;
}
