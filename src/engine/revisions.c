#include "revisions.h"

#include <string.h>

static rt_str copy_str(rt_arena *a, rt_str s, bool *ok)
{
    if (!s.p)
        return RT_STR_NULL;
    char *p = rt_arena_strndup(a, s.p, s.len);
    *ok = *ok && p;
    return (rt_str){p, s.len};
}

/* The value tree's item i, or the whole value for a single string. */
static const rt_mig_value *item_value(const rt_mig_ident *id, size_t i)
{
    const rt_mig_value *v = id->value;
    if (v && (v->kind == RT_MIG_V_TUPLE || v->kind == RT_MIG_V_LIST) && i < v->count)
        return v->items[i];
    return v;
}

/* Alembic's spellings normalised: None, (), [] and "" count 0 items (for revision, an
 * empty literal stays one empty item). */
static int copy_list(rt_rev_list *out, rt_arena *a, const rt_mig_ident *id, bool is_revision)
{
    memset(out, 0, sizeof *out);
    out->present = id->form != RT_MIG_ID_ABSENT;
    out->dynamic = id->form == RT_MIG_ID_DYNAMIC;
    out->line = id->span.line;
    out->column = id->span.column;
    size_t n = id->form == RT_MIG_ID_DYNAMIC || id->form == RT_MIG_ID_NONE ? 0 : id->count;
    if (!is_revision && id->form == RT_MIG_ID_STRING && n == 1 && id->ids[0].len == 0)
        n = 0;
    if (n == 0)
        return RT_OK;
    rt_rev_ident *items = rt_arena_calloc(a, n, sizeof *items);
    if (!items)
        return RT_ENOMEM;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const rt_mig_value *v = item_value(id, i);
        items[i].dynamic = id->ids[i].p == NULL;
        items[i].text = items[i].dynamic ? RT_STR_NULL : copy_str(a, id->ids[i], &ok);
        items[i].line = v ? v->span.line : id->span.line;
        items[i].column = v ? v->span.column : id->span.column;
    }
    out->items = items;
    out->count = n;
    return ok ? RT_OK : RT_ENOMEM;
}

int rt_revision_from_migration(rt_revision *out, rt_arena *a, const char *path,
                               const char *file_name, const rt_migration *m)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    out->file_name = file_name;
    int rc = copy_list(&out->revision, a, &m->revision, true);
    if (rc == RT_OK)
        rc = copy_list(&out->down_revisions, a, &m->down_revision, false);
    if (rc == RT_OK)
        rc = copy_list(&out->branch_labels, a, &m->branch_labels, false);
    if (rc == RT_OK)
        rc = copy_list(&out->depends_on, a, &m->depends_on, false);
    if (rc != RT_OK)
        return rc;
    bool ok = true;
    const rt_mig_docstring *doc = &m->docstring;
    out->has_revises = doc->present && doc->revises.line != 0;
    if (out->has_revises) {
        out->revises = copy_str(a, doc->revises.value, &ok);
        out->revises_line = doc->revises.line;
        out->revises_column = doc->revises.column;
    }
    if (doc->present && doc->message.line)
        out->message = copy_str(a, doc->message.value, &ok);
    return ok ? RT_OK : RT_ENOMEM;
}
