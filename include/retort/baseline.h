/* retort — baselines: the findings a project already had when it adopted retort.
 *
 * `retort check --write-baseline FILE` records every finding's identity; later runs
 * with `--baseline FILE` hide the findings recorded there. The identity is (rule, path,
 * fingerprint): fingerprints carry no line numbers, so edits elsewhere in a file do not
 * bring a recorded finding back, while a new finding of the same kind does show.
 *
 * The file is JSON, written sorted as the findings are, one finding per entry:
 *   {"retort_baseline": 1, "findings": [{"rule": ..., "path": ..., "fingerprint": ...,
 *    "message": ...}, ...]}
 * (message is for the reader; matching ignores it). Paths are as reports print them,
 * relative to the working directory: write and use a baseline from the same directory.
 */
#ifndef RETORT_BASELINE_H
#define RETORT_BASELINE_H

#include <stddef.h>

#include "retort/error.h"
#include "retort/finding.h"

typedef struct rt_baseline rt_baseline;

/* Reads a baseline file. Invalid JSON is RT_EPARSE at the line and column jansson
 * reports; a valid document of the wrong shape is RT_EPARSE naming the entry. Release
 * with rt_baseline_free(). */
int rt_baseline_load(rt_baseline **out, const char *path, rt_error *err);
void rt_baseline_free(rt_baseline *baseline);

/* Removes from list the findings the baseline records (keeping the order of the rest)
 * and returns how many baseline entries matched no finding (stale entries). */
size_t rt_baseline_apply(rt_baseline *baseline, rt_findings *list);

/* Writes list as a baseline file at path, atomically. list must be finished
 * (rt_findings_finish) so that fingerprints are set. */
int rt_baseline_write(const rt_findings *list, const char *path, rt_error *err);

#endif
