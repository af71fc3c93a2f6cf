/* libgit2, loaded on first use (see load.h). Calls go through the table: git->blob_free(b)
 * for git_blob_free(b). */
#ifndef RETORT_DL_LIBGIT2_H
#define RETORT_DL_LIBGIT2_H

#include <git2.h>

#include "retort/error.h"

/* Every libgit2 function retort calls, without its git_ prefix. */
#define RT_GIT2_FUNCTIONS(X)                                                                  \
    X(libgit2_init) X(libgit2_shutdown) X(error_last)                                         \
    X(repository_open_ext) X(repository_free) X(repository_workdir) X(repository_is_bare)     \
    X(repository_head) X(revparse_single) X(reference_target) X(reference_free)               \
    X(merge_base) X(object_peel) X(object_id) X(object_free)                                  \
    X(commit_lookup) X(commit_tree) X(commit_free)                                            \
    X(tree_lookup) X(tree_free) X(tree_entrycount) X(tree_entry_byindex)                      \
    X(tree_entry_bypath) X(tree_entry_free) X(tree_entry_id) X(tree_entry_name)               \
    X(tree_entry_type) X(blob_lookup) X(blob_free) X(blob_rawcontent) X(blob_rawsize)         \
    X(diff_options_init) X(diff_find_options_init) X(diff_tree_to_workdir_with_index)         \
    X(diff_find_similar) X(diff_foreach) X(diff_free)

typedef struct rt_git2 {
#define RT_GIT2_MEMBER(name) __typeof__(&git_##name) name;
    RT_GIT2_FUNCTIONS(RT_GIT2_MEMBER)
#undef RT_GIT2_MEMBER
} rt_git2;

/* Points *out at the libgit2 functions, loading libgit2 on the first call. Fails with
 * RT_ENOTFOUND and err naming libgit2 and for_what (the feature that needs it) when it cannot
 * be loaded. The table is static, never freed. Thread-safe. */
int rt_git2_load(const rt_git2 **out, const char *for_what, rt_error *err);

#endif
