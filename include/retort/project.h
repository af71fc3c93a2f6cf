/* retort — the project: what `retort check` looks at.
 *
 * Found from alembic.ini (discovered, configured, or a PATH that is a directory holding
 * one) or from explicit PATHs (files, or directories read like a version directory).
 * Owns its memory (one arena); release with rt_project_free().
 */
#ifndef RETORT_PROJECT_H
#define RETORT_PROJECT_H

#include <stddef.h>

#include "retort/alembic_config.h"
#include "retort/arena.h"
#include "retort/config.h"
#include "retort/base.h"
#include "retort/env_py.h"
#include "retort/error.h"
#include "retort/graph.h"
#include "retort/source.h"
#include "retort/sumfile.h"

typedef struct rt_project_file rt_project_file;

struct rt_project_file {
    const char *path;          /* as displayed: relative to the working directory when inside */
    const char *name;          /* the file name */
    const char *version_dir;   /* its version directory, or NULL when it is in none */
    const rt_sumfile *sum;     /* that directory's retort.sum (exists may be false), or NULL */
    bool context;              /* not named by the user: read for the revision graph and
                                  project rules only, no per-file findings */
};

struct rt_project {
    rt_arena *arena;
    const rt_config *config;
    const char *root;              /* the project's directory */
    const char *cwd;               /* the working directory: paths are shown relative to it */
    rt_alembic_config *alembic;    /* NULL when no alembic.ini was found or named */
    rt_env_py env_py;              /* the script directory's env.py settings (empty when
                                      there is no alembic.ini or no env.py) */
    rt_project_file *files;        /* migration files, sorted by path */
    size_t file_count;
    rt_sumfile *sums;              /* retort.sum of every version directory involved */
    size_t sum_count;
    /* Filled by the engine (rt_project_read_revisions): one revision record per Python
     * file, in the order of files, and the graph built from them. */
    rt_revision *revisions;
    size_t revision_count;
    const rt_graph *graph;
    /* Filled by the engine with revisions: the bytes of files[i] as it read them (data
     * NULL when not read), so that no later reader opens the file again. Owned by the
     * project; whoever takes one leaves a zeroed rt_source behind. */
    rt_source *sources;
    /* With `--base REF` (set by the engine): what changed since REF; else NULL. */
    const rt_base *base;
    /* What production applied, resolved against the files; set by the check engine
     * when a production rule runs and a source is configured, else NULL. */
    const struct rt_production *production;
};

typedef struct rt_project_options {
    const char *const *paths;      /* PATH arguments (may be none) */
    size_t path_count;
    const char *alembic_ini;       /* --alembic-ini or config; NULL to discover */
    const char *alembic_name;      /* -n / --name; NULL for "alembic" */
} rt_project_options;

/* Builds the project. With no paths: alembic.ini from opts or config, else ./alembic.ini.
 * A PATH that is a directory holding alembic.ini is a project root; other directories
 * are version directories; files are checked as given (a file is in a version directory
 * when its directory is one of alembic.ini's or holds a retort.sum). Each version
 * directory's retort.sum is read strictly. When PATHs name only some files of a project
 * with alembic.ini, its other migrations are added as context files, so the revision
 * graph is whole. Errors: RT_EIO (a PATH that does
 * not exist), RT_ECONFIG (nothing to check), and the alembic.ini reader's errors. */
int rt_project_open(rt_project *out, const rt_config *config, const rt_project_options *opts,
                    rt_error *err);
void rt_project_free(rt_project *project);

/* Frees project->sources (rt_project_free() does it too). */
void rt_project_sources_free(rt_project *project);

/* The bytes the engine read of the project's file at path, or NULL (not a project file,
 * or not read). */
rt_source *rt_project_source(const rt_project *project, const char *path);

#endif
