/* Benchmark of the Python front-end: tokenize, and tokenize + parse, over every .py file
 * under the given directories (default: Debian's Python stdlib), single thread, all
 * files read into memory first. Prints MB per CPU-second; never fails on time.
 *
 *   bench_python_frontend [--rounds N] [DIR...] */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "retort/python.h"

static rt_source *files;
static size_t nfiles, capfiles, total_bytes;

static int add_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    size_t len = strlen(path);
    if (type != FTW_F || len < 3 || strcmp(path + len - 3, ".py") != 0)
        return 0;
    if (nfiles == capfiles) {
        capfiles = capfiles ? capfiles * 2 : 256;
        rt_source *v = realloc(files, capfiles * sizeof *v);
        if (!v)
            return 1;
        files = v;
    }
    rt_error err;
    if (rt_source_read(&files[nfiles], path, &err) == RT_OK) {
        total_bytes += files[nfiles].len;
        nfiles++;
    }
    return 0;
}

/* CPU time of this thread: MB per CPU-second is the per-core throughput, and stays
 * meaningful when other processes share the machine. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One pass over all files; returns seconds, and adds to *errors the syntax errors seen. */
static double run(bool parse, size_t *errors)
{
    double t0 = now();
    for (size_t i = 0; i < nfiles; i++) {
        rt_arena *a = rt_arena_new();
        rt_error err;
        if (!a)
            continue;
        if (parse) {
            rt_py_module *m;
            if (rt_py_parse(&m, a, files[i].path, files[i].data, files[i].len, &err) == RT_OK)
                *errors += m->error_count;
        } else {
            rt_py_tokens t;
            if (rt_py_tokenize(&t, a, files[i].data, files[i].len, 0, &err) == RT_OK)
                *errors += t.error_count;
        }
        rt_arena_free(a);
    }
    return now() - t0;
}

int main(int argc, char **argv)
{
    int rounds = 5, ndirs = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
            rounds = (int)strtol(argv[++i], NULL, 10);
            continue;
        }
        nftw(argv[i], add_file, 32, FTW_PHYS);
        ndirs++;
    }
    if (ndirs == 0)
        nftw("/usr/lib/python3.11", add_file, 32, FTW_PHYS);
    if (nfiles == 0) {
        fprintf(stderr, "bench_python_frontend: no .py files found\n");
        return 0;
    }
    rounds = rounds < 1 ? 1 : rounds;
    double best_tok = 1e9, best_parse = 1e9;
    size_t errors = 0;
    for (int r = 0; r < rounds; r++) {
        double t = run(false, &errors);
        best_tok = t < best_tok ? t : best_tok;
        errors = 0;
        t = run(true, &errors);
        best_parse = t < best_parse ? t : best_parse;
    }
    double mb = (double)total_bytes / 1e6;
    printf("files: %zu, %.1f MB, syntax errors: %zu\n", nfiles, mb, errors);
    printf("tokenize:         %8.1f MB/s (best of %d)\n", mb / best_tok, rounds);
    printf("tokenize + parse: %8.1f MB/s (best of %d)\n", mb / best_parse, rounds);
    for (size_t i = 0; i < nfiles; i++)
        rt_source_free(&files[i]);
    free(files);
    return 0;
}
