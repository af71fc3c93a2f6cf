/* `retort inspect FILE... --format json`: what the Python front-end understood of each
 * migration file, for debugging and tools (shape documented in docs/inspect.md). */
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <stdlib.h>

#include "cli.h"
#include "retort/migration.h"
#include "retort/migration_ops.h"
#include "retort/source.h"

static const char usage[] =
    "Usage: retort inspect [--format json] FILE...\n"
    "\n"
    "Print what retort understood of each migration FILE: identifiers, docstring header,\n"
    "upgrade/downgrade functions with their operation calls, imports and syntax errors,\n"
    "as a JSON array with one object per FILE (see docs/inspect.md).\n"
    "\n"
    "Exit status: 0 when every FILE parsed, 1 when a FILE has syntax errors (they are in\n"
    "the output), 2 on usage errors or unreadable files.\n";

/* Adds "operations" and "sql_errors" (the op model of its calls, rt_mig_ops_json) to the
 * object of each function in fns. */
static int add_operations(json_t *fns, rt_arena *arena, const rt_migration *m, rt_source *src,
                          rt_error *err)
{
    for (size_t i = 0; i < m->function_count; i++) {
        const rt_mig_function *f = &m->functions[i];
        json_t *fo = json_object_getn(fns, f->name.p, f->name.len);
        rt_mig_ops ops;
        rt_buf b = RT_BUF_INIT;
        int rc = rt_mig_function_ops(&ops, arena, m, f, src, err);
        if (rc == RT_OK)
            rc = rt_mig_ops_json(&b, &ops);
        json_t *parsed = rc == RT_OK ? json_loadb(b.data, b.len, 0, NULL) : NULL;
        rt_buf_free(&b);
        if (!parsed)
            return rt_error_set(err, RT_ENOMEM, m->path, 0, 0, "out of memory writing JSON");
        if (json_is_object(fo)) {
            json_object_set(fo, "operations", json_object_get(parsed, "operations"));
            json_object_set(fo, "sql_errors", json_object_get(parsed, "sql_errors"));
        }
        json_decref(parsed);
    }
    return RT_OK;
}

/* The model of m as JSON (rt_migration_json) with each function's operations. */
static int file_json(rt_buf *out, rt_arena *arena, const rt_migration *m, rt_source *src,
                     rt_error *err)
{
    rt_buf b = RT_BUF_INIT;
    int rc = rt_migration_json(&b, m);
    json_t *o = rc == RT_OK ? json_loadb(b.data, b.len, 0, NULL) : NULL;
    rt_buf_free(&b);
    if (!o)
        return rt_error_set(err, RT_ENOMEM, m->path, 0, 0, "out of memory writing JSON");
    rc = add_operations(json_object_get(o, "functions"), arena, m, src, err);
    char *text = rc == RT_OK ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_INDENT(2)) : NULL;
    json_decref(o);
    if (!text)
        return rc != RT_OK ? rc : rt_error_set(err, RT_ENOMEM, m->path, 0, 0, "out of memory");
    rt_buf_puts(out, text);
    free(text);
    return out->toobig ? rt_error_set(err, RT_ENOMEM, m->path, 0, 0, "out of memory") : RT_OK;
}

/* Reads and prints one file's object; *syntax set when it has syntax errors. */
static int inspect_file(const char *path, rt_buf *out, bool *syntax)
{
    rt_source src;
    rt_error err;
    rt_error_clear(&err);
    if (rt_source_read(&src, path, &err) != RT_OK) {
        cli_error(&err);
        return EXIT_TROUBLE;
    }
    int status = EXIT_CLEAN;
    rt_arena *arena = rt_arena_new();
    rt_migration *m = NULL;
    if (!arena) {
        rt_error_set(&err, RT_ENOMEM, path, 0, 0, "out of memory");
        cli_error(&err);
        status = EXIT_TROUBLE;
        goto cleanup;
    }
    if (rt_migration_read(&m, arena, path, src.data, src.len, &err) != RT_OK ||
        file_json(out, arena, m, &src, &err) != RT_OK) {
        if (!err.code)
            rt_error_set(&err, RT_ENOMEM, path, 0, 0, "out of memory writing JSON");
        cli_error(&err);
        status = EXIT_TROUBLE;
        goto cleanup;
    }
    *syntax |= m->syntax_error_count > 0;
cleanup:
    rt_arena_free(arena);
    rt_source_free(&src);
    return status;
}

int cmd_inspect(int argc, char **argv)
{
    cli_options opts;
    memset(&opts, 0, sizeof opts);
    opts.arena = rt_arena_new();
    if (!opts.arena)
        return EXIT_TROUBLE;
    int status = EXIT_CLEAN;
    rt_buf out = RT_BUF_INIT;
    if (!cli_parse(&opts, argc, argv, usage)) {
        status = EXIT_TROUBLE;
        goto cleanup;
    }
    if (opts.help)
        goto cleanup;
    if (opts.format && strcmp(opts.format, "json") != 0) {
        cli_usage_error("inspect supports only --format json, not '%s'", opts.format);
        status = EXIT_TROUBLE;
        goto cleanup;
    }
    if (opts.path_count == 0) {
        cli_usage_error("inspect needs at least one FILE (see `retort inspect --help`)");
        status = EXIT_TROUBLE;
        goto cleanup;
    }
    bool syntax = false, trouble = false;
    rt_buf_puts(&out, "[");
    for (size_t i = 0; i < opts.path_count; i++) {
        size_t before = out.len;
        rt_buf_puts(&out, out.len > 1 ? ",\n" : "\n");
        if (inspect_file(opts.paths[i], &out, &syntax) != EXIT_CLEAN) {
            trouble = true;
            out.len = before; /* drop the separator of the file that failed */
            out.data[before] = '\0';
        }
    }
    rt_buf_puts(&out, out.len > 1 ? "\n]\n" : "]\n");
    if (out.toobig) {
        cli_usage_error("out of memory writing JSON");
        status = EXIT_TROUBLE;
        goto cleanup;
    }
    fputs(rt_buf_cstr(&out), stdout);
    status = trouble ? EXIT_TROUBLE : syntax ? EXIT_FINDINGS : EXIT_CLEAN;
cleanup:
    rt_buf_free(&out);
    rt_arena_free(opts.arena);
    return status;
}
