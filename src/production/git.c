/* Production from a git ref (libgit2): the migrations in the version directories there. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "dl/libgit2.h"
#include "internal.h"
#include "retort/buf.h"
#include "retort/path.h"

typedef struct git_reader {
    const rt_git2 *git;
    rt_production *prod;
    const char *ref;
    git_repository *repo;
    const char *workdir;       /* realpath of the repository's working directory */
    const char *cwd;           /* paths are displayed relative to it */
    rt_error *err;
} git_reader;

static const char *git_message(const git_reader *g)
{
    const git_error *e = g->git->error_last();
    return e && e->message ? e->message : "unknown libgit2 error";
}

static int fail(git_reader *g, int code, const char *why)
{
    return rt_error_set(g->err, code, NULL, 0, 0, "production git_ref '%s': %s: %s", g->ref,
                        why, git_message(g));
}

static int oom(git_reader *g)
{
    return rt_error_set(g->err, RT_ENOMEM, NULL, 0, 0, "out of memory");
}

/* dir relative to the working directory ("" for the working directory itself), or NULL
 * when dir is outside it. A directory deleted from the working tree is placed by its
 * normalized absolute path (its migrations at the ref still count). */
static const char *relative_dir(git_reader *g, const char *dir)
{
    rt_arena *arena = g->prod->arena;
    char *real = realpath(dir, NULL);
    const char *joined = dir[0] == '/' ? dir : rt_path_join(arena, g->cwd, dir);
    const char *abs = real     ? rt_arena_strndup(arena, real, strlen(real))
                      : joined ? rt_path_normalize(arena, joined)
                               : NULL;
    free(real);
    if (!abs)
        return NULL;
    size_t wl = strlen(g->workdir);
    if (strncmp(abs, g->workdir, wl) != 0 || (abs[wl] != '/' && abs[wl] != '\0'))
        return NULL;
    return abs + wl + (abs[wl] == '/');
}

typedef struct blob_list {
    rt_production_blob *items;
    size_t count, cap;
} blob_list;

static int add_blob(git_reader *g, blob_list *list, const git_tree_entry *entry,
                    const char *rel)
{
    git_blob *blob = NULL;
    if (g->git->blob_lookup(&blob, g->repo, g->git->tree_entry_id(entry)) != 0)
        return fail(g, RT_EIO, "cannot read a migration at the ref");
    rt_arena *arena = g->prod->arena;
    const char *name = g->git->tree_entry_name(entry);
    size_t len = (size_t)g->git->blob_rawsize(blob);
    rt_production_blob b = {.name = rt_arena_strndup(arena, name, strlen(name)),
                            .bytes = rt_arena_strndup(arena, g->git->blob_rawcontent(blob), len),
                            .len = len};
    g->git->blob_free(blob);
    rt_buf path = RT_BUF_INIT;
    rt_buf_printf(&path, "%s%s%s", rel, rel[0] ? "/" : "", name);
    b.path = path.toobig ? NULL : rt_arena_strndup(arena, rt_buf_cstr(&path), path.len);
    rt_buf_free(&path);
    const char *abs = b.path ? rt_path_join(arena, g->workdir, b.path) : NULL;
    b.shown = abs ? rt_path_display(arena, g->cwd, abs) : NULL;
    if (!b.name || !b.bytes || !b.shown)
        return oom(g);
    int rc = rt_production_revision_of(g->prod, b.path, b.bytes, b.len, &b.revision, g->err);
    if (rc != RT_OK)
        return rc;
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        list->items = rt_arena_grow(arena, list->items, list->cap, cap, sizeof *list->items);
        if (!list->items)
            return oom(g);
        list->cap = cap;
    }
    list->items[list->count++] = b;
    return RT_OK;
}

static bool is_migration(const git_reader *g, const git_tree_entry *entry)
{
    const char *name = g->git->tree_entry_name(entry);
    size_t n = strlen(name);
    return g->git->tree_entry_type(entry) == GIT_OBJECT_BLOB && n > 3 &&
           strcmp(name + n - 3, ".py") == 0;
}

/* The migrations of directory rel in tree; a directory absent there holds none. */
static int list_dir(git_reader *g, blob_list *list, git_tree *tree, const char *rel)
{
    git_tree *sub = NULL;
    git_tree_entry *entry = NULL;
    int rc = RT_OK;
    if (rel[0]) {
        if (g->git->tree_entry_bypath(&entry, tree, rel) != 0 ||
            g->git->tree_entry_type(entry) != GIT_OBJECT_TREE)
            goto cleanup;
        if (g->git->tree_lookup(&sub, g->repo, g->git->tree_entry_id(entry)) != 0) {
            rc = fail(g, RT_EIO, "cannot read a version directory at the ref");
            goto cleanup;
        }
    }
    const git_tree *dir = sub ? sub : tree;
    for (size_t i = 0; i < g->git->tree_entrycount(dir) && rc == RT_OK; i++) {
        const git_tree_entry *e = g->git->tree_entry_byindex(dir, i);
        if (is_migration(g, e))
            rc = add_blob(g, list, e, rel);
    }
cleanup:
    g->git->tree_entry_free(entry);
    g->git->tree_free(sub);
    return rc;
}

static int list_tree(git_reader *g, blob_list *list, git_tree *tree, const char *const *rels,
                     size_t count)
{
    for (size_t i = 0; i < count; i++) {
        int rc = list_dir(g, list, tree, rels[i]);
        if (rc != RT_OK)
            return rc;
    }
    return RT_OK;
}

/* The revisions at the merge base of HEAD and the ref: what this branch started from. */
static int read_fork_point(git_reader *g, const git_oid *ref_commit, const char *const *rels,
                           size_t count)
{
    git_reference *head = NULL;
    git_commit *base = NULL;
    git_tree *tree = NULL;
    git_oid base_id;
    blob_list list = {0};
    int rc = RT_OK;
    if (g->git->repository_head(&head, g->repo) != 0 || !g->git->reference_target(head) ||
        g->git->merge_base(&base_id, g->repo, g->git->reference_target(head), ref_commit) != 0)
        goto cleanup;
    if (g->git->commit_lookup(&base, g->repo, &base_id) != 0 ||
        g->git->commit_tree(&tree, base) != 0) {
        rc = fail(g, RT_EIO, "cannot read the merge base with HEAD");
        goto cleanup;
    }
    rc = list_tree(g, &list, tree, rels, count);
    if (rc != RT_OK)
        goto cleanup;
    g->prod->forked = rt_arena_calloc(g->prod->arena, list.count ? list.count : 1,
                                      sizeof *g->prod->forked);
    if (!g->prod->forked) {
        rc = oom(g);
        goto cleanup;
    }
    for (size_t i = 0; i < list.count; i++)
        g->prod->forked[i] = list.items[i].revision;
    g->prod->forked_count = list.count;
    g->prod->has_fork_point = true;
cleanup:
    g->git->tree_free(tree);
    g->git->commit_free(base);
    g->git->reference_free(head);
    return rc;
}

/* Each version directory relative to the working directory. A directory outside the
 * repository is an error: its migrations could not be compared with the ref. */
static int relative_dirs(git_reader *g, const char *const *dirs, size_t count,
                         const char ***out)
{
    const char **rels = rt_arena_calloc(g->prod->arena, count ? count : 1, sizeof *rels);
    if (!rels)
        return oom(g);
    for (size_t i = 0; i < count; i++) {
        rels[i] = relative_dir(g, dirs[i]);
        if (!rels[i])
            return rt_error_set(g->err, RT_ECONFIG, NULL, 0, 0,
                                "production git_ref '%s': the version directory %s is not "
                                "inside the repository at %s", g->ref, dirs[i], g->workdir);
    }
    *out = rels;
    return RT_OK;
}

static int open_repository(git_reader *g, const char *root)
{
    if (g->git->repository_open_ext(&g->repo, root, 0, NULL) != 0)
        return fail(g, RT_ECONFIG, "the project is not in a git repository");
    const char *wd = g->git->repository_workdir(g->repo);
    char *real = wd ? realpath(wd, NULL) : NULL;
    if (!real)
        return fail(g, RT_ECONFIG, "the repository has no working directory");
    g->workdir = rt_arena_strndup(g->prod->arena, real, strlen(real));
    free(real);
    g->cwd = rt_path_cwd(g->prod->arena);
    return g->workdir && g->cwd ? RT_OK : oom(g);
}

static int read_ref(git_reader *g, const char *const *dirs, size_t dir_count)
{
    git_object *obj = NULL;
    git_object *peeled = NULL;
    git_tree *tree = NULL;
    blob_list list = {0};
    int rc = RT_OK;
    if (g->git->revparse_single(&obj, g->repo, g->ref) != 0) {
        rc = fail(g, RT_ECONFIG, "the ref does not exist in the repository");
        goto cleanup;
    }
    /* A peeled GIT_OBJECT_COMMIT is a git_commit (libgit2's documented cast). */
    if (g->git->object_peel(&peeled, obj, GIT_OBJECT_COMMIT) != 0 ||
        g->git->commit_tree(&tree, (git_commit *)peeled) != 0) {
        rc = fail(g, RT_ECONFIG, "the ref does not name a commit");
        goto cleanup;
    }
    size_t n = dir_count;
    const char **rels = NULL;
    rc = relative_dirs(g, dirs, dir_count, &rels);
    if (rc != RT_OK)
        goto cleanup;
    rc = list_tree(g, &list, tree, rels, n);
    if (rc == RT_OK)
        rc = read_fork_point(g, g->git->object_id(peeled), rels, n);
    g->prod->blobs = list.items;
    g->prod->blob_count = list.count;
cleanup:
    g->git->tree_free(tree);
    g->git->object_free(peeled);
    g->git->object_free(obj);
    return rc;
}

int rt_production_read_git(rt_production *prod, const rt_production_sources *src,
                           const char *root, const char *const *version_dirs,
                           size_t dir_count, rt_error *err)
{
    git_reader g = {.prod = prod, .ref = src->git_ref, .err = err};
    rt_buf b = RT_BUF_INIT;
    rt_buf_printf(&b, "production (git ref '%s')", src->git_ref);
    prod->source = b.toobig ? NULL : rt_arena_strndup(prod->arena, rt_buf_cstr(&b), b.len);
    rt_buf_free(&b);
    if (!prod->source)
        return oom(&g);
    int rc = rt_git2_load(&g.git, "production git_ref", err);
    if (rc != RT_OK)
        return rc;
    if (g.git->libgit2_init() < 0)
        return fail(&g, RT_EIO, "cannot initialise libgit2");
    rc = open_repository(&g, root);
    if (rc == RT_OK)
        rc = read_ref(&g, version_dirs, dir_count);
    g.git->repository_free(g.repo);
    g.git->libgit2_shutdown();
    return rc;
}
