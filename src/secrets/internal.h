/* retort — the secrets scanner's internals, shared by the files of src/secrets. */
#ifndef RETORT_SECRETS_INTERNAL_H
#define RETORT_SECRETS_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>

#include "retort/secrets.h"

/* Guards for every match: no pattern may run away on hostile input. */
#define SECRETS_MATCH_LIMIT 100000u
#define SECRETS_DEPTH_LIMIT 1000u
#define SECRETS_HEAP_LIMIT 8192u /* KiB */
#define SECRETS_JIT_STACK_MAX (512u * 1024u)

/* Longest URL, SQL window, quoted value and key the detectors look at. */
#define SECRETS_URL_MAX 4096u
#define SECRETS_SQL_WINDOW 512u
#define SECRETS_VALUE_MAX 1024u
#define SECRETS_KEY_MAX 64u
#define SECRETS_PEM_BODY_MAX (64u * 1024u)

typedef struct regex {
    pcre2_code *code;
    bool jit;
    bool failed; /* a built-in pattern that did not compile (out of memory) */
} regex;

enum builtin_regex {
    RX_PEM_HEADER,
    RX_AWS_ID,
    RX_GITHUB,
    RX_GITHUB_PAT,
    RX_GITLAB,
    RX_SLACK,
    RX_SLACK_WEBHOOK,
    RX_SQL_CONTEXT,
    RX_COUNT
};

typedef struct custom_pattern {
    regex rx;
    char *id; /* "custom:<id>" */
    uint32_t groups;
} custom_pattern;

typedef struct allow_entry {
    char *value; /* exact value, when rx.code is NULL */
    size_t len;
    regex rx;
} allow_entry;

/* A growable scratch area; map[i] is the offset in the raw text of decoded byte i, and
 * map[len] the offset just past the last raw byte. */
typedef struct scratch {
    char *data;
    size_t *map;
    size_t len, cap;
} scratch;

struct rt_secrets_scanner {
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
    pcre2_match_data *match;
    regex builtin[RX_COUNT];
    custom_pattern *custom;
    size_t custom_count;
    allow_entry *allow;
    size_t allow_count;
    scratch dec;   /* percent-decoded URL parts and query values */
    scratch sec;   /* the secret being judged */
};

/* One scan: the text, where findings go, and caches that keep lookups linear. */
typedef struct scan {
    rt_secrets_scanner *sc;
    const char *t;
    size_t n;
    rt_secret_list *out;
    size_t base;          /* first item of out this scan appended */
    bool value_mode;      /* scanning one configuration value */
    int status;           /* RT_OK or RT_ENOMEM */
    /* Caches of "the first X at or after from" (pos is n when there is none), so that
     * a line of many URLs or assignments is still read once. */
    struct lookup { size_t from, pos; } at, stop, sep, kv_stop;
    size_t kv_done;       /* key = value triggers before this offset were read already */
} scan;

/* A candidate secret, before the allow-list. */
typedef struct candidate {
    rt_secret_detector detector;
    const char *id;            /* NULL: the detector's name */
    size_t start, end;         /* raw span in the scanned text */
    const char *secret;        /* decoded secret (what is judged, masked and hashed) */
    size_t len;
    size_t host_start, host_end;
    bool local;
    bool no_allow;             /* the allow-list must not apply (second raw `@`) */
} candidate;

/* scanner.c */
/* Built-in pattern `which` (enum builtin_regex), compiled on first use: most scans never
 * get past the pre-filter, and compiling (with JIT) every pattern cost each run more than
 * scanning a migration. NULL when it cannot be compiled (out of memory): no match. */
const regex *secrets_builtin(rt_secrets_scanner *sc, int which);

int secrets_match(rt_secrets_scanner *sc, const regex *rx, const char *subject, size_t len,
                  size_t start);
size_t secrets_ovector(rt_secrets_scanner *sc, unsigned group, size_t *end);
void secrets_emit(scan *s, const candidate *c);
bool scratch_reserve(scan *s, scratch *b, size_t n);

/* judge.c — whether a value is a secret, and the facts used to decide. */
/* For credentials: false when s is empty, a reference, a bind parameter, masked or a
 * placeholder. A whole `${VAR:-default}` is judged by its default, whose offset and length
 * within s are returned in *off and *len (else 0 and n). */
bool judge_credential(const char *s, size_t n, size_t *off, size_t *len);
/* The first occurrence of needle[0, nn) in h[0, n), or NULL (memmem without _GNU_SOURCE). */
const char *secrets_find(const char *h, size_t n, const char *needle, size_t nn);
bool judge_low_variety(const char *s, size_t n);
bool judge_generic_shape(const char *s, size_t n);
bool judge_known_example(const char *s, size_t n);

enum key_class { KEY_PLAIN = 0, KEY_SECRET = 1, KEY_AWS_SECRET = 2 };
int judge_key(const char *key, size_t n);

/* url.c: t[colon..colon+3) is "://". Returns where scanning may resume. */
size_t secrets_url(scan *s, size_t colon);
/* Percent-decodes raw[0, n) (at text offset `at`) into b with its offset map. plus: `+`
 * is a space (query strings); undouble: `%%` is one `%` (text written for configparser). */
bool secrets_decode(scan *s, scratch *b, const char *raw, size_t n, size_t at, bool plus,
                    bool undouble);

/* kv.c: t[i] is '=' or ':' (key = value); t[q] is a quote (SQL literal). */
void secrets_kv(scan *s, size_t i);
void secrets_value_key(scan *s, const char *key);
void secrets_sql(scan *s, size_t q);
void secrets_kv_value(scan *s, int key_class, size_t start, size_t end);

/* tokens.c: t[i] is the byte that triggered; returns where scanning may resume. */
size_t secrets_token_dash(scan *s, size_t i);
size_t secrets_token_underscore(scan *s, size_t i);
size_t secrets_token_jwt(scan *s, size_t i);
size_t secrets_token_aws(scan *s, size_t i);
void secrets_token_webhook(scan *s, size_t after_scheme);
void secrets_custom(scan *s);

#endif
