/* retort — the secrets scanner.
 *
 * Finds credentials and tokens in text (a Python file, a SQL file, pyproject.toml, the raw
 * bytes of alembic.ini) or in one configuration value (an ini entry after configparser's
 * interpolation), and reports each as a byte span of the secret itself, a masked
 * rendering, a SHA-256 of the secret, and whether it is for a local or test host.
 * The rules (credentials-in-alembic-ini, credentials-in-source, leaked-token,
 * weak-local-credentials) turn these into findings.
 *
 * Detectors (id, kind):
 *   credentials-url      credential  the password of any `scheme[+driver]://user:pw@host`
 *                                    URL, split as SQLAlchemy 1.4+ splits it: the password
 *                                    runs from the first `:` of the userinfo to the FIRST
 *                                    `@` after it; percent-decoded before it is judged.
 *   credentials-query    credential  `password=`, `passwd=`, `pwd=`, `sslpassword=` in a
 *                                    URL's query (parse_qsl: `+` is a space, %XX decoded).
 *   credentials-odbc     credential  `PWD=` / `Password=` inside a URL's `odbc_connect=`
 *                                    (percent-decoded; `{...}` braced values with `}}`).
 *   credentials-sql      credential  the quoted literal of CREATE/ALTER ROLE|USER|GROUP|LOGIN
 *                                    ... [ENCRYPTED] [OLD_]PASSWORD [=] '...' (PostgreSQL,
 *                                    SQL Server), MySQL IDENTIFIED [WITH plugin] BY '...' and
 *                                    SET PASSWORD = [PASSWORD(]'...'; N'...' literals; `''`
 *                                    escapes; Oracle's IDENTIFIED BY "...". Not detected:
 *                                    Oracle's unquoted IDENTIFIED BY word, and MySQL's
 *                                    SET PASSWORD FOR 'u'@'h' = '...'. Bind parameters
 *                                    (`:pw`, `%s`, `$1`, `?`, `%(pw)s`) are not literals.
 *   private-key          token       a `-----BEGIN ... PRIVATE KEY[ BLOCK]-----` header
 *                                    followed by at least 64 base64 characters with one
 *                                    unbroken run of 40 (real newlines, `\n` escapes and
 *                                    string quotes between lines; armor headers such as
 *                                    Proc-Type: skipped). The span is the body.
 *   aws-access-key-id    token       AKIA/ASIA + 16 of [A-Z2-7], on word boundaries.
 *   aws-secret-key       token       40 characters of [A-Za-z0-9/+=] assigned to a key
 *                                    whose words hold `secret` and `aws` or `access`.
 *   github-token         token       gh[pousr]_ + 36..251 alphanumerics;
 *                                    github_pat_ + 22 alnum + `_` + 59 alnum.
 *   gitlab-token         token       glpat- + 20..300 of [A-Za-z0-9_-].
 *   slack-token          token       xox[abprs]- + 1..3 numeric groups + 16..64 alnum.
 *   slack-webhook        token       https://hooks.slack.com/services/T.../B.../<24 alnum>.
 *   jwt                  token       eyJ... . ... . ... (three base64url segments, the
 *                                    first decoding to a JSON object with "alg").
 *   generic-high-entropy credential  a value assigned to a secret-like key (see below):
 *                                    RT_SECRETS_GENERIC_MIN_LEN (16) to _MAX_LEN bytes,
 *                                    Shannon entropy >= RT_SECRETS_GENERIC_MIN_BITS (3.5)
 *                                    bits per byte, no white space, holding a digit or
 *                                    both letter cases (without the `.` and `/` of paths),
 *                                    and not a name (CONSTANT_NAME, settings.attr).
 *                                    Assignments: `key = v`, `key: v`, `"key": "v"`,
 *                                    `key="v"`, `KEY: str = "v"`, `x["key"] = "v"`,
 *                                    `KEY=v`; a bare value followed by `(`, `[` or a quote
 *                                    is an expression, not a value.
 *   custom:<id>          token       a configured PCRE2 pattern; the secret is capture
 *                                    group 1 when the pattern has one and it matched, else
 *                                    the whole match. Patterns are byte-oriented (no UTF
 *                                    mode); one that hits the match limit is abandoned for
 *                                    the rest of that text.
 *
 * Never secrets (for every built-in detector): empty values; references such as `${VAR}`,
 * `$VAR`, `%VAR%`, `$(cmd)`, `{{ var }}`, `{var}`/`{}` format and f-string holes, `%(name)s`
 * configparser interpolation left unresolved, `%s`, sops `ENC[...]`; bind parameters
 * (`:name`, `?`, `$1`, `%s`, `%(name)s`); masked values (only `*`, `x`, `X`, `#`, `.`, `•`,
 * `…`, or any run of `***`); `<...>` and `[...]` placeholders; the placeholder words listed
 * in secrets/judge.c (password, passwd, pass, pwd, secret, changeme, ...; anything
 * containing "example", "placeholder" or "changeme"; anything starting with "your");
 * tokens (and generic values) that look typed rather than generated: a character repeated
 * 6 times, an ascending or descending run of 6 ("123456", "abcdef"), or fewer than 6
 * distinct bytes; AWS's published example keys (anything holding "EXAMPLE") and jwt.io's
 * sample token; and Alembic's template URL
 * `driver://user:pass@localhost/dbname`. `${VAR:-literal}` (also `:=`, `-`, `=`) is judged
 * by its literal default. Weak but real passwords such as "test" or "postgres" ARE
 * reported: on a local host the rule downgrades them to weak-local-credentials.
 *
 * Secret-like keys: split into words at `_ - .`, spaces and lower-to-upper case changes,
 * compared lower-cased. A key is secret-like when a word is one of password, passwd,
 * pass, pwd, passphrase, secret, secrets, token, auth, credential, credentials, apikey,
 * or when two adjacent words are api+key, access+key, private+key, secret+key,
 * client+secret, auth+token. ("author", "tokenizer", "public_key" are not.)
 *
 * Local hosts (RT_SECRET.local): an empty host (a Unix socket) or a `host=` query value
 * starting with `/`; localhost, localhost.localdomain, *.localhost; 127.0.0.0/8; 0.0.0.0;
 * ::1 (bracketed or not); names under the .local, .test, .example, .invalid and .localhost
 * top-level domains (but not example.com and friends, which documentation and demos use
 * to stand for real servers); SQL Server's `(local)` and `.`; and these single-label test/dev names: test, tests,
 * testing, testdb, test-db, test_db, dev, devdb, dev-db, dev_db, development, ci,
 * sandbox. A host that itself contains a raw `@` (the second-`@` trick) is never local.
 *
 * Allow-list: each entry is an exact value, or, when it starts with "re:", a PCRE2
 * pattern that must match the WHOLE decoded secret. Entries are compared with the
 * decoded secret (never with the surrounding URL or line), so an allow-listed password
 * cannot hide a different one. A URL whose host part contains a second raw `@` is never
 * allow-listed.
 *
 * Percent signs: ini values are given AFTER configparser interpolation (the caller
 * resolves `%(here)s` and turns `%%` into `%`, as configparser does). In text (raw ini
 * bytes, or Python that feeds config.set_main_option) a doubled `%%` is read as one `%`
 * before percent-decoding, so `PWD%%3Dx` and `PWD%3Dx` both mean `PWD=x`.
 *
 * Overlaps: when findings overlap, only those of the most specific detector stay (private
 * key, then tokens and custom patterns, then URL/query/ODBC/SQL credentials, then
 * aws-secret-key, then generic-high-entropy).
 *
 * Speed: patterns are compiled once per scanner (PCRE2, JIT when available), each anchored
 * on a literal with bounded or possessive quantifiers, with match, depth and heap limits;
 * a byte-class pre-filter (`:` `=` `-` `_` `J` `K` `S` and quotes, each confirmed by a
 * few byte compares: "://", "-----BEGIN", "glpat-", "xox?-", "gh?_", "eyJ", "AKIA",
 * PASSWORD/BY before a literal) decides where a detector even looks, so most bytes never
 * reach a regex. Scanning is linear in the input, hostile input included; custom
 * patterns cost one PCRE2 search each over the text.
 *
 * A scanner is not thread-safe (it reuses match data and scratch buffers): use one per
 * thread.
 */
#ifndef RETORT_SECRETS_H
#define RETORT_SECRETS_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/config.h"
#include "retort/error.h"

#define RT_SECRETS_GENERIC_MIN_LEN 16
#define RT_SECRETS_GENERIC_MAX_LEN 1024
#define RT_SECRETS_GENERIC_MIN_BITS 3.5

/* Secrets shorter than this many bytes (decoded) are masked entirely ("****"); longer
 * ones show their first two and last two characters when those are printable ASCII. */
#define RT_SECRETS_MASK_MIN_SHOWN 12
#define RT_SECRETS_MASK_SIZE 16
#define RT_SECRETS_SHA256_HEX 64

typedef enum rt_secret_detector {
    RT_SECRET_CREDENTIALS_URL,
    RT_SECRET_CREDENTIALS_QUERY,
    RT_SECRET_CREDENTIALS_ODBC,
    RT_SECRET_CREDENTIALS_SQL,
    RT_SECRET_PRIVATE_KEY,
    RT_SECRET_AWS_ACCESS_KEY_ID,
    RT_SECRET_AWS_SECRET_KEY,
    RT_SECRET_GITHUB_TOKEN,
    RT_SECRET_GITLAB_TOKEN,
    RT_SECRET_SLACK_TOKEN,
    RT_SECRET_SLACK_WEBHOOK,
    RT_SECRET_JWT,
    RT_SECRET_GENERIC_HIGH_ENTROPY,
    RT_SECRET_CUSTOM,
    RT_SECRET_DETECTOR_COUNT
} rt_secret_detector;

typedef enum rt_secret_kind {
    RT_SECRET_CREDENTIAL, /* a password for a database or service */
    RT_SECRET_TOKEN       /* a key or token that grants access by itself */
} rt_secret_kind;

/* The stable id of a built-in detector ("credentials-url", ...); "custom" for
 * RT_SECRET_CUSTOM (a finding's own `detector` string carries "custom:<id>"). */
const char *rt_secrets_detector_name(rt_secret_detector detector);
rt_secret_kind rt_secrets_detector_kind(rt_secret_detector detector);

typedef struct rt_secret {
    rt_secret_detector detector;
    const char *id;        /* detector id; static, or owned by the scanner for custom:<id> */
    rt_secret_kind kind;
    size_t start, end;     /* the secret as written: bytes [start, end) of the scanned text */
    size_t host_start, host_end; /* the host the credential is for, when known; else 0, 0 */
    bool local;            /* the host is local or a test host (see the list above) */
    char masked[RT_SECRETS_MASK_SIZE];          /* e.g. "S3****24" or "****" */
    char sha256[RT_SECRETS_SHA256_HEX + 1];     /* of the decoded secret, lower-case hex */
} rt_secret;

/* What one scan found, in order of start offset. Reusable: clear between scans. */
typedef struct rt_secret_list {
    rt_secret *items;
    size_t count;
    size_t cap;
} rt_secret_list;

void rt_secrets_list_init(rt_secret_list *list);
/* Empties the list, keeping its memory. */
void rt_secrets_list_clear(rt_secret_list *list);
void rt_secrets_list_free(rt_secret_list *list);

/* What the configuration adds: custom patterns and allow-list entries (see above), and
 * the configuration file's path for error messages (may be NULL). The strings need
 * only live until rt_secrets_scanner_new() returns. */
typedef struct rt_secrets_config {
    const char *path;
    const rt_config_pattern *patterns;
    size_t pattern_count;
    const rt_config_str *allow;
    size_t allow_count;
} rt_secrets_config;

typedef struct rt_secrets_scanner rt_secrets_scanner;

/* Compiles every built-in and configured pattern once. cfg may be NULL (no custom
 * patterns, empty allow-list). A pattern that does not compile is RT_ECONFIG at the
 * pattern's line and column. On success *out is owned by the caller: release it with
 * rt_secrets_scanner_free(). Patterns are JIT-compiled unless the environment variable
 * RETORT_NO_JIT is "1" (for valgrind): matching then uses PCRE2's interpreter, with the
 * same results. */
int rt_secrets_scanner_new(rt_secrets_scanner **out, const rt_secrets_config *cfg,
                           rt_error *err);
void rt_secrets_scanner_free(rt_secrets_scanner *scanner);

/* Checks that regex (a custom pattern or an `re:` allow entry without its prefix)
 * compiles as the scanner would compile it; RT_ECONFIG at its position in path
 * otherwise. For the configuration loader. */
int rt_secrets_check_regex(const rt_config_str *regex, const char *path, rt_error *err);

/* Scans text (len bytes; NUL bytes and invalid UTF-8 are fine) and appends what it
 * finds to out. Returns RT_OK, or RT_ENOMEM. Finding strings stay valid while the
 * scanner lives. */
int rt_secrets_scan_text(rt_secrets_scanner *scanner, const char *text, size_t len,
                         rt_secret_list *out, rt_error *err);

/* Scans one configuration value (already interpolated) that belongs to key (lower-case
 * or not; may be NULL). Differs from the text scan in two ways: a value that starts
 * with a URL is read as one URL to its end (spaces and quotes included, as SQLAlchemy
 * would read it), and a secret-like key makes the whole value a candidate for
 * aws-secret-key and generic-high-entropy. Spans are offsets into value. */
int rt_secrets_scan_value(rt_secrets_scanner *scanner, const char *key, const char *value,
                          size_t len, rt_secret_list *out, rt_error *err);

/* Whether host (a bare host name or address, as a URL holds it) is local or a test
 * host by the list above. */
bool rt_secrets_host_is_local(const char *host, size_t len);

/* Shannon entropy of the bytes, in bits per byte (0 for len 0). */
double rt_secrets_entropy(const char *s, size_t len);

/* ---- The secrets rules (src/secrets/findings.c) ---- */

typedef struct rt_project rt_project;
typedef struct rt_rule rt_rule;
typedef struct rt_sink rt_sink;
typedef struct rt_source rt_source;

/* Which secrets a rule reports. Credentials are the URL, query, ODBC and SQL detectors;
 * one for a local or test host belongs to RT_SECRETS_WEAK_LOCAL wherever it is written,
 * any other to RT_SECRETS_IN_CONFIG (alembic.ini, pyproject.toml's [tool.alembic]) or
 * RT_SECRETS_IN_SOURCE (env.py, the migrations, .sql files). Every other detector is
 * RT_SECRETS_TOKENS, in all of those files. */
typedef enum rt_secrets_target {
    RT_SECRETS_IN_CONFIG,
    RT_SECRETS_IN_SOURCE,
    RT_SECRETS_TOKENS,
    RT_SECRETS_WEAK_LOCAL,
    RT_SECRETS_TARGET_COUNT
} rt_secrets_target;

/* The check_project hook of the four secrets rules (credentials-in-alembic-ini,
 * credentials-in-source, leaked-token, weak-local-credentials, one per target): the
 * first of them that runs scans the project once and reports for all that run; the
 * others return at once. The scan covers every value of alembic.ini (each section and [DEFAULT],
 * after configparser's interpolation with `here`; a value that does not interpolate is
 * skipped) and every string under pyproject.toml's [tool.alembic]; and, as text, env.py
 * (<script_location>/env.py), every file of the project and the .sql files of
 * alembic.ini's version directories. Emits each secret under its target's rule
 * at the secret's own line and column, masked (mask_column..mask_end_column covers
 * every secret found on that line, so no finding's snippet shows another's secret; an
 * unknown end masks the rest of the line; a TOML array item masks its whole line; a
 * credential in a `sqlite` URL (an SQLCipher key) is never weak-local), with a message that names the key, user and
 * host but at most the masked rendering of the secret, and a fingerprint key of
 * detector, key name and the secret's SHA-256. Suppression comments (see
 * rt_secrets_suppressed()) are honoured. A scanner that cannot start (a bad custom
 * pattern) is reported as a finding at the configuration file, never as a silent pass. */
void rt_secrets_check_project(const rt_rule *self, const rt_project *project, rt_sink *sink);

/* Where a suppression comment may stand. */
typedef enum rt_secrets_comment {
    RT_SECRETS_COMMENT_INI,  /* `# retort: ignore[rule]` or `; ...` as a full line
                                directly above (configparser keeps inline text in the value) */
    RT_SECRETS_COMMENT_PY,   /* `# retort: ignore[rule]` ending the line, or alone on the
                                line directly above */
    RT_SECRETS_COMMENT_SQL   /* the same with `--` */
} rt_secrets_comment;

/* Whether a `retort: ignore[name, ...]` comment listing rule_name (or "secrets", the
 * area) suppresses a finding on 1-based line of src. */
bool rt_secrets_suppressed(rt_source *src, unsigned line, const char *rule_name,
                           rt_secrets_comment style);

#endif
