/* retort — `--base REF`: what changed since a git revision.
 *
 * For the CI gate: per-file rules report only on migrations added or changed since REF
 * (the graph, production and other project rules still see and report on the whole
 * project), and every retort.sum line whose hash changed since REF is visible as
 * migration-resigned. Read with libgit2: REF is anything `git rev-parse` accepts.
 */
#ifndef RETORT_BASE_H
#define RETORT_BASE_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/arena.h"
#include "retort/error.h"
#include "retort/sumfile.h"

typedef struct rt_base {
    const char *ref;
    const char **changed;     /* display paths added, modified, renamed or untracked */
    size_t changed_count;     /* sorted */
    /* For each of the project's retort.sum files (same index as project->sums): its
     * content at REF (exists false when it did not exist there). */
    rt_sumfile *old_sums;
    size_t old_sum_count;
} rt_base;

typedef struct rt_project rt_project;

/* Reads what changed between REF and the working tree (index and untracked files
 * included) in the git repository holding the working directory. Errors (no
 * repository, unknown REF) are RT_EIO/RT_EUSAGE naming REF. Strings in project->arena. */
int rt_base_load(rt_base *out, const rt_project *project, const char *ref, rt_error *err);

/* Whether the file at display path changed since REF. */
bool rt_base_changed(const rt_base *base, const char *path);

#endif
