/* Judging candidate values: references, placeholders, masks, entropy, keys, hosts. */
#include <math.h>
#include <string.h>

#include "secrets/internal.h"

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_ident(char c)
{
    return is_alpha(c) || is_digit(c) || c == '_';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool ieq(const char *s, size_t n, const char *word)
{
    size_t wn = strlen(word);
    if (n != wn)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(s[i]) != word[i])
            return false;
    return true;
}

static bool icontains(const char *s, size_t n, const char *word)
{
    size_t wn = strlen(word);
    for (size_t i = 0; i + wn <= n; i++) {
        size_t k = 0;
        while (k < wn && lower(s[i + k]) == word[k])
            k++;
        if (k == wn)
            return true;
    }
    return false;
}

static bool all_ident(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_ident(s[i]))
            return false;
    return n > 0;
}

const char *secrets_find(const char *h, size_t n, const char *needle, size_t nn)
{
    if (nn == 0 || nn > n)
        return nn == 0 ? h : NULL;
    const char *p = h, *end = h + n - nn + 1;
    while (p < end && (p = memchr(p, needle[0], (size_t)(end - p))) != NULL) {
        if (memcmp(p, needle, nn) == 0)
            return p;
        p++;
    }
    return NULL;
}

double rt_secrets_entropy(const char *s, size_t len)
{
    if (len == 0)
        return 0.0;
    size_t count[256] = {0};
    for (size_t i = 0; i < len; i++)
        count[(unsigned char)s[i]]++;
    double h = 0.0;
    for (int c = 0; c < 256; c++) {
        if (!count[c])
            continue;
        double p = (double)count[c] / (double)len;
        h -= p * log2(p);
    }
    return h;
}

/* `${NAME}`, `${NAME:-default}` and friends: returns 1 for a plain reference, 2 when a
 * default was found (its span in *off and *len), 0 when s is not one whole `${...}`. */
static int env_braced(const char *s, size_t n, size_t *off, size_t *len)
{
    if (n < 3 || s[0] != '$' || s[1] != '{' || s[n - 1] != '}')
        return 0;
    size_t i = 2;
    while (i < n - 1 && is_ident(s[i]))
        i++;
    if (i == 2)
        return 0;
    if (i == n - 1)
        return 1;
    size_t d = i;
    if (s[d] == ':')
        d++;
    if (d >= n - 1 || (s[d] != '-' && s[d] != '='))
        return 1; /* ${VAR:?message}, ${VAR#pattern} ...: no literal default */
    *off = d + 1;
    *len = n - 1 - (d + 1);
    return 2;
}

/* The whole value is one reference, hole or bind parameter. */
static bool whole_reference(const char *s, size_t n)
{
    if (s[0] == '$' && n >= 2) {
        if (s[1] == '(' && s[n - 1] == ')')
            return true;                          /* $(command) */
        return all_ident(s + 1, n - 1);           /* $VAR, $1 */
    }
    if ((s[0] == ':' || s[0] == '@') && n >= 2 && all_ident(s + 1, n - 1))
        return true;                              /* :name, @name bind parameters */
    if (s[0] == '%' && n >= 3 && s[n - 1] == '%' && all_ident(s + 1, n - 2))
        return true;                              /* %VAR% */
    if (n == 2 && s[0] == '%' && strchr("sdr", s[1]))
        return true;                              /* %s */
    if (n == 1 && s[0] == '?')
        return true;
    if ((s[0] == '<' && s[n - 1] == '>') || (s[0] == '[' && s[n - 1] == ']'))
        return true;                              /* <password>, [password] */
    if (n >= 4 && memcmp(s, "ENC[", 4) == 0)
        return true;                              /* sops */
    if (n >= 6 && memcmp(s, "!vault", 6) == 0)
        return true;                              /* ansible vault */
    return false;
}

/* A template hole anywhere: %(name)s, {{ x }}, ${...}, {name}, {} or {0}, <name>. */
static bool has_hole(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] == '%' && s[i + 1] == '(') {
            const char *close = memchr(s + i, ')', n - i);
            if (close && (size_t)(close - s) + 1 < n)
                return true;
        }
        if ((s[i] == '{' && s[i + 1] == '{') || (s[i] == '$' && s[i + 1] == '{'))
            return true;
        if (s[i] == '<' && is_alpha(s[i + 1])) {
            size_t j = i + 1;
            while (j < n && j - i <= 64 && (is_ident(s[j]) || s[j] == ' ' || s[j] == '-'))
                j++;
            if (j < n && s[j] == '>')
                return true;
        }
        if (s[i] == '{') {
            size_t j = i + 1;
            while (j < n && j - i <= 64 && (is_ident(s[j]) || s[j] == '.' || s[j] == '[' ||
                                            s[j] == ']' || s[j] == '!' || s[j] == ':'))
                j++;
            if (j < n && s[j] == '}' && (j == i + 1 || is_ident(s[i + 1])))
                return true;
        }
    }
    return false;
}

static bool is_masked(const char *s, size_t n)
{
    if (n >= 3 && secrets_find(s, n, "***", 3))
        return true;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '*' || c == 'x' || c == 'X' || c == '#' || c == '.')
            continue;
        /* U+2022 bullet and U+2026 ellipsis */
        if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0xa2 || (unsigned char)s[i + 2] == 0xa6)) {
            i += 2;
            continue;
        }
        return false;
    }
    return true;
}

/* Words that stand for "put the password here", compared whole and case-insensitively. */
static const char *const placeholder_words[] = {
    "password", "passwd", "pass", "pwd", "passphrase", "secret", "changeit", "dummy",
    "redacted", "none", "null", "nil", "undefined", "todo", "tbd", "fixme", "replaceme",
    "replace_me", "mypassword", "my_password", "my-password", "dbpassword", "db_password",
    "dbpass", "db_pass", "secretkey", "secret_key", "apikey", "api_key", "token",
    "access_token", "auth_token", "mysecret", "my_secret", "username", "empty", "default",
    NULL,
};

/* Fragments that make any value a placeholder, case-insensitively. */
static const char *const placeholder_fragments[] = {
    "example", "placeholder", "changeme", "change_me", "change-me", "redacted", "dummy",
    NULL,
};

static bool is_placeholder(const char *s, size_t n)
{
    for (const char *const *w = placeholder_words; *w; w++)
        if (ieq(s, n, *w))
            return true;
    for (const char *const *w = placeholder_fragments; *w; w++)
        if (icontains(s, n, *w))
            return true;
    if (n >= 4 && ieq(s, 4, "your"))
        return true;
    if (n > 5 && (ieq(s + n - 5, 5, "_here") || ieq(s + n - 5, 5, "-here")))
        return true;
    return false;
}

bool judge_credential(const char *s, size_t n, size_t *off, size_t *len)
{
    *off = 0;
    *len = n;
    for (int depth = 0; depth < 4; depth++) {
        size_t doff = 0, dlen = 0;
        int env = env_braced(s + *off, *len, &doff, &dlen);
        if (env == 1)
            return false;
        if (env == 0)
            break;
        *off += doff;
        *len = dlen;
    }
    const char *v = s + *off;
    size_t vn = *len;
    if (vn == 0)
        return false;
    if (whole_reference(v, vn) || has_hole(v, vn) || is_masked(v, vn) || is_placeholder(v, vn))
        return false;
    return true;
}

/* One character repeated 6 times, an ascending or descending run of 6 ("123456",
 * "abcdef"), or fewer than 6 distinct bytes: typed by a person, not generated. */
bool judge_low_variety(const char *s, size_t n)
{
    bool seen[256] = {false};
    size_t distinct = 0, same = 1, up = 1, down = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!seen[c]) {
            seen[c] = true;
            distinct++;
        }
        if (i == 0)
            continue;
        unsigned char p = (unsigned char)s[i - 1];
        same = c == p ? same + 1 : 1;
        up = c == p + 1 ? up + 1 : 1;
        down = c + 1 == p ? down + 1 : 1;
        if (same >= 6 || up >= 6 || down >= 6)
            return true;
    }
    return distinct < 6;
}

/* Generic values must look generated: no white space, and a digit, or both cases without
 * the `.` and `/` of dotted names and paths. Names such as CONSTANT_NAME or
 * settings.db_password are references, not values. */
bool judge_generic_shape(const char *s, size_t n)
{
    bool digit = false, upper = false, low = false, dot_or_slash = false, ident_only = true;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            return false;
        digit |= is_digit(c);
        upper |= c >= 'A' && c <= 'Z';
        low |= c >= 'a' && c <= 'z';
        dot_or_slash |= c == '.' || c == '/';
        if (!is_ident(c) && c != '.')
            ident_only = false;
    }
    if (ident_only && !is_digit(s[0]) && (memchr(s, '_', n) || memchr(s, '.', n)))
        return false;
    return digit || (upper && low && !dot_or_slash);
}

/* Published example credentials: AWS documentation keys, the jwt.io sample signature. */
bool judge_known_example(const char *s, size_t n)
{
    return secrets_find(s, n, "EXAMPLE", 7) != NULL ||
           secrets_find(s, n, "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", 43) != NULL;
}

/* Splits key into lower-cased words (at non-alphanumerics and lower-to-upper changes). */
static size_t key_words(const char *key, size_t n, char words[][24], size_t max)
{
    size_t count = 0, len = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? key[i] : '\0';
        bool alnum = is_alpha(c) || is_digit(c);
        bool camel = alnum && i > 0 && c >= 'A' && c <= 'Z' && key[i - 1] >= 'a' &&
                     key[i - 1] <= 'z';
        if ((!alnum || camel) && len > 0) {
            words[count][len < 23 ? len : 23] = '\0';
            if (++count == max)
                return count;
            len = 0;
        }
        if (alnum && len < 23)
            words[count][len++] = lower(c);
    }
    return count;
}

static bool word_in(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(w, *list) == 0)
            return true;
    return false;
}

/* A cheap test that rules out most keys before they are split into words: does the key
 * hold "pas", "pwd", "secret", "token", "auth", "cred" or "key" in any case? */
static bool may_be_secret_key(const char *key, size_t n)
{
    static const char *const stems[] = {"pas", "pwd", "secret", "token", "auth", "cred", "key"};
    static const bool first[256] = {
        ['p'] = 1, ['s'] = 1, ['t'] = 1, ['a'] = 1, ['c'] = 1, ['k'] = 1,
        ['P'] = 1, ['S'] = 1, ['T'] = 1, ['A'] = 1, ['C'] = 1, ['K'] = 1,
    };
    for (size_t i = 0; i < n; i++) {
        if (!first[(unsigned char)key[i]])
            continue;
        char c = lower(key[i]);
        for (size_t k = 0; k < sizeof stems / sizeof *stems; k++) {
            const char *w = stems[k];
            if (c != w[0])
                continue;
            size_t j = 1;
            while (w[j] && i + j < n && lower(key[i + j]) == w[j])
                j++;
            if (!w[j])
                return true;
        }
    }
    return false;
}

int judge_key(const char *key, size_t n)
{
    if (!may_be_secret_key(key, n))
        return KEY_PLAIN;
    static const char *const single[] = {
        "password", "passwd", "pass", "pwd", "passphrase", "secret", "secrets", "token",
        "auth", "credential", "credentials", "apikey", NULL,
    };
    static const char *const pairs[][2] = {
        {"api", "key"}, {"access", "key"}, {"private", "key"}, {"secret", "key"},
        {"client", "secret"}, {"auth", "token"},
    };
    char words[16][24];
    size_t count = key_words(key, n, words, 16);
    bool secret = false, aws = false, access = false, has_secret = false;
    for (size_t i = 0; i < count; i++) {
        secret |= word_in(words[i], single);
        has_secret |= strcmp(words[i], "secret") == 0;
        aws |= strcmp(words[i], "aws") == 0;
        access |= strcmp(words[i], "access") == 0;
        for (size_t p = 0; i + 1 < count && p < sizeof pairs / sizeof pairs[0]; p++)
            secret |= strcmp(words[i], pairs[p][0]) == 0 && strcmp(words[i + 1], pairs[p][1]) == 0;
    }
    if (has_secret && (aws || access))
        return KEY_AWS_SECRET;
    return secret ? KEY_SECRET : KEY_PLAIN;
}

static bool suffix_ieq(const char *h, size_t n, const char *suffix)
{
    size_t sn = strlen(suffix);
    return n >= sn && ieq(h + n - sn, sn, suffix);
}

/* host ends with `.tld` or is `tld` itself. */
static bool under(const char *h, size_t n, const char *domain)
{
    size_t dn = strlen(domain);
    if (ieq(h, n, domain))
        return true;
    return n > dn && h[n - dn - 1] == '.' && suffix_ieq(h, n, domain);
}

static bool is_loopback_v4(const char *h, size_t n)
{
    if (ieq(h, n, "0.0.0.0"))
        return true;
    if (n < 9 || memcmp(h, "127.", 4) != 0)
        return false;
    int dots = 0;
    for (size_t i = 0; i < n; i++) {
        if (h[i] == '.')
            dots++;
        else if (!is_digit(h[i]))
            return false;
    }
    return dots == 3;
}

bool rt_secrets_host_is_local(const char *host, size_t len)
{
    static const char *const test_names[] = {
        "test", "tests", "testing", "testdb", "test-db", "test_db", "dev", "devdb",
        "dev-db", "dev_db", "development", "ci", "sandbox", NULL,
    };
    static const char *const domains[] = {
        "localhost", "local", "test", "example", "invalid", NULL,
    };
    if (len == 0)
        return true; /* no host: a Unix socket */
    if (memchr(host, '@', len))
        return false;
    if (len >= 2 && host[0] == '[' && host[len - 1] == ']') {
        host++;
        len -= 2;
    }
    if (len > 1 && host[len - 1] == '.')
        len--;
    if (ieq(host, len, "::1") || ieq(host, len, "0:0:0:0:0:0:0:1") ||
        ieq(host, len, "localhost.localdomain") || ieq(host, len, "(local)") ||
        ieq(host, len, ".") || is_loopback_v4(host, len))
        return true;
    for (const char *const *d = domains; *d; d++)
        if (under(host, len, *d))
            return true;
    if (memchr(host, '.', len))
        return false;
    for (const char *const *w = test_names; *w; w++)
        if (ieq(host, len, *w))
            return true;
    return false;
}
