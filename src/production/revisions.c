/* Revision ids and the revision graph, from the migration model. */
#include <string.h>

#include "internal.h"
#include "retort/migration.h"
#include "retort/project.h"
#include "retort/source.h"

int rt_production_revision_of(rt_production *prod, const char *path, const char *bytes,
                              size_t len, rt_str *out, rt_error *err)
{
    *out = RT_STR_NULL;
    rt_migration *m = NULL;
    int rc = rt_migration_read(&m, prod->arena, path, bytes, len, err);
    if (rc != RT_OK)
        return rc;
    const rt_mig_ident *rev = &m->revision;
    if (rev->form == RT_MIG_ID_STRING && rev->count == 1 && rev->ids[0].p)
        *out = rev->ids[0];
    else if (rev->form == RT_MIG_ID_ABSENT && m->filename_revision.p)
        *out = m->filename_revision;
    return RT_OK;
}

/* Alembic's identifier variable as the graph reads it (see rt_rev_list). */
static int to_list(rt_rev_list *out, rt_arena *arena, const rt_mig_ident *id, bool is_revision)
{
    *out = (rt_rev_list){.present = id->form != RT_MIG_ID_ABSENT,
                         .dynamic = id->form == RT_MIG_ID_DYNAMIC,
                         .line = id->span.line, .column = id->span.column};
    if (id->form == RT_MIG_ID_ABSENT || id->form == RT_MIG_ID_NONE || out->dynamic)
        return RT_OK;
    size_t n = id->count;
    if (!is_revision && id->form == RT_MIG_ID_STRING && n == 1 && id->ids[0].len == 0)
        return RT_OK;
    rt_rev_ident *items = rt_arena_calloc(arena, n ? n : 1, sizeof *items);
    if (!items)
        return RT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const rt_mig_value *v = id->value && id->value->count == n ? id->value->items[i]
                                                                    : id->value;
        items[i] = (rt_rev_ident){.text = id->ids[i], .dynamic = id->ids[i].p == NULL,
                                  .line = v ? v->span.line : 0,
                                  .column = v ? v->span.column : 0};
    }
    out->items = items;
    out->count = n;
    return RT_OK;
}

static int describe(rt_revision *out, rt_arena *arena, const rt_project_file *file,
                    rt_error *err)
{
    rt_source src;
    int rc = rt_source_read(&src, file->path, err);
    if (rc != RT_OK)
        return rc;
    const char *bytes = rt_arena_strndup(arena, src.data, src.len);
    size_t len = src.len;
    rt_source_free(&src);
    if (!bytes)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    rt_migration *m = NULL;
    rc = rt_migration_read(&m, arena, file->path, bytes, len, err);
    if (rc != RT_OK)
        return rc;
    *out = (rt_revision){.path = file->path, .file_name = file->name};
    if (to_list(&out->revision, arena, &m->revision, true) != RT_OK ||
        to_list(&out->down_revisions, arena, &m->down_revision, false) != RT_OK ||
        to_list(&out->branch_labels, arena, &m->branch_labels, false) != RT_OK ||
        to_list(&out->depends_on, arena, &m->depends_on, false) != RT_OK)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    return RT_OK;
}

int rt_production_project_graph(const rt_graph **out, rt_arena *arena,
                                const rt_project *project, rt_error *err)
{
    size_t n = project->file_count;
    rt_revision *revs = rt_arena_calloc(arena, n ? n : 1, sizeof *revs);
    if (!revs)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int rc = describe(&revs[i], arena, &project->files[i], err);
        if (rc != RT_OK)
            return rc;
    }
    rt_graph *g = NULL;
    int rc = rt_graph_build(&g, arena, revs, n, NULL, err);
    *out = g;
    return rc;
}
