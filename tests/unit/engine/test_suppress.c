/* Inline suppressions: where they are read, what they cover, and the sink dropping
 * covered findings. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine/sink.h"
#include "retort/suppress.h"

static rt_arena *arena;

static void setup(void)
{
    arena = rt_arena_new();
}

static void teardown(void)
{
    rt_arena_free(arena);
}

TestSuite(suppress, .init = setup, .fini = teardown);

static rt_suppressions parse(const char *path, const char *text)
{
    rt_suppressions s;
    rt_error err;
    cr_assert_eq(rt_suppressions_parse(&s, arena, path, text, strlen(text), &err), RT_OK);
    return s;
}

Test(suppress, end_of_line_covers_its_line_only)
{
    rt_suppressions s = parse("m.py", "x = 1\nop.drop_table('t')  # retort: ignore[missing-downgrade, no-such-rule]\ny = 2\n");
    cr_assert_eq(s.count, 2);
    cr_assert_str_eq(s.items[0].name, "missing-downgrade");
    cr_assert_eq(s.items[0].line, 2);
    cr_assert_eq(s.items[0].column, 38);
    cr_assert(s.items[0].known);
    cr_assert(!s.items[1].known); /* not a registered rule in this build */
    cr_assert(rt_suppressions_cover(&s, "missing-downgrade", "reversibility", 2));
    cr_assert(!rt_suppressions_cover(&s, "missing-downgrade", "reversibility", 3));
    cr_assert(!rt_suppressions_cover(&s, "missing-downgrade", "reversibility", 1));
    cr_assert(!rt_suppressions_cover(&s, "empty-migration", "hygiene", 2));
}

Test(suppress, alone_on_a_line_covers_the_next)
{
    rt_suppressions s = parse("m.py", "def upgrade():\n    # retort: ignore[reversibility]\n    op.drop_table('t')\n");
    cr_assert_eq(s.count, 1);
    cr_assert(s.items[0].known); /* an area */
    cr_assert(rt_suppressions_cover(&s, "destructive-without-downgrade", "reversibility", 3));
    cr_assert(!rt_suppressions_cover(&s, "destructive-without-downgrade", "reversibility", 4));
}

Test(suppress, ignore_file_covers_every_line_and_the_file)
{
    rt_suppressions s = parse("m.py", "x = 1\n\n# retort: ignore-file[empty-migration]\n");
    cr_assert(rt_suppressions_cover(&s, "empty-migration", "hygiene", 0));
    cr_assert(rt_suppressions_cover(&s, "empty-migration", "hygiene", 1));
    cr_assert(!rt_suppressions_cover(&s, "missing-downgrade", "reversibility", 1));
}

Test(suppress, a_hash_inside_a_string_is_not_a_comment)
{
    rt_suppressions s = parse("m.py", "x = '# retort: ignore[missing-downgrade]'\n");
    cr_assert_eq(s.count, 0);
}

Test(suppress, sql_comments_inside_python_strings)
{
    rt_suppressions s = parse("m.py", "op.execute('''\n    -- retort: ignore[destructive-without-downgrade]\n    DROP TABLE t;\n    DROP TABLE u; -- retort: ignore[missing-downgrade]\n''')\n");
    cr_assert_eq(s.count, 2);
    cr_assert_eq(s.items[0].line, 2);
    cr_assert(rt_suppressions_cover(&s, "destructive-without-downgrade", NULL, 3));
    cr_assert_eq(s.items[1].line, 4);
    cr_assert(rt_suppressions_cover(&s, "missing-downgrade", NULL, 4));
    cr_assert(!rt_suppressions_cover(&s, "missing-downgrade", NULL, 5));
}

Test(suppress, sql_files_and_other_files)
{
    rt_suppressions s = parse("V1.sql", "-- retort: ignore[sql-syntax-error]\nDROP TABEL t;\n");
    cr_assert(rt_suppressions_cover(&s, "sql-syntax-error", NULL, 2));
    s = parse("alembic.ini", "# retort: ignore[sql-syntax-error]\n");
    cr_assert_eq(s.count, 0);
}

Test(suppress, malformed_directives_are_ignored)
{
    rt_suppressions s = parse("m.py", "# retort: ignore[missing-downgrade\n# retort ignore[x]\n# retort: skip[x]\n# retort: ignore[ , ]\n");
    cr_assert_eq(s.count, 0);
}

/* The sink drops findings the file's suppressions cover, reading the file itself. */
Test(suppress, the_sink_drops_covered_findings)
{
    char dir[] = "/tmp/retort-suppress-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/m.py", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("a = 1  # retort: ignore[missing-downgrade]\nb = 2\n", f);
    fclose(f);
    rt_findings findings;
    rt_findings_init(&findings);
    rt_severity *sev = rt_arena_calloc(arena, rt_rule_count(), sizeof *sev);
    const rt_rule *rule = rt_rule_find(rt_str_from("missing-downgrade"));
    cr_assert_not_null(rule);
    sev[rt_rule_index(rule)] = RT_SEV_WARNING;
    rt_sink sink = {.findings = &findings, .severity = sev, .cwd = dir, .status = RT_OK,
                    .suppress = rt_suppress_cache_new()};
    rt_emit(&sink, rule, &(rt_loc){.path = path, .line = 1, .column = 1}, NULL, "one");
    rt_emit(&sink, rule, &(rt_loc){.path = path, .line = 2, .column = 1}, NULL, "two");
    cr_assert_eq(findings.count, 1);
    cr_assert_str_eq(findings.items[0].message, "two");
    rt_suppress_cache_free(sink.suppress);
    rt_findings_free(&findings);
    unlink(path);
    rmdir(dir);
}

static bool covers(rt_suppress_cache *c, const char *path, const char *rule_name, unsigned line)
{
    const rt_rule *rule = rt_rule_find(rt_str_from(rule_name));
    cr_assert_not_null(rule);
    return rt_suppress_cache_covers(c, path, rule, line);
}

/* Bytes the engine already read are used as they are: the path is never opened (here it
 * does not exist), and a later add for the same path does not replace them. */
Test(suppress, the_cache_uses_bytes_it_is_given)
{
    const char *path = "/nonexistent/retort/m.py";
    const char *text = "a = 1  # retort: ignore[missing-downgrade]\n";
    rt_suppress_cache *c = rt_suppress_cache_new();
    rt_suppress_cache_add(c, path, text, strlen(text));
    rt_suppress_cache_add(c, path, "", 0);
    cr_assert(covers(c, path, "missing-downgrade", 1));
    cr_assert_not(covers(c, path, "missing-downgrade", 2));
    cr_assert_not(covers(c, path, "empty-migration", 1));
    rt_suppress_cache_free(c);
}

/* Moving one worker's cache into the run's keeps every file's suppressions and leaves
 * the worker's empty; the run's own entry for a path wins. */
Test(suppress, absorbing_a_cache_moves_its_entries)
{
    const char *one = "# retort: ignore-file[missing-downgrade]\n";
    const char *two = "-- retort: ignore-file[empty-migration]\n";
    rt_suppress_cache *run = rt_suppress_cache_new(), *worker = rt_suppress_cache_new();
    rt_suppress_cache_add(run, "/nonexistent/a.py", "", 0);
    rt_suppress_cache_add(worker, "/nonexistent/a.py", one, strlen(one));
    rt_suppress_cache_add(worker, "/nonexistent/b.py", one, strlen(one));
    rt_suppress_cache_add(worker, "/nonexistent/c.sql", two, strlen(two));
    rt_suppress_cache_absorb(run, worker);
    cr_assert_not(covers(run, "/nonexistent/a.py", "missing-downgrade", 3));
    cr_assert(covers(run, "/nonexistent/b.py", "missing-downgrade", 3));
    cr_assert(covers(run, "/nonexistent/c.sql", "empty-migration", 0));
    cr_assert_not(covers(worker, "/nonexistent/b.py", "missing-downgrade", 3));
    rt_suppress_cache_free(worker);
    rt_suppress_cache_free(run);
}

/* A file without the word `retort:` has no suppressions; one with it in a comment has. */
Test(suppress, files_without_the_marker_have_none)
{
    cr_assert_eq(parse("m.py", "a = 1  # retort ignore[missing-downgrade]\n").count, 0);
    cr_assert_eq(parse("m.py", "a = 1  # retort:ignore[missing-downgrade]\n").count, 1);
}
