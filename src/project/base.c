/* `--base REF` with libgit2: changed paths, and retort.sum as it was at REF. */
#include "retort/base.h"

#include <stdlib.h>
#include <string.h>

#include "dl/libgit2.h"
#include "retort/path.h"
#include "retort/project.h"

typedef struct collect {
    const rt_project *project;
    const char *workdir;
    const char **paths;
    size_t count, cap;
    bool failed;
} collect;

static int git_fail(const rt_git2 *git, rt_error *err, int code, const char *ref,
                    const char *what)
{
    const git_error *e = git->error_last();
    return rt_error_set(err, code, NULL, 0, 0, "--base %s: %s%s%s", ref, what,
                        e && e->message ? ": " : "", e && e->message ? e->message : "");
}

static int on_file(const git_diff_delta *delta, float progress, void *payload)
{
    (void)progress;
    collect *c = payload;
    if (delta->status == GIT_DELTA_DELETED)
        return 0;
    if (c->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        const char **grown = rt_arena_grow(c->project->arena, c->paths, c->count, cap,
                                           sizeof *grown);
        if (!grown) {
            c->failed = true;
            return -1;
        }
        c->paths = grown;
        c->cap = cap;
    }
    char *abs = rt_path_join(c->project->arena, c->workdir, delta->new_file.path);
    const char *shown = abs ? rt_path_display(c->project->arena, c->project->cwd, abs) : NULL;
    if (!shown) {
        c->failed = true;
        return -1;
    }
    c->paths[c->count++] = shown;
    return 0;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int diff_paths(const rt_git2 *git, rt_base *out, const rt_project *p,
                      git_repository *repo, git_tree *tree, rt_error *err)
{
    git_diff *diff = NULL;
    git_diff_options opts;
    git->diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
    if (git->diff_tree_to_workdir_with_index(&diff, repo, tree, &opts) != 0)
        return git_fail(git, err, RT_EIO, out->ref, "cannot compare with the working tree");
    git_diff_find_options find;
    git->diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
    git->diff_find_similar(diff, &find);
    collect c = {.project = p, .workdir = git->repository_workdir(repo)};
    git->diff_foreach(diff, on_file, NULL, NULL, NULL, &c);
    git->diff_free(diff);
    if (c.failed)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    if (c.count > 1)
        qsort(c.paths, c.count, sizeof *c.paths, compare_paths);
    out->changed = c.paths;
    out->changed_count = c.count;
    return RT_OK;
}

/* dir/retort.sum relative to the repository's working directory (which ends in '/'),
 * or NULL when dir is outside it. */
static char *sum_in_repo(rt_arena *a, const char *workdir, const char *dir)
{
    char *abs = realpath(dir, NULL);
    size_t wl = strlen(workdir), al = abs ? strlen(abs) : 0;
    char *out = NULL;
    if (abs && al + 1 == wl && strncmp(abs, workdir, al) == 0)
        out = rt_arena_strndup(a, RT_SUMFILE_NAME, strlen(RT_SUMFILE_NAME));
    else if (abs && al >= wl && strncmp(abs, workdir, wl) == 0)
        out = rt_path_join(a, abs + wl, RT_SUMFILE_NAME);
    free(abs);
    return out;
}

/* The retort.sum at REF beside each of the project's version directories. */
static int old_sums(const rt_git2 *git, rt_base *out, const rt_project *p,
                    git_repository *repo, git_tree *tree, rt_error *err)
{
    out->old_sums = rt_arena_calloc(p->arena, p->sum_count + 1, sizeof *out->old_sums);
    if (!out->old_sums)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < p->sum_count; i++) {
        rt_sumfile *old = &out->old_sums[i];
        old->path = p->sums[i].path;
        old->dir = p->sums[i].dir;
        char *entry_path = sum_in_repo(p->arena, git->repository_workdir(repo), p->sums[i].dir);
        git_tree_entry *entry = NULL;
        git_blob *blob = NULL;
        int rc = RT_OK;
        if (entry_path && git->tree_entry_bypath(&entry, tree, entry_path) == 0 &&
            git->blob_lookup(&blob, repo, git->tree_entry_id(entry)) == 0)
            rc = rt_sumfile_parse(old, p->arena, old->path, git->blob_rawcontent(blob),
                                  (size_t)git->blob_rawsize(blob), err);
        git->blob_free(blob);
        git->tree_entry_free(entry);
        if (rc != RT_OK)
            return rc;
    }
    out->old_sum_count = p->sum_count;
    return RT_OK;
}

int rt_base_load(rt_base *out, const rt_project *p, const char *ref, rt_error *err)
{
    memset(out, 0, sizeof *out);
    out->ref = ref;
    const rt_git2 *git = NULL;
    int rc = rt_git2_load(&git, "--base", err);
    if (rc != RT_OK)
        return rc;
    git->libgit2_init();
    git_repository *repo = NULL;
    git_object *obj = NULL;
    git_tree *tree = NULL;
    if (git->repository_open_ext(&repo, p->cwd, 0, NULL) != 0)
        rc = git_fail(git, err, RT_EIO, ref, "the working directory is not in a git repository");
    else if (git->repository_is_bare(repo))
        rc = git_fail(git, err, RT_EIO, ref, "the repository has no working tree");
    else if (git->revparse_single(&obj, repo, ref) != 0 ||
             git->object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) != 0)
        rc = git_fail(git, err, RT_EUSAGE, ref, "not a revision of this repository");
    else if ((rc = diff_paths(git, out, p, repo, tree, err)) == RT_OK)
        rc = old_sums(git, out, p, repo, tree, err);
    git->tree_free(tree);
    git->object_free(obj);
    git->repository_free(repo);
    git->libgit2_shutdown();
    return rc;
}

bool rt_base_changed(const rt_base *base, const char *path)
{
    size_t lo = 0, hi = base->changed_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(base->changed[mid], path);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}
