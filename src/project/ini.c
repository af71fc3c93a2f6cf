/* INI reading with Python configparser's semantics (ConfigParser as Alembic builds it:
 * strict, BasicInterpolation, default delimiters and comment prefixes, no inline
 * comments, no valueless keys). The contract is in include/retort/ini.h. */
#include "retort/ini.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "project/keymap.h"
#include "project/unicode_case.h"
#include "retort/buf.h"

#define MAX_DEPTH 10          /* configparser.MAX_INTERPOLATION_DEPTH */
#define NO_TAG SIZE_MAX       /* index tag of section names */
#define NONE ((size_t)-1)
#define REF_COST 64           /* work units a %(name)s lookup counts for */

/* ---- UTF-8 and Python's notion of white space ---- */

/* Length of the valid UTF-8 sequence at p (n bytes available), 0 if invalid. Python's
 * decoder is strict: no overlongs, no surrogates, nothing above U+10FFFF. */
static size_t utf8_seq_len(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (n < len || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return len;
}

/* Decodes the (already validated) sequence at p; *len receives its length. */
static uint32_t utf8_decode(const char *s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] < 0x80) {
        *len = 1;
        return p[0];
    }
    if (p[0] < 0xE0) {
        *len = 2;
        return ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if (p[0] < 0xF0) {
        *len = 3;
        return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
               (p[2] & 0x3F);
    }
    *len = 4;
    return ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
           ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

static void utf8_put(rt_buf *b, uint32_t c)
{
    char out[4];
    size_t n;
    if (c < 0x80) {
        out[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        out[0] = (char)(0xF0 | (c >> 18));
        out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[3] = (char)(0x80 | (c & 0x3F));
        n = 4;
    }
    rt_buf_put(b, out, n);
}

/* str.isspace() (and re's \s) for one code point. */
static bool py_space(uint32_t c)
{
    if (c < 0x80)
        return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Number of code points in n bytes of valid UTF-8. */
static unsigned count_cps(const char *p, size_t n)
{
    unsigned k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)p[i] & 0xC0) != 0x80;
    return k;
}

/* The end of [s, e) without trailing white space. */
static size_t rstrip_end(const char *buf, size_t s, size_t e)
{
    size_t last = s;
    while (s < e) {
        size_t n;
        uint32_t c = utf8_decode(buf + s, &n);
        s += n;
        if (!py_space(c))
            last = s;
    }
    return last;
}

/* The start of [s, e) without leading white space. */
static size_t lstrip_start(const char *buf, size_t s, size_t e)
{
    while (s < e) {
        size_t n;
        uint32_t c = utf8_decode(buf + s, &n);
        if (!py_space(c))
            break;
        s += n;
    }
    return s;
}

/* ---- str.lower() ---- */

static size_t prev_cp(const char *p, size_t i)
{
    do
        i--;
    while (i > 0 && ((unsigned char)p[i] & 0xC0) == 0x80);
    return i;
}

/* Python's Final_Sigma rule for the U+03A3 at byte i of p[0..n). */
static bool final_sigma(const char *p, size_t n, size_t i)
{
    size_t len;
    uint32_t c = 0;
    bool found = false;
    for (size_t j = i; j > 0;) {
        j = prev_cp(p, j);
        c = utf8_decode(p + j, &len);
        if (!rt_ucase_is_case_ignorable(c)) {
            found = true;
            break;
        }
    }
    if (!found || !rt_ucase_is_cased(c))
        return false;
    for (size_t j = i + 2; j < n; j += len) {
        c = utf8_decode(p + j, &len);
        if (!rt_ucase_is_case_ignorable(c))
            return !rt_ucase_is_cased(c);
    }
    return true;
}

/* Appends str.lower() of n bytes of valid UTF-8 at p to b. */
static void py_lower(rt_buf *b, const char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t len;
        uint32_t c = utf8_decode(p + i, &len);
        if (c < 0x80)
            rt_buf_putc(b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
        else if (c == 0x130)
            rt_buf_puts(b, "i\xcc\x87");
        else if (c == 0x3A3)
            utf8_put(b, final_sigma(p, n, i) ? 0x3C2 : 0x3C3);
        else
            utf8_put(b, rt_ucase_lower(c));
        i += len;
    }
}

/* ---- the index: section names (tag NO_TAG, value the section number) and
 * (section number, key) pairs (value the entry's index in its section) ---- */

struct rt_ini_index {
    rt_keymap map;
};

static const size_t *index_find(const struct rt_ini_index *x, size_t tag, const char *s,
                                size_t len)
{
    return x ? rt_keymap_find(&x->map, tag, s, len) : NULL;
}

static bool index_add(rt_arena *a, struct rt_ini_index *x, size_t tag, const char *s,
                      size_t len, size_t val)
{
    return rt_keymap_add(a, &x->map, tag, s, len, val);
}

/* ---- the parser ---- */

typedef struct piece {
    size_t off, len;   /* in the input bytes */
    unsigned line, col;
} piece;

typedef struct bentry {
    const char *key;
    unsigned line, col, vline, vcol;
    size_t first, count; /* its pieces */
} bentry;

typedef struct bsect {
    const char *name;
    unsigned line;
    bentry *e;
    size_t n, cap;
} bsect;

typedef struct parser {
    rt_arena *a;
    const char *path;
    const char *buf;
    size_t len;
    rt_error *err;
    bsect *s;          /* s[0] is [DEFAULT] */
    size_t ns, caps;
    piece *pc;
    size_t npc, cappc;
    struct rt_ini_index *idx;
    rt_buf scratch;
    size_t cur_sect;   /* NONE before the first header */
    size_t cur_entry;  /* NONE when no option continues (configparser's falsy optname) */
    size_t indent_level;
    unsigned bad_line, bad_col; /* first ParsingError line, 0 when none */
} parser;

typedef struct line_info {
    unsigned no;
    size_t start, end;   /* the line without its terminator */
    size_t s0, s1;       /* the stripped text */
    size_t indent;       /* code points before s0 */
} line_info;

static int oom(parser *p)
{
    return rt_error_set(p->err, RT_ENOMEM, p->path, 0, 0, "out of memory reading INI file");
}

static int add_piece(parser *p, size_t off, size_t len, unsigned line, unsigned col)
{
    if (p->npc == p->cappc) {
        size_t ncap = p->cappc ? p->cappc * 2 : 256;
        p->pc = rt_arena_grow(p->a, p->pc, p->cappc, ncap, sizeof *p->pc);
        if (!p->pc)
            return oom(p);
        p->cappc = ncap;
    }
    p->pc[p->npc++] = (piece){off, len, line, col};
    bsect *s = &p->s[p->cur_sect];
    s->e[p->cur_entry].count++;
    return RT_OK;
}

static int add_section(parser *p, const char *name, unsigned line)
{
    if (p->ns == p->caps) {
        size_t ncap = p->caps ? p->caps * 2 : 8;
        p->s = rt_arena_grow(p->a, p->s, p->caps, ncap, sizeof *p->s);
        if (!p->s)
            return oom(p);
        p->caps = ncap;
    }
    p->s[p->ns++] = (bsect){name, line, NULL, 0, 0};
    return RT_OK;
}

/* A short, quoted excerpt of text for messages. */
static void excerpt(rt_buf *b, const char *s, size_t n)
{
    size_t max = 40;
    rt_buf_putc(b, '\'');
    if (n > max) {
        while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
            max--;
        rt_buf_put(b, s, max);
        rt_buf_puts(b, "...");
    } else {
        rt_buf_put(b, s, n);
    }
    rt_buf_putc(b, '\'');
}

static int header_line(parser *p, const line_info *li, size_t rb)
{
    const char *name = p->buf + li->s0 + 1;
    size_t nlen = rb - li->s0 - 1;
    unsigned col = (unsigned)li->indent + 1;
    p->cur_entry = NONE;
    if (nlen == 7 && memcmp(name, "DEFAULT", 7) == 0) {
        p->cur_sect = 0;
        return RT_OK;
    }
    const size_t *dup = index_find(p->idx, NO_TAG, name, nlen);
    if (dup) {
        rt_buf m = RT_BUF_INIT;
        excerpt(&m, name, nlen);
        int rc = rt_error_set(p->err, RT_EPARSE, p->path, li->no, col,
                              "section [%s] already exists (line %u) "
                              "(configparser: DuplicateSectionError)",
                              rt_buf_cstr(&m), p->s[*dup].line);
        rt_buf_free(&m);
        return rc;
    }
    char *copy = rt_arena_strndup(p->a, name, nlen);
    if (!copy || !index_add(p->a, p->idx, NO_TAG, copy, nlen, p->ns))
        return oom(p);
    p->cur_sect = p->ns;
    return add_section(p, copy, li->no);
}

static void parsing_error(parser *p, const line_info *li)
{
    if (!p->bad_line) {
        p->bad_line = li->no;
        p->bad_col = (unsigned)li->indent + 1;
    }
}

static int option_line(parser *p, const line_info *li)
{
    const char *b = p->buf;
    size_t d = li->s0;
    while (d < li->s1 && b[d] != '=' && b[d] != ':')
        d++;
    if (d == li->s1) {
        parsing_error(p, li);
        return RT_OK;
    }
    size_t kend = rstrip_end(b, li->s0, d);
    size_t v0 = lstrip_start(b, d + 1, li->s1);
    if (kend == li->s0)
        parsing_error(p, li); /* an empty name: configparser records it and goes on */
    rt_buf_clear(&p->scratch);
    py_lower(&p->scratch, b + li->s0, kend - li->s0);
    if (p->scratch.toobig)
        return oom(p);
    size_t klen = p->scratch.len;
    bsect *s = &p->s[p->cur_sect];
    unsigned col = (unsigned)li->indent + 1;
    const size_t *dup = index_find(p->idx, p->cur_sect, rt_buf_cstr(&p->scratch), klen);
    if (dup) {
        rt_buf m = RT_BUF_INIT;
        excerpt(&m, rt_buf_cstr(&p->scratch), klen);
        int rc = rt_error_set(p->err, RT_EPARSE, p->path, li->no, col,
                              "option %s in section [%s] already exists (line %u) "
                              "(configparser: DuplicateOptionError)",
                              rt_buf_cstr(&m), s->name, s->e[*dup].line);
        rt_buf_free(&m);
        return rc;
    }
    char *key = rt_arena_strndup(p->a, rt_buf_cstr(&p->scratch), klen);
    if (!key || !index_add(p->a, p->idx, p->cur_sect, key, klen, s->n))
        return oom(p);
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 8;
        s->e = rt_arena_grow(p->a, s->e, s->cap, ncap, sizeof *s->e);
        if (!s->e)
            return oom(p);
        s->cap = ncap;
    }
    unsigned vcol = count_cps(b + li->start, v0 - li->start) + 1;
    s->e[s->n] = (bentry){key, li->no, col, li->no, vcol, p->npc, 0};
    p->cur_entry = s->n++;
    int rc = add_piece(p, v0, li->s1 - v0, li->no, vcol);
    if (klen == 0)
        p->cur_entry = NONE;
    return rc;
}

static bool starts_with_bom(const parser *p, const line_info *li)
{
    return li->no == 1 && p->len >= 3 && memcmp(p->buf, "\xEF\xBB\xBF", 3) == 0;
}

static int handle_line(parser *p, const line_info *li)
{
    const char *b = p->buf;
    if (li->s0 < li->s1 && (b[li->s0] == '#' || b[li->s0] == ';'))
        return RT_OK;
    if (li->s0 == li->s1)
        return p->cur_entry != NONE ? add_piece(p, li->s0, 0, li->no, 1) : RT_OK;
    if (p->cur_entry != NONE && li->indent > p->indent_level)
        return add_piece(p, li->s0, li->s1 - li->s0, li->no, (unsigned)li->indent + 1);
    p->indent_level = li->indent;
    if (b[li->s0] == '[') {
        size_t rb = li->s1;
        while (rb > li->s0 && b[rb - 1] != ']')
            rb--;
        if (rb >= li->s0 + 3) /* `[`, at least one character, then the last `]` */
            return header_line(p, li, rb - 1);
    }
    if (p->cur_sect == NONE) {
        if (starts_with_bom(p, li))
            return rt_error_set(p->err, RT_EPARSE, p->path, 1, 1,
                                "the file starts with a UTF-8 byte order mark, which "
                                "Python reads as a character before the first section "
                                "header; remove it "
                                "(configparser: MissingSectionHeaderError)");
        return rt_error_set(p->err, RT_EPARSE, p->path, li->no, (unsigned)li->indent + 1,
                            "text before the first [section] header "
                            "(configparser: MissingSectionHeaderError)");
    }
    return option_line(p, li);
}

/* Fills li for the line [start, end). */
static void scan_line(const char *buf, size_t start, size_t end, line_info *li)
{
    li->start = start;
    li->end = end;
    li->s0 = end;
    li->s1 = end;
    li->indent = 0;
    size_t i = start;
    while (i < end) {
        size_t n;
        uint32_t c = utf8_decode(buf + i, &n);
        if (!py_space(c))
            break;
        li->indent++;
        i += n;
    }
    li->s0 = i;
    li->s1 = rstrip_end(buf, i, end);
}

/* Checks the whole input is UTF-8 without NUL bytes, as the file must be for Python to
 * read it (a NUL is refused by retort). */
static int check_bytes(parser *p)
{
    const unsigned char *u = (const unsigned char *)p->buf;
    unsigned line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < p->len;) {
        if (u[i] == '\n' || u[i] == '\r') {
            if (u[i] == '\r' && i + 1 < p->len && u[i + 1] == '\n')
                i++;
            i++;
            line++;
            line_start = i;
            continue;
        }
        size_t n = u[i] ? utf8_seq_len(u + i, p->len - i) : 0;
        if (n == 0) {
            unsigned col = count_cps(p->buf + line_start, i - line_start) + 1;
            if (u[i] == 0)
                return rt_error_set(p->err, RT_EPARSE, p->path, line, col,
                                    "NUL byte in an INI file");
            return rt_error_set(p->err, RT_EPARSE, p->path, line, col,
                                "byte 0x%02x is not valid UTF-8; Python reads alembic.ini "
                                "as UTF-8 and fails (UnicodeDecodeError)",
                                u[i]);
        }
        i += n;
    }
    return RT_OK;
}

static int read_lines(parser *p)
{
    unsigned no = 0;
    for (size_t i = 0; i < p->len;) {
        size_t start = i;
        while (i < p->len && p->buf[i] != '\n' && p->buf[i] != '\r')
            i++;
        size_t end = i;
        if (i < p->len) {
            if (p->buf[i] == '\r' && i + 1 < p->len && p->buf[i + 1] == '\n')
                i++;
            i++;
        }
        line_info li = {.no = ++no};
        scan_line(p->buf, start, end, &li);
        int rc = handle_line(p, &li);
        if (rc != RT_OK)
            return rc;
    }
    if (p->bad_line)
        return rt_error_set(p->err, RT_EPARSE, p->path, p->bad_line, p->bad_col,
                            "line is neither a [section] header nor `key = value` "
                            "(configparser: ParsingError)");
    return RT_OK;
}

/* Joins an entry's pieces as configparser does: "\n" between them, trailing empty
 * ones dropped (its rstrip()). */
static int build_entry(parser *p, const bentry *be, rt_ini_entry *out)
{
    size_t keep = 1;
    for (size_t i = 1; i < be->count; i++)
        if (p->pc[be->first + i].len)
            keep = i + 1;
    size_t total = keep - 1;
    for (size_t i = 0; i < keep; i++)
        total += p->pc[be->first + i].len;
    char *v = rt_arena_alloc(p->a, total + 1);
    rt_ini_pos *pos = rt_arena_alloc(p->a, keep * sizeof *pos);
    if (!v || !pos)
        return oom(p);
    size_t o = 0;
    for (size_t i = 0; i < keep; i++) {
        const piece *pc = &p->pc[be->first + i];
        if (i)
            v[o++] = '\n';
        memcpy(v + o, p->buf + pc->off, pc->len);
        o += pc->len;
        pos[i] = (rt_ini_pos){pc->line, pc->col};
    }
    v[o] = '\0';
    *out = (rt_ini_entry){be->key, v, be->line, be->col, be->vline, be->vcol,
                          pos[keep - 1].line, keep, pos};
    return RT_OK;
}

static int build_section(parser *p, const bsect *bs, rt_ini_section *out)
{
    out->name = bs->name;
    out->line = bs->line;
    out->count = bs->n;
    out->entries = bs->n ? rt_arena_calloc(p->a, bs->n, sizeof *out->entries) : NULL;
    if (bs->n && !out->entries)
        return oom(p);
    for (size_t i = 0; i < bs->n; i++) {
        int rc = build_entry(p, &bs->e[i], &out->entries[i]);
        if (rc != RT_OK)
            return rc;
    }
    return RT_OK;
}

static int build(parser *p, rt_ini *out)
{
    int rc = build_section(p, &p->s[0], &out->defaults);
    if (rc != RT_OK)
        return rc;
    out->count = p->ns - 1;
    out->sections = rt_arena_calloc(p->a, out->count + 1, sizeof *out->sections);
    if (!out->sections)
        return oom(p);
    for (size_t i = 1; i < p->ns && rc == RT_OK; i++)
        rc = build_section(p, &p->s[i], &out->sections[i - 1]);
    out->index = p->idx;
    return rc;
}

int rt_ini_parse(rt_ini *out, const char *path, const char *bytes, size_t len, rt_error *err)
{
    memset(out, 0, sizeof *out);
    parser p = {.path = path, .buf = bytes, .len = len, .err = err,
                .cur_sect = NONE, .cur_entry = NONE, .scratch = RT_BUF_INIT};
    p.a = rt_arena_new();
    if (!p.a)
        return rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory reading INI file");
    int rc;
    p.idx = rt_arena_calloc(p.a, 1, sizeof *p.idx);
    out->path = rt_arena_strndup(p.a, path ? path : "", path ? strlen(path) : 0);
    if (!p.idx || !out->path) {
        rc = oom(&p);
        goto cleanup;
    }
    rc = add_section(&p, "DEFAULT", 0);
    if (rc == RT_OK)
        rc = check_bytes(&p);
    if (rc == RT_OK)
        rc = read_lines(&p);
    if (rc == RT_OK)
        rc = build(&p, out);
cleanup:
    rt_buf_free(&p.scratch);
    if (rc != RT_OK) {
        rt_arena_free(p.a);
        memset(out, 0, sizeof *out);
        return rc;
    }
    out->arena = p.a;
    return RT_OK;
}

void rt_ini_free(rt_ini *ini)
{
    if (!ini)
        return;
    rt_arena_free(ini->arena);
    memset(ini, 0, sizeof *ini);
}

void rt_ini_value_position(const rt_ini_entry *e, size_t offset, unsigned *line,
                           unsigned *column)
{
    size_t len = strlen(e->value), k = 0, start = 0;
    if (offset > len)
        offset = len;
    for (size_t i = 0; i < offset; i++)
        if (e->value[i] == '\n') {
            k++;
            start = i + 1;
        }
    if (k >= e->piece_count) { /* cannot happen for values built by the parser */
        *line = e->value_line;
        *column = e->value_column;
        return;
    }
    *line = e->pieces[k].line;
    *column = e->pieces[k].column + count_cps(e->value + start, offset - start);
}

/* The section number of name (0 for DEFAULT), or NONE. */
static size_t section_tag(const rt_ini *ini, const char *name)
{
    if (strcmp(name, "DEFAULT") == 0)
        return 0;
    const size_t *s = index_find(ini->index, NO_TAG, name, strlen(name));
    return s ? *s : NONE;
}

static const rt_ini_entry *entry_at(const rt_ini *ini, size_t tag, size_t i)
{
    return tag == 0 ? &ini->defaults.entries[i] : &ini->sections[tag - 1].entries[i];
}

static const rt_ini_entry *lookup(const rt_ini *ini, size_t tag, const char *key, size_t len)
{
    const size_t *s = index_find(ini->index, tag, key, len);
    if (s)
        return entry_at(ini, tag, *s);
    s = tag != 0 ? index_find(ini->index, 0, key, len) : NULL;
    return s ? entry_at(ini, 0, *s) : NULL;
}

const rt_ini_section *rt_ini_section_find(const rt_ini *ini, const char *name)
{
    size_t tag = section_tag(ini, name);
    if (tag == NONE || tag == 0)
        return NULL;
    return &ini->sections[tag - 1];
}

const rt_ini_entry *rt_ini_get(const rt_ini *ini, const char *section, const char *key)
{
    size_t tag = section_tag(ini, section);
    return tag == NONE ? NULL : lookup(ini, tag, key, strlen(key));
}

/* ---- BasicInterpolation ---- */

typedef struct frame {
    const char *s;
    size_t len, pos;
} frame;

typedef struct interp {
    const rt_ini *ini;
    size_t tag;
    const char *section;
    const rt_ini_entry *entry;
    const rt_ini_var *vars;
    size_t var_count;
    rt_error *err;
    rt_buf out, name;
    size_t work;
} interp;

/* Reports `what` (then frees it) at offset top_off of the entry's value. */
static int interp_error(interp *x, size_t top_off, rt_buf *what, const char *kind)
{
    unsigned line, col;
    rt_ini_value_position(x->entry, top_off, &line, &col);
    int rc = rt_error_set(x->err, RT_EPARSE, x->ini->path, line, col,
                          "%s in option '%s' of section [%s] (configparser: %s)",
                          rt_buf_cstr(what), x->entry->key, x->section, kind);
    rt_buf_free(what);
    return rc;
}

/* The raw value a %(name)s reference names: the section, [DEFAULT], then the vars. */
static const char *reference(interp *x, const char *name, size_t len)
{
    rt_buf_clear(&x->name);
    py_lower(&x->name, name, len);
    const char *key = rt_buf_cstr(&x->name);
    const rt_ini_entry *e = lookup(x->ini, x->tag, key, x->name.len);
    if (e)
        return e->value;
    for (size_t i = 0; i < x->var_count; i++)
        if (strlen(x->vars[i].name) == x->name.len && strcmp(x->vars[i].name, key) == 0)
            return x->vars[i].value;
    return NULL;
}

/* Handles the `%` at the current position of frame st[*depth - 1]: `%%`, or a
 * reference whose value is appended (or, when it holds a `%`, pushed as the next
 * frame). Errors are reported at offset `top` of the entry's own value. */
static int percent(interp *x, frame *st, size_t *depth, size_t top)
{
    frame *f = &st[*depth - 1];
    const char *pct = f->s + f->pos, *end = f->s + f->len;
    char c = end - pct > 1 ? pct[1] : '\0';
    if (c == '%') {
        rt_buf_putc(&x->out, '%');
        f->pos += 2;
        return RT_OK;
    }
    rt_buf m = RT_BUF_INIT;
    if (c != '(') {
        rt_buf_puts(&m, "'%' must be followed by '%' or '(' (write '%%' for a literal "
                        "'%'), found ");
        excerpt(&m, pct, (size_t)(end - pct));
        return interp_error(x, top, &m, "InterpolationSyntaxError");
    }
    const char *name = pct + 2;
    const char *close = memchr(name, ')', (size_t)(end - name));
    if (!close || close == name || close + 1 >= end || close[1] != 's') {
        rt_buf_puts(&m, "bad interpolation variable reference ");
        excerpt(&m, pct, (size_t)(end - pct));
        return interp_error(x, top, &m, "InterpolationSyntaxError");
    }
    f->pos = (size_t)(close + 2 - f->s);
    const char *v = reference(x, name, (size_t)(close - name));
    x->work += REF_COST;
    if (!v) {
        rt_buf_puts(&m, "reference to ");
        excerpt(&m, rt_buf_cstr(&x->name), x->name.len);
        rt_buf_puts(&m, ", which is not an option of the section or of [DEFAULT],");
        return interp_error(x, top, &m, "InterpolationMissingOptionError");
    }
    if (!strchr(v, '%')) {
        rt_buf_puts(&x->out, v);
        x->work += strlen(v);
        return RT_OK;
    }
    if (*depth == MAX_DEPTH) {
        rt_buf_printf(&m, "references nested more than %d deep", MAX_DEPTH);
        return interp_error(x, top, &m, "InterpolationDepthError");
    }
    st[(*depth)++] = (frame){v, strlen(v), 0};
    return RT_OK;
}

/* configparser's recursive expansion, with an explicit stack of MAX_DEPTH frames. */
static int expand(interp *x)
{
    frame st[MAX_DEPTH];
    size_t depth = 1, top = 0;
    st[0] = (frame){x->entry->value, strlen(x->entry->value), 0};
    while (depth > 0) {
        frame *f = &st[depth - 1];
        if (f->pos >= f->len) {
            depth--;
            continue;
        }
        if (x->out.toobig || x->work > 2 * RT_INI_EXPAND_MAX)
            return rt_error_set(x->err, RT_ETOOBIG, x->ini->path, x->entry->line,
                                x->entry->column,
                                "interpolation of option '%s' expands beyond %zu MiB",
                                x->entry->key, RT_INI_EXPAND_MAX >> 20);
        const char *rest = f->s + f->pos;
        size_t left = f->len - f->pos;
        const char *pct = memchr(rest, '%', left);
        size_t run = pct ? (size_t)(pct - rest) : left;
        rt_buf_put(&x->out, rest, run);
        x->work += run + 1;
        f->pos += run;
        if (!pct)
            continue;
        if (depth == 1)
            top = f->pos; /* errors deeper down are reported at this reference */
        int rc = percent(x, st, &depth, top);
        if (rc != RT_OK)
            return rc;
    }
    return RT_OK;
}

int rt_ini_interpolate(const rt_ini *ini, const char *section, const rt_ini_entry *entry,
                       const rt_ini_var *vars, size_t var_count, const char **out,
                       rt_error *err)
{
    *out = NULL;
    interp x = {.ini = ini, .section = section, .entry = entry, .vars = vars,
                .var_count = var_count, .err = err, .out = RT_BUF_INIT,
                .name = RT_BUF_INIT};
    x.tag = section_tag(ini, section);
    if (x.tag == NONE)
        return rt_error_set(err, RT_ENOTFOUND, ini->path, 0, 0, "no section [%s]", section);
    x.out.max = RT_INI_EXPAND_MAX;
    int rc = expand(&x);
    if (rc == RT_OK && x.out.toobig)
        rc = rt_error_set(err, RT_ETOOBIG, ini->path, entry->line, entry->column,
                          "interpolation of option '%s' expands beyond %zu MiB", entry->key,
                          RT_INI_EXPAND_MAX >> 20);
    if (rc == RT_OK) {
        *out = rt_arena_strndup(ini->arena, rt_buf_cstr(&x.out), x.out.len);
        if (!*out)
            rc = rt_error_set(err, RT_ENOMEM, ini->path, 0, 0, "out of memory");
    }
    rt_buf_free(&x.out);
    rt_buf_free(&x.name);
    return rc;
}
