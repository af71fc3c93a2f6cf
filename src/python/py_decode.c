/* PEP 263 coding cookies, transcoding to UTF-8, and mapping offsets back. */
#include <string.h>

#include "python/py_internal.h"

/* Windows-1252 code points for bytes 0x80..0x9F (0 where undefined: decoding fails). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0};

/* ENC_OTHER: a codec CPython has that retort does not decode; ENC_UNKNOWN: none. */
enum { ENC_UTF8, ENC_LATIN1, ENC_CP1252, ENC_ASCII, ENC_OTHER, ENC_UNKNOWN };

/* Name prefixes (normalised) of the codecs CPython ships, beyond the decoded ones. */
static bool cpython_codec(const char *norm)
{
    static const char *const prefixes[] = {
        "iso-8859-", "iso8859-", "iso-ir-", "latin-", "latin", "l", "cp", "ibm", "windows-",
        "koi8-", "mac", "euc-", "eucjp", "euckr", "shift-jis", "shiftjis", "sjis", "s-jis",
        "gb2312", "gbk", "gb18030", "big5", "utf-16", "utf-32", "utf-7", "utf16", "utf32",
        "utf7", "u16", "u32", "hz", "johab", "iso-2022-", "iso2022-", "tis-620", "tis620",
        "ptcp154", "hp-roman8", "roman8", "kz1048", "ks-c-5601", "ksc5601", "uhc", "ujis",
        "ms", "csptcp154", "cyrillic", "greek", "hebrew", "arabic", "thai", "ascii", "us",
        "ansi-x3", "unicode-", "raw-unicode-escape", "unicode-escape", "palmos", "ebcdic",
        "csibm", "chinese", "korean", "x-mac-", "armscii", "idna", "punycode"};
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (strncmp(norm, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

static bool is_name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.';
}

/* Finds `coding[:=]\s*NAME` in the comment line [p, end); returns the name or empty. */
static rt_str cookie_in_line(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\f'))
        p++;
    if (p >= end || *p != '#')
        return RT_STR_NULL;
    for (const char *q = p; q + 7 <= end; q++) {
        if (memcmp(q, "coding", 6) != 0 || (q[6] != ':' && q[6] != '='))
            continue;
        const char *v = q + 7;
        while (v < end && (*v == ' ' || *v == '\t'))
            v++;
        const char *e = v;
        while (e < end && is_name_char((unsigned char)*e))
            e++;
        if (e > v)
            return (rt_str){v, (size_t)(e - v)};
    }
    return RT_STR_NULL;
}

/* Whether the line [p, end) is blank or a comment (then line 2 may hold the cookie). */
static bool blank_or_comment(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\f'))
        p++;
    return p >= end || *p == '#';
}

static const char *line_end(const char *p, const char *end)
{
    while (p < end && *p != '\n' && *p != '\r')
        p++;
    return p;
}

static const char *next_line(const char *p, const char *end)
{
    if (p < end && *p == '\r')
        p++;
    if (p < end && *p == '\n')
        p++;
    return p;
}

/* Normalises an encoding name as CPython's tokenizer does (lower case, '_' to '-'),
 * then classifies it. */
static int classify(rt_str name, char *norm, size_t cap)
{
    size_t n = name.len < cap - 1 ? name.len : cap - 1;
    for (size_t i = 0; i < n; i++) {
        char c = name.p[i];
        norm[i] = c == '_' ? '-' : (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    norm[n] = '\0';
    static const char *const utf8[] = {"utf-8", "utf8", "utf-8-sig", "u8", "utf"};
    static const char *const latin1[] = {"latin-1", "latin1", "iso-8859-1", "iso8859-1",
                                         "iso-latin-1", "l1", "latin", "8859", "cp819",
                                         "iso-ir-100", "iso8859"};
    static const char *const cp1252[] = {"cp1252", "windows-1252"};
    static const char *const ascii[] = {"ascii", "us-ascii", "646"};
    for (size_t i = 0; i < sizeof utf8 / sizeof *utf8; i++)
        if (strcmp(norm, utf8[i]) == 0 || strncmp(norm, "utf-8-", 6) == 0)
            return ENC_UTF8;
    for (size_t i = 0; i < sizeof latin1 / sizeof *latin1; i++)
        if (strcmp(norm, latin1[i]) == 0 || strncmp(norm, "latin-1-", 8) == 0 ||
            strncmp(norm, "iso-8859-1-", 11) == 0)
            return ENC_LATIN1;
    for (size_t i = 0; i < sizeof cp1252 / sizeof *cp1252; i++)
        if (strcmp(norm, cp1252[i]) == 0)
            return ENC_CP1252;
    for (size_t i = 0; i < sizeof ascii / sizeof *ascii; i++)
        if (strcmp(norm, ascii[i]) == 0)
            return ENC_ASCII;
    return cpython_codec(norm) ? ENC_OTHER : ENC_UNKNOWN;
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

static uint32_t line_of(const char *src, size_t off)
{
    uint32_t line = 1;
    for (size_t i = 0; i < off; i++)
        if (src[i] == '\n' || (src[i] == '\r' && src[i + 1] != '\n'))
            line++;
    return line;
}

/* Transcodes a single-byte encoding to UTF-8 and records the offset map. */
static int transcode(rt_py_module *m, rt_arena *arena, const char *src, size_t len, int enc,
                     py_errors *errors)
{
    size_t high = 0;
    for (size_t i = 0; i < len; i++)
        high += (unsigned char)src[i] >= 0x80;
    if (high == 0)
        return RT_OK;
    if (len + 2 * high >= UINT32_MAX)
        return RT_ETOOBIG;
    char *out = rt_arena_alloc(arena, len + 2 * high + 1);
    m->map_text = rt_arena_alloc(arena, high * sizeof *m->map_text);
    m->map_delta = rt_arena_alloc(arena, high * sizeof *m->map_delta);
    if (!out || !m->map_text || !m->map_delta)
        return RT_ENOMEM;
    size_t o = 0, k = 0;
    uint32_t delta = 0;
    bool reported = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c < 0x80) {
            out[o++] = (char)c;
            continue;
        }
        uint32_t cp = c; /* latin-1, and the stand-in for other encodings */
        if (enc == ENC_CP1252 && c < 0xA0)
            cp = cp1252_high[c - 0x80];
        if ((cp == 0 || enc == ENC_ASCII) && !reported) {
            reported = true;
            py_errors_add(errors, (uint32_t)o, line_of(src, i),
                          "(unicode error) '%s' codec can't decode byte 0x%02x in position %zu",
                          m->encoding, c, i);
        }
        if (cp == 0 || enc == ENC_ASCII)
            cp = 0xFFFD;
        size_t w = put_utf8(out + o, cp);
        o += w;
        delta += (uint32_t)w - 1;
        m->map_text[k] = (uint32_t)o;
        m->map_delta[k] = delta;
        k++;
    }
    out[o] = '\0';
    m->text = out;
    m->text_len = o;
    m->transcoded = true;
    m->map_count = k;
    return RT_OK;
}

int py_decode_source(rt_py_module *m, rt_arena *arena, const char *src, size_t len,
                     py_errors *errors)
{
    m->text = src;
    m->text_len = len;
    m->encoding = "utf-8";
    m->encoding_exact = true;
    const char *end = src + len, *p = src;
    bool bom = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0;
    if (bom)
        p += 3;
    const char *e1 = line_end(p, end);
    rt_str name = cookie_in_line(p, e1);
    if (!name.p && blank_or_comment(p, e1)) {
        const char *p2 = next_line(e1, end);
        name = cookie_in_line(p2, line_end(p2, end));
    }
    if (!name.p)
        return RT_OK;
    char norm[64];
    int enc = classify(name, norm, sizeof norm);
    char *copy = rt_arena_strndup(arena, norm, strlen(norm));
    if (!copy)
        return RT_ENOMEM;
    m->encoding = copy;
    uint32_t at = (uint32_t)(name.p - src);
    if (enc == ENC_UNKNOWN) {
        py_errors_add(errors, at, line_of(src, at), "unknown encoding: %s", copy);
        enc = ENC_OTHER;
    }
    if (enc == ENC_UTF8)
        return RT_OK;
    m->encoding_exact = enc != ENC_OTHER;
    if (bom) {
        py_errors_add(errors, at, line_of(src, at), "encoding problem: %s with BOM", copy);
        return RT_OK;
    }
    return transcode(m, arena, src, len, enc, errors);
}

size_t rt_py_source_offset(const rt_py_module *m, size_t offset)
{
    if (!m->transcoded || m->map_count == 0)
        return offset;
    size_t lo = 0, hi = m->map_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->map_text[mid] <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? offset : offset - m->map_delta[lo - 1];
}

void rt_py_position(const rt_py_module *m, rt_source *src, size_t offset, unsigned *line,
                    unsigned *column)
{
    rt_source_position(src, rt_py_source_offset(m, offset), line, column);
}
