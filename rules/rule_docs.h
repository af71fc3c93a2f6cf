/* The table of rule documentation generated from the rules/ Markdown files (see cmake/EmbedDocs.cmake). */
#ifndef RETORT_RULE_DOCS_H
#define RETORT_RULE_DOCS_H

#include <stddef.h>

typedef struct rt_rule_doc_entry {
    const char *name;
    const char *markdown;
} rt_rule_doc_entry;

extern const rt_rule_doc_entry rt_rule_docs[];
extern const size_t rt_rule_docs_count;

#endif
