/* missing-migration-file: retort.sum lists a migration that is not there. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "retort/path.h"
#include "retort/project.h"
#include "retort/rule.h"

/* Marks in seen[] the entries of sum that name one of the project's files: those the
 * engine read exist, no need to ask the file system. */
static void mark_read(const rt_project *project, const rt_sumfile *sum, bool *seen)
{
    for (size_t i = 0; i < project->file_count; i++) {
        const rt_project_file *f = &project->files[i];
        const rt_sum_entry *e = f->sum == sum ? rt_sumfile_find(sum, f->name) : NULL;
        if (e)
            seen[e - sum->entries] = true;
    }
}

/* Marks the entries the directory lists: one listing instead of a stat per file (a
 * check of one file has the rest of the directory unread). */
static void mark_listed(const rt_sumfile *sum, bool *seen)
{
    DIR *dir = opendir(sum->dir);
    if (!dir)
        return;
    for (struct dirent *e = readdir(dir); e; e = readdir(dir)) {
        const rt_sum_entry *entry = rt_sumfile_find(sum, e->d_name);
        if (entry)
            seen[entry - sum->entries] = true;
    }
    closedir(dir);
}

/* Whether any entry is not marked yet. */
static bool any_unseen(const bool *seen, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (!seen[i])
            return true;
    return false;
}

/* Entries not marked are asked about one by one (lstat): only what is really gone, or
 * everything when memory ran out, gets that far. */
static void check_sum(const rt_rule *self, const rt_project *project, const rt_sumfile *sum,
                      rt_sink *sink)
{
    bool *seen = calloc(sum->count + 1, sizeof *seen);
    if (seen)
        mark_read(project, sum, seen);
    if (seen && any_unseen(seen, sum->count))
        mark_listed(sum, seen);
    for (size_t i = 0; i < sum->count; i++) {
        if (seen && seen[i])
            continue;
        const char *path = rt_path_join(project->arena, sum->dir, sum->entries[i].name);
        struct stat st;
        if (!path || lstat(path, &st) == 0 || errno != ENOENT)
            continue;
        rt_emit(sink, self,
                &(rt_loc){.path = sum->path, .line = sum->entries[i].line, .column = 1,
                          .key = sum->entries[i].name},
                NULL,
                "%s is recorded in retort.sum but the file is gone: a migration that ran "
                "somewhere was deleted",
                sum->entries[i].name);
    }
    free(seen);
}

static void check(const rt_rule *self, const rt_project *project, rt_sink *sink)
{
    for (size_t i = 0; i < project->sum_count; i++)
        check_sum(self, project, &project->sums[i], sink);
}

const rt_rule rt_rule_missing_migration_file = {
    .name = "missing-migration-file",
    .area = "integrity",
    .default_severity = RT_SEV_ERROR,
    .summary = "retort.sum lists a migration file that does not exist",
    .help = "restore the file from version control; if it never ran anywhere, remove its line "
            "from retort.sum",
    .check_project = check,
};
