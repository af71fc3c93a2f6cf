/* Atomic file replacement: temporary file + fsync + rename in the same directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "retort/buf.h"
#include "retort/file.h"

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The mode a new file gets: 0666 less the process umask. */
static mode_t new_file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* The directory part of path, or "." (caller frees). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

static int sync_dir(const char *dir, rt_error *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0 || fsync(fd) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return rt_error_set(err, RT_EIO, dir, 0, 0, "cannot sync the directory: %s", strerror(e));
    }
    close(fd);
    return RT_OK;
}

int rt_file_replace(const char *path, const char *data, size_t len, rt_error *err)
{
    struct stat st;
    mode_t mode = new_file_mode();
    if (lstat(path, &st) == 0) {
        if (S_ISLNK(st.st_mode))
            return rt_error_set(err, RT_EIO, path, 0, 0, "will not replace a symbolic link");
        if (!S_ISREG(st.st_mode))
            return rt_error_set(err, RT_EIO, path, 0, 0, "not a regular file");
        mode = st.st_mode & 07777;
    }
    char *dir = dir_of(path);
    rt_buf tmp = RT_BUF_INIT;
    rt_buf_printf(&tmp, "%s/.retort-tmp.XXXXXX", dir ? dir : ".");
    if (!dir || tmp.toobig) {
        free(dir);
        rt_buf_free(&tmp);
        return rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory");
    }
    int rc = RT_OK;
    int fd = mkstemp(tmp.data);
    if (fd < 0) {
        rc = rt_error_set(err, RT_EIO, dir, 0, 0, "cannot create a temporary file: %s",
                          strerror(errno));
        goto cleanup;
    }
    if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0)
        rc = rt_error_set(err, RT_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
    if (close(fd) != 0 && rc == RT_OK)
        rc = rt_error_set(err, RT_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
    if (rc == RT_OK && rename(tmp.data, path) != 0)
        rc = rt_error_set(err, RT_EIO, path, 0, 0, "cannot replace: %s", strerror(errno));
    if (rc != RT_OK)
        unlink(tmp.data);
    else
        rc = sync_dir(dir, err);
cleanup:
    rt_buf_free(&tmp);
    free(dir);
    return rc;
}

int rt_file_create(const char *path, const char *data, size_t len, rt_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        return rt_error_set(err, RT_EIO, path, 0, 0, "cannot create: %s", strerror(errno));
    int rc = RT_OK;
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0)
        rc = rt_error_set(err, RT_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
    if (close(fd) != 0 && rc == RT_OK)
        rc = rt_error_set(err, RT_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
    if (rc != RT_OK)
        unlink(path);
    return rc;
}
