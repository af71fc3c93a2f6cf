#include "sink.h"

#include <stdarg.h>

#include "retort/buf.h"
#include "retort/path.h"

extern const rt_rule rt_rule_unknown_suppression;

bool rt_rule_enabled(const rt_sink *sink, const rt_rule *rule)
{
    return sink->severity[rt_rule_index(rule)] != RT_SEV_OFF;
}

void rt_emit(rt_sink *sink, const rt_rule *rule, const rt_loc *loc, const char *help,
             const char *fmt, ...)
{
    rt_severity sev = sink->severity[rt_rule_index(rule)];
    if (sev == RT_SEV_OFF || sink->status != RT_OK)
        return;
    if (rule != &rt_rule_unknown_suppression &&
        rt_suppress_cache_covers(sink->suppress, loc->path, rule, loc->line))
        return;
    rt_buf message = RT_BUF_INIT;
    message.max = 64 << 10;
    va_list ap;
    va_start(ap, fmt);
    rt_buf_vprintf(&message, fmt, ap);
    va_end(ap);
    const char *path = rt_path_display(sink->findings->arena, sink->cwd, loc->path);
    rt_finding f = {
        .rule = rule->name,
        .severity = sev,
        .path = path ? path : loc->path,
        .line = loc->line,
        .column = loc->line ? (loc->column ? loc->column : 1) : 0,
        .end_line = loc->end_line,
        .end_column = loc->end_column,
        .message = rt_buf_cstr(&message),
        .help = help ? help : rule->help,
        .key = loc->key,
        .mask_column = loc->mask_column,
        .mask_end_column = loc->mask_end_column,
    };
    if (message.toobig || rt_findings_add(sink->findings, &f) != RT_OK)
        sink->status = RT_ENOMEM;
    rt_buf_free(&message);
}
