/* Branch labels along branches, as Alembic's RevisionMap._add_branches does:
 *
 * 1. a revision's labels go to every descendant through down_revision (not depends_on);
 * 2. they also go to its ancestors, walking down_revision while a revision is neither a
 *    merge point nor a branch point counting depends_on children. Alembic starts that walk
 *    at the last descendant it visited, so it reaches the labelled revision only when the
 *    descendants form one plain line; when they branch or merge, no ancestor is labelled.
 *
 * Sets are bitsets, one word per 64 labels per revision, filled in topological order:
 * linear in revisions times words. Over the memory budget, each revision keeps only the
 * labels it declares (g->labels_truncated). */
#include <string.h>

#include "graph/internal.h"

#define WORD_BUDGET ((size_t)1 << 22) /* 32 MiB of bitsets */
#define MEMBER_BUDGET ((size_t)1 << 22)

/* At most one revision comes after v (down_revision or depends_on), and v is not a merge:
 * Alembic's upward walk passes through v. */
static bool passable(const rt_graph_node *v)
{
    size_t n = v->child_count + v->dependent_count;
    if (n == 2 && v->child_count == 1 && v->children[0] == v->dependents[0])
        n = 1;
    return n <= 1 && !v->merge;
}

static void set_own(uint64_t *bits, uint32_t first, uint32_t count)
{
    for (uint32_t l = first; l < first + count; l++)
        bits[l / 64] |= (uint64_t)1 << (l % 64);
}

static void or_into(uint64_t *dst, const uint64_t *src, size_t words)
{
    for (size_t w = 0; w < words; w++)
        dst[w] |= src[w];
}

/* Fills each node's label list from its bitset row (bits NULL: from the labels it
 * declares), in time linear in rows plus members. */
static int materialise(gbuild *b, const uint64_t *bits, size_t words,
                       const uint32_t *own_first, const uint32_t *own_count)
{
    rt_graph *g = b->g;
    for (size_t i = 0; i < g->count; i++) {
        rt_graph_node *n = &g->nodes[i];
        const uint64_t *row = bits ? bits + i * words : NULL;
        uint32_t count = 0;
        for (size_t w = 0; row && w < words; w++)
            count += (uint32_t)__builtin_popcountll(row[w]);
        if (!row)
            count = own_count[i];
        if (!count)
            continue;
        uint32_t *list = rt_arena_alloc(b->arena, count * sizeof *list);
        if (!list)
            return RT_ENOMEM;
        uint32_t k = 0;
        for (size_t w = 0; row && w < words; w++)
            for (uint64_t word = row[w]; word; word &= word - 1)
                list[k++] = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(word));
        for (uint32_t l = 0; !row && l < count; l++)
            list[l] = own_first[i] + l;
        n->labels = list;
        n->label_count = count;
    }
    return RT_OK;
}

static size_t count_members(const uint64_t *bits, size_t total_words)
{
    size_t n = 0;
    for (size_t w = 0; w < total_words; w++)
        n += (size_t)__builtin_popcountll(bits[w]);
    return n;
}

/* Step 2: clean[v] = v and every revision after it form one plain line; carry[v] = the
 * labels Alembic's walk brings down to v's parent. Reverse topological order. */
static void walk_down(rt_graph *g, uint64_t *bits, uint64_t *carry, bool *clean, size_t words,
                      const uint32_t *own_first, const uint32_t *own_count)
{
    for (size_t k = g->order_count; k-- > 0;) {
        uint32_t v = g->order[k];
        const rt_graph_node *n = &g->nodes[v];
        if (!passable(n))
            continue;
        uint32_t c = n->child_count ? n->children[0] : UINT32_MAX;
        clean[v] = c == UINT32_MAX || clean[c];
        uint64_t *cv = carry + (size_t)v * words;
        if (c != UINT32_MAX && passable(&g->nodes[c])) {
            or_into(cv, carry + (size_t)c * words, words);
            or_into(bits + (size_t)v * words, carry + (size_t)c * words, words);
        }
        if (clean[v])
            set_own(cv, own_first[v], own_count[v]);
    }
}

int glabels_propagate(gbuild *b, const uint32_t *own_first, const uint32_t *own_count)
{
    rt_graph *g = b->g;
    if (g->label_count == 0)
        return RT_OK;
    size_t words = (g->label_count + 63) / 64;
    if (words > WORD_BUDGET / (g->count ? g->count : 1) / 2) {
        g->labels_truncated = true;
        return materialise(b, NULL, 0, own_first, own_count);
    }
    size_t total = words * g->count;
    uint64_t *bits = rt_arena_calloc(b->arena, total * 2, sizeof *bits);
    bool *clean = rt_arena_calloc(b->arena, g->count, sizeof *clean);
    if (!bits || !clean)
        return RT_ENOMEM;
    uint64_t *carry = bits + total;
    for (size_t i = 0; i < g->count; i++)
        set_own(bits + i * words, own_first[i], own_count[i]);
    for (size_t k = 0; k < g->order_count; k++) {
        uint32_t v = g->order[k];
        const rt_graph_node *n = &g->nodes[v];
        for (uint32_t p = 0; p < n->parent_count; p++)
            or_into(bits + (size_t)v * words, bits + (size_t)n->parents[p] * words, words);
    }
    walk_down(g, bits, carry, clean, words, own_first, own_count);
    if (count_members(bits, total) > MEMBER_BUDGET) {
        g->labels_truncated = true;
        return materialise(b, NULL, 0, own_first, own_count);
    }
    return materialise(b, bits, words, own_first, own_count);
}
