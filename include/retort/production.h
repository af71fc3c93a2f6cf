/* retort — what production applied, and how the working tree departs from it.
 *
 * One source says what production ran:
 *   git_ref           a branch, tag or any revparse spec reflecting what is deployed: the
 *                     revisions in the project's version directories at that ref are
 *                     applied, and their content there is the reference (libgit2);
 *   database_url_env  an environment variable holding a PostgreSQL URL: the version table
 *                     (alembic_version unless configured) holds the heads, read over a
 *                     read-only libpq connection with a connect timeout;
 *   heads             revision ids written in the configuration.
 * With the database or heads, the applied set is the heads and all their ancestors
 * (down_revision and depends_on); the reference content is each file's retort.sum line.
 *
 * rt_production_read() fetches the raw facts (I/O: git, network); rt_production_resolve()
 * matches them against the revision graph of the working tree (pure except for reading
 * the working files). rt_production_load() does both for `retort check`.
 *
 * A source that cannot be read is an error (exit status 2), never an empty set. A
 * database URL is never put into a message: errors name the host and database only.
 */
#ifndef RETORT_PRODUCTION_H
#define RETORT_PRODUCTION_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/arena.h"
#include "retort/error.h"
#include "retort/graph.h"
#include "retort/str.h"

typedef struct rt_config rt_config;
typedef struct rt_project rt_project;
typedef struct rt_project_file rt_project_file;
typedef struct rt_sumfile rt_sumfile;

/* Where to read production from. Exactly one of git_ref, database_url_env and heads may
 * be set; none means "not configured". */
typedef struct rt_production_sources {
    const char *git_ref;
    const char *database_url_env;      /* the variable's NAME, never the URL */
    const char *const *heads;
    size_t head_count;
    const char *version_table;         /* NULL: alembic_version */
    const char *version_table_schema;  /* NULL: the connection's search_path */
} rt_production_sources;

typedef enum rt_production_kind {
    RT_PRODUCTION_NONE,
    RT_PRODUCTION_GIT,
    RT_PRODUCTION_DATABASE,
    RT_PRODUCTION_HEADS
} rt_production_kind;

/* A migration file at the git ref. */
typedef struct rt_production_blob {
    rt_str revision;      /* its revision id; empty when the file states none literally */
    const char *path;     /* path in the repository at the ref */
    const char *shown;    /* the same place in the working tree, as displayed */
    const char *name;     /* file name */
    const char *bytes;    /* content at the ref */
    size_t len;
} rt_production_blob;

/* A revision production has that the working tree does not. */
typedef struct rt_production_missing {
    rt_str revision;
    bool removed;         /* this branch knew it (at the fork point with the ref, in a
                             retort.sum, or as the parent of an applied revision): its file
                             was deleted. false: production is ahead of this branch */
    const char *path;     /* where to report it (the file at the ref, the retort.sum, the
                             child naming it, or the configuration) */
    unsigned line, column;
    const char *detail;   /* single line: where it was known from */
} rt_production_missing;

/* How one revision of the working tree stands against production (per graph node). */
typedef struct rt_production_node {
    bool applied;
    bool head;               /* applied, and no applied revision has it as down_revision */
    bool modified;           /* applied, and its file differs from the reference */
    unsigned diff_line;      /* first differing line (1-based); 0 when only a hash is known */
    const char *reference;   /* single line describing the reference, or NULL when none */
    const char *renamed_from;/* git: the name at the ref when the file was renamed */
} rt_production_node;

typedef struct rt_production {
    rt_arena *arena;              /* owns everything below */
    rt_production_kind kind;
    const char *source;           /* single line for messages: "git ref 'x'"... */
    /* Raw facts (rt_production_read). */
    rt_str *heads;                /* DATABASE, HEADS: the recorded heads */
    const char *const *head_paths;/* HEADS: where each was configured (may be NULL) */
    const unsigned *head_lines;
    const unsigned *head_columns;
    size_t head_count;
    rt_production_blob *blobs;    /* GIT: migration files at the ref */
    size_t blob_count;
    bool has_fork_point;          /* GIT: HEAD and the ref have a merge base */
    rt_str *forked;               /* GIT: revision ids at the merge base */
    size_t forked_count;
    /* Resolved (rt_production_resolve). */
    const rt_graph *graph;
    rt_production_node *nodes;    /* one per graph node */
    rt_production_missing *missing;
    size_t missing_count;
} rt_production;

/* Fills src from the configuration's production section (heads copied into arena).
 * Returns RT_OK or RT_ENOMEM. */
int rt_production_sources_from_config(rt_production_sources *out, rt_arena *arena,
                                      const rt_config *cfg);

/* Whether src names a source. */
bool rt_production_configured(const rt_production_sources *src);

/* Reads the raw facts from src into out (which owns a new arena; release with
 * rt_production_free, also after a failure). root is the project's directory (the git
 * repository is the one containing it); version_dirs are the project's version
 * directories (git: each is listed at the ref). Errors: RT_ECONFIG (several sources, a
 * variable not set, no repository, a ref that does not resolve), RT_EIO (the database
 * cannot be reached or queried, the version table is missing), RT_ENOMEM. */
int rt_production_read(rt_production *out, const rt_production_sources *src,
                       const char *root, const char *const *version_dirs, size_t dir_count,
                       rt_error *err);

/* Matches prod against the working tree: graph's revisions are those of files (in the
 * same order, a revision's path equal to its file's; files without one, such as .sql,
 * are skipped); sums are the project's retort.sum files. Fills
 * prod->graph, prod->nodes and prod->missing (in prod's arena); reads the applied working
 * files to compare them with the git reference. Returns RT_OK, RT_ENOMEM, or RT_EIO when
 * an applied file cannot be read. */
int rt_production_resolve(rt_production *prod, const rt_graph *graph,
                          const rt_project_file *files, size_t file_count,
                          const rt_sumfile *sums, size_t sum_count, rt_error *err);

/* For `retort check`: when project's configuration names a source, reads it and resolves
 * it against project->graph (which must be built). *out is NULL when no source is
 * configured; else the caller frees it with rt_production_free() and free(). */
int rt_production_load(rt_production **out, const rt_project *project, rt_error *err);

/* Releases what prod holds (NULL or an empty one is fine); prod itself is the caller's. */
void rt_production_free(rt_production *prod);

#endif
