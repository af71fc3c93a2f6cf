/* libFuzzer target: the whole check (project, every rule, findings, every report
 * format) on one migration file. The input becomes migrations/versions/fuzz.py beside an
 * alembic.ini in a temporary directory made once per process. Seeds: fixtures/python/,
 * fixtures/rules/. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "retort/check.h"
#include "retort/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[] = "/tmp/retort-fuzz-check-XXXXXX";
static char file[sizeof root + 64];
static FILE *sink;

static void teardown(void)
{
    char path[sizeof file];
    remove(file);
    snprintf(path, sizeof path, "%s/migrations/versions", root);
    rmdir(path);
    snprintf(path, sizeof path, "%s/migrations", root);
    rmdir(path);
    snprintf(path, sizeof path, "%s/alembic.ini", root);
    remove(path);
    rmdir(root);
    fclose(sink);
}

static int write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = size ? fwrite(data, 1, size, f) : 0;
    return fclose(f) == 0 && n == size ? 0 : -1;
}

static void setup(void)
{
    static const char ini[] = "[alembic]\nscript_location = %(here)s/migrations\n"
                              "sqlalchemy.url = postgresql://u:p@localhost/db\n";
    char path[sizeof file];
    if (!mkdtemp(root))
        abort();
    snprintf(path, sizeof path, "%s/alembic.ini", root);
    if (write_file(path, ini, sizeof ini - 1) != 0)
        abort();
    snprintf(path, sizeof path, "%s/migrations", root);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/migrations/versions", root);
    if (mkdir(path, 0700) != 0)
        abort();
    snprintf(file, sizeof file, "%s/migrations/versions/fuzz.py", root);
    sink = fopen("/dev/null", "w");
    if (!sink)
        abort();
    atexit(teardown);
}

static void report_all(const rt_findings *findings)
{
    static const rt_format formats[] = {RT_FORMAT_TEXT,  RT_FORMAT_CONCISE, RT_FORMAT_JSON,
                                        RT_FORMAT_SARIF, RT_FORMAT_GITHUB,  RT_FORMAT_GITLAB,
                                        RT_FORMAT_JUNIT};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        rt_report_options ro = {.color = true};
        rt_error err;
        rt_report_write(formats[i], findings, &ro, sink, &err);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!file[0])
        setup();
    if (write_file(file, data, size) != 0)
        abort();
    rt_config cfg;
    rt_error err;
    if (rt_config_init_defaults(&cfg, &err) != RT_OK)
        abort();
    const char *paths[] = {root};
    rt_check_options opts = {.config = &cfg, .project = {.paths = paths, .path_count = 1}};
    rt_findings findings;
    if (rt_findings_init(&findings) != RT_OK)
        abort();
    if (rt_check_run(&findings, &opts, &err) == RT_OK)
        report_all(&findings);
    rt_findings_free(&findings);
    rt_config_free(&cfg);
    return 0;
}
