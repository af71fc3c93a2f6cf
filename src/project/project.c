/* Building the project: which alembic.ini, which version directories, which files. */
#include "retort/project.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "retort/path.h"

typedef struct file_list {
    rt_project_file *items;
    size_t count, cap;
} file_list;

static int add_file(rt_project *p, file_list *list, const char *cwd, const char *path,
                    const char *version_dir)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 32;
        rt_project_file *items = rt_arena_grow(p->arena, list->items, list->count, cap,
                                               sizeof *items);
        if (!items)
            return RT_ENOMEM;
        list->items = items;
        list->cap = cap;
    }
    const char *shown = rt_path_display(p->arena, cwd, path);
    if (!shown)
        return RT_ENOMEM;
    const char *slash = strrchr(shown, '/');
    list->items[list->count++] = (rt_project_file){
        .path = shown, .name = slash ? slash + 1 : shown, .version_dir = version_dir};
    return RT_OK;
}

/* Alembic's revision file pattern: `*.py` not starting with `__init__` or `.#`. */
static bool is_revision_name(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".py") == 0 && strncmp(name, "__init__", 8) != 0 &&
           strncmp(name, ".#", 2) != 0;
}

static bool is_sql_name(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".sql") == 0 && name[0] != '.';
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists dir's migration files (and, when recursive, its subdirectories'), sorted, as
 * Alembic would find them; with_sql adds *.sql files (explicit PATH directories).
 * depth bounds recursion through symlink loops. */
static int scan_dir(rt_project *p, file_list *list, const char *cwd, const char *dir,
                    bool recursive, bool with_sql, int depth, rt_error *err)
{
    if (depth > 32)
        return rt_error_set(err, RT_EIO, dir, 0, 0, "directories nested too deeply (a symlink loop?)");
    DIR *d = opendir(dir);
    if (!d)
        return rt_error_set(err, RT_EIO, dir, 0, 0, "cannot read directory: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = RT_OK;
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = rt_arena_grow(p->arena, names, n, cap, sizeof *names);
        }
        if (!names || !(names[n++] = rt_arena_strndup(p->arena, e->d_name, strlen(e->d_name)))) {
            rc = rt_error_set(err, RT_ENOMEM, dir, 0, 0, "out of memory");
            break;
        }
    }
    closedir(d);
    if (rc != RT_OK)
        return rc;
    if (n > 1)
        qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; i < n && rc == RT_OK; i++) {
        char *path = rt_path_join(p->arena, dir, names[i]);
        if (!path)
            return rt_error_set(err, RT_ENOMEM, dir, 0, 0, "out of memory");
        if (is_revision_name(names[i]) || (with_sql && is_sql_name(names[i])))
            rc = add_file(p, list, cwd, path, dir);
        else if (recursive && strcmp(names[i], "__pycache__") != 0 && rt_path_is_dir(path))
            rc = scan_dir(p, list, cwd, path, true, with_sql, depth + 1, err);
    }
    return rc;
}

static int load_alembic(rt_project *p, const char *ini, const char *name, rt_error *err)
{
    p->alembic = rt_arena_calloc(p->arena, 1, sizeof *p->alembic);
    if (!p->alembic)
        return rt_error_set(err, RT_ENOMEM, ini, 0, 0, "out of memory");
    int rc = rt_alembic_config_load(p->alembic, ini, name, err);
    if (rc != RT_OK) {
        p->alembic = NULL;
        return rc;
    }
    p->root = rt_path_dirname(p->arena, ini);
    rt_env_py_read(&p->env_py, p->arena, p->alembic->script_dir);
    return p->root ? RT_OK : RT_ENOMEM;
}

static int scan_alembic_dirs(rt_project *p, file_list *list, const char *cwd, rt_error *err)
{
    for (size_t i = 0; i < p->alembic->version_dir_count; i++) {
        const char *dir = p->alembic->version_dirs[i];
        if (!rt_path_is_dir(dir)) /* Alembic skips missing version directories */
            continue;
        int rc = scan_dir(p, list, cwd, dir, p->alembic->recursive_version_locations, false, 0, err);
        if (rc != RT_OK)
            return rc;
    }
    return RT_OK;
}

/* The alembic.ini to read: named on the command line or in the configuration, else the
 * first PATH directory holding one, else ./alembic.ini; NULL when there is none. */
static const char *choose_ini(rt_project *p, const rt_config *config, const rt_project_options *opts)
{
    if (opts->alembic_ini)
        return opts->alembic_ini;
    if (config && config->alembic_ini.value)
        return rt_path_join(p->arena, config->dir, config->alembic_ini.value);
    for (size_t i = 0; i < opts->path_count; i++) {
        char *ini = rt_path_join(p->arena, opts->paths[i], "alembic.ini");
        if (ini && rt_path_is_dir(opts->paths[i]) && rt_path_is_file(ini))
            return ini;
    }
    return rt_path_is_file("alembic.ini") ? "alembic.ini" : NULL;
}

/* Whether two paths name the same directory (symlinks resolved). */
static bool same_dir(const char *a, const char *b)
{
    char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
    bool same = ra && rb && strcmp(ra, rb) == 0;
    free(ra);
    free(rb);
    return same;
}

/* The version directory holding file path: one of alembic.ini's, or its own directory
 * when that holds a retort.sum; NULL otherwise. */
static const char *version_dir_of(rt_project *p, const char *path)
{
    char *dir = rt_path_dirname(p->arena, path);
    if (!dir)
        return NULL;
    for (size_t i = 0; p->alembic && i < p->alembic->version_dir_count; i++)
        if (same_dir(dir, p->alembic->version_dirs[i]))
            return p->alembic->version_dirs[i];
    char *sum = rt_path_join(p->arena, dir, RT_SUMFILE_NAME);
    return sum && rt_path_is_file(sum) ? dir : NULL;
}

/* The project's root named as a PATH: every migration, once. */
static int scan_root(rt_project *p, file_list *list, const char *cwd, bool *whole, rt_error *err)
{
    if (*whole)
        return RT_OK;
    *whole = true;
    return scan_alembic_dirs(p, list, cwd, err);
}

/* Adds the files PATHs name; *whole tells whether one of them was the project's root
 * (then every migration is already in the list). */
static int open_from_paths(rt_project *p, file_list *list, const char *cwd,
                           const rt_project_options *opts, bool *whole, rt_error *err)
{
    *whole = false;
    for (size_t i = 0; i < opts->path_count; i++) {
        const char *path = opts->paths[i];
        int rc;
        bool dir = rt_path_is_dir(path);
        if (dir && p->alembic && same_dir(path, p->root))
            rc = scan_root(p, list, cwd, whole, err);
        else if (dir)
            rc = scan_dir(p, list, cwd, path, false, true, 0, err);
        else if (rt_path_is_file(path))
            rc = add_file(p, list, cwd, path, version_dir_of(p, path));
        else
            rc = rt_error_set(err, RT_EIO, path, 0, 0, "no such file or directory");
        if (rc != RT_OK)
            return rc;
    }
    return RT_OK;
}

static int compare_files(const void *a, const void *b)
{
    return strcmp(((const rt_project_file *)a)->path, ((const rt_project_file *)b)->path);
}

/* Sorts files and keeps each once; a file both named and found as context is named. */
static void sort_unique(file_list *list)
{
    if (list->count < 2)
        return;
    qsort(list->items, list->count, sizeof *list->items, compare_files);
    size_t n = 1;
    for (size_t i = 1; i < list->count; i++) {
        if (strcmp(list->items[i].path, list->items[n - 1].path) != 0)
            list->items[n++] = list->items[i];
        else
            list->items[n - 1].context &= list->items[i].context;
    }
    list->count = n;
}

/* The project's other migrations, as context for the files the user named. */
static int add_context(rt_project *p, file_list *list, const char *cwd, rt_error *err)
{
    size_t first = list->count;
    int rc = scan_alembic_dirs(p, list, cwd, err);
    for (size_t i = first; i < list->count; i++)
        list->items[i].context = true;
    return rc;
}

/* Reads the retort.sum of every version directory: alembic.ini's and the files'. Their
 * paths are shown relative to cwd. */
static int load_sums(rt_project *p, const char *cwd, rt_error *err)
{
    size_t cap = p->file_count + (p->alembic ? p->alembic->version_dir_count : 0);
    p->sums = rt_arena_calloc(p->arena, cap ? cap : 1, sizeof *p->sums);
    if (!p->sums)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < cap; i++) {
        size_t nd = p->alembic ? p->alembic->version_dir_count : 0;
        rt_project_file *file = i >= nd ? &p->files[i - nd] : NULL;
        const char *dir = file ? file->version_dir : p->alembic->version_dirs[i];
        if (!dir || (!file && !rt_path_is_dir(dir)))
            continue;
        size_t k = 0;
        while (k < p->sum_count && strcmp(p->sums[k].dir, dir) != 0)
            k++;
        if (k == p->sum_count) {
            int rc = rt_sumfile_read(&p->sums[k], p->arena, dir, err);
            if (rc != RT_OK)
                return rc;
            p->sums[k].path = rt_path_display(p->arena, cwd, p->sums[k].path);
            if (!p->sums[k].path)
                return rt_error_set(err, RT_ENOMEM, dir, 0, 0, "out of memory");
            p->sum_count++;
        }
        if (file)
            file->sum = &p->sums[k];
    }
    return RT_OK;
}

static int open_project(rt_project *p, const rt_config *config, const rt_project_options *opts,
                        rt_error *err)
{
    file_list list = {0};
    const char *cwd = rt_path_cwd(p->arena);
    if (!cwd)
        return rt_error_set(err, RT_EIO, NULL, 0, 0, "cannot determine the working directory");
    p->root = p->cwd = cwd;
    const char *ini = choose_ini(p, config, opts);
    int rc = RT_OK;
    if (ini)
        rc = load_alembic(p, ini, opts->alembic_name, err);
    else if (opts->path_count == 0)
        return rt_error_set(err, RT_ECONFIG, NULL, 0, 0,
                            "no alembic.ini in the working directory: run retort in the project, "
                            "name files or directories to check, or set alembic_ini in .retort.yaml");
    if (rc == RT_OK && opts->path_count == 0)
        rc = scan_alembic_dirs(p, &list, cwd, err);
    bool whole = opts->path_count == 0;
    if (rc == RT_OK && !whole)
        rc = open_from_paths(p, &list, cwd, opts, &whole, err);
    if (rc == RT_OK && p->alembic && !whole)
        rc = add_context(p, &list, cwd, err);
    sort_unique(&list);
    p->files = list.items;
    p->file_count = list.count;
    return rc == RT_OK ? load_sums(p, cwd, err) : rc;
}

int rt_project_open(rt_project *out, const rt_config *config, const rt_project_options *opts,
                    rt_error *err)
{
    memset(out, 0, sizeof *out);
    out->config = config;
    out->arena = rt_arena_new();
    if (!out->arena)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = open_project(out, config, opts, err);
    if (rc != RT_OK)
        rt_project_free(out);
    return rc;
}

void rt_project_sources_free(rt_project *p)
{
    for (size_t i = 0; p->sources && i < p->file_count; i++)
        rt_source_free(&p->sources[i]);
    free(p->sources);
    p->sources = NULL;
}

rt_source *rt_project_source(const rt_project *p, const char *path)
{
    if (!p->sources || !path)
        return NULL;
    size_t lo = 0, hi = p->file_count; /* files are sorted by path */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(p->files[mid].path, path);
        if (c == 0)
            return p->sources[mid].data ? &p->sources[mid] : NULL;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void rt_project_free(rt_project *p)
{
    rt_project_sources_free(p);
    if (p->alembic)
        rt_alembic_config_free(p->alembic);
    rt_arena_free(p->arena);
    memset(p, 0, sizeof *p);
}
