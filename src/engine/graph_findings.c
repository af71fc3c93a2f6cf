/* The revision graph's problems as findings of the graph rules. */
#include <string.h>

#include "retort/project.h"
#include "retort/rule.h"

void rt_graph_problems_check(const rt_rule *self, const rt_project *project, rt_sink *sink)
{
    const rt_graph *g = project->graph;
    for (size_t i = 0; g && i < g->problem_count; i++) {
        const rt_graph_problem *p = &g->problems[i];
        if (strcmp(rt_graph_problem_rule(p->kind), self->name) != 0)
            continue;
        rt_emit(sink, self,
                &(rt_loc){.path = p->path, .line = p->line, .column = p->column, .key = p->key},
                p->help, "%s", p->message);
    }
}
