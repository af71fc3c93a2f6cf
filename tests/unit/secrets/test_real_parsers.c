/* The scanner against the real parsers it imitates (run through Debian's Python):
 * SQLAlchemy's make_url() for where a URL's password starts and ends and how it is
 * decoded, and configparser for how an ini value is un-escaped before SQLAlchemy sees it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "retort/buf.h"
#include "retort/secrets.h"

#define PYTHON "/usr/bin/python3"

/* Writes text to a temporary file and returns its path (free() it, unlink() it). */
static char *temp_file(const char *text)
{
    char *path = strdup("/tmp/retort-secrets-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

/* Runs a Python script on the file at path; returns its output lines in out[]. */
static size_t run_python(const char *script, const char *path, char out[][256], size_t max)
{
    char *spath = temp_file(script);
    char cmd[512];
    snprintf(cmd, sizeof cmd, PYTHON " %s %s", spath, path);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t n = 0;
    while (n < max && fgets(out[n], 256, p)) {
        out[n][strcspn(out[n], "\n")] = '\0';
        n++;
    }
    cr_assert_eq(pclose(p), 0, "python failed");
    unlink(spath);
    free(spath);
    return n;
}

static const char *const urls[] = {
    "postgresql://app:Xq9mK2vLp8@db.corp/app",
    "postgresql+psycopg2://app:pa/ss:w0rd@db.corp:5432/app",
    "mysql+pymysql://root:S3cr3t%40Pass%2Fx@10.0.0.7/shop",
    "postgresql://app:First@Second@db.corp/app",
    "postgresql://us@er:Zq9-pw!x@db.corp/app",
    "oracle+oracledb://scott:ti?ger#1@ora/?service_name=XE",
    "sqlite+pysqlcipher://:k3yPhrase@/data/app.db",
    "postgresql://app:p%%41ss9x@db.corp/app",
    "postgresql://app:a+b%2Bc9@db.corp/app",
    "mssql+pyodbc://sa:Str0ng Pass@sqlhost/db?driver=ODBC+Driver+17",
    "postgresql://app@db.corp:5432/app",
    "postgresql://db.corp:5432/app?x=a@b",
};

Test(secrets_real, url_passwords_are_the_ones_sqlalchemy_reads)
{
    static const char script[] =
        "import sys, hashlib\n"
        "from sqlalchemy.engine import make_url\n"
        "for line in open(sys.argv[1]):\n"
        "    pw = make_url(line.rstrip('\\n')).password\n"
        "    print(hashlib.sha256(pw.encode()).hexdigest() if pw else '-')\n";
    size_t count = sizeof urls / sizeof *urls;
    rt_buf text = RT_BUF_INIT;
    for (size_t i = 0; i < count; i++)
        rt_buf_printf(&text, "%s\n", urls[i]);
    char *path = temp_file(rt_buf_cstr(&text));
    rt_buf_free(&text);
    char want[16][256];
    cr_assert_eq(run_python(script, path, want, 16), count);
    unlink(path);
    free(path);

    rt_secrets_scanner *sc = NULL;
    rt_error err;
    cr_assert_eq(rt_secrets_scanner_new(&sc, NULL, &err), RT_OK);
    rt_secret_list l;
    rt_secrets_list_init(&l);
    for (size_t i = 0; i < count; i++) {
        rt_secrets_list_clear(&l);
        cr_assert_eq(rt_secrets_scan_value(sc, "sqlalchemy.url", urls[i], strlen(urls[i]), &l, &err), RT_OK);
        const char *got = "-";
        for (size_t k = 0; k < l.count; k++)
            if (l.items[k].detector == RT_SECRET_CREDENTIALS_URL)
                got = l.items[k].sha256;
        cr_expect_str_eq(got, want[i], "%s: SQLAlchemy's password differs", urls[i]);
    }
    rt_secrets_list_free(&l);
    rt_secrets_scanner_free(sc);
}

/* The same password, read from the raw ini text (with configparser's %% escapes) and
 * from the value configparser hands to Alembic, hashes the same. */
Test(secrets_real, ini_text_and_interpolated_value_agree)
{
    static const char ini[] =
        "[alembic]\n"
        "sqlalchemy.url = postgresql://app:p%%40ss%%2Fw0rd@db.corp/app\n"
        "odbc.url = mssql+pyodbc:///?odbc_connect=DRIVER%%3DFreeTDS%%3BSERVER%%3Dsql1%%3BPWD%%3DYh7%%21qPz2\n";
    static const char script[] =
        "import sys, configparser\n"
        "c = configparser.ConfigParser(defaults={'here': '/x'})\n"
        "c.read(sys.argv[1])\n"
        "print(c['alembic']['sqlalchemy.url'])\n"
        "print(c['alembic']['odbc.url'])\n";
    char *path = temp_file(ini);
    char values[2][256];
    cr_assert_eq(run_python(script, path, values, 2), 2);
    unlink(path);
    free(path);

    rt_secrets_scanner *sc = NULL;
    rt_error err;
    cr_assert_eq(rt_secrets_scanner_new(&sc, NULL, &err), RT_OK);
    rt_secret_list raw, val;
    rt_secrets_list_init(&raw);
    rt_secrets_list_init(&val);
    cr_assert_eq(rt_secrets_scan_text(sc, ini, strlen(ini), &raw, &err), RT_OK);
    cr_assert_eq(raw.count, 2);
    for (int i = 0; i < 2; i++) {
        rt_secrets_list_clear(&val);
        cr_assert_eq(rt_secrets_scan_value(sc, "sqlalchemy.url", values[i], strlen(values[i]), &val, &err), RT_OK);
        cr_assert_eq(val.count, 1, "%s", values[i]);
        cr_expect_str_eq(val.items[0].sha256, raw.items[i].sha256, "%s", values[i]);
        cr_expect_str_eq(val.items[0].id, raw.items[i].id);
    }
    rt_secrets_list_free(&raw);
    rt_secrets_list_free(&val);
    rt_secrets_scanner_free(sc);
}
