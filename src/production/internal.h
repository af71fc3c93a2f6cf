/* Private to src/production: one file per source. */
#ifndef RETORT_PRODUCTION_INTERNAL_H
#define RETORT_PRODUCTION_INTERNAL_H

#include "retort/production.h"

/* Fills prod->blobs (and the fork point) from src->git_ref. */
int rt_production_read_git(rt_production *prod, const rt_production_sources *src,
                           const char *root, const char *const *version_dirs,
                           size_t dir_count, rt_error *err);

/* Fills prod->heads from the version table of the database named by
 * src->database_url_env. */
int rt_production_read_database(rt_production *prod, const rt_production_sources *src,
                                rt_error *err);

/* The revision id a migration file declares (its literal `revision`, else Alembic's
 * legacy id from the file name); empty when it declares none. Strings in prod->arena. */
int rt_production_revision_of(rt_production *prod, const char *path, const char *bytes,
                              size_t len, rt_str *out, rt_error *err);

#endif
