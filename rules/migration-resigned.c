/* migration-resigned: with --base REF, a retort.sum line whose hash changed since REF:
 * someone accepted an edit to a generated migration. Visible, so reviewers see it. */
#include <string.h>

#include "retort/project.h"
#include "retort/rule.h"

static void check_sum(const rt_rule *self, const rt_sumfile *now, const rt_sumfile *before,
                      const char *ref, rt_sink *sink)
{
    for (size_t i = 0; i < now->count; i++) {
        const rt_sum_entry *e = &now->entries[i];
        const rt_sum_entry *old = rt_sumfile_find(before, e->name);
        if (!old || (old->kind == e->kind && memcmp(old->hash, e->hash, RT_HASH_LEN) == 0))
            continue;
        rt_emit(sink, self,
                &(rt_loc){.path = now->path, .line = e->line, .column = 1, .key = e->name},
                NULL,
                "%s was re-recorded since %s: an edit to a generated migration was accepted "
                "with `retort sign`",
                e->name, ref);
    }
}

static void check(const rt_rule *self, const rt_project *project, rt_sink *sink)
{
    const rt_base *base = project->base;
    for (size_t i = 0; base && i < base->old_sum_count && i < project->sum_count; i++)
        if (base->old_sums[i].exists)
            check_sum(self, &project->sums[i], &base->old_sums[i], base->ref, sink);
}

const rt_rule rt_rule_migration_resigned = {
    .name = "migration-resigned",
    .area = "integrity",
    .default_severity = RT_SEV_WARNING,
    .summary = "with --base: a migration's recorded hash changed (an edit was accepted)",
    .help = "review the edit to the migration; if it was already applied somewhere, generate "
            "a new migration instead",
    .check_project = check,
};
