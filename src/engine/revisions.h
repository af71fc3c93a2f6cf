/* Turning a migration model into the revision graph's input record. */
#ifndef RETORT_ENGINE_REVISIONS_H
#define RETORT_ENGINE_REVISIONS_H

#include "retort/graph.h"
#include "retort/migration.h"

/* Fills out from m, copying every string into arena (the model's own arena may die
 * right after). path is the file as displayed. Returns RT_OK or RT_ENOMEM. */
int rt_revision_from_migration(rt_revision *out, rt_arena *arena, const char *path,
                               const char *file_name, const rt_migration *m);

#endif
