#include "retort/path.h"

#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *rt_path_join(rt_arena *a, const char *dir, const char *name)
{
    if (name[0] == '/' || !dir || !dir[0])
        return rt_arena_strndup(a, name, strlen(name));
    size_t dl = strlen(dir), nl = strlen(name);
    bool slash = dir[dl - 1] != '/';
    char *out = rt_arena_alloc(a, dl + slash + nl + 1);
    if (!out)
        return NULL;
    memcpy(out, dir, dl);
    if (slash)
        out[dl] = '/';
    memcpy(out + dl + slash, name, nl + 1);
    return out;
}

char *rt_path_normalize(rt_arena *a, const char *path)
{
    size_t len = strlen(path);
    char *out = rt_arena_alloc(a, len + 2);
    if (!out)
        return NULL;
    bool absolute = path[0] == '/';
    size_t n = 0;
    if (absolute)
        out[n++] = '/';
    size_t base = n; /* components start here; ".." cannot climb above it */
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        const char *start = p;
        while (*p && *p != '/')
            p++;
        size_t cl = (size_t)(p - start);
        if (cl == 0 || (cl == 1 && start[0] == '.'))
            continue;
        bool dotdot = cl == 2 && start[0] == '.' && start[1] == '.';
        if (dotdot && n > base) {
            size_t last = n;
            while (last > base && out[last - 1] != '/')
                last--;
            bool prev_is_dotdot = n - last == 2 && out[last] == '.' && out[last + 1] == '.';
            if (!prev_is_dotdot) {
                n = last > base ? last - 1 : base;
                continue;
            }
        } else if (dotdot && absolute) {
            continue;
        }
        if (n > base)
            out[n++] = '/';
        memcpy(out + n, start, cl);
        n += cl;
    }
    if (n == 0)
        out[n++] = '.';
    out[n] = '\0';
    return out;
}

char *rt_path_dirname(rt_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return rt_arena_strndup(a, ".", 1);
    if (slash == path)
        return rt_arena_strndup(a, "/", 1);
    return rt_arena_strndup(a, path, (size_t)(slash - path));
}

char *rt_path_display(rt_arena *a, const char *cwd, const char *path)
{
    char *abs = rt_path_join(a, cwd, path);
    char *norm = abs ? rt_path_normalize(a, abs) : NULL;
    if (!norm || !cwd)
        return norm;
    size_t cl = strlen(cwd);
    while (cl > 1 && cwd[cl - 1] == '/')
        cl--;
    if (strncmp(norm, cwd, cl) == 0 && norm[cl] == '/' && cl > 1)
        return norm + cl + 1;
    if (strcmp(norm, cwd) == 0)
        return rt_arena_strndup(a, ".", 1);
    return norm;
}

char *rt_path_cwd(rt_arena *a)
{
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf))
        return NULL;
    return rt_arena_strndup(a, buf, strlen(buf));
}

bool rt_path_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool rt_path_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}
