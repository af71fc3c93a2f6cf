/* The secrets scanner beyond the case table: masking, hashes, the allow-list, custom
 * patterns, thresholds, locality, configuration errors and pathological input. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "retort/secrets.h"

static rt_secrets_scanner *scanner(const rt_secrets_config *cfg)
{
    rt_secrets_scanner *sc = NULL;
    rt_error err;
    int rc = rt_secrets_scanner_new(&sc, cfg, &err);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    return sc;
}

/* Scans text (as a file, or as the value of key when key is not NULL) into list. */
static void scan(rt_secrets_scanner *sc, const char *key, const char *text, rt_secret_list *list)
{
    rt_error err;
    rt_secrets_list_clear(list);
    int rc = key ? rt_secrets_scan_value(sc, key, text, strlen(text), list, &err)
                 : rt_secrets_scan_text(sc, text, strlen(text), list, &err);
    cr_assert_eq(rc, RT_OK);
}

static const rt_secret *only(const rt_secret_list *list)
{
    cr_assert_eq(list->count, 1, "expected one finding, got %zu", list->count);
    return &list->items[0];
}

Test(secrets, masks_long_secrets_to_their_ends_and_short_ones_entirely)
{
    rt_secrets_scanner *sc = scanner(NULL);
    rt_secret_list l;
    rt_secrets_list_init(&l);
    scan(sc, NULL, "url = postgresql://u:S3cretPass1234@db.corp/x", &l);
    cr_assert_str_eq(only(&l)->masked, "S3****34");
    scan(sc, NULL, "url = postgresql://u:hunter2@db.corp/x", &l);
    cr_assert_str_eq(only(&l)->masked, "****");
    /* Decoded, and never a control or non-ASCII byte in the rendering. */
    scan(sc, NULL, "url = postgresql://u:%0Ap%C3%A9ssw0rd12%1B@db.corp/x", &l);
    cr_assert_str_eq(only(&l)->masked, "*p****2*");
    rt_secrets_list_free(&l);
    rt_secrets_scanner_free(sc);
}

Test(secrets, no_finding_field_holds_the_secret)
{
    static const char *const secrets[] = {
        "Xq9mK2vLp8Rt4Wz7Yb3N", "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d", "Vb7nM2qLx",
    };
    static const char *const texts[] = {
        "secret_key = Xq9mK2vLp8Rt4Wz7Yb3N",
        "token = ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d",
        "CREATE ROLE app LOGIN PASSWORD 'Vb7nM2qLx';",
    };
    rt_secrets_scanner *sc = scanner(NULL);
    rt_secret_list l;
    rt_secrets_list_init(&l);
    for (size_t i = 0; i < 3; i++) {
        scan(sc, NULL, texts[i], &l);
        const rt_secret *f = only(&l);
        cr_assert_null(strstr(f->masked, secrets[i]));
        cr_assert_null(strstr(f->sha256, secrets[i]));
        cr_assert_leq(strlen(f->masked), 8);
        cr_assert_eq(f->end - f->start, strlen(secrets[i]));
    }
    rt_secrets_list_free(&l);
    rt_secrets_scanner_free(sc);
}

Test(secrets, hash_is_sha256_of_the_decoded_secret_wherever_it_is)
{
    /* sha256("Zq@rt7x"), as `printf %s 'Zq@rt7x' | sha256sum` prints it. */
    const char *want = "f9b8c9fcb0bd51c77f7b5e6882731d43fb36819afca54d6c20bf23f534dad6dd";
    rt_secrets_scanner *sc = scanner(NULL);
    rt_secret_list l;
    rt_secrets_list_init(&l);
    scan(sc, NULL, "sqlalchemy.url = postgresql://u:Zq%40rt7x@db.corp/x", &l);
    cr_assert_str_eq(only(&l)->sha256, want);
    scan(sc, NULL, "\n\n# moved\nsqlalchemy.url = mysql://other:Zq%%40rt7x@db2.corp/y", &l);
    cr_assert_str_eq(only(&l)->sha256, want);
    scan(sc, "sqlalchemy.url", "postgresql://u:Zq%40rt7x@db.corp/x", &l);
    cr_assert_str_eq(only(&l)->sha256, want);
    scan(sc, NULL, "ALTER ROLE app PASSWORD 'Zq@rt7x';", &l);
    cr_assert_str_eq(only(&l)->sha256, want);
    scan(sc, NULL, "url = postgresql://u:hunter2@db.corp/x", &l);
    cr_assert_str_eq(only(&l)->sha256,
                     "f52fbd32b2b3b86ff88ef6c490628285f482af15ddcb29541f94bcf526a3f6c7");
    rt_secrets_list_free(&l);
    rt_secrets_scanner_free(sc);
}

Test(secrets, allow_list_matches_the_decoded_secret_only)
{
    const rt_config_str allow[] = {
        {"Pa55word1", 3, 5}, {"re:test-[a-z]+", 4, 5}, {"re:.*@localhost.*", 5, 5},
        {"p@ss-for-ci", 6, 5},
    };
    rt_secrets_config cfg = {.path = ".retort.yaml", .allow = allow, .allow_count = 4};
    rt_secrets_scanner *sc = scanner(&cfg);
    rt_secret_list l;
    rt_secrets_list_init(&l);
    scan(sc, NULL, "url = postgresql://app:Pa55word1@db.prod.internal/app", &l);
    cr_assert_eq(l.count, 0, "an exact entry suppresses");
    scan(sc, NULL, "url = postgresql://app:p%40ss-for-ci@db.prod.internal/app", &l);
    cr_assert_eq(l.count, 0, "entries are compared with the decoded secret");
    scan(sc, NULL, "ALTER ROLE ci PASSWORD 'test-abc';", &l);
    cr_assert_eq(l.count, 0, "a pattern that matches the whole secret suppresses");
    scan(sc, NULL, "ALTER ROLE ci PASSWORD 'test-abc9';", &l);
    cr_assert_eq(l.count, 1, "patterns must match the whole secret");
    scan(sc, NULL, "url = postgresql://app:R3alProdPw@db.prod.internal/app?x=@localhost", &l);
    cr_assert_eq(l.count, 1, "patterns never see the rest of the URL");
    /* The second-@ trick: SQLAlchemy's password is still Pa55word1, but the host part
     * holds a raw '@': such a URL is never allow-listed, and never local. */
    scan(sc, NULL, "url = postgresql://app:Pa55word1@localhost@db.prod.internal/app", &l);
    cr_assert_eq(only(&l)->end - l.items[0].start, strlen("Pa55word1"));
    cr_assert(!l.items[0].local);
    scan(sc, NULL, "url = postgresql://app:Zx81vqPw@x@localhost/app", &l);
    cr_assert(!only(&l)->local, "a host of x@localhost is not localhost");
    rt_secrets_list_free(&l);
    rt_secrets_scanner_free(sc);
}

Test(secrets, custom_patterns_report_their_id_and_first_group)
{
    const rt_config_pattern pats[] = {
        {{"internal-token", 7, 9}, {"itk_[A-Za-z0-9]{32}", 7, 20}},
        {{"vendor-key", 8, 9}, {"vendor_key=([0-9a-f]{24})", 8, 20}},
        {{"anything", 9, 9}, {"x*", 9, 20}},
    };
    const rt_config_str allow[] = {{"itk_00000000000000000000000000000000", 1, 1}};
    rt_secrets_config cfg = {.patterns = pats, .pattern_count = 3, .allow = allow, .allow_count = 1};
    rt_secrets_scanner *sc = scanner(&cfg);
    rt_secret_list l;
    rt_secrets_list_init(&l);
    const char *text = "a = 'itk_Q7kR2mX9pL4vN8tB3wZ6yH1cF5jD0sG2'\n"
                       "b = itk_00000000000000000000000000000000\n"
                       "c: vendor_key=0123abcd4567ef89aa01bc23\n";
    scan(sc, NULL, text, &l);
    cr_assert_eq(l.count, 2);
    cr_assert_str_eq(l.items[0].id, "custom:internal-token");
    cr_assert_eq(l.items[0].detector, RT_SECRET_CUSTOM);
    cr_assert_eq(l.items[0].kind, RT_SECRET_TOKEN);
    cr_assert_eq(strncmp(text + l.items[0].start, "itk_Q7kR", 8), 0);
    cr_assert_str_eq(l.items[1].id, "custom:vendor-key");
    cr_assert_eq(strncmp(text + l.items[1].start, "0123abcd", 8), 0);
    cr_assert_eq(l.items[1].end - l.items[1].start, 24);
    rt_secrets_list_free(&l);
    rt_secrets_scanner_free(sc);
}

Test(secrets, bad_patterns_are_config_errors_with_positions)
{
    const rt_config_pattern pats[] = {{{"broken", 4, 7}, {"itk_(unclosed", 4, 15}}};
    rt_secrets_config cfg = {.path = ".retort.yaml", .patterns = pats, .pattern_count = 1};
    rt_secrets_scanner *sc = (rt_secrets_scanner *)1;
    rt_error err;
    cr_assert_eq(rt_secrets_scanner_new(&sc, &cfg, &err), RT_ECONFIG);
    cr_assert_null(sc);
    cr_assert_str_eq(err.path, ".retort.yaml");
    cr_assert_eq(err.line, 4);
    cr_assert_gt(err.column, 15);
    cr_assert(strstr(err.message, "broken"));

    const rt_config_str allow[] = {{"re:[z-a]", 6, 9}};
    rt_secrets_config cfg2 = {.path = "c.yaml", .allow = allow, .allow_count = 1};
    cr_assert_eq(rt_secrets_scanner_new(&sc, &cfg2, &err), RT_ECONFIG);
    cr_assert_eq(err.line, 6);

    const rt_config_str good = {"itk_[0-9]+", 2, 3}, bad = {"(?<", 2, 3};
    cr_assert_eq(rt_secrets_check_regex(&good, "c.yaml", &err), RT_OK);
    cr_assert_eq(rt_secrets_check_regex(&bad, "c.yaml", &err), RT_ECONFIG);
}

Test(secrets, generic_threshold_is_16_bytes_and_3_5_bits)
{
    cr_assert_float_eq(rt_secrets_entropy("aaaa", 4), 0.0, 1e-9);
    cr_assert_float_eq(rt_secrets_entropy("abcd", 4), 2.0, 1e-9);
    cr_assert_float_eq(rt_secrets_entropy("Kq7Kq7WWm2pXz9Lb", 16), 3.5, 1e-9);
    rt_secrets_scanner *sc = scanner(NULL);
    rt_secret_list l;
    rt_secrets_list_init(&l);
    scan(sc, NULL, "token = Kq7Kq7WWm2pXz9Lb", &l);      /* 16 bytes, 3.5 bits */
    cr_assert_eq(l.count, 1);
    scan(sc, NULL, "token = Kq7Kq7Wm2Wm2Xz9L", &l);      /* 16 bytes, 3.25 bits */
    cr_assert_eq(l.count, 0);
    scan(sc, NULL, "token = Kq7vWm2pXz9LbN4", &l);       /* 15 bytes, 3.9 bits */
    cr_assert_eq(l.count, 0);
    scan(sc, NULL, "token = Kq7vWm2pXz9LbN4t", &l);      /* 16 bytes, 4.0 bits */
    cr_assert_eq(l.count, 1);
    cr_assert_eq(l.items[0].detector, RT_SECRET_GENERIC_HIGH_ENTROPY);
    cr_assert_eq(l.items[0].kind, RT_SECRET_CREDENTIAL);
    rt_secrets_list_free(&l);
    rt_secrets_scanner_free(sc);
}

Test(secrets, local_hosts)
{
    static const char *const local[] = {
        "", "localhost", "LOCALHOST", "localhost.", "db.localhost", "localhost.localdomain",
        "127.0.0.1", "127.1.2.3", "0.0.0.0", "::1", "[::1]", "pg.local", "db.test",
        "x.example", "a.invalid", "test", "dev", "ci",
        "testdb", "sandbox", "(local)", ".",
    };
    static const char *const remote[] = {
        "db.prod.internal", "10.0.0.5", "127.0.0.1.nip.io", "localhost.evil.com", "x@localhost",
        "testing.company.com", "latest", "db", "postgres", "example.com.evil.net", "1270.0.0.1",
        "::2", "mylocal", "contest", "example.com", "db.internal.example.com",
    };
    for (size_t i = 0; i < sizeof local / sizeof *local; i++)
        cr_expect(rt_secrets_host_is_local(local[i], strlen(local[i])), "%s is local", local[i]);
    for (size_t i = 0; i < sizeof remote / sizeof *remote; i++)
        cr_expect(!rt_secrets_host_is_local(remote[i], strlen(remote[i])), "%s is not local", remote[i]);
}

Test(secrets, value_mode_reads_the_whole_url_and_uses_the_key)
{
    rt_secrets_scanner *sc = scanner(NULL);
    rt_secret_list l;
    rt_secrets_list_init(&l);
    const char *v = "postgresql://app:two words@db.corp/app";
    scan(sc, "sqlalchemy.url", v, &l);
    cr_assert_eq(only(&l)->end - l.items[0].start, strlen("two words"));
    scan(sc, NULL, v, &l);
    cr_assert_eq(l.count, 0, "in a file, white space ends a URL");
    scan(sc, "db_password", "Xq9mK2vLp8Rt4Wz7Yb3N", &l);
    cr_assert_eq(only(&l)->detector, RT_SECRET_GENERIC_HIGH_ENTROPY);
    scan(sc, "db_host", "Xq9mK2vLp8Rt4Wz7Yb3N", &l);
    cr_assert_eq(l.count, 0);
    rt_secrets_list_free(&l);
    rt_secrets_scanner_free(sc);
}

Test(secrets, findings_append_in_order_and_the_scanner_is_reusable)
{
    rt_secrets_scanner *sc = scanner(NULL);
    rt_secret_list l;
    rt_secrets_list_init(&l);
    rt_error err;
    const char *a = "t = 'ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d'\n"
                    "u = 'postgresql://u:Vb7nM2qLx@db.corp/x'\n"
                    "k = 'AKIARGN7SS555HMTF6BS'\n";
    for (int round = 0; round < 3; round++) {
        cr_assert_eq(rt_secrets_scan_text(sc, a, strlen(a), &l, &err), RT_OK);
        cr_assert_eq(l.count, 3 * (size_t)(round + 1));
    }
    cr_assert_str_eq(l.items[0].id, "github-token");
    cr_assert_str_eq(l.items[1].id, "credentials-url");
    cr_assert_str_eq(l.items[2].id, "aws-access-key-id");
    cr_assert(l.items[0].start < l.items[1].start && l.items[1].start < l.items[2].start);
    cr_assert_str_eq(rt_secrets_detector_name(RT_SECRET_SLACK_WEBHOOK), "slack-webhook");
    cr_assert_eq(rt_secrets_detector_kind(RT_SECRET_CREDENTIALS_SQL), RT_SECRET_CREDENTIAL);
    cr_assert_eq(rt_secrets_detector_kind(RT_SECRET_JWT), RT_SECRET_TOKEN);
    rt_secrets_list_free(&l);
    rt_secrets_scanner_free(sc);
}

Test(secrets, binary_and_nul_bytes_are_harmless)
{
    rt_secrets_scanner *sc = scanner(NULL);
    rt_secret_list l;
    rt_secrets_list_init(&l);
    rt_error err;
    char buf[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (char)(x >> 16);
    }
    static const char tail[] = "\0url = postgresql://u:Vb7nM2qLx@db.corp/x";
    memcpy(buf + sizeof buf - sizeof tail, tail, sizeof tail);
    cr_assert_eq(rt_secrets_scan_text(sc, buf, sizeof buf - 1, &l, &err), RT_OK);
    cr_assert_geq(l.count, 1);
    cr_assert_str_eq(l.items[l.count - 1].id, "credentials-url");
    rt_secrets_list_free(&l);
    rt_secrets_scanner_free(sc);
}

/* n bytes of one repeated unit, then a real secret that must still be found; returns
 * the seconds the scan took. */
static double scan_repeated(rt_secrets_scanner *sc, const char *unit, size_t n, rt_secret_list *l)
{
    static const char tail[] = "\nk = AKIARGN7SS555HMTF6BS\n";
    size_t un = strlen(unit);
    char *text = malloc(n + sizeof tail);
    cr_assert_not_null(text);
    for (size_t i = 0; i < n; i++)
        text[i] = unit[i % un];
    memcpy(text + n, tail, sizeof tail);
    rt_error err;
    struct timespec t0, t1;
    rt_secrets_list_clear(l);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cr_assert_eq(rt_secrets_scan_text(sc, text, n + sizeof tail - 1, l, &err), RT_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    free(text);
    cr_assert_geq(l->count, 1);
    cr_assert_str_eq(l->items[l->count - 1].id, "aws-access-key-id", "unit %s", unit);
    return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* A 10 MB line of each hostile shape must scan in time linear in its size: quick in
 * absolute terms (under 10 s), or, on a slow machine or under valgrind, at most 10 times
 * the time of a quarter of it (linear is 4 times; quadratic would be 16). */
Test(secrets, pathological_10mb_lines_scan_in_linear_time, .timeout = 600)
{
    static const char *const units[] = {
        "a://", "x:y@", "eyJ", "eyJhbGciOiJIUzI1NiJ9.", "glpat-", "ghp_", "xoxb-1-", "AKIA",
        "password=", "'", "PASSWORD '", "create role x password ", "-----BEGIN PRIVATE KEY-----",
        "A", "a", "%%", "s://u:p@h?odbc_connect=PWD%3D", "${", "{{", "=",
    };
    const rt_config_pattern pats[] = {{{"nested", 1, 1}, {"(a|aa)+$", 1, 1}}};
    rt_secrets_config cfg = {.patterns = pats, .pattern_count = 1};
    rt_secrets_scanner *sc = scanner(&cfg);
    rt_secret_list l;
    rt_secrets_list_init(&l);
    const size_t big = 10u << 20;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        double secs = scan_repeated(sc, units[i], big, &l);
        cr_log_info("10 MB of [%s]: %.3f s", units[i], secs);
        if (secs < 10.0)
            continue;
        double quarter = scan_repeated(sc, units[i], big / 4, &l);
        cr_expect_lt(secs, 10.0 * (quarter > 1e-3 ? quarter : 1e-3),
                     "10 MB of [%s] took %.2f s, 2.5 MB %.2f s", units[i], secs, quarter);
    }
    rt_secrets_list_free(&l);
    rt_secrets_scanner_free(sc);
}
