/* retort — textual path helpers (no symlink resolution). Results are allocated in the
 * given arena; NULL means out of memory. */
#ifndef RETORT_PATH_H
#define RETORT_PATH_H

#include <stdbool.h>

#include "retort/arena.h"

/* dir + "/" + name, or name alone when it is absolute or dir is empty. */
char *rt_path_join(rt_arena *arena, const char *dir, const char *name);

/* Removes "." components, folds "a/.." pairs and repeated slashes; "" becomes ".". */
char *rt_path_normalize(rt_arena *arena, const char *path);

/* The directory part of path ("." when it has none). */
char *rt_path_dirname(rt_arena *arena, const char *path);

/* path as it should be shown: relative to the working directory cwd when inside it,
 * else normalized and absolute. */
char *rt_path_display(rt_arena *arena, const char *cwd, const char *path);

/* The working directory, or NULL. */
char *rt_path_cwd(rt_arena *arena);

/* True when path names an existing directory / regular file (following symlinks). */
bool rt_path_is_dir(const char *path);
bool rt_path_is_file(const char *path);

#endif
