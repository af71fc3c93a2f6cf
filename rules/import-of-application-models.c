/* import-of-application-models: a migration imports something other than alembic,
 * SQLAlchemy, the standard library and the configured extra roots — typically the
 * application's own models, which change later and break the old migration. */
#include <stdlib.h>
#include <string.h>

#include "retort/config.h"
#include "retort/migration.h"
#include "retort/project.h"
#include "retort/rule.h"
#include "migration/stdlib_modules.h"

static int cmp_name(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

/* module (dotted) equals prefix or lies below it. */
static bool under(rt_str module, const char *prefix)
{
    size_t n = strlen(prefix);
    return n && module.len >= n && memcmp(module.p, prefix, n) == 0 &&
           (module.len == n || module.p[n] == '.');
}

static bool allowed(const rt_config *cfg, rt_str module)
{
    if (under(module, "alembic") || under(module, "sqlalchemy"))
        return true;
    size_t root = 0;
    while (root < module.len && module.p[root] != '.')
        root++;
    char name[64];
    if (root > 0 && root < sizeof name) {
        memcpy(name, module.p, root);
        name[root] = '\0';
        if (bsearch(name, rt_stdlib_modules, rt_stdlib_module_count, sizeof *rt_stdlib_modules,
                    cmp_name))
            return true;
    }
    for (size_t i = 0; cfg && i < cfg->imports.allowed_import_count; i++)
        if (cfg->imports.allowed_imports[i].value &&
            under(module, cfg->imports.allowed_imports[i].value))
            return true;
    return false;
}

static void report(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink,
                   const rt_mig_import *imp, rt_str module)
{
    rt_loc loc = {.path = ctx->file->path, .line = imp->span.line, .column = imp->span.column,
                  .end_line = imp->span.end_line, .end_column = imp->span.end_column};
    if (imp->level)
        rt_emit(sink, self, &loc, NULL,
                "the migration imports %.*s%.*s relative to its package: application code "
                "changes after the migration is written",
                (int)imp->level, "..........................................",
                (int)module.len, module.p);
    else
        rt_emit(sink, self, &loc, NULL,
                "the migration imports %.*s, which is not alembic, SQLAlchemy or the standard "
                "library: application code changes after the migration is written",
                (int)module.len, module.p);
}

static void check(const rt_rule *self, const rt_file_ctx *ctx, rt_sink *sink)
{
    const rt_migration *m = ctx->migration;
    if (!m || m->revision.form == RT_MIG_ID_ABSENT)
        return;
    const rt_config *cfg = ctx->project ? ctx->project->config : NULL;
    for (size_t i = 0; i < m->import_count; i++) {
        const rt_mig_import *imp = &m->imports[i];
        if (imp->from) {
            if (imp->level || !allowed(cfg, imp->module))
                report(self, ctx, sink, imp, imp->module);
            continue;
        }
        for (size_t k = 0; k < imp->name_count; k++)
            if (!allowed(cfg, imp->names[k].name))
                report(self, ctx, sink, imp, imp->names[k].name);
    }
}

const rt_rule rt_rule_import_of_application_models = {
    .name = "import-of-application-models",
    .area = "hygiene",
    .default_severity = RT_SEV_WARNING,
    .summary = "a migration imports application code, which changes after it is written",
    .help = "copy what the migration needs into it (sa.table(...) / sa.column(...) for data, "
            "literal values for enums), or allow the module in imports.allowed_imports",
    .check_file = check,
};
