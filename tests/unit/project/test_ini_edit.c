/* The text edits behind `retort init`, and the diff --dry-run prints. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "retort/ini_edit.h"

static char *edit(const char *text, rt_hook_type type, bool *changed)
{
    char *out = NULL;
    size_t len = 0;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_ini_edit_sign_hook(&out, &len, changed, "alembic.ini", text, strlen(text), type,
                                   &err);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    cr_assert_eq(strlen(out), len);
    return out;
}

Test(ini_edit, appends_to_a_one_hook_list_with_comma_space)
{
    bool changed;
    char *out = edit("[post_write_hooks]\nhooks = black\nblack.type = console_scripts\n"
                     "black.entrypoint = black\n# trailing comment\n",
                     RT_HOOK_CONSOLE_SCRIPTS, &changed);
    cr_assert(changed);
    cr_assert_str_eq(out, "[post_write_hooks]\nhooks = black, retort_sign\n"
                          "black.type = console_scripts\nblack.entrypoint = black\n"
                          "retort_sign.type = console_scripts\n"
                          "retort_sign.entrypoint = retort-sign\n# trailing comment\n");
    free(out);
}

Test(ini_edit, space_separated_list_keeps_spaces_and_moves_exec_hook)
{
    bool changed;
    const char *in = "[post_write_hooks]\nhooks = s  black\ns.type = exec\n"
                     "s.executable = /usr/bin/retort\ns.options = sign REVISION_SCRIPT_FILENAME\n";
    char *out = edit(in, RT_HOOK_CONSOLE_SCRIPTS, &changed);
    cr_assert(changed);
    cr_assert_str_eq(out, "[post_write_hooks]\nhooks = black  s\ns.type = exec\n"
                          "s.executable = /usr/bin/retort\n"
                          "s.options = sign REVISION_SCRIPT_FILENAME\n");
    bool again;
    char *twice = edit(out, RT_HOOK_EXEC, &again);
    cr_assert_not(again);
    cr_assert_str_eq(twice, out);
    free(twice);
    free(out);
}

Test(ini_edit, broken_file_is_a_parse_error)
{
    char *out = NULL;
    size_t len;
    bool changed;
    rt_error err;
    rt_error_clear(&err);
    const char *in = "key = before any section\n";
    cr_assert_eq(rt_ini_edit_sign_hook(&out, &len, &changed, "a.ini", in, strlen(in),
                                       RT_HOOK_EXEC, &err), RT_EPARSE);
    cr_assert_null(out);
    cr_assert_eq(err.line, 1);
}

Test(ini_edit, diff_makes_one_hunk_per_distant_change)
{
    rt_buf b = RT_BUF_INIT;
    const char *old_text = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"
                           "11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n";
    const char *new_text = "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n"
                           "11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n21";
    rt_ini_edit_diff(&b, "f", old_text, strlen(old_text), new_text, strlen(new_text));
    cr_assert_str_eq(rt_buf_cstr(&b),
                     "--- a/f\n+++ b/f\n"
                     "@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n"
                     "@@ -18,3 +18,4 @@\n 18\n 19\n 20\n+21\n\\ No newline at end of file\n");
    rt_buf_clear(&b);
    rt_ini_edit_diff(&b, "f", old_text, strlen(old_text), old_text, strlen(old_text));
    cr_assert_eq(b.len, 0);
    rt_buf_free(&b);
}
