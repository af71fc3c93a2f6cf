/* The sink rules emit into: applies severities and selection, collects findings. */
#ifndef RETORT_ENGINE_SINK_H
#define RETORT_ENGINE_SINK_H

#include "retort/config.h"
#include "retort/finding.h"
#include "retort/rule.h"
#include "suppress.h"

struct rt_sink {
    rt_findings *findings;
    const rt_severity *severity; /* effective severity per registry index; OFF = not run */
    const char *cwd;             /* finding paths are shown relative to it */
    int status;                  /* first error while collecting (out of memory) */
    rt_suppress_cache *suppress; /* inline suppressions (suppress.h); NULL: none applied */
};

#endif
