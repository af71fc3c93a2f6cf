/* retort — rules and the registry.
 *
 * A rule is a const descriptor in rules/<name>.c, listed once in rules/list.h. It never
 * walks syntax itself: the engine calls its hooks with what the front-ends built (the
 * project, then each file) and the rule emits findings through rt_emit(). Each rule's
 * documentation is rules/<name>.md, compiled into the binary (rt_rule_doc()).
 */
#ifndef RETORT_RULE_H
#define RETORT_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/finding.h"

typedef struct rt_project rt_project;
typedef struct rt_project_file rt_project_file;
typedef struct rt_source rt_source;
typedef struct rt_migration rt_migration;
typedef struct rt_sink rt_sink;
typedef struct rt_rule rt_rule;
typedef struct rt_file_ops rt_file_ops;

/* What a per-file hook sees: the project, the file, its bytes (read once), for a
 * Python file the migration model (NULL for other files), and the file's operations,
 * built on first use by rt_file_ops_get() (file_ops.h). */
typedef struct rt_file_ctx {
    const rt_project *project;
    const rt_project_file *file;
    rt_source *source;
    const rt_migration *migration;
    rt_file_ops *ops;
} rt_file_ctx;

struct rt_rule {
    const char *name;            /* kebab-case, stable */
    const char *area;            /* integrity, production, graph, reversibility, postgresql, secrets, hygiene */
    rt_severity default_severity;
    const char *summary;         /* one line for `retort rules` */
    const char *help;            /* default help line for findings */
    /* Called once per run with the whole project, after every file was seen (the
     * revision graph is built by then). May be NULL. */
    void (*check_project)(const rt_rule *self, const rt_project *project, rt_sink *sink);
    /* Called for each file of the project. May be NULL. */
    void (*check_file)(const rt_rule *self, const rt_file_ctx *file, rt_sink *sink);
};

/* Where a finding is; every field but path is optional (0 or NULL). */
typedef struct rt_loc {
    const char *path;
    unsigned line, column, end_line, end_column;
    const char *key;                        /* see rt_finding.key */
    unsigned mask_column, mask_end_column;  /* see rt_finding */
} rt_loc;

/* Reports a finding of rule at loc with a printf-style message. help NULL means the
 * rule's default help. The sink applies the configured severity (dropping the finding
 * when the rule is off or not selected) and inline suppressions. */
void rt_emit(rt_sink *sink, const rt_rule *rule, const rt_loc *loc, const char *help,
             const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Whether rule runs in this check (selected and not configured off). */
bool rt_rule_enabled(const rt_sink *sink, const rt_rule *rule);

/* A check_project hook shared by the revision graph's rules: emits the problems of the
 * project's graph whose rule name is self->name. */
void rt_graph_problems_check(const rt_rule *self, const rt_project *project, rt_sink *sink);

/* The registry, in the order of rules/list.h. */
size_t rt_rule_count(void);
const rt_rule *rt_rule_at(size_t index);
/* The rule named name, or NULL. */
const rt_rule *rt_rule_find(rt_str name);
/* Index of a rule in the registry (rule must be registered). */
size_t rt_rule_index(const rt_rule *rule);
/* The registered name closest to name (for "did you mean"), or NULL when none is close. */
const char *rt_rule_suggest(rt_str name);
/* The Markdown documentation of the rule (rules/<name>.md), or NULL when it has none. */
const char *rt_rule_doc(const char *name);

#endif
