/* retort — errors.
 *
 * Functions that can fail return 0 or a negative RT_E* code and fill an rt_error with
 * the details: what went wrong and where (path, 1-based line and column; 0 when unknown).
 * Lint findings are a different thing (see finding.h): an error stops the run with
 * exit status 2.
 */
#ifndef RETORT_ERROR_H
#define RETORT_ERROR_H

#include <stdio.h>

enum {
    RT_OK = 0,
    RT_ERR = -1,      /* unclassified */
    RT_ENOMEM = -2,   /* out of memory */
    RT_EIO = -3,      /* a file could not be read or written */
    RT_ECONFIG = -4,  /* configuration is invalid */
    RT_EUSAGE = -5,   /* the command line is invalid */
    RT_EPARSE = -6,   /* an input could not be parsed */
    RT_ETOOBIG = -7,  /* an input is over a size limit */
    RT_ENOTFOUND = -8 /* a named thing does not exist */
};

#define RT_ERROR_PATH_MAX 4096
#define RT_ERROR_MESSAGE_MAX 1024

typedef struct rt_error {
    int code;
    char path[RT_ERROR_PATH_MAX];
    unsigned line;
    unsigned column;
    char message[RT_ERROR_MESSAGE_MAX];
} rt_error;

/* Fills err (which may be NULL) and returns code, so that `return rt_error_set(...)`
 * reports and fails in one statement. path may be NULL. */
int rt_error_set(rt_error *err, int code, const char *path, unsigned line,
                 unsigned column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Empties err. */
void rt_error_clear(rt_error *err);

/* Writes "path:line:col: error: message\n" (the parts that are known) to out, with
 * control characters escaped. */
void rt_error_print(const rt_error *err, FILE *out);

#endif
