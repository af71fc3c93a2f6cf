/* The secrets scanner: compiled patterns, the allow-list, the pre-filter loop, and
 * turning candidates into masked, hashed findings. */
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

#include "secrets/internal.h"

static const struct {
    const char *name;
    rt_secret_kind kind;
    int priority; /* on overlapping spans the lower number wins */
} detectors[RT_SECRET_DETECTOR_COUNT] = {
    [RT_SECRET_CREDENTIALS_URL] = {"credentials-url", RT_SECRET_CREDENTIAL, 2},
    [RT_SECRET_CREDENTIALS_QUERY] = {"credentials-query", RT_SECRET_CREDENTIAL, 2},
    [RT_SECRET_CREDENTIALS_ODBC] = {"credentials-odbc", RT_SECRET_CREDENTIAL, 2},
    [RT_SECRET_CREDENTIALS_SQL] = {"credentials-sql", RT_SECRET_CREDENTIAL, 2},
    [RT_SECRET_PRIVATE_KEY] = {"private-key", RT_SECRET_TOKEN, 0},
    [RT_SECRET_AWS_ACCESS_KEY_ID] = {"aws-access-key-id", RT_SECRET_TOKEN, 1},
    [RT_SECRET_AWS_SECRET_KEY] = {"aws-secret-key", RT_SECRET_TOKEN, 3},
    [RT_SECRET_GITHUB_TOKEN] = {"github-token", RT_SECRET_TOKEN, 1},
    [RT_SECRET_GITLAB_TOKEN] = {"gitlab-token", RT_SECRET_TOKEN, 1},
    [RT_SECRET_SLACK_TOKEN] = {"slack-token", RT_SECRET_TOKEN, 1},
    [RT_SECRET_SLACK_WEBHOOK] = {"slack-webhook", RT_SECRET_TOKEN, 1},
    [RT_SECRET_JWT] = {"jwt", RT_SECRET_TOKEN, 1},
    [RT_SECRET_GENERIC_HIGH_ENTROPY] = {"generic-high-entropy", RT_SECRET_CREDENTIAL, 4},
    [RT_SECRET_CUSTOM] = {"custom", RT_SECRET_TOKEN, 1},
};

/* Anchored patterns, each starting with a literal. Quantifiers are bounded or
 * possessive so that a failed match cannot backtrack far; word boundaries after a
 * token are checked by the callers. */
static const char *const builtin_patterns[RX_COUNT] = {
    [RX_PEM_HEADER] = "-----BEGIN (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?-----",
    [RX_AWS_ID] = "A(?:KIA|SIA)([A-Z2-7]{16})",
    [RX_GITHUB] = "gh[pousr]_([A-Za-z0-9]{36,251}+)",
    [RX_GITHUB_PAT] = "github_pat_([A-Za-z0-9]{22}_[A-Za-z0-9]{59})",
    [RX_GITLAB] = "glpat-([A-Za-z0-9_-]{20,300}+)",
    [RX_SLACK] = "xox[abprs]-(?:[0-9]{1,20}+-){1,3}+([A-Za-z0-9]{16,64}+)",
    [RX_SLACK_WEBHOOK] =
        "hooks\\.slack\\.com/services/(T[A-Z0-9]{8,12}+/B[A-Z0-9]{8,12}+/([A-Za-z0-9]{24}))",
    /* Matched against the statement text just before a quoted literal. */
    [RX_SQL_CONTEXT] =
        "(?:\\b(?:create|alter)\\s+(?:role|user|group|login)\\b[^;]*?"
        "(?<![\\w])(?:(?:un)?encrypted\\s+)?(?:old_)?password\\s*=?"
        "|\\A\\s*set\\s+password\\b[^;]*?=\\s*(?:password\\s*\\()?"
        "|\\bidentified\\s+(?:with\\s+[\\w'\"]{1,64}\\s+)?by(?:\\s+password)?"
        ")\\s*n?\\z",
};

const char *rt_secrets_detector_name(rt_secret_detector detector)
{
    return detector < RT_SECRET_DETECTOR_COUNT ? detectors[detector].name : "unknown";
}

rt_secret_kind rt_secrets_detector_kind(rt_secret_detector detector)
{
    return detector < RT_SECRET_DETECTOR_COUNT ? detectors[detector].kind : RT_SECRET_TOKEN;
}

void rt_secrets_list_init(rt_secret_list *list)
{
    list->items = NULL;
    list->count = list->cap = 0;
}

void rt_secrets_list_clear(rt_secret_list *list)
{
    list->count = 0;
}

void rt_secrets_list_free(rt_secret_list *list)
{
    if (!list)
        return;
    free(list->items);
    rt_secrets_list_init(list);
}

/* False when the environment variable RETORT_NO_JIT is "1": patterns are then not
 * JIT-compiled and every match runs in PCRE2's interpreter, with the same results and
 * limits. For valgrind, which cannot tell the JIT's generated code from a use of
 * uninitialised memory (scripts/valgrind.sh sets it). */
static bool jit_enabled(void)
{
    const char *off = getenv("RETORT_NO_JIT");
    return !off || strcmp(off, "1") != 0;
}

/* Compiles pattern (len bytes, or PCRE2_ZERO_TERMINATED) with JIT when available and
 * enabled (see jit_enabled). On failure fills msg/offset and returns false. */
static bool compile(regex *rx, const char *pattern, size_t len, uint32_t options,
                    char *msg, size_t msgcap, size_t *offset)
{
    int code = 0;
    PCRE2_SIZE erroff = 0;
    rx->code = pcre2_compile((PCRE2_SPTR)pattern, len, options, &code, &erroff, NULL);
    if (!rx->code) {
        pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, msgcap);
        *offset = erroff;
        return false;
    }
    rx->jit = jit_enabled() && pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE) == 0;
    return true;
}

static void regex_free(regex *rx)
{
    pcre2_code_free(rx->code);
    rx->code = NULL;
}

int rt_secrets_check_regex(const rt_config_str *regex_str, const char *path, rt_error *err)
{
    regex rx = {0};
    char msg[256];
    size_t off = 0;
    if (!compile(&rx, regex_str->value, PCRE2_ZERO_TERMINATED, 0, msg, sizeof msg, &off))
        return rt_error_set(err, RT_ECONFIG, path, regex_str->line,
                            regex_str->column ? regex_str->column + (unsigned)off : 0,
                            "invalid secrets pattern: %s (at offset %zu)", msg, off);
    regex_free(&rx);
    return RT_OK;
}

static int add_custom(rt_secrets_scanner *sc, const rt_config_pattern *p, const char *path,
                      rt_error *err)
{
    custom_pattern *c = &sc->custom[sc->custom_count];
    char msg[256];
    size_t off = 0;
    if (!compile(&c->rx, p->regex.value, PCRE2_ZERO_TERMINATED, 0, msg, sizeof msg, &off))
        return rt_error_set(err, RT_ECONFIG, path, p->regex.line,
                            p->regex.column ? p->regex.column + (unsigned)off : 0,
                            "invalid pattern for secret '%s': %s (at offset %zu)",
                            p->id.value, msg, off);
    sc->custom_count++;
    pcre2_pattern_info(c->rx.code, PCRE2_INFO_CAPTURECOUNT, &c->groups);
    size_t idlen = strlen(p->id.value);
    c->id = malloc(idlen + sizeof "custom:");
    if (!c->id)
        return rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory");
    memcpy(c->id, "custom:", 7);
    memcpy(c->id + 7, p->id.value, idlen + 1);
    return RT_OK;
}

static int add_allow(rt_secrets_scanner *sc, const rt_config_str *a, const char *path,
                     rt_error *err)
{
    allow_entry *e = &sc->allow[sc->allow_count];
    const char *v = a->value;
    if (strncmp(v, "re:", 3) == 0) {
        char msg[256];
        size_t off = 0;
        if (!compile(&e->rx, v + 3, PCRE2_ZERO_TERMINATED, PCRE2_ANCHORED | PCRE2_ENDANCHORED,
                     msg, sizeof msg, &off))
            return rt_error_set(err, RT_ECONFIG, path, a->line,
                                a->column ? a->column + 3 + (unsigned)off : 0,
                                "invalid secrets allow pattern: %s (at offset %zu)", msg, off);
        sc->allow_count++;
        return RT_OK;
    }
    e->len = strlen(v);
    e->value = malloc(e->len + 1);
    if (!e->value)
        return rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory");
    memcpy(e->value, v, e->len + 1);
    sc->allow_count++;
    return RT_OK;
}

static int setup_matching(rt_secrets_scanner *sc, rt_error *err)
{
    sc->mctx = pcre2_match_context_create(NULL);
    sc->match = pcre2_match_data_create(16, NULL);
    if (!sc->mctx || !sc->match)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    pcre2_set_match_limit(sc->mctx, SECRETS_MATCH_LIMIT);
    pcre2_set_depth_limit(sc->mctx, SECRETS_DEPTH_LIMIT);
    pcre2_set_heap_limit(sc->mctx, SECRETS_HEAP_LIMIT);
    sc->jit_stack = pcre2_jit_stack_create(32 * 1024, SECRETS_JIT_STACK_MAX, NULL);
    if (sc->jit_stack)
        pcre2_jit_stack_assign(sc->mctx, NULL, sc->jit_stack);
    return RT_OK;
}

const regex *secrets_builtin(rt_secrets_scanner *sc, int which)
{
    regex *rx = &sc->builtin[which];
    if (!rx->code && !rx->failed) {
        char msg[256];
        size_t off = 0;
        /* Tokens are matched where the pre-filter saw their literal; the SQL context is
         * searched in the statement before a literal. */
        uint32_t opt = which == RX_SQL_CONTEXT ? PCRE2_CASELESS : PCRE2_ANCHORED;
        rx->failed = !compile(rx, builtin_patterns[which], PCRE2_ZERO_TERMINATED, opt, msg,
                              sizeof msg, &off);
    }
    return rx->code ? rx : NULL;
}

int rt_secrets_scanner_new(rt_secrets_scanner **out, const rt_secrets_config *cfg,
                           rt_error *err)
{
    int rc = RT_OK;
    *out = NULL;
    rt_secrets_scanner *sc = calloc(1, sizeof *sc);
    if (!sc)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    if ((rc = setup_matching(sc, err)) != RT_OK)
        goto cleanup;
    size_t np = cfg ? cfg->pattern_count : 0, na = cfg ? cfg->allow_count : 0;
    const char *path = cfg ? cfg->path : NULL;
    sc->custom = calloc(np ? np : 1, sizeof *sc->custom);
    sc->allow = calloc(na ? na : 1, sizeof *sc->allow);
    if (!sc->custom || !sc->allow) {
        rc = rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < np && rc == RT_OK; i++)
        rc = add_custom(sc, &cfg->patterns[i], path, err);
    for (size_t i = 0; i < na && rc == RT_OK; i++)
        rc = add_allow(sc, &cfg->allow[i], path, err);
cleanup:
    if (rc != RT_OK) {
        rt_secrets_scanner_free(sc);
        return rc;
    }
    *out = sc;
    return RT_OK;
}

void rt_secrets_scanner_free(rt_secrets_scanner *sc)
{
    if (!sc)
        return;
    for (int i = 0; i < RX_COUNT; i++)
        regex_free(&sc->builtin[i]);
    for (size_t i = 0; sc->custom && i < sc->custom_count; i++) {
        regex_free(&sc->custom[i].rx);
        free(sc->custom[i].id);
    }
    for (size_t i = 0; sc->allow && i < sc->allow_count; i++) {
        regex_free(&sc->allow[i].rx);
        free(sc->allow[i].value);
    }
    free(sc->custom);
    free(sc->allow);
    free(sc->dec.data);
    free(sc->dec.map);
    free(sc->sec.data);
    free(sc->sec.map);
    pcre2_match_data_free(sc->match);
    pcre2_jit_stack_free(sc->jit_stack);
    pcre2_match_context_free(sc->mctx);
    free(sc);
}

/* Runs rx on subject[0, len) from start. Returns the PCRE2 result: > 0 on a match (read
 * the groups with secrets_ovector), PCRE2_ERROR_NOMATCH, or another negative error
 * (such as a hit match limit), which callers treat as no match. */
int secrets_match(rt_secrets_scanner *sc, const regex *rx, const char *subject, size_t len,
                  size_t start)
{
    if (!rx)
        return PCRE2_ERROR_NOMATCH;
    if (rx->jit)
        return pcre2_jit_match(rx->code, (PCRE2_SPTR)subject, len, start, 0, sc->match, sc->mctx);
    return pcre2_match(rx->code, (PCRE2_SPTR)subject, len, start, 0, sc->match, sc->mctx);
}

/* Start of group (0 = the whole match) of the last match, end in *end; PCRE2_UNSET
 * (SIZE_MAX) when the group did not take part. */
size_t secrets_ovector(rt_secrets_scanner *sc, unsigned group, size_t *end)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->match);
    *end = ov[2 * group + 1];
    return ov[2 * group];
}

bool scratch_reserve(scan *s, scratch *b, size_t n)
{
    if (n + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < n + 1)
        cap *= 2;
    char *d = realloc(b->data, cap);
    if (d)
        b->data = d;
    size_t *m = d ? realloc(b->map, cap * sizeof *m) : NULL;
    if (m)
        b->map = m;
    if (!d || !m) {
        s->status = RT_ENOMEM;
        return false;
    }
    b->cap = cap;
    return true;
}

static bool allowed(rt_secrets_scanner *sc, const char *secret, size_t len)
{
    for (size_t i = 0; i < sc->allow_count; i++) {
        const allow_entry *e = &sc->allow[i];
        if (e->rx.code) {
            if (secrets_match(sc, &e->rx, secret, len, 0) > 0)
                return true;
        } else if (e->len == len && memcmp(e->value, secret, len) == 0) {
            return true;
        }
    }
    return false;
}

static bool printable(char c)
{
    return c > ' ' && c < 0x7f;
}

static void mask(char out[RT_SECRETS_MASK_SIZE], const char *s, size_t n)
{
    if (n < RT_SECRETS_MASK_MIN_SHOWN) {
        memcpy(out, "****", 5);
        return;
    }
    const char ends[4] = {s[0], s[1], s[n - 2], s[n - 1]};
    size_t k = 0;
    for (int i = 0; i < 4; i++) {
        if (i == 2) {
            memcpy(out + k, "****", 4);
            k += 4;
        }
        out[k++] = printable(ends[i]) ? ends[i] : '*';
    }
    out[k] = '\0';
}

static void sha256_hex(char out[RT_SECRETS_SHA256_HEX + 1], const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char digest[SHA256_DIGEST_SIZE];
    struct sha256_ctx md;
    sha256_init(&md);
    sha256_update(&md, n, (const uint8_t *)s);
    sha256_digest(&md, sizeof digest, digest);
    for (unsigned i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[RT_SECRETS_SHA256_HEX] = '\0';
}

void secrets_emit(scan *s, const candidate *c)
{
    if (s->status != RT_OK || c->len == 0)
        return;
    if (!c->no_allow && allowed(s->sc, c->secret, c->len))
        return;
    rt_secret_list *l = s->out;
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        rt_secret *items = realloc(l->items, cap * sizeof *items);
        if (!items) {
            s->status = RT_ENOMEM;
            return;
        }
        l->items = items;
        l->cap = cap;
    }
    rt_secret *f = &l->items[l->count++];
    f->detector = c->detector;
    f->id = c->id ? c->id : detectors[c->detector].name;
    f->kind = detectors[c->detector].kind;
    f->start = c->start;
    f->end = c->end;
    f->host_start = c->host_start;
    f->host_end = c->host_end;
    f->local = c->local;
    mask(f->masked, c->secret, c->len);
    sha256_hex(f->sha256, c->secret, c->len);
}

#define PRIORITY_LEVELS 5

static int by_start(const void *pa, const void *pb)
{
    const rt_secret *a = pa, *b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end < b->end ? -1 : 1;
    int pa_ = detectors[a->detector].priority, pb_ = detectors[b->detector].priority;
    if (pa_ != pb_)
        return pa_ - pb_;
    return strcmp(a->id, b->id);
}

/* Orders this scan's findings by start and drops those that overlap a finding of a more
 * specific detector (a lower priority number), and exact duplicates. Two sweeps keep it
 * O(n log n): forward, the furthest end seen per priority; backward, the nearest start. */
static void settle(scan *s)
{
    rt_secret_list *l = s->out;
    size_t n = l->count - s->base;
    if (n == 0)
        return; /* items may be NULL: no pointer arithmetic on it */
    rt_secret *v = l->items + s->base;
    qsort(v, n, sizeof *v, by_start);
    bool *drop = calloc(n, sizeof *drop);
    if (!drop) {
        s->status = RT_ENOMEM;
        return;
    }
    size_t far[PRIORITY_LEVELS] = {0}, near[PRIORITY_LEVELS];
    for (int q = 0; q < PRIORITY_LEVELS; q++)
        near[q] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        int p = detectors[v[i].detector].priority;
        for (int q = 0; q < p; q++)
            drop[i] |= far[q] > v[i].start;
        drop[i] |= i > 0 && by_start(&v[i - 1], &v[i]) == 0;
        far[p] = v[i].end > far[p] ? v[i].end : far[p];
    }
    for (size_t i = n; i-- > 0;) {
        int p = detectors[v[i].detector].priority;
        for (int q = 0; q < p; q++)
            drop[i] |= near[q] < v[i].end;
        near[p] = v[i].start < near[p] ? v[i].start : near[p];
    }
    size_t keep = 0;
    for (size_t i = 0; i < n; i++)
        if (!drop[i])
            v[keep++] = v[i];
    l->count = s->base + keep;
    free(drop);
}

/* Bytes that can start or end something a detector looks at. */
static const unsigned char trigger[256] = {
    [':'] = 1, ['='] = 1, ['-'] = 2, ['_'] = 3, ['J'] = 4, ['K'] = 5, ['S'] = 5,
    ['\''] = 6, ['"'] = 6,
};

static void scan_loop(scan *s)
{
    const unsigned char *t = (const unsigned char *)s->t;
    size_t n = s->n;
    size_t i = 0;
    while (i < n && s->status == RT_OK) {
        while (i < n && !trigger[t[i]])
            i++;
        if (i >= n)
            break;
        size_t next = i + 1;
        switch (trigger[t[i]]) {
        case 1:
            if (t[i] == ':' && i + 2 < n && t[i + 1] == '/' && t[i + 2] == '/')
                next = secrets_url(s, i);
            else
                secrets_kv(s, i);
            break;
        case 2:
            next = secrets_token_dash(s, i);
            break;
        case 3:
            next = secrets_token_underscore(s, i);
            break;
        case 4:
            next = secrets_token_jwt(s, i);
            break;
        case 5:
            next = secrets_token_aws(s, i);
            break;
        default:
            secrets_sql(s, i);
            break;
        }
        i = next > i ? next : i + 1;
    }
}

static void scan_init(scan *s, rt_secrets_scanner *sc, const char *t, size_t n,
                      rt_secret_list *out, bool value_mode)
{
    memset(s, 0, sizeof *s);
    s->sc = sc;
    s->t = t;
    s->n = n;
    s->out = out;
    s->base = out->count;
    s->value_mode = value_mode;
    s->status = RT_OK;
    s->at.from = s->stop.from = s->sep.from = s->kv_stop.from = SIZE_MAX;
}

static int scan_finish(scan *s, rt_error *err)
{
    if (s->status == RT_OK)
        settle(s);
    if (s->status != RT_OK)
        return rt_error_set(err, s->status, NULL, 0, 0, "out of memory while scanning for secrets");
    return RT_OK;
}

int rt_secrets_scan_text(rt_secrets_scanner *sc, const char *text, size_t len,
                         rt_secret_list *out, rt_error *err)
{
    scan s;
    scan_init(&s, sc, text, len, out, false);
    scan_loop(&s);
    secrets_custom(&s);
    return scan_finish(&s, err);
}

int rt_secrets_scan_value(rt_secrets_scanner *sc, const char *key, const char *value,
                          size_t len, rt_secret_list *out, rt_error *err)
{
    scan s;
    scan_init(&s, sc, value, len, out, true);
    scan_loop(&s);
    if (key)
        secrets_value_key(&s, key);
    secrets_custom(&s);
    return scan_finish(&s, err);
}
