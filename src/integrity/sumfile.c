/* Reading retort.sum strictly, and hashing migrations. */
#include "retort/sumfile.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "retort/path.h"
#include "retort/source.h"

#define HEX_LEN (2 * RT_HASH_LEN)

void rt_hash_migration(const char *bytes, size_t len, unsigned char out[RT_HASH_LEN])
{
    struct sha256_ctx md;
    sha256_init(&md);
    const uint8_t *b = (const uint8_t *)bytes;
    size_t start = 0;
    for (const char *cr = memchr(bytes, '\r', len); cr;
         cr = memchr(bytes + start, '\r', len - start)) {
        size_t at = (size_t)(cr - bytes);
        if (at + 1 < len && bytes[at + 1] == '\n') {
            sha256_update(&md, at - start, b + start); /* drop the CR of CRLF */
            start = at + 1;
        } else {
            sha256_update(&md, at + 1 - start, b + start);
            start = at + 1;
        }
    }
    sha256_update(&md, len - start, b + start);
    sha256_digest(&md, RT_HASH_LEN, out);
}

void rt_hash_format(const unsigned char hash[RT_HASH_LEN], char out[72])
{
    static const char hex[] = "0123456789abcdef";
    memcpy(out, "sha256:", 7);
    for (int i = 0; i < RT_HASH_LEN; i++) {
        out[7 + 2 * i] = hex[hash[i] >> 4];
        out[8 + 2 * i] = hex[hash[i] & 15];
    }
    out[7 + HEX_LEN] = '\0';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* A name Alembic could load and retort.sum can hold: no separators, spaces or controls. */
static bool valid_name(const char *p, size_t len)
{
    if (len == 0 || (len <= 2 && p[0] == '.' && (len == 1 || p[1] == '.')))
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)p[i] <= ' ' || p[i] == '/' || p[i] == '\\' || p[i] == 0x7f)
            return false;
    return true;
}

static int parse_line(rt_sum_entry *e, rt_arena *a, const char *path, unsigned lineno,
                      const char *p, size_t len, rt_error *err)
{
    const char *space = memchr(p, ' ', len);
    if (!space)
        return rt_error_set(err, RT_EPARSE, path, lineno, 1,
                            "expected `NAME sha256:HASH`, found no space");
    size_t name_len = (size_t)(space - p);
    if (!valid_name(p, name_len))
        return rt_error_set(err, RT_EPARSE, path, lineno, 1, "invalid file name");
    const char *h = space + 1;
    size_t rest = len - name_len - 1;
    unsigned col = (unsigned)name_len + 2;
    static const char tokens_tag[] = "pytokens-";
    e->kind = RT_HASH_BYTES;
    if (rest >= sizeof tokens_tag - 1 && memcmp(h, tokens_tag, sizeof tokens_tag - 1) == 0) {
        e->kind = RT_HASH_TOKENS;
        h += sizeof tokens_tag - 1;
        rest -= sizeof tokens_tag - 1;
        col += sizeof tokens_tag - 1;
    }
    if (rest < 7 || memcmp(h, "sha256:", 7) != 0)
        return rt_error_set(err, RT_EPARSE, path, lineno, col,
                            "expected `sha256:` or `pytokens-sha256:` after the name");
    if (rest != 7 + HEX_LEN)
        return rt_error_set(err, RT_EPARSE, path, lineno, col + 7,
                            "expected %d lowercase hex digits after `sha256:`", HEX_LEN);
    for (int i = 0; i < RT_HASH_LEN; i++) {
        int hi = hex_value(h[7 + 2 * i]), lo = hex_value(h[8 + 2 * i]);
        if (hi < 0 || lo < 0)
            return rt_error_set(err, RT_EPARSE, path, lineno, col + 7 + (unsigned)(2 * i) + (hi >= 0),
                                "expected a lowercase hex digit");
        e->hash[i] = (unsigned char)(hi << 4 | lo);
    }
    e->name = rt_arena_strndup(a, p, name_len);
    e->line = lineno;
    return e->name ? RT_OK : rt_error_set(err, RT_ENOMEM, path, lineno, 1, "out of memory");
}

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const rt_sum_entry *)a)->name, ((const rt_sum_entry *)b)->name);
}

static int check_duplicates(const rt_sumfile *sum, rt_error *err)
{
    for (size_t i = 1; i < sum->count; i++) {
        const rt_sum_entry *a = &sum->entries[i - 1], *b = &sum->entries[i];
        if (strcmp(a->name, b->name) == 0)
            return rt_error_set(err, RT_EPARSE, sum->path, a->line > b->line ? a->line : b->line, 1,
                                "%s is listed twice (also on line %u)", a->name,
                                a->line < b->line ? a->line : b->line);
    }
    return RT_OK;
}

static size_t count_lines(const char *text, size_t len)
{
    size_t n = 1;
    for (const char *p = memchr(text, '\n', len); p; p = memchr(p + 1, '\n', len - (size_t)(p + 1 - text)))
        n++;
    return n;
}

int rt_sumfile_parse(rt_sumfile *out, rt_arena *a, const char *path, const char *text,
                     size_t len, rt_error *err)
{
    out->path = path;
    out->exists = true;
    out->count = 0;
    out->entries = rt_arena_calloc(a, count_lines(text, len), sizeof *out->entries);
    if (!out->entries)
        return rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory");
    unsigned lineno = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t line_len = end - pos;
        lineno++;
        if (line_len && text[pos + line_len - 1] == '\r')
            line_len--;
        const char *line = text + pos;
        pos = end + 1;
        if (memchr(line, '\0', line_len))
            return rt_error_set(err, RT_EPARSE, path, lineno, 1, "NUL byte in retort.sum");
        if (line_len == 0 || line[0] == '#')
            continue;
        int rc = parse_line(&out->entries[out->count], a, path, lineno, line, line_len, err);
        if (rc != RT_OK)
            return rc;
        out->count++;
    }
    if (out->count > 1)
        qsort(out->entries, out->count, sizeof *out->entries, compare_entries);
    return check_duplicates(out, err);
}

int rt_sumfile_read(rt_sumfile *out, rt_arena *a, const char *dir, rt_error *err)
{
    memset(out, 0, sizeof *out);
    out->dir = dir;
    out->path = rt_path_join(a, dir, RT_SUMFILE_NAME);
    if (!out->path)
        return rt_error_set(err, RT_ENOMEM, dir, 0, 0, "out of memory");
    struct stat st;
    if (lstat(out->path, &st) != 0 && errno == ENOENT)
        return RT_OK;
    rt_source src;
    int rc = rt_source_read(&src, out->path, err);
    if (rc != RT_OK)
        return rc;
    rc = rt_sumfile_parse(out, a, out->path, src.data, src.len, err);
    rt_source_free(&src);
    return rc;
}

const rt_sum_entry *rt_sumfile_find(const rt_sumfile *sum, const char *name)
{
    size_t lo = 0, hi = sum->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(sum->entries[mid].name, name);
        if (c == 0)
            return &sum->entries[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
