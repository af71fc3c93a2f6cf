/* The rule registry, built from rules/list.h, and the rule documentation lookup. */
#include <string.h>

#include "retort/rule.h"
#include "rule_docs.h"

#define X(ident) extern const rt_rule rt_rule_##ident;
#include "list.h"
#undef X

static const rt_rule *const registry[] = {
#define X(ident) &rt_rule_##ident,
#include "list.h"
#undef X
};

#define REGISTRY_SIZE (sizeof registry / sizeof registry[0])

size_t rt_rule_count(void)
{
    return REGISTRY_SIZE;
}

const rt_rule *rt_rule_at(size_t index)
{
    return index < REGISTRY_SIZE ? registry[index] : NULL;
}

const rt_rule *rt_rule_find(rt_str name)
{
    for (size_t i = 0; i < REGISTRY_SIZE; i++)
        if (rt_str_eq_cstr(name, registry[i]->name))
            return registry[i];
    return NULL;
}

size_t rt_rule_index(const rt_rule *rule)
{
    for (size_t i = 0; i < REGISTRY_SIZE; i++)
        if (registry[i] == rule)
            return i;
    return REGISTRY_SIZE;
}

/* Optimal string alignment distance, capped: enough to suggest near misses. */
static size_t edit_distance(rt_str a, const char *b)
{
    size_t bl = strlen(b);
    if (a.len > 64 || bl > 64)
        return 99;
    size_t d[65][65];
    for (size_t i = 0; i <= a.len; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= bl; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= a.len; i++) {
        for (size_t j = 1; j <= bl; j++) {
            size_t cost = a.p[i - 1] != b[j - 1];
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a.p[i - 1] == b[j - 2] && a.p[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[a.len][bl];
}

const char *rt_rule_suggest(rt_str name)
{
    const char *best = NULL;
    size_t best_distance = name.len / 3 + 2;
    for (size_t i = 0; i < REGISTRY_SIZE; i++) {
        size_t dist = edit_distance(name, registry[i]->name);
        if (dist < best_distance) {
            best_distance = dist;
            best = registry[i]->name;
        }
    }
    return best;
}

const char *rt_rule_doc(const char *name)
{
    for (size_t i = 0; i < rt_rule_docs_count; i++)
        if (strcmp(rt_rule_docs[i].name, name) == 0)
            return rt_rule_docs[i].markdown;
    return NULL;
}
