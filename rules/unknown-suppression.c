/* unknown-suppression: a `retort: ignore[...]` comment names no rule or area, so it
 * suppresses nothing (usually a typo, or a rule that was renamed). */
#include "retort/project.h"
#include "retort/rule.h"
#include "retort/source.h"
#include "retort/suppress.h"

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    rt_arena *arena = rt_arena_new();
    rt_suppressions s;
    rt_error err;
    if (!arena || rt_suppressions_parse(&s, arena, ctx->file->name, ctx->source->data,
                                        ctx->source->len, &err) != RT_OK)
        goto done;
    for (size_t i = 0; i < s.count; i++) {
        const rt_suppression *e = &s.items[i];
        if (e->known)
            continue;
        const char *near = rt_rule_suggest(rt_str_from(e->name));
        rt_emit(sink, self,
                &(rt_loc){.path = ctx->file->path, .line = e->line, .column = e->column,
                          .key = e->name},
                NULL, "'%s' is not a rule or area: this suppression suppresses nothing%s%s%s",
                e->name, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    }
done:
    rt_arena_free(arena);
}

const rt_rule rt_rule_unknown_suppression = {
    .name = "unknown-suppression",
    .area = "hygiene",
    .default_severity = RT_SEV_WARNING,
    .summary = "a suppression comment names a rule that does not exist",
    .help = "use a name from `retort rules` (or an area such as reversibility)",
    .check_file = check,
};
