/* URLs as SQLAlchemy splits them: the userinfo password, query passwords, and pyodbc's
 * odbc_connect connection strings. */
#include <string.h>

#include "secrets/internal.h"

static const char alembic_template_url[] = "driver://user:pass@localhost/dbname";

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool hex2(const char *p, char *out)
{
    int hi = hexval(p[0]), lo = hexval(p[1]);
    if (hi < 0 || lo < 0)
        return false;
    *out = (char)(hi * 16 + lo);
    return true;
}

bool secrets_decode(scan *s, scratch *b, const char *raw, size_t n, size_t at, bool plus,
                    bool undouble)
{
    if (!scratch_reserve(s, b, n))
        return false;
    size_t k = 0, i = 0;
    while (i < n) {
        b->map[k] = at + i;
        char c = raw[i];
        if (c == '%' && undouble && i + 1 < n && raw[i + 1] == '%') {
            if (i + 3 < n && hex2(raw + i + 2, &b->data[k])) {
                k++;
                i += 4;
            } else {
                b->data[k++] = '%';
                i += 2;
            }
            continue;
        }
        if (c == '%' && i + 2 < n && hex2(raw + i + 1, &b->data[k])) {
            k++;
            i += 3;
            continue;
        }
        b->data[k++] = plus && c == '+' ? ' ' : c;
        i++;
    }
    b->map[k] = at + n;
    b->len = k;
    b->data[k] = '\0';
    return true;
}

static bool is_stop(unsigned char c)
{
    return c <= ' ' || c == 0x7f || c == '"' || c == '\'' || c == '`' || c == '<' || c == '>';
}

/* The cached answer of lk when from lies between its last question and answer, else
 * SIZE_MAX (ask again). */
static size_t cached(const struct lookup *lk, size_t from)
{
    return lk->from != SIZE_MAX && from >= lk->from && from <= lk->pos ? lk->pos : SIZE_MAX;
}

static size_t remember(struct lookup *lk, size_t from, size_t pos)
{
    lk->from = from;
    lk->pos = pos;
    return pos;
}

/* The first URL terminator at or after from. */
static size_t next_stop(scan *s, size_t from)
{
    size_t pos = cached(&s->stop, from);
    if (pos != SIZE_MAX)
        return pos;
    size_t i = from;
    while (i < s->n && !is_stop((unsigned char)s->t[i]))
        i++;
    return remember(&s->stop, from, i);
}

/* The first '@' at or after from, or n. */
static size_t next_at(scan *s, size_t from)
{
    size_t pos = cached(&s->at, from);
    if (pos != SIZE_MAX)
        return pos;
    const char *p = from < s->n ? memchr(s->t + from, '@', s->n - from) : NULL;
    return remember(&s->at, from, p ? (size_t)(p - s->t) : s->n);
}

/* The next "://" at or after from, or n: where the next URL begins, and so where this
 * one must end (URLs never overlap, which keeps the scan linear). */
static size_t next_sep(scan *s, size_t from)
{
    size_t pos = cached(&s->sep, from);
    if (pos != SIZE_MAX)
        return pos;
    const char *p = from < s->n ? secrets_find(s->t + from, s->n - from, "://", 3) : NULL;
    return remember(&s->sep, from, p ? (size_t)(p - s->t) : s->n);
}

static bool scheme_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '+';
}

static bool key_is(const char *k, size_t n, const char *const *names)
{
    for (; *names; names++) {
        size_t wn = strlen(*names);
        if (wn != n)
            continue;
        size_t i = 0;
        while (i < n && ((k[i] >= 'A' && k[i] <= 'Z') ? k[i] | 0x20 : k[i]) == (*names)[i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

typedef struct url {
    size_t start, end;           /* the URL's extent */
    size_t host_start, host_end;
    bool local;
    bool second_at;              /* a raw '@' after the password's '@' */
} url;

/* Judges the decoded secret in s->sc->sec and emits it. */
static void emit_decoded(scan *s, const url *u, rt_secret_detector det, const char *secret,
                         size_t len, size_t raw_start, size_t raw_end, const size_t *map)
{
    size_t off, jlen;
    if (!judge_credential(secret, len, &off, &jlen))
        return;
    candidate c = {
        .detector = det,
        .start = map ? map[off] : raw_start,
        .end = map ? map[off + jlen] : raw_end,
        .secret = secret + off,
        .len = jlen,
        .host_start = u->host_start,
        .host_end = u->host_end,
        .local = u->local,
        .no_allow = u->second_at,
    };
    secrets_emit(s, &c);
}

/* One `key=value` of an ODBC connection string in d[*i, n): key and value spans; the
 * value without its braces. Returns false at the end. */
static bool odbc_next(const char *d, size_t n, size_t *i, size_t *ks, size_t *ke, size_t *vs,
                      size_t *ve, bool *braced)
{
    while (*i < n) {
        size_t j = *i;
        while (j < n && (d[j] == ' ' || d[j] == ';'))
            j++;
        *ks = j;
        while (j < n && d[j] != '=' && d[j] != ';')
            j++;
        *ke = j;
        while (*ke > *ks && d[*ke - 1] == ' ')
            (*ke)--;
        if (j >= n || d[j] == ';') {
            *i = j + 1;
            continue;
        }
        j++;
        while (j < n && d[j] == ' ')
            j++;
        *braced = j < n && d[j] == '{';
        if (*braced) {
            *vs = ++j;
            while (j < n && !(d[j] == '}' && (j + 1 >= n || d[j + 1] != '}')))
                j += d[j] == '}' ? 2 : 1;
            *ve = j < n ? j : n;
            while (j < n && d[j] != ';')
                j++;
        } else {
            *vs = j;
            while (j < n && d[j] != ';')
                j++;
            *ve = j;
        }
        *i = j + 1;
        return true;
    }
    return false;
}

static void server_local(const char *v, size_t n, url *u)
{
    if (n >= 4 && key_is(v, 4, (const char *const[]){"tcp:", NULL})) {
        v += 4;
        n -= 4;
    }
    size_t k = 0;
    while (k < n && v[k] != ',' && v[k] != '\\')
        k++;
    u->local = rt_secrets_host_is_local(v, k);
}

/* The PWD of an ODBC connection string, decoded in s->sc->dec with its offset map. */
static void odbc(scan *s, url u)
{
    static const char *const pwd_keys[] = {"pwd", "password", NULL};
    static const char *const server_keys[] = {"server", "host", "hostname", "address", "addr", NULL};
    scratch *d = &s->sc->dec, *sec = &s->sc->sec;
    size_t i = 0, ks, ke, vs, ve;
    bool braced;
    u.local = false;
    while (odbc_next(d->data, d->len, &i, &ks, &ke, &vs, &ve, &braced))
        if (key_is(d->data + ks, ke - ks, server_keys)) {
            server_local(d->data + vs, ve - vs, &u);
            u.host_start = d->map[vs];
            u.host_end = d->map[ve];
        }
    i = 0;
    while (odbc_next(d->data, d->len, &i, &ks, &ke, &vs, &ve, &braced)) {
        if (!key_is(d->data + ks, ke - ks, pwd_keys) || !scratch_reserve(s, sec, ve - vs))
            continue;
        size_t k = 0;
        for (size_t j = vs; j < ve; j++) {
            sec->data[k] = d->data[j];
            sec->map[k++] = d->map[j];
            if (braced && d->data[j] == '}' && j + 1 < ve)
                j++;
        }
        sec->map[k] = d->map[ve];
        emit_decoded(s, &u, RT_SECRET_CREDENTIALS_ODBC, sec->data, k, 0, 0, sec->map);
    }
}

/* Query parameters: passwords, host=/socket (for locality), odbc_connect. */
static void query(scan *s, const url *u0, size_t qs, size_t qe)
{
    static const char *const pw_keys[] = {"password", "passwd", "pwd", "sslpassword", NULL};
    const char *t = s->t;
    url u = *u0;
    bool undouble = !s->value_mode;
    for (size_t p = qs; p < qe;) {
        const char *amp = memchr(t + p, '&', qe - p);
        size_t pe = amp ? (size_t)(amp - t) : qe;
        const char *eq = memchr(t + p, '=', pe - p);
        if (eq && u.host_end == u.host_start && key_is(t + p, (size_t)(eq - t) - p,
                                                       (const char *const[]){"host", NULL}))
            u.local = eq + 1 < t + pe && (eq[1] == '/' || rt_secrets_host_is_local(eq + 1, (size_t)(t + pe - eq - 1)));
        p = pe + 1;
    }
    for (size_t p = qs; p < qe && s->status == RT_OK;) {
        const char *amp = memchr(t + p, '&', qe - p);
        size_t pe = amp ? (size_t)(amp - t) : qe;
        const char *eq = memchr(t + p, '=', pe - p);
        if (eq) {
            size_t ke = (size_t)(eq - t), vs = ke + 1;
            if (key_is(t + p, ke - p, pw_keys)) {
                scratch *sec = &s->sc->sec;
                if (secrets_decode(s, sec, t + vs, pe - vs, vs, true, undouble))
                    emit_decoded(s, &u, RT_SECRET_CREDENTIALS_QUERY, sec->data, sec->len, 0, 0,
                                 sec->map);
            } else if (key_is(t + p, ke - p, (const char *const[]){"odbc_connect", NULL})) {
                if (secrets_decode(s, &s->sc->dec, t + vs, pe - vs, vs, true, undouble))
                    odbc(s, u);
            }
        }
        p = pe + 1;
    }
}

/* Whether the password as written is a reference such as %DB_PASS% or ${PW}: judged
 * before percent-decoding, which would read `%DB` as a byte. In text mode an ini's
 * doubled `%%` counts as one `%`. */
static bool raw_is_reference(const char *p, size_t n, bool undouble)
{
    char buf[256];
    size_t k = 0;
    if (n >= sizeof buf || memchr(p, '%', n) == NULL)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (undouble && p[i] == '%' && i + 1 < n && p[i + 1] == '%')
            i++;
        buf[k++] = p[i];
    }
    size_t off, len;
    return !judge_credential(buf, k, &off, &len);
}

/* The userinfo password: from the first ':' of the userinfo to the first '@' after it,
 * as SQLAlchemy's URL pattern `(?P<username>[^:/]*)(?::(?P<password>[^@]*))?@` reads. */
static void userinfo(scan *s, url *u, size_t colon_pw, size_t at)
{
    scratch *sec = &s->sc->sec;
    size_t raw = colon_pw + 1;
    if (u->end - u->start == sizeof alembic_template_url - 1 &&
        memcmp(s->t + u->start, alembic_template_url, sizeof alembic_template_url - 1) == 0)
        return;
    if (raw_is_reference(s->t + raw, at - raw, !s->value_mode))
        return;
    if (secrets_decode(s, sec, s->t + raw, at - raw, raw, false, !s->value_mode))
        emit_decoded(s, u, RT_SECRET_CREDENTIALS_URL, sec->data, sec->len, 0, 0, sec->map);
}

size_t secrets_url(scan *s, size_t colon)
{
    const char *t = s->t;
    size_t b = colon;
    while (b > 0 && colon - b < 64 && scheme_char(t[b - 1]))
        b--;
    if (b == colon)
        return colon + 1;
    url u = {.start = b};
    u.end = s->value_mode && b == 0 ? s->n : next_stop(s, colon + 3);
    size_t sep = next_sep(s, colon + 3);
    if (u.end > sep)
        u.end = sep;
    if (u.end - b > SECRETS_URL_MAX)
        u.end = b + SECRETS_URL_MAX;
    size_t a = colon + 3, e = u.end;
    secrets_token_webhook(s, a);
    size_t x = a;
    while (x < e && t[x] != ':' && t[x] != '/')
        x++;
    size_t at = x < e && t[x] == ':' ? next_at(s, x + 1) : e;
    bool has_password = at < e;
    size_t h = a;
    if (has_password) {
        h = at + 1;
    } else {
        h = x;
        while (h > a && t[h - 1] != '@')
            h--;
    }
    size_t p = h;
    if (p < e && t[p] == '[') {
        u.host_start = ++p;
        while (p < e && t[p] != ']' && t[p] != '/' && t[p] != '?')
            p++;
        u.host_end = p;
        p += p < e && t[p] == ']';
    } else {
        u.host_start = p;
        while (p < e && t[p] != '/' && t[p] != ':' && t[p] != '?')
            p++;
        u.host_end = p;
    }
    u.second_at = has_password && next_at(s, at + 1) < e;
    u.local = !u.second_at && rt_secrets_host_is_local(t + u.host_start, u.host_end - u.host_start);
    if (u.host_start == u.host_end)
        u.host_start = u.host_end = 0;
    if (has_password)
        userinfo(s, &u, x, at);
    if (p < e && t[p] == ':')
        while (p < e && t[p] != '/' && t[p] != '?')
            p++;
    if (p < e && t[p] == '/')
        while (p < e && t[p] != '?')
            p++;
    if (p < e && t[p] == '?')
        query(s, &u, p + 1, e);
    return colon + 3;
}
