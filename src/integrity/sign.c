/* `retort sign`: recording migrations in retort.sum, locked and atomic. */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "retort/buf.h"
#include "retort/file.h"
#include "retort/path.h"
#include "retort/source.h"
#include "retort/sumfile.h"

static const char header[] =
    "# retort.sum: hashes of migrations as Alembic generated them. Written by `retort sign`.\n";

/* Hashes dir/name as e->kind says, refusing symlinks and anything but a regular file. */
static int hash_file(rt_arena *a, const char *dir, const char *name, rt_sum_entry *e,
                     rt_error *err)
{
    char *path = rt_path_join(a, dir, name);
    if (!path)
        return rt_error_set(err, RT_ENOMEM, dir, 0, 0, "out of memory");
    struct stat st;
    if (lstat(path, &st) != 0)
        return rt_error_set(err, RT_EIO, path, 0, 0, "cannot sign: %s", strerror(errno));
    if (S_ISLNK(st.st_mode))
        return rt_error_set(err, RT_EIO, path, 0, 0, "will not sign a symbolic link");
    rt_source src;
    int rc = rt_source_read(&src, path, err);
    if (rc != RT_OK)
        return rc;
    if (e->kind == RT_HASH_TOKENS)
        rc = rt_hash_tokens(src.data, src.len, e->hash);
    else
        rt_hash_migration(src.data, src.len, e->hash);
    rt_source_free(&src);
    return rc == RT_OK ? RT_OK : rt_error_set(err, rc, path, 0, 0, "out of memory");
}

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const rt_sum_entry *)a)->name, ((const rt_sum_entry *)b)->name);
}

/* The new table, sorted: the old entries (unless replacing all) with the signed ones
 * merged in (a name signed twice counts once). signed_ is sorted in place. */
static int merge(rt_arena *a, const rt_sumfile *old, rt_sum_entry *signed_, size_t n,
                 unsigned flags, rt_sum_entry **out, size_t *out_count)
{
    size_t old_n = (flags & RT_SIGN_REPLACE_ALL) ? 0 : old->count;
    rt_sum_entry *all = rt_arena_calloc(a, n + old_n + 1, sizeof *all);
    if (!all)
        return RT_ENOMEM;
    if (n > 1)
        qsort(signed_, n, sizeof *signed_, compare_entries);
    size_t i = 0, j = 0, count = 0;
    while (i < old_n || j < n) {
        int c = i == old_n ? 1 : j == n ? -1 : strcmp(old->entries[i].name, signed_[j].name);
        if (c < 0) {
            all[count++] = old->entries[i++];
            continue;
        }
        i += c == 0;
        if (count == 0 || strcmp(all[count - 1].name, signed_[j].name) != 0)
            all[count++] = signed_[j];
        j++;
    }
    *out = all;
    *out_count = count;
    return RT_OK;
}

static void render(rt_buf *b, const rt_sum_entry *entries, size_t count)
{
    rt_buf_puts(b, header);
    for (size_t i = 0; i < count; i++) {
        char hex[72];
        rt_hash_format(entries[i].hash, hex);
        rt_buf_printf(b, "%s %s%s\n", entries[i].name,
                      entries[i].kind == RT_HASH_TOKENS ? "pytokens-" : "", hex);
    }
}

static int hash_all(rt_arena *a, const char *dir, const char *const *names, size_t n,
                    rt_hash_kind kind, rt_sum_entry **out, rt_error *err)
{
    rt_sum_entry *e = rt_arena_calloc(a, n ? n : 1, sizeof *e);
    if (!e)
        return rt_error_set(err, RT_ENOMEM, dir, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (strchr(names[i], '/') || strpbrk(names[i], " \t\r\n"))
            return rt_error_set(err, RT_EUSAGE, names[i], 0, 0,
                                "cannot record a file name with spaces or slashes");
        e[i].kind = kind;
        int rc = hash_file(a, dir, names[i], &e[i], err);
        if (rc != RT_OK)
            return rc;
        e[i].name = names[i];
    }
    *out = e;
    return RT_OK;
}

static int results_for(rt_arena *a, const rt_sumfile *old, const rt_sum_entry *e, size_t n,
                       rt_sign_result **out)
{
    rt_sign_result *r = rt_arena_calloc(a, n ? n : 1, sizeof *r);
    if (!r)
        return RT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const rt_sum_entry *prev = rt_sumfile_find(old, e[i].name);
        r[i].name = e[i].name;
        bool same = prev && prev->kind == e[i].kind &&
                    memcmp(prev->hash, e[i].hash, RT_HASH_LEN) == 0;
        r[i].action = !prev ? RT_SIGN_ADDED : same ? RT_SIGN_UNCHANGED : RT_SIGN_CHANGED;
    }
    *out = r;
    return RT_OK;
}

static int sign_locked(rt_arena *a, const char *dir, const char *const *names, size_t n,
                       unsigned flags, rt_sign_result **results, rt_error *err)
{
    rt_sumfile old;
    rt_sum_entry *signed_ = NULL, *all = NULL;
    size_t count = 0;
    int rc = rt_sumfile_read(&old, a, dir, err);
    if (rc == RT_OK)
        rc = hash_all(a, dir, names, n, (flags & RT_SIGN_TOKENS) ? RT_HASH_TOKENS : RT_HASH_BYTES,
                      &signed_, err);
    if (rc == RT_OK && (results_for(a, &old, signed_, n, results) != RT_OK ||
                        merge(a, &old, signed_, n, flags, &all, &count) != RT_OK))
        rc = rt_error_set(err, RT_ENOMEM, dir, 0, 0, "out of memory");
    if (rc != RT_OK)
        return rc;
    rt_buf text = RT_BUF_INIT;
    render(&text, all, count);
    rc = text.toobig ? rt_error_set(err, RT_ENOMEM, dir, 0, 0, "out of memory")
                     : rt_file_replace(old.path, rt_buf_cstr(&text), text.len, err);
    rt_buf_free(&text);
    return rc;
}

/* Whether a relative path stays below its starting directory, read component by
 * component without resolving links ("a/../b" does, "../a" and "a/../.." do not). */
static bool relative_inside(const char *path)
{
    long depth = 0;
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            depth--;
        else if (n > 0 && !(n == 1 && p[0] == '.'))
            depth++;
        if (depth < 0)
            return false;
        p += n + (p[n] == '/');
    }
    return true;
}

/* A directory written inside the working directory must resolve inside it too: a
 * symbolic link on the way must not carry retort.sum out of the project. */
static int check_stays_inside(const char *dir, rt_error *err)
{
    char cwd[PATH_MAX], real[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd) || !realpath(dir, real))
        return RT_OK; /* opening the directory reports what is wrong with it */
    size_t n = strlen(cwd);
    bool written_inside = dir[0] == '/' ? strncmp(dir, cwd, n) == 0 &&
                                              (dir[n] == '/' || dir[n] == '\0')
                                        : relative_inside(dir);
    bool resolves_inside = strncmp(real, cwd, n) == 0 && (real[n] == '/' || real[n] == '\0');
    if (!written_inside || resolves_inside || (n == 1 && cwd[0] == '/'))
        return RT_OK;
    return rt_error_set(err, RT_EIO, dir, 0, 0,
                        "will not sign: a symbolic link leads this directory out of the "
                        "project (to %s)", real);
}

int rt_sumfile_sign(rt_arena *a, const char *dir, const char *const *names, size_t count,
                    unsigned flags, rt_sign_result **results, rt_error *err)
{
    int rc = check_stays_inside(dir, err);
    if (rc != RT_OK)
        return rc;
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0)
        return rt_error_set(err, RT_EIO, dir, 0, 0, "cannot open directory: %s", strerror(errno));
    while ((rc = flock(dirfd, LOCK_EX)) != 0 && errno == EINTR)
        ;
    if (rc != 0)
        rc = rt_error_set(err, RT_EIO, dir, 0, 0, "cannot lock directory: %s", strerror(errno));
    else
        rc = sign_locked(a, dir, names, count, flags, results, err);
    close(dirfd); /* releases the lock */
    return rc;
}
