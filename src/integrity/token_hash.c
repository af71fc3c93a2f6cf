/* Hashing a migration's Python tokens instead of its bytes (integrity.ignore_formatting). */
#include <nettle/sha2.h>
#include <string.h>

#include "retort/python.h"
#include "retort/sumfile.h"

static bool is_closer(const rt_py_token *t)
{
    return t->kind == RT_PY_T_RPAR || t->kind == RT_PY_T_RSQB || t->kind == RT_PY_T_RBRACE;
}

/* A string token without its quote style: prefix lower-cased, then the body. */
static void update(struct sha256_ctx *md, const void *p, size_t n)
{
    sha256_update(md, n, p);
}

static void hash_string(struct sha256_ctx *md, rt_str text)
{
    size_t i = 0;
    while (i < text.len && text.p[i] != '\'' && text.p[i] != '"') {
        char c = (char)(text.p[i] | 0x20);
        update(md, &c, 1);
        i++;
    }
    size_t q = text.len - i >= 6 && text.p[i + 1] == text.p[i] && text.p[i + 2] == text.p[i] ? 3 : 1;
    if (text.len >= i + 2 * q)
        update(md, text.p + i + q, text.len - i - 2 * q);
}

static void hash_stream(struct sha256_ctx *md, const rt_py_tokens *toks)
{
    for (size_t i = 0; i < toks->count; i++) {
        const rt_py_token *t = &toks->items[i];
        if (t->kind == RT_PY_T_COMMA && i + 1 < toks->count && is_closer(&toks->items[i + 1]))
            continue; /* a magic trailing comma is formatting */
        uint16_t kind = t->kind;
        update(md, &kind, sizeof kind);
        rt_str text = rt_py_token_text(toks, t);
        if (t->kind == RT_PY_T_STRING)
            hash_string(md, text);
        else if (t->kind != RT_PY_T_NEWLINE && t->kind != RT_PY_T_INDENT &&
                 t->kind != RT_PY_T_DEDENT)
            update(md, text.p, text.len);
        update(md, "", 1);
    }
}

int rt_hash_tokens(const char *bytes, size_t len, unsigned char out[RT_HASH_LEN])
{
    rt_arena *arena = rt_arena_new();
    rt_py_tokens toks;
    if (!arena || rt_py_tokenize(&toks, arena, bytes, len, 0, NULL) != RT_OK) {
        rt_arena_free(arena);
        return RT_ENOMEM;
    }
    if (toks.error_count) {
        rt_hash_migration(bytes, len, out);
        rt_arena_free(arena);
        return RT_OK;
    }
    struct sha256_ctx md;
    sha256_init(&md);
    hash_stream(&md, &toks);
    sha256_digest(&md, RT_HASH_LEN, out);
    rt_arena_free(arena);
    return RT_OK;
}

bool rt_sum_entry_matches(const rt_sum_entry *entry, const char *bytes, size_t len)
{
    unsigned char now[RT_HASH_LEN];
    if (entry->kind == RT_HASH_TOKENS) {
        if (rt_hash_tokens(bytes, len, now) != RT_OK)
            return false;
    } else {
        rt_hash_migration(bytes, len, now);
    }
    return memcmp(now, entry->hash, RT_HASH_LEN) == 0;
}
