/* retort — writing files safely.
 *
 * rt_file_replace() never leaves a half-written file behind: the bytes go to a temporary
 * file in the target's directory, which is synced and then renamed over the target.
 */
#ifndef RETORT_FILE_H
#define RETORT_FILE_H

#include <stddef.h>

#include "retort/error.h"

/* Replaces (or creates) path with len bytes of data, atomically. An existing file keeps
 * its permission bits (a new one gets 0644 less the umask); a symbolic link is refused
 * rather than replaced by a regular file. RT_EIO with the reason on failure. */
int rt_file_replace(const char *path, const char *data, size_t len, rt_error *err);

/* Creates path with the given bytes only if nothing exists there (O_EXCL); RT_EIO with
 * errno EEXIST's message if it does. Not atomic for readers, but never overwrites. */
int rt_file_create(const char *path, const char *data, size_t len, rt_error *err);

#endif
