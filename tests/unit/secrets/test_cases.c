/* The table of detector cases in the tests/secrets case files (format in tests/secrets/README.md):
 * every positive found exactly, with its span and locality; every negative silent; and
 * every built-in detector held to at least 8 of each. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "retort/buf.h"
#include "retort/secrets.h"

#define MIN_CASES 8

typedef struct tcase {
    char file[256];
    unsigned line;
    char detector[48];
    bool positive;
    char key[64];
    int local;       /* -1: not checked */
    rt_buf text;
    rt_buf secret;
} tcase;

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    rt_buf b = RT_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rt_buf_put(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return rt_buf_detach(&b);
}

static void strip_newline(rt_buf *b)
{
    if (b->len && b->data[b->len - 1] == '\n')
        b->data[--b->len] = '\0';
}

/* The next space-separated word of *p (NUL-terminated in place), or NULL. */
static char *next_word(char **p)
{
    while (**p == ' ')
        (*p)++;
    if (!**p)
        return NULL;
    char *w = *p;
    while (**p && **p != ' ')
        (*p)++;
    if (**p)
        *(*p)++ = '\0';
    return w;
}

static void parse_header(tcase *c, const char *line, size_t len)
{
    char hdr[256];
    cr_assert_lt(len, sizeof hdr);
    memcpy(hdr, line, len);
    hdr[len] = '\0';
    char *p = hdr + 4;
    char *tok = next_word(&p);
    cr_assert_not_null(tok, "%s:%u: missing detector", c->file, c->line);
    cr_assert_lt(strlen(tok), sizeof c->detector, "%s:%u: detector name too long", c->file, c->line);
    memcpy(c->detector, tok, strlen(tok) + 1);
    tok = next_word(&p);
    cr_assert(tok && (!strcmp(tok, "pos") || !strcmp(tok, "neg")), "%s:%u: pos or neg", c->file, c->line);
    c->positive = !strcmp(tok, "pos");
    c->local = -1;
    while ((tok = next_word(&p))) {
        if (!strncmp(tok, "key=", 4))
            snprintf(c->key, sizeof c->key, "%s", tok + 4);
        else if (!strncmp(tok, "local=", 6))
            c->local = tok[6] == '1';
        else
            cr_assert_fail("%s:%u: unknown option %s", c->file, c->line, tok);
    }
}

/* Appends the cases of one file to *cases. */
static void load_file(const char *dir, const char *name, tcase **cases, size_t *count)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len;
    char *data = read_all(path, &len);
    tcase *c = NULL;
    rt_buf *into = NULL;
    unsigned lineno = 0;
    for (size_t p = 0; p < len;) {
        const char *nl = memchr(data + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - data) : len;
        lineno++;
        if (e - p >= 4 && !memcmp(data + p, "=== ", 4)) {
            *cases = realloc(*cases, (*count + 1) * sizeof **cases);
            c = &(*cases)[(*count)++];
            memset(c, 0, sizeof *c);
            snprintf(c->file, sizeof c->file, "%s", name);
            c->line = lineno;
            parse_header(c, data + p, e - p);
            into = &c->text;
        } else if (c && e - p == 10 && !memcmp(data + p, "--- secret", 10)) {
            into = &c->secret;
        } else if (into) {
            rt_buf_put(into, data + p, e - p);
            rt_buf_putc(into, '\n');
        }
        p = e + 1;
    }
    for (size_t i = 0; i < *count; i++) {
        strip_newline(&(*cases)[i].text);
        strip_newline(&(*cases)[i].secret);
    }
    free(data);
}

static size_t load_cases(tcase **cases)
{
    const char *dir = RETORT_SOURCE_DIR "/tests/secrets";
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    size_t count = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        size_t n = strlen(ent->d_name);
        if (n > 6 && !strcmp(ent->d_name + n - 6, ".cases"))
            load_file(dir, ent->d_name, cases, &count);
    }
    closedir(d);
    return count;
}

static void describe(rt_buf *out, const tcase *c, const rt_secret_list *found)
{
    rt_buf_printf(out, "%s:%u: %s %s: found %zu:", c->file, c->line, c->detector,
                  c->positive ? "pos" : "neg", found->count);
    for (size_t i = 0; i < found->count; i++) {
        const rt_secret *f = &found->items[i];
        rt_buf_printf(out, " [%s \"%.*s\" local=%d]", f->id, (int)(f->end - f->start),
                      rt_buf_cstr(&c->text) + f->start, f->local);
    }
    rt_buf_putc(out, '\n');
}

static bool check_case(rt_secrets_scanner *sc, const tcase *c, rt_secret_list *found)
{
    rt_error err;
    rt_secrets_list_clear(found);
    const char *text = rt_buf_cstr(&c->text);
    int rc = c->key[0] ? rt_secrets_scan_value(sc, c->key, text, c->text.len, found, &err)
                       : rt_secrets_scan_text(sc, text, c->text.len, found, &err);
    cr_assert_eq(rc, RT_OK);
    if (!c->positive)
        return found->count == 0;
    if (found->count != 1)
        return false;
    const rt_secret *f = &found->items[0];
    const char *secret = rt_buf_cstr(&c->secret);
    bool span = f->end - f->start == c->secret.len && !memcmp(text + f->start, secret, c->secret.len);
    bool masked = !strstr(f->masked, secret) && strlen(f->masked) <= 8;
    return !strcmp(f->id, c->detector) && span && masked && (c->local < 0 || f->local == c->local);
}

Test(secrets_cases, every_case_and_enough_of_them)
{
    tcase *cases = NULL;
    size_t count = load_cases(&cases);
    rt_secrets_scanner *sc = NULL;
    rt_error err;
    cr_assert_eq(rt_secrets_scanner_new(&sc, NULL, &err), RT_OK);
    rt_secret_list found;
    rt_secrets_list_init(&found);
    rt_buf failures = RT_BUF_INIT;
    size_t pos[RT_SECRET_DETECTOR_COUNT] = {0}, neg[RT_SECRET_DETECTOR_COUNT] = {0};
    for (size_t i = 0; i < count; i++) {
        const tcase *c = &cases[i];
        int det = -1;
        for (int d = 0; d < RT_SECRET_CUSTOM; d++)
            if (!strcmp(rt_secrets_detector_name((rt_secret_detector)d), c->detector))
                det = d;
        cr_assert_geq(det, 0, "%s:%u: unknown detector %s", c->file, c->line, c->detector);
        (c->positive ? pos : neg)[det]++;
        if (!check_case(sc, c, &found))
            describe(&failures, c, &found);
    }
    cr_expect_eq(failures.len, 0, "%zu cases, failures:\n%s", count, rt_buf_cstr(&failures));
    for (int d = 0; d < RT_SECRET_CUSTOM; d++) {
        cr_expect_geq(pos[d], MIN_CASES, "%s has %zu positive cases",
                      rt_secrets_detector_name((rt_secret_detector)d), pos[d]);
        cr_expect_geq(neg[d], MIN_CASES, "%s has %zu negative cases",
                      rt_secrets_detector_name((rt_secret_detector)d), neg[d]);
    }
    for (size_t i = 0; i < count; i++) {
        rt_buf_free(&cases[i].text);
        rt_buf_free(&cases[i].secret);
    }
    free(cases);
    rt_buf_free(&failures);
    rt_secrets_list_free(&found);
    rt_secrets_scanner_free(sc);
}
