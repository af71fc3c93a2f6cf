/* Tokens with a recognisable shape: private keys, cloud and chat tokens, JWTs, and the
 * configured custom patterns. Each returns where scanning may resume, past what it read,
 * so that no byte is examined by the same detector twice (linear time). */
#include <string.h>

#include "secrets/internal.h"

static bool alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool b64url(char c)
{
    return alnum(c) || c == '_' || c == '-';
}

static bool b64(char c)
{
    return alnum(c) || c == '+' || c == '/' || c == '=';
}

static bool in_set(char c, const char *set)
{
    return c != '\0' && strchr(set, c) != NULL;
}

static bool starts_word(const scan *s, size_t start)
{
    return start == 0 || !(alnum(s->t[start - 1]) || s->t[start - 1] == '_');
}

static void emit_token(scan *s, rt_secret_detector det, size_t start, size_t end)
{
    candidate c = {
        .detector = det, .start = start, .end = end, .secret = s->t + start, .len = end - start,
    };
    secrets_emit(s, &c);
}

/* Matches rx anchored at start; `more` is the set of bytes that may not follow the
 * token (it would be part of a longer run). Group 1 is the random part. */
static size_t shaped_token(scan *s, int rx, rt_secret_detector det, size_t start,
                           size_t trigger, bool (*more)(char))
{
    if (secrets_match(s->sc, secrets_builtin(s->sc, rx), s->t, s->n, start) <= 0)
        return trigger + 1;
    size_t end, gend;
    secrets_ovector(s->sc, 0, &end);
    size_t g = secrets_ovector(s->sc, 1, &gend);
    if (end < s->n && more(s->t[end]))
        return end;
    if (g != PCRE2_UNSET && judge_low_variety(s->t + g, gend - g))
        return end;
    if (judge_known_example(s->t + start, end - start))
        return end;
    emit_token(s, det, start, end);
    return end;
}

static bool more_github(char c)
{
    return alnum(c) || c == '_';
}

static bool more_gitlab(char c)
{
    return b64url(c);
}

static bool more_slack(char c)
{
    return alnum(c) || c == '-';
}

/* A line of the PEM/PGP armor header ("Proc-Type: 4,ENCRYPTED", "Version: ..."): sets
 * *p past it. */
static bool armor_header_line(const char *t, size_t lim, size_t *p)
{
    size_t i = *p;
    bool colon = false;
    while (i < lim && i - *p < 128 && t[i] != '\n' && !(t[i] == '\\' && i + 1 < lim && t[i + 1] == 'n')) {
        colon |= t[i] == ':' && i + 1 < lim && t[i + 1] == ' ';
        i++;
    }
    if (!colon)
        return false;
    *p = i;
    return true;
}

/* The base64 body after a private key header: real newlines, `\n` escapes and string
 * quotes between its lines are skipped; at least 64 base64 characters, one line of 40. */
static size_t private_key(scan *s, size_t i)
{
    const char *t = s->t;
    if (secrets_match(s->sc, secrets_builtin(s->sc, RX_PEM_HEADER), t, s->n, i) <= 0)
        return i + 1;
    size_t p;
    secrets_ovector(s->sc, 0, &p);
    size_t lim = s->n - p > SECRETS_PEM_BODY_MAX ? p + SECRETS_PEM_BODY_MAX : s->n;
    scratch *sec = &s->sc->sec;
    if (!scratch_reserve(s, sec, lim - p))
        return p;
    size_t k = 0, first = p, last = p, line = 0, longest = 0;
    while (p < lim) {
        char c = t[p];
        if (in_set(c, " \t\r\n\"'")) {
            line = 0;
            p++;
        } else if (c == '\\' && p + 1 < lim && (t[p + 1] == 'n' || t[p + 1] == 'r')) {
            line = 0;
            p += 2;
        } else if (k == 0 && armor_header_line(t, lim, &p)) {
            continue;
        } else if (b64(c)) {
            first = k == 0 ? p : first;
            sec->data[k++] = c;
            longest = ++line > longest ? line : longest;
            last = ++p;
        } else {
            break;
        }
    }
    /* Prose after a header has no 40-character words; key bodies have 64-character lines. */
    if (k < 64 || longest < 40 || judge_low_variety(sec->data, k))
        return last > i ? last : i + 1;
    candidate c = {
        .detector = RT_SECRET_PRIVATE_KEY, .start = first, .end = last, .secret = sec->data, .len = k,
    };
    secrets_emit(s, &c);
    return last;
}

size_t secrets_token_dash(scan *s, size_t i)
{
    const char *t = s->t;
    if (s->n - i >= 10 && memcmp(t + i, "-----BEGIN", 10) == 0)
        return private_key(s, i);
    if (i >= 5 && memcmp(t + i - 5, "glpat", 5) == 0 && starts_word(s, i - 5))
        return shaped_token(s, RX_GITLAB, RT_SECRET_GITLAB_TOKEN, i - 5, i, more_gitlab);
    if (i >= 4 && memcmp(t + i - 4, "xox", 3) == 0 && in_set(t[i - 1], "abprs") && starts_word(s, i - 4))
        return shaped_token(s, RX_SLACK, RT_SECRET_SLACK_TOKEN, i - 4, i, more_slack);
    return i + 1;
}

size_t secrets_token_underscore(scan *s, size_t i)
{
    const char *t = s->t;
    if (i >= 3 && t[i - 3] == 'g' && t[i - 2] == 'h' && in_set(t[i - 1], "pousr") && starts_word(s, i - 3))
        return shaped_token(s, RX_GITHUB, RT_SECRET_GITHUB_TOKEN, i - 3, i, more_github);
    if (i >= 10 && memcmp(t + i - 10, "github_pat", 10) == 0 && starts_word(s, i - 10))
        return shaped_token(s, RX_GITHUB_PAT, RT_SECRET_GITHUB_TOKEN, i - 10, i, more_github);
    return i + 1;
}

size_t secrets_token_aws(scan *s, size_t i)
{
    const char *t = s->t;
    if (i >= 1 && i + 2 < s->n && t[i - 1] == 'A' && t[i + 1] == 'I' && t[i + 2] == 'A' &&
        starts_word(s, i - 1))
        return shaped_token(s, RX_AWS_ID, RT_SECRET_AWS_ACCESS_KEY_ID, i - 1, i, alnum);
    return i + 1;
}

void secrets_token_webhook(scan *s, size_t a)
{
    static const char host[] = "hooks.slack.com/services/";
    if (s->n - a < sizeof host - 1 || memcmp(s->t + a, host, sizeof host - 1) != 0)
        return;
    if (secrets_match(s->sc, secrets_builtin(s->sc, RX_SLACK_WEBHOOK), s->t, s->n, a) <= 0)
        return;
    size_t end, gend, kend;
    secrets_ovector(s->sc, 0, &end);
    size_t g = secrets_ovector(s->sc, 1, &gend);
    size_t k = secrets_ovector(s->sc, 2, &kend);
    if ((end < s->n && alnum(s->t[end])) || judge_low_variety(s->t + k, kend - k))
        return;
    emit_token(s, RT_SECRET_SLACK_WEBHOOK, g, gend);
}

/* Whether the base64url text decodes to a JSON object naming "alg". */
static bool jwt_header(const char *p, size_t n)
{
    char out[1024];
    size_t k = 0;
    unsigned acc = 0, bits = 0;
    for (size_t i = 0; i < n && k < sizeof out; i++) {
        char c = p[i];
        unsigned v = c >= 'A' && c <= 'Z'   ? (unsigned)(c - 'A')
                     : c >= 'a' && c <= 'z' ? (unsigned)(c - 'a' + 26)
                     : c >= '0' && c <= '9' ? (unsigned)(c - '0' + 52)
                     : c == '-'             ? 62u
                                            : 63u;
        acc = (acc << 6 | v) & 0xffffu;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[k++] = (char)((acc >> bits) & 0xff);
        }
    }
    return k > 0 && out[0] == '{' && secrets_find(out, k, "\"alg\"", 5) != NULL;
}

static size_t run(const scan *s, size_t p)
{
    while (p < s->n && b64url(s->t[p]))
        p++;
    return p;
}

size_t secrets_token_jwt(scan *s, size_t i)
{
    const char *t = s->t;
    if (i < 2 || t[i - 2] != 'e' || t[i - 1] != 'y' || (i > 2 && b64url(t[i - 3])))
        return i + 1;
    size_t a = i - 2, h = run(s, a);
    if (h >= s->n || t[h] != '.' || h - a < 12)
        return h > i ? h : i + 1;
    size_t p2 = run(s, h + 1);
    if (p2 >= s->n || t[p2] != '.' || p2 - h - 1 < 2)
        return p2;
    size_t sig = p2 + 1, end = run(s, sig);
    if (end - sig < 8 || (end < s->n && t[end] == '.'))
        return end;
    if (!jwt_header(t + a, h - a) || judge_known_example(t + sig, end - sig) ||
        judge_low_variety(t + sig, end - sig))
        return end;
    emit_token(s, RT_SECRET_JWT, a, end);
    return end;
}

void secrets_custom(scan *s)
{
    for (size_t i = 0; i < s->sc->custom_count && s->status == RT_OK; i++) {
        const custom_pattern *c = &s->sc->custom[i];
        size_t start = 0;
        while (start <= s->n && s->status == RT_OK) {
            /* No match, or a limit hit: this pattern is done with this text. */
            if (secrets_match(s->sc, &c->rx, s->t, s->n, start) < 0)
                break;
            size_t me, ms = secrets_ovector(s->sc, 0, &me);
            size_t ge = me, gs = ms;
            if (c->groups >= 1) {
                size_t e1, s1 = secrets_ovector(s->sc, 1, &e1);
                if (s1 != PCRE2_UNSET) {
                    gs = s1;
                    ge = e1;
                }
            }
            if (ge > gs) {
                candidate cand = {
                    .detector = RT_SECRET_CUSTOM, .id = c->id, .start = gs, .end = ge,
                    .secret = s->t + gs, .len = ge - gs,
                };
                secrets_emit(s, &cand);
            }
            start = me > ms ? me : ms + 1;
        }
    }
}
