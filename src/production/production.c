/* Production sources: choosing one, reading it, and loading it for `retort check`. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "retort/config.h"
#include "retort/path.h"
#include "retort/project.h"

static const char *value_of(const rt_config_str *s)
{
    return s->value && s->value[0] ? s->value : NULL;
}

int rt_production_sources_from_config(rt_production_sources *out, rt_arena *arena,
                                      const rt_config *cfg)
{
    *out = (rt_production_sources){
        .git_ref = value_of(&cfg->production.git_ref),
        .database_url_env = value_of(&cfg->production.database_url_env),
        .version_table = value_of(&cfg->production.version_table),
        .version_table_schema = value_of(&cfg->production.version_table_schema),
    };
    size_t n = cfg->production.head_count;
    if (n == 0)
        return RT_OK;
    const char **heads = rt_arena_calloc(arena, n, sizeof *heads);
    if (!heads)
        return RT_ENOMEM;
    for (size_t i = 0; i < n; i++)
        heads[i] = cfg->production.heads[i].value;
    out->heads = heads;
    out->head_count = n;
    return RT_OK;
}

bool rt_production_configured(const rt_production_sources *src)
{
    return src->git_ref || src->database_url_env || src->head_count;
}

static int read_heads(rt_production *prod, const rt_production_sources *src, rt_error *err)
{
    prod->heads = rt_arena_calloc(prod->arena, src->head_count, sizeof *prod->heads);
    if (!prod->heads)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < src->head_count; i++)
        prod->heads[i] = rt_str_from(src->heads[i]);
    prod->head_count = src->head_count;
    prod->source = "production (configured heads)";
    return RT_OK;
}

int rt_production_read(rt_production *out, const rt_production_sources *src,
                       const char *root, const char *const *version_dirs, size_t dir_count,
                       rt_error *err)
{
    *out = (rt_production){.kind = RT_PRODUCTION_NONE};
    int set = (src->git_ref != NULL) + (src->database_url_env != NULL) + (src->head_count > 0);
    if (set > 1)
        return rt_error_set(err, RT_ECONFIG, NULL, 0, 0,
                            "production: configure one source, not several (git_ref, "
                            "database_url_env, heads)");
    if (set == 0)
        return RT_OK;
    out->arena = rt_arena_new();
    if (!out->arena)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    if (src->git_ref) {
        out->kind = RT_PRODUCTION_GIT;
        return rt_production_read_git(out, src, root, version_dirs, dir_count, err);
    }
    if (src->database_url_env) {
        out->kind = RT_PRODUCTION_DATABASE;
        return rt_production_read_database(out, src, err);
    }
    out->kind = RT_PRODUCTION_HEADS;
    return read_heads(out, src, err);
}

void rt_production_free(rt_production *prod)
{
    if (!prod)
        return;
    rt_arena_free(prod->arena);
    *prod = (rt_production){.kind = RT_PRODUCTION_NONE};
}

static bool listed(const char *const *dirs, size_t n, const char *dir)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(dirs[i], dir) == 0)
            return true;
    return false;
}

/* Every version directory of the project, once: alembic.ini's, those of the files, and
 * those holding a retort.sum. */
static const char **version_dirs(const rt_project *p, size_t *count)
{
    size_t na = p->alembic ? p->alembic->version_dir_count : 0;
    size_t cap = na + p->file_count + p->sum_count;
    const char **dirs = rt_arena_calloc(p->arena, cap ? cap : 1, sizeof *dirs);
    if (!dirs)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < na; i++)
        if (!listed(dirs, n, p->alembic->version_dirs[i]))
            dirs[n++] = p->alembic->version_dirs[i];
    for (size_t i = 0; i < p->file_count; i++)
        if (p->files[i].version_dir && !listed(dirs, n, p->files[i].version_dir))
            dirs[n++] = p->files[i].version_dir;
    for (size_t i = 0; i < p->sum_count; i++)
        if (!listed(dirs, n, p->sums[i].dir))
            dirs[n++] = p->sums[i].dir;
    *count = n;
    return dirs;
}

/* Where each head came from, for unknown-production-revision: the configured head, or
 * the database_url_env setting. */
static int head_positions(rt_production *prod, const rt_project *project)
{
    const rt_config *cfg = project->config;
    if (prod->head_count == 0)
        return RT_OK;
    const char *where = cfg->path ? cfg->path : project->root;
    const char *shown = rt_path_display(prod->arena, project->cwd, where);
    const char **paths = rt_arena_calloc(prod->arena, prod->head_count, sizeof *paths);
    unsigned *lines = rt_arena_calloc(prod->arena, prod->head_count, sizeof *lines);
    unsigned *columns = rt_arena_calloc(prod->arena, prod->head_count, sizeof *columns);
    if (!shown || !paths || !lines || !columns)
        return RT_ENOMEM;
    for (size_t i = 0; i < prod->head_count; i++) {
        paths[i] = shown;
        if (!cfg->path)
            continue;
        const rt_config_str *at = prod->kind == RT_PRODUCTION_HEADS &&
                                          i < cfg->production.head_count
                                      ? &cfg->production.heads[i]
                                      : &cfg->production.database_url_env;
        lines[i] = at->line;
        columns[i] = at->column;
    }
    prod->head_paths = paths;
    prod->head_lines = lines;
    prod->head_columns = columns;
    return RT_OK;
}

int rt_production_load(rt_production **out, const rt_project *project, rt_error *err)
{
    *out = NULL;
    rt_production_sources src;
    if (rt_production_sources_from_config(&src, project->arena, project->config) != RT_OK)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    if (!rt_production_configured(&src))
        return RT_OK;
    size_t dir_count = 0;
    const char **dirs = version_dirs(project, &dir_count);
    rt_production *prod = calloc(1, sizeof *prod);
    if (!dirs || !prod) {
        free(prod);
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int rc = rt_production_read(prod, &src, project->root, dirs, dir_count, err);
    if (rc == RT_OK && head_positions(prod, project) != RT_OK)
        rc = rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc == RT_OK && !project->graph)
        rc = rt_error_set(err, RT_ERR, NULL, 0, 0, "production: the revision graph is not built");
    if (rc == RT_OK)
        rc = rt_production_resolve(prod, project->graph, project->files, project->file_count,
                                   project->sums, project->sum_count, err);
    if (rc != RT_OK) {
        rt_production_free(prod);
        free(prod);
        return rc;
    }
    *out = prod;
    return RT_OK;
}
