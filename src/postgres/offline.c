/* Finding the revision markers of `alembic upgrade --sql` output (see offline.h). */
#include "postgres/offline.h"

#include <string.h>

#define UPGRADE "-- Running upgrade "
#define DOWNGRADE "-- Running downgrade "

static bool starts_with(const char *p, const char *end, const char *prefix)
{
    size_t n = strlen(prefix);
    return (size_t)(end - p) >= n && memcmp(p, prefix, n) == 0;
}

/* The revision a marker line runs, or NULL when the line is not a marker. */
static const char *marker_revision(rt_arena *arena, const char *line, const char *eol,
                                   bool *downgrade)
{
    *downgrade = starts_with(line, eol, DOWNGRADE);
    if (!*downgrade && !starts_with(line, eol, UPGRADE))
        return NULL;
    const char *from = line + strlen(*downgrade ? DOWNGRADE : UPGRADE);
    const char *arrow = NULL;
    for (const char *p = from; p + 4 <= eol && !arrow; p++)
        if (memcmp(p, " -> ", 4) == 0)
            arrow = p;
    if (!arrow)
        return NULL;
    const char *start = *downgrade ? from : arrow + 4;
    const char *end = *downgrade ? arrow : eol;
    while (start < end && *start == ' ')
        start++;
    while (end > start && (end[-1] == ' ' || end[-1] == '\r' || end[-1] == ','))
        end--;
    return end > start ? rt_arena_strndup(arena, start, (size_t)(end - start)) : NULL;
}

/* True when offset lies inside a statement; *k walks ops forward (offsets ascend). */
static bool inside_statement(const rt_op_list *ops, size_t *k, size_t offset)
{
    while (*k < ops->count && ops->items[*k].span.end <= offset)
        (*k)++;
    return *k < ops->count && ops->items[*k].span.start <= offset;
}

static size_t count_candidates(const char *text, size_t len)
{
    size_t n = 0;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        eol = eol ? eol : end;
        n += starts_with(p, eol, "-- Running ");
        p = eol + 1;
    }
    return n;
}

size_t pg_offline_markers(rt_arena *arena, const char *text, size_t len, const rt_op_list *ops,
                          pg_offline_marker **out)
{
    *out = NULL;
    size_t cap = count_candidates(text, len), n = 0, k = 0;
    pg_offline_marker *m = cap ? rt_arena_calloc(arena, cap, sizeof *m) : NULL;
    if (!m)
        return 0;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        eol = eol ? eol : end;
        bool down;
        size_t offset = (size_t)(p - text);
        const char *rev = starts_with(p, eol, "-- Running ")
                              ? marker_revision(arena, p, eol, &down) : NULL;
        if (rev && !inside_statement(ops, &k, offset))
            m[n++] = (pg_offline_marker){.offset = (uint32_t)offset, .revision = rev,
                                         .downgrade = down};
        p = eol + 1;
    }
    *out = n ? m : NULL;
    return n;
}
