/* A strict TOML 1.0 reader that accepts and rejects what Python 3.11's tomllib does,
 * reporting errors where tomllib reports them. The contract is in
 * include/retort/toml.h.
 *
 * tomllib keeps "flags" per key path: EXPLICIT for tables opened by a [header] (or by
 * dotted keys of an earlier section), FROZEN (recursively) for inline tables and
 * arrays. Here the flags live on the value nodes the paths lead to; through an array
 * of tables a path leads to its last element, as in tomllib. */
#include "retort/toml.h"

#include <string.h>

#include "project/keymap.h"
#include "retort/buf.h"

enum { FL_EXPLICIT = 1, FL_FROZEN = 2, FL_AOT = 4 };

typedef struct tparser {
    rt_arena *a;
    const char *path;
    const char *src;   /* the input with CRLF turned into LF, as tomllib does */
    size_t len, pos;
    rt_error *err;
    rt_keymap keys;    /* (table pointer, key) -> index in the table's entries */
    size_t *line_starts;     /* offset of each line of src */
    size_t nlines;
    size_t cache_off;        /* the last position computed, to go on from */
    unsigned cache_line, cache_col;
    rt_toml_value **pending; /* tables to mark EXPLICIT at the next header */
    size_t npending, cappending;
    unsigned depth;
} tparser;

typedef struct key_part {
    const char *s;
    size_t len;
    size_t at;         /* source offset */
} key_part;

typedef struct key_path {
    key_part *parts;
    size_t n, cap;
} key_path;

/* ---- positions and errors ---- */

/* Line and column (code points) of offset off. Positions are mostly asked in
 * increasing order, so each goes on from the previous one; going back starts from the
 * beginning of the line. */
static void position(tparser *p, size_t off, unsigned *line, unsigned *col)
{
    if (off > p->len)
        off = p->len;
    if (off < p->cache_off) {
        size_t lo = 0, hi = p->nlines;
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (p->line_starts[mid] <= off)
                lo = mid;
            else
                hi = mid;
        }
        p->cache_off = p->line_starts[lo];
        p->cache_line = (unsigned)lo + 1;
        p->cache_col = 1;
    }
    for (size_t i = p->cache_off; i < off; i++) {
        if (p->src[i] == '\n') {
            p->cache_line++;
            p->cache_col = 1;
        } else if (((unsigned char)p->src[i] & 0xC0) != 0x80) {
            p->cache_col++;
        }
    }
    p->cache_off = off;
    *line = p->cache_line;
    *col = p->cache_col;
}

static int fail(tparser *p, size_t off, const char *msg)
{
    unsigned line, col;
    position(p, off, &line, &col);
    return rt_error_set(p->err, RT_EPARSE, p->path, line, col, "%s", msg);
}

static int oom(tparser *p)
{
    return rt_error_set(p->err, RT_ENOMEM, p->path, 0, 0, "out of memory reading TOML");
}

/* ---- characters ---- */

static bool at(const tparser *p, size_t i, char c)
{
    return i < p->len && p->src[i] == c;
}

static bool starts(const tparser *p, size_t i, const char *s)
{
    size_t n = strlen(s);
    return i <= p->len && p->len - i >= n && memcmp(p->src + i, s, n) == 0;
}

static bool bare_key_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

/* ASCII control characters other than tab (and, when allowed, newline). */
static bool illegal(char c, bool newline_ok)
{
    unsigned char u = (unsigned char)c;
    if (u == '\t' || (newline_ok && u == '\n'))
        return false;
    return u < 0x20 || u == 0x7F;
}

static void skip_ws(tparser *p)
{
    while (p->pos < p->len && (p->src[p->pos] == ' ' || p->src[p->pos] == '\t'))
        p->pos++;
}

/* Skips to the next `until`, failing at the first illegal character on the way. When
 * `until` is missing: with eof_error, that is the error (at the end, as tomllib says);
 * without, the rest of the input is skipped. */
static int skip_until(tparser *p, const char *until, bool newline_ok, const char *eof_error)
{
    size_t n = strlen(until), i = p->pos;
    while (i < p->len && !(p->len - i >= n && memcmp(p->src + i, until, n) == 0))
        i++;
    if (i >= p->len && eof_error)
        return fail(p, p->len, eof_error);
    for (size_t j = p->pos; j < i; j++)
        if (illegal(p->src[j], newline_ok))
            return fail(p, j, "invalid control character");
    p->pos = i;
    return RT_OK;
}

static int skip_comment(tparser *p)
{
    if (!at(p, p->pos, '#'))
        return RT_OK;
    p->pos++;
    return skip_until(p, "\n", false, NULL);
}

static int skip_array_ws(tparser *p)
{
    for (;;) {
        size_t before = p->pos;
        while (p->pos < p->len &&
               (p->src[p->pos] == ' ' || p->src[p->pos] == '\t' || p->src[p->pos] == '\n'))
            p->pos++;
        int rc = skip_comment(p);
        if (rc != RT_OK)
            return rc;
        if (p->pos == before)
            return RT_OK;
    }
}

/* ---- values ---- */

static rt_toml_value *new_value(tparser *p, rt_toml_type type, size_t off)
{
    rt_toml_value *v = rt_arena_calloc(p->a, 1, sizeof *v);
    if (v) {
        v->type = type;
        position(p, off, &v->line, &v->column);
    }
    return v;
}

static int array_push(tparser *p, rt_toml_value *arr, rt_toml_value *item)
{
    if (arr->count == arr->cap) {
        size_t ncap = arr->cap ? arr->cap * 2 : 4;
        arr->items = rt_arena_grow(p->a, arr->items, arr->cap, ncap, sizeof *arr->items);
        if (!arr->items)
            return oom(p);
        arr->cap = ncap;
    }
    arr->items[arr->count++] = item;
    return RT_OK;
}

static rt_toml_value *table_lookup(const tparser *p, const rt_toml_value *t, const key_part *k)
{
    const size_t *i = rt_keymap_find(&p->keys, (size_t)(uintptr_t)t, k->s, k->len);
    return i ? t->entries[*i].value : NULL;
}

static int table_add(tparser *p, rt_toml_value *t, const key_part *k, rt_toml_value *v)
{
    if (t->count == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 4;
        t->entries = rt_arena_grow(p->a, t->entries, t->cap, ncap, sizeof *t->entries);
        if (!t->entries)
            return oom(p);
        t->cap = ncap;
    }
    rt_toml_entry *e = &t->entries[t->count];
    e->key = k->s;
    e->key_len = k->len;
    e->value = v;
    position(p, k->at, &e->line, &e->column);
    if (!rt_keymap_add(p->a, &p->keys, (size_t)(uintptr_t)t, k->s, k->len, t->count))
        return oom(p);
    t->count++;
    return RT_OK;
}

/* ---- strings ---- */

static void put_utf8(rt_buf *b, uint32_t c)
{
    char o[4];
    size_t n;
    if (c < 0x80) {
        o[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        o[0] = (char)(0xF0 | (c >> 18));
        o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[3] = (char)(0x80 | (c & 0x3F));
        n = 4;
    }
    rt_buf_put(b, o, n);
}

static int hex_escape(tparser *p, rt_buf *b, size_t digits)
{
    uint32_t c = 0;
    if (p->len - p->pos < digits)
        return fail(p, p->pos, "invalid hex value in a \\u or \\U escape");
    for (size_t i = 0; i < digits; i++) {
        char h = p->src[p->pos + i];
        int d = h >= '0' && h <= '9' ? h - '0'
              : h >= 'a' && h <= 'f' ? h - 'a' + 10
              : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
        if (d < 0)
            return fail(p, p->pos, "invalid hex value in a \\u or \\U escape");
        c = c * 16 + (uint32_t)d;
    }
    p->pos += digits;
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return fail(p, p->pos, "escaped character is not a Unicode scalar value");
    put_utf8(b, c);
    return RT_OK;
}

/* One escape at p->pos (a backslash) of a basic string. */
static int escape(tparser *p, rt_buf *b, bool multiline)
{
    char e = p->pos + 1 < p->len ? p->src[p->pos + 1] : '\0';
    p->pos += 2;
    if (multiline && (e == ' ' || e == '\t' || e == '\n')) {
        if (e != '\n') {
            skip_ws(p);
            if (p->pos >= p->len)
                return RT_OK;
            if (p->src[p->pos] != '\n')
                return fail(p, p->pos, "unescaped '\\' in a string");
            p->pos++;
        }
        while (p->pos < p->len &&
               (p->src[p->pos] == ' ' || p->src[p->pos] == '\t' || p->src[p->pos] == '\n'))
            p->pos++;
        return RT_OK;
    }
    static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
    const char *f = e ? strchr(from, e) : NULL;
    if (f) {
        rt_buf_putc(b, to[f - from]);
        return RT_OK;
    }
    if (e == 'u' || e == 'U')
        return hex_escape(p, b, e == 'u' ? 4 : 8);
    return fail(p, p->pos > p->len ? p->len : p->pos, "unescaped '\\' in a string");
}

/* A basic string after its opening quote(s). */
static int basic_string(tparser *p, rt_buf *b, bool multiline)
{
    for (;;) {
        if (p->pos >= p->len)
            return fail(p, p->len, "unterminated string");
        char c = p->src[p->pos];
        if (c == '"') {
            if (!multiline) {
                p->pos++;
                return RT_OK;
            }
            if (starts(p, p->pos, "\"\"\"")) {
                p->pos += 3;
                return RT_OK;
            }
            rt_buf_putc(b, c);
            p->pos++;
        } else if (c == '\\') {
            int rc = escape(p, b, multiline);
            if (rc != RT_OK)
                return rc;
        } else if (illegal(c, multiline)) {
            return fail(p, p->pos, "invalid control character in a string");
        } else {
            rt_buf_putc(b, c);
            p->pos++;
        }
    }
}

static int literal_string(tparser *p, rt_buf *b, bool multiline)
{
    size_t start = p->pos;
    int rc = skip_until(p, multiline ? "'''" : "'", multiline,
                        multiline ? "expected ''' to end the string"
                                  : "expected ' to end the string");
    if (rc != RT_OK)
        return rc;
    rt_buf_put(b, p->src + start, p->pos - start);
    p->pos += multiline ? 3 : 1;
    return RT_OK;
}

/* A string value at p->pos (a quote); the decoded text goes to b. */
static int string(tparser *p, rt_buf *b)
{
    char q = p->src[p->pos];
    bool ml = starts(p, p->pos, q == '"' ? "\"\"\"" : "'''");
    p->pos += ml ? 3 : 1;
    if (ml && at(p, p->pos, '\n'))
        p->pos++;
    int rc = q == '"' ? basic_string(p, b, ml) : literal_string(p, b, ml);
    for (int extra = 0; rc == RT_OK && ml && extra < 2 && at(p, p->pos, q); extra++) {
        rt_buf_putc(b, q);
        p->pos++;
    }
    return rc;
}

static int key_part_at(tparser *p, key_part *out)
{
    out->at = p->pos;
    char c = p->pos < p->len ? p->src[p->pos] : '\0';
    if (bare_key_char(c)) {
        size_t s = p->pos;
        while (p->pos < p->len && bare_key_char(p->src[p->pos]))
            p->pos++;
        out->len = p->pos - s;
        out->s = rt_arena_strndup(p->a, p->src + s, out->len); /* keys are NUL-terminated */
        return out->s ? RT_OK : oom(p);
    }
    if (c != '"' && c != '\'')
        return fail(p, p->pos, "invalid initial character for a key part");
    rt_buf b = RT_BUF_INIT;
    p->pos++;
    int rc = c == '"' ? basic_string(p, &b, false) : literal_string(p, &b, false);
    if (rc == RT_OK && b.toobig)
        rc = oom(p);
    if (rc == RT_OK) {
        out->len = b.len;
        out->s = rt_arena_strndup(p->a, rt_buf_cstr(&b), b.len);
        if (!out->s)
            rc = oom(p);
    }
    rt_buf_free(&b);
    return rc;
}

static int parse_key(tparser *p, key_path *k)
{
    k->n = 0;
    for (;;) {
        if (k->n == k->cap) {
            size_t ncap = k->cap ? k->cap * 2 : 8;
            k->parts = rt_arena_grow(p->a, k->parts, k->cap, ncap, sizeof *k->parts);
            if (!k->parts)
                return oom(p);
            k->cap = ncap;
        }
        int rc = key_part_at(p, &k->parts[k->n++]);
        if (rc != RT_OK)
            return rc;
        skip_ws(p);
        if (!at(p, p->pos, '.'))
            return RT_OK;
        p->pos++;
        skip_ws(p);
    }
}

/* ---- numbers, dates and times (tomllib's regular expressions, by hand) ---- */

static size_t digits(const tparser *p, size_t i, size_t max)
{
    size_t n = 0;
    while (i + n < p->len && n < max && p->src[i + n] >= '0' && p->src[i + n] <= '9')
        n++;
    return n;
}

/* Two digits in [lo, hi] at i. */
static bool two(const tparser *p, size_t i, int lo, int hi)
{
    if (digits(p, i, 2) != 2)
        return false;
    int v = (p->src[i] - '0') * 10 + (p->src[i + 1] - '0');
    return v >= lo && v <= hi;
}

/* HH:MM:SS[.fraction] at i; returns its length or 0. */
static size_t time_len(const tparser *p, size_t i)
{
    if (!two(p, i, 0, 23) || !at(p, i + 2, ':') || !two(p, i + 3, 0, 59) ||
        !at(p, i + 5, ':') || !two(p, i + 6, 0, 59))
        return 0;
    size_t n = 8;
    if (at(p, i + n, '.')) {
        size_t f = digits(p, i + n + 1, SIZE_MAX);
        if (f)
            n += 1 + f;
    }
    return n;
}

static bool valid_day(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return y >= 1 && d <= mdays[m - 1] + (m == 2 && leap);
}

/* A date or date-time at p->pos: returns its length (0 when there is none). */
static int date_time(tparser *p, size_t *len)
{
    size_t i = p->pos;
    *len = 0;
    if (digits(p, i, 4) != 4 || !at(p, i + 4, '-') || !two(p, i + 5, 1, 12) ||
        !at(p, i + 7, '-') || !two(p, i + 8, 1, 31))
        return RT_OK;
    const char *s = p->src + i;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    size_t n = 10;
    char sep = i + n < p->len ? p->src[i + n] : '\0';
    size_t t = (sep == 'T' || sep == 't' || sep == ' ') ? time_len(p, i + n + 1) : 0;
    if (t) {
        n += 1 + t;
        char z = i + n < p->len ? p->src[i + n] : '\0';
        if (z == 'Z' || z == 'z')
            n++;
        else if ((z == '+' || z == '-') && two(p, i + n + 1, 0, 23) && at(p, i + n + 3, ':') &&
                 two(p, i + n + 4, 0, 59))
            n += 6;
    }
    if (!valid_day(y, m, d))
        return fail(p, i, "invalid date or datetime");
    *len = n;
    return RT_OK;
}

static bool digit_of(char c, int base)
{
    if (base == 16)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    return c >= '0' && c < '0' + base;
}

/* The length of `(_?digit)*` at i, in the given base (its first digit is checked by
 * the caller, so it starts the run). */
static size_t digit_run(const tparser *p, size_t i, int base)
{
    size_t n = 0;
    for (;;) {
        size_t j = i + n + (at(p, i + n, '_') ? 1 : 0);
        if (j >= p->len || !digit_of(p->src[j], base))
            return n;
        n = j + 1 - i;
    }
}

static int integer_value(tparser *p, size_t s, size_t n, rt_toml_value *v)
{
    const char *t = p->src + s;
    int base = 10;
    size_t i = 0;
    bool neg = false;
    if (n > 1 && t[0] == '0' && (t[1] == 'x' || t[1] == 'o' || t[1] == 'b')) {
        base = t[1] == 'x' ? 16 : t[1] == 'o' ? 8 : 2;
        i = 2;
    } else if (t[0] == '+' || t[0] == '-') {
        neg = t[0] == '-';
        i = 1;
    }
    uint64_t acc = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < n; i++) {
        if (t[i] == '_')
            continue;
        char c = t[i];
        uint64_t d = (uint64_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        if (acc > (limit - d) / (uint64_t)base)
            return fail(p, s, "integer does not fit in 64 bits");
        acc = acc * (uint64_t)base + d;
    }
    v->integer = neg ? (int64_t)(0 - acc) : (int64_t)acc;
    return RT_OK;
}

/* A number at p->pos: its length (0 when there is none); *is_float tells the kind. */
static size_t number_len(const tparser *p, bool *is_float)
{
    size_t i = p->pos;
    *is_float = false;
    if (at(p, i, '0') && i + 1 < p->len) {
        char k = p->src[i + 1];
        int base = k == 'x' ? 16 : k == 'o' ? 8 : k == 'b' ? 2 : 0;
        if (base && i + 2 < p->len && digit_of(p->src[i + 2], base))
            return 2 + digit_run(p, i + 2, base);
    }
    size_t n = (at(p, i, '+') || at(p, i, '-')) ? 1 : 0;
    if (at(p, i + n, '0'))
        n++;
    else if (i + n < p->len && p->src[i + n] >= '1' && p->src[i + n] <= '9')
        n += digit_run(p, i + n, 10);
    else
        return 0;
    if (at(p, i + n, '.') && digits(p, i + n + 1, 1)) {
        n += 1 + digit_run(p, i + n + 1, 10);
        *is_float = true;
    }
    if (at(p, i + n, 'e') || at(p, i + n, 'E')) {
        size_t e = 1 + ((at(p, i + n + 1, '+') || at(p, i + n + 1, '-')) ? 1 : 0);
        if (digits(p, i + n + e, 1)) {
            n += e + digit_run(p, i + n + e, 10);
            *is_float = true;
        }
    }
    return n;
}

static int scalar(tparser *p, rt_toml_value **out)
{
    size_t s = p->pos, n;
    int rc = date_time(p, &n);
    if (rc != RT_OK)
        return rc;
    rt_toml_type type = RT_TOML_DATETIME;
    bool is_float = false;
    if (!n)
        n = time_len(p, s);
    if (!n) {
        n = number_len(p, &is_float);
        type = is_float ? RT_TOML_FLOAT : RT_TOML_INTEGER;
    }
    if (!n) {
        type = RT_TOML_FLOAT;
        if (starts(p, s, "inf") || starts(p, s, "nan"))
            n = 3;
        else if ((at(p, s, '+') || at(p, s, '-')) &&
                 (starts(p, s + 1, "inf") || starts(p, s + 1, "nan")))
            n = 4;
        else
            return fail(p, s, "invalid value");
    }
    rt_toml_value *v = new_value(p, type, s);
    if (!v)
        return oom(p);
    p->pos = s + n;
    if (type == RT_TOML_INTEGER) {
        rc = integer_value(p, s, n, v);
        if (rc != RT_OK)
            return rc;
    }
    v->str = rt_arena_strndup(p->a, p->src + s, n);
    v->len = n;
    if (!v->str)
        return oom(p);
    *out = v;
    return RT_OK;
}

static int value(tparser *p, rt_toml_value **out);

static int array(tparser *p, rt_toml_value **out)
{
    rt_toml_value *arr = new_value(p, RT_TOML_ARRAY, p->pos);
    if (!arr)
        return oom(p);
    arr->flags = FL_FROZEN;
    p->pos++;
    int rc = skip_array_ws(p);
    if (rc != RT_OK)
        return rc;
    if (at(p, p->pos, ']')) {
        p->pos++;
        *out = arr;
        return RT_OK;
    }
    for (;;) {
        rt_toml_value *item;
        if ((rc = value(p, &item)) != RT_OK || (rc = array_push(p, arr, item)) != RT_OK ||
            (rc = skip_array_ws(p)) != RT_OK)
            return rc;
        if (at(p, p->pos, ']'))
            break;
        if (!at(p, p->pos, ','))
            return fail(p, p->pos, "unclosed array: expected ',' or ']'");
        p->pos++;
        if ((rc = skip_array_ws(p)) != RT_OK)
            return rc;
        if (at(p, p->pos, ']'))
            break;
    }
    p->pos++;
    *out = arr;
    return RT_OK;
}

static bool frozen_along(const tparser *p, const rt_toml_value *t, const key_path *k, size_t n);
static int create_nest(tparser *p, rt_toml_value *t, const key_part *parts, size_t n,
                       bool access_lists, rt_toml_value **out);

static int key_value(tparser *p, key_path *k, rt_toml_value **v)
{
    int rc = parse_key(p, k);
    if (rc != RT_OK)
        return rc;
    if (!at(p, p->pos, '='))
        return fail(p, p->pos, "expected '=' after a key in a key/value pair");
    p->pos++;
    skip_ws(p);
    return value(p, v);
}

static int inline_table(tparser *p, rt_toml_value **out)
{
    rt_toml_value *t = new_value(p, RT_TOML_TABLE, p->pos);
    if (!t)
        return oom(p);
    t->flags = FL_FROZEN;
    p->pos++;
    skip_ws(p);
    if (at(p, p->pos, '}')) {
        p->pos++;
        *out = t;
        return RT_OK;
    }
    t->flags = 0; /* extensible by its own dotted keys until it is closed */
    key_path k = {0};
    for (;;) {
        rt_toml_value *v = NULL, *nest = NULL;
        int rc = key_value(p, &k, &v);
        if (rc != RT_OK)
            return rc;
        if (frozen_along(p, t, &k, k.n))
            return fail(p, p->pos, "cannot change an inline table or array");
        if (create_nest(p, t, k.parts, k.n - 1, false, &nest) != RT_OK)
            return fail(p, p->pos, "cannot overwrite a value");
        if (table_lookup(p, nest, &k.parts[k.n - 1]))
            return fail(p, p->pos, "duplicate key in an inline table");
        if ((rc = table_add(p, nest, &k.parts[k.n - 1], v)) != RT_OK)
            return rc;
        skip_ws(p);
        if (at(p, p->pos, '}'))
            break;
        if (!at(p, p->pos, ','))
            return fail(p, p->pos, "unclosed inline table: expected ',' or '}'");
        p->pos++;
        skip_ws(p);
    }
    p->pos++;
    t->flags = FL_FROZEN;
    *out = t;
    return RT_OK;
}

static int value(tparser *p, rt_toml_value **out)
{
    if (p->depth >= RT_TOML_MAX_DEPTH)
        return fail(p, p->pos, "arrays and inline tables nested too deep");
    char c = p->pos < p->len ? p->src[p->pos] : '\0';
    int rc;
    p->depth++;
    if (c == '"' || c == '\'') {
        rt_toml_value *v = new_value(p, RT_TOML_STRING, p->pos);
        rt_buf b = RT_BUF_INIT;
        rc = v ? string(p, &b) : oom(p);
        if (rc == RT_OK && b.toobig)
            rc = oom(p);
        if (rc == RT_OK) {
            v->len = b.len;
            v->str = rt_arena_strndup(p->a, rt_buf_cstr(&b), b.len);
            rc = v->str ? RT_OK : oom(p);
            *out = v;
        }
        rt_buf_free(&b);
    } else if (starts(p, p->pos, "true") || starts(p, p->pos, "false")) {
        rt_toml_value *v = new_value(p, RT_TOML_BOOL, p->pos);
        rc = v ? RT_OK : oom(p);
        if (v) {
            v->boolean = c == 't';
            p->pos += v->boolean ? 4 : 5;
            *out = v;
        }
    } else if (c == '[') {
        rc = array(p, out);
    } else if (c == '{') {
        rc = inline_table(p, out);
    } else {
        rc = scalar(p, out);
    }
    p->depth--;
    return rc;
}

/* ---- tables and flags ---- */

/* The table a step leads to: through an array of tables, its last element. */
static rt_toml_value *step_into(rt_toml_value *v)
{
    if (v && v->type == RT_TOML_ARRAY && v->count)
        return v->items[v->count - 1];
    return v;
}

/* Does any value on the path t.k[0..n) (t excluded) carry FL_FROZEN? */
static bool frozen_along(const tparser *p, const rt_toml_value *t, const key_path *k, size_t n)
{
    const rt_toml_value *cur = t;
    for (size_t i = 0; i < n && cur && cur->type == RT_TOML_TABLE; i++) {
        rt_toml_value *v = table_lookup(p, cur, &k->parts[i]);
        if (!v)
            return false;
        if (v->flags & FL_FROZEN)
            return true;
        cur = step_into(v);
        if (cur != v && (cur->flags & FL_FROZEN))
            return true;
    }
    return false;
}

/* The value at t.k[0..n) with its path resolved as tomllib resolves flag paths, or NULL. */
static rt_toml_value *resolve(const tparser *p, rt_toml_value *t, const key_part *parts,
                              size_t n)
{
    rt_toml_value *cur = t, *v = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!cur || cur->type != RT_TOML_TABLE)
            return NULL;
        v = table_lookup(p, cur, &parts[i]);
        if (!v)
            return NULL;
        cur = step_into(v);
    }
    return v;
}

/* Opens (creating as needed) the table at t.parts[0..n); fails (RT_ERR, no message) when
 * a value other than a table is in the way. */
static int create_nest(tparser *p, rt_toml_value *t, const key_part *parts, size_t n,
                       bool access_lists, rt_toml_value **out)
{
    rt_toml_value *cur = t;
    for (size_t i = 0; i < n; i++) {
        rt_toml_value *v = table_lookup(p, cur, &parts[i]);
        if (!v) {
            v = new_value(p, RT_TOML_TABLE, parts[i].at);
            if (!v || table_add(p, cur, &parts[i], v) != RT_OK)
                return oom(p);
        }
        if (access_lists && v->type == RT_TOML_ARRAY)
            v = v->count ? v->items[v->count - 1] : NULL;
        if (!v || v->type != RT_TOML_TABLE)
            return RT_ERR;
        cur = v;
    }
    *out = cur;
    return RT_OK;
}

static int add_pending(tparser *p, rt_toml_value *v)
{
    if (p->npending == p->cappending) {
        size_t ncap = p->cappending ? p->cappending * 2 : 16;
        p->pending = rt_arena_grow(p->a, p->pending, p->cappending, ncap, sizeof *p->pending);
        if (!p->pending)
            return oom(p);
        p->cappending = ncap;
    }
    p->pending[p->npending++] = v;
    return RT_OK;
}

static void finalize_pending(tparser *p)
{
    for (size_t i = 0; i < p->npending; i++)
        p->pending[i]->flags |= FL_EXPLICIT;
    p->npending = 0;
}

static bool has_flag(const rt_toml_value *v, unsigned flag)
{
    return v && (v->flags & flag);
}

/* `key = value` in the section whose table is header. */
static int key_value_rule(tparser *p, rt_toml_value *header, key_path *k)
{
    rt_toml_value *v = NULL, *nest = NULL;
    int rc = key_value(p, k, &v);
    if (rc != RT_OK)
        return rc;
    for (size_t i = 1; i < k->n; i++)
        if (has_flag(resolve(p, header, k->parts, i), FL_EXPLICIT))
            return fail(p, p->pos, "cannot redefine a table with dotted keys");
    if (frozen_along(p, header, k, k->n - 1))
        return fail(p, p->pos, "cannot change an inline table or array");
    rc = create_nest(p, header, k->parts, k->n - 1, true, &nest);
    if (rc == RT_ERR || (rc == RT_OK && table_lookup(p, nest, &k->parts[k->n - 1])))
        return fail(p, p->pos, "cannot overwrite a value");
    if (rc != RT_OK)
        return rc;
    for (size_t i = 1; i < k->n && rc == RT_OK; i++)
        rc = add_pending(p, resolve(p, header, k->parts, i));
    if (rc == RT_OK)
        rc = table_add(p, nest, &k->parts[k->n - 1], v);
    return rc;
}

/* `[table]`: on success *header is the table. */
static int table_rule(tparser *p, rt_toml_value *root, key_path *k, rt_toml_value **header)
{
    size_t open = p->pos;
    p->pos++;
    skip_ws(p);
    int rc = parse_key(p, k);
    if (rc != RT_OK)
        return rc;
    rt_toml_value *existing = resolve(p, root, k->parts, k->n);
    if (has_flag(existing, FL_EXPLICIT) || frozen_along(p, root, k, k->n))
        return fail(p, p->pos, "table declared twice");
    rc = create_nest(p, root, k->parts, k->n, true, header);
    if (rc == RT_ERR)
        return fail(p, p->pos, "cannot overwrite a value");
    if (rc != RT_OK)
        return rc;
    (*header)->flags |= FL_EXPLICIT;
    position(p, open, &(*header)->line, &(*header)->column);
    if (!at(p, p->pos, ']'))
        return fail(p, p->pos, "expected ']' at the end of a table declaration");
    p->pos++;
    return RT_OK;
}

/* `[[array]]`: on success *header is the new element. */
static int array_table_rule(tparser *p, rt_toml_value *root, key_path *k,
                            rt_toml_value **header)
{
    size_t open = p->pos;
    p->pos += 2;
    skip_ws(p);
    int rc = parse_key(p, k);
    if (rc != RT_OK)
        return rc;
    if (frozen_along(p, root, k, k->n))
        return fail(p, p->pos, "cannot change an inline table or array");
    rt_toml_value *parent = NULL, *arr = NULL;
    rc = create_nest(p, root, k->parts, k->n - 1, true, &parent);
    if (rc == RT_OK) {
        arr = table_lookup(p, parent, &k->parts[k->n - 1]);
        if (arr && arr->type != RT_TOML_ARRAY)
            rc = RT_ERR;
    }
    if (rc == RT_ERR)
        return fail(p, p->pos, "cannot overwrite a value");
    if (rc != RT_OK)
        return rc;
    if (!arr) {
        arr = new_value(p, RT_TOML_ARRAY, open);
        if (!arr || table_add(p, parent, &k->parts[k->n - 1], arr) != RT_OK)
            return oom(p);
    }
    arr->flags = FL_EXPLICIT | FL_AOT;
    rt_toml_value *elem = new_value(p, RT_TOML_TABLE, open);
    if (!elem || array_push(p, arr, elem) != RT_OK)
        return oom(p);
    *header = elem;
    if (!starts(p, p->pos, "]]"))
        return fail(p, p->pos, "expected ']]' at the end of an array of tables declaration");
    p->pos += 2;
    return RT_OK;
}

static int statement(tparser *p, rt_toml_value *root, rt_toml_value **header, key_path *k)
{
    char c = p->src[p->pos];
    int rc = RT_OK;
    if (bare_key_char(c) || c == '"' || c == '\'') {
        rc = key_value_rule(p, *header, k);
    } else if (c == '[') {
        finalize_pending(p);
        rc = at(p, p->pos + 1, '[') ? array_table_rule(p, root, k, header)
                                    : table_rule(p, root, k, header);
    } else if (c != '#') {
        return fail(p, p->pos, "invalid statement");
    }
    if (rc != RT_OK)
        return rc;
    skip_ws(p);
    if ((rc = skip_comment(p)) != RT_OK)
        return rc;
    if (p->pos < p->len && p->src[p->pos] != '\n')
        return fail(p, p->pos, "expected a new line or the end of the file after a statement");
    return RT_OK;
}

static int document(tparser *p, rt_toml_value *root)
{
    rt_toml_value *header = root;
    key_path k = {0};
    for (;;) {
        skip_ws(p);
        if (p->pos >= p->len)
            return RT_OK;
        if (p->src[p->pos] == '\n') {
            p->pos++;
            continue;
        }
        int rc = statement(p, root, &header, &k);
        if (rc != RT_OK)
            return rc;
        if (p->pos < p->len)
            p->pos++;
    }
}

/* Copies the input with CRLF as LF, after checking it is UTF-8 as tomllib's decode()
 * requires. */
static int normalize(tparser *p, const char *bytes, size_t len)
{
    char *s = rt_arena_alloc(p->a, len + 1);
    if (!s)
        return oom(p);
    size_t o = 0;
    unsigned line = 1, col = 1;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)bytes[i];
        if (c == '\r' && i + 1 < len && bytes[i + 1] == '\n') {
            i++;
            continue;
        }
        size_t n = c < 0x80 ? 1 : 0;
        if (c >= 0xC2 && c <= 0xF4) {
            n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
            unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
            if (len - i < n || (unsigned char)bytes[i + 1] < lo ||
                (unsigned char)bytes[i + 1] > hi)
                n = 0;
            for (size_t j = 2; n && j < n; j++)
                if (((unsigned char)bytes[i + j] & 0xC0) != 0x80)
                    n = 0;
        }
        if (!n)
            return rt_error_set(p->err, RT_EPARSE, p->path, line, col,
                                "byte 0x%02x is not valid UTF-8 (tomllib reads UTF-8 only)",
                                c);
        memcpy(s + o, bytes + i, n);
        o += n;
        i += n;
        if (c == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    s[o] = '\0';
    p->src = s;
    p->len = o;
    p->cache_line = p->cache_col = 1;
    p->nlines = 1;
    for (size_t i = 0; i < o; i++)
        p->nlines += s[i] == '\n';
    p->line_starts = rt_arena_alloc(p->a, p->nlines * sizeof *p->line_starts);
    if (!p->line_starts)
        return oom(p);
    p->line_starts[0] = 0;
    for (size_t i = 0, l = 1; i < o; i++)
        if (s[i] == '\n')
            p->line_starts[l++] = i + 1;
    return RT_OK;
}

int rt_toml_parse(rt_toml *out, const char *path, const char *bytes, size_t len,
                  rt_error *err)
{
    memset(out, 0, sizeof *out);
    tparser p = {.path = path, .err = err};
    p.a = rt_arena_new();
    if (!p.a)
        return rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory reading TOML");
    int rc = normalize(&p, bytes, len);
    rt_toml_value *root = NULL;
    if (rc == RT_OK) {
        root = rt_arena_calloc(p.a, 1, sizeof *root);
        out->path = rt_arena_strndup(p.a, path ? path : "", path ? strlen(path) : 0);
        rc = root && out->path ? RT_OK : oom(&p);
    }
    if (rc == RT_OK) {
        root->type = RT_TOML_TABLE;
        root->line = root->column = 1;
        rc = document(&p, root);
    }
    if (rc != RT_OK) {
        rt_arena_free(p.a);
        memset(out, 0, sizeof *out);
        return rc;
    }
    out->arena = p.a;
    out->root = root;
    return RT_OK;
}

void rt_toml_free(rt_toml *doc)
{
    if (!doc)
        return;
    rt_arena_free(doc->arena);
    memset(doc, 0, sizeof *doc);
}

const rt_toml_entry *rt_toml_entry_get(const rt_toml_value *table, const char *key)
{
    if (!table || table->type != RT_TOML_TABLE)
        return NULL;
    size_t n = strlen(key);
    for (size_t i = 0; i < table->count; i++)
        if (table->entries[i].key_len == n && memcmp(table->entries[i].key, key, n) == 0)
            return &table->entries[i];
    return NULL;
}

const rt_toml_value *rt_toml_get(const rt_toml_value *table, const char *key)
{
    const rt_toml_entry *e = rt_toml_entry_get(table, key);
    return e ? e->value : NULL;
}
