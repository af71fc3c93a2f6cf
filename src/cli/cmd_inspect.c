/* `retort inspect FILE... --format json`: what the Python front-end understood of each
 * migration file, for debugging and tools (shape documented in docs/inspect.md). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "retort/migration.h"
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
        rt_migration_json(out, m) != RT_OK) {
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
