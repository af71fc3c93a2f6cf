/* retort — editing alembic.ini without disturbing it.
 *
 * rt_ini_edit_sign_hook() makes `retort sign` the last of Alembic's post_write_hooks by
 * editing the file's text: every byte outside the lines it must change stays as it was
 * (comments, order, blank lines, separators, line endings). What it does:
 *   - no [post_write_hooks] section: appends one at the end of the file;
 *   - a section without a sign hook: appends the hook's name to `hooks =` (with the
 *     separator the line already uses; the line is added when missing) and adds the
 *     hook's options after the section's last entry;
 *   - a sign hook listed but not last: moves its name to the end of `hooks =`;
 *   - a sign hook listed last: nothing.
 * A sign hook is a console_scripts hook with entrypoint `retort-sign`, or an exec hook
 * whose executable is retort and whose options contain `sign` — what the rule
 * sign-hook-misconfigured accepts. The new hook is named `retort_sign` (or
 * `retort_sign_2`, ... when that name is taken by other keys).
 *
 * rt_ini_edit_diff() prints a unified diff of two texts, for --dry-run.
 */
#ifndef RETORT_INI_EDIT_H
#define RETORT_INI_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/buf.h"
#include "retort/error.h"

typedef enum rt_hook_type {
    RT_HOOK_CONSOLE_SCRIPTS, /* type = console_scripts, entrypoint = retort-sign (Alembic >= 1.2) */
    RT_HOOK_EXEC             /* type = exec, executable = retort (Alembic >= 1.12) */
} rt_hook_type;

/* Parses "console_scripts" or "exec"; false for anything else. */
bool rt_hook_type_parse(const char *name, rt_hook_type *out);

/* Computes the edited text of the ini file `path` whose bytes are text[0..len). On
 * success *out holds the new text (NUL-terminated, *out_len bytes; the caller frees it
 * with free()) and *changed says whether it differs. A file configparser cannot read
 * is RT_EPARSE with its position (the file is not touched). */
int rt_ini_edit_sign_hook(char **out, size_t *out_len, bool *changed, const char *path,
                          const char *text, size_t len, rt_hook_type type, rt_error *err);

/* Appends to out a unified diff (headers `--- a/<name>` and `+++ b/<name>`, hunks with
 * three lines of context) turning old into new; nothing when they are equal. Line
 * ends are kept as they are; a last line without one is followed by the usual
 * "\ No newline at end of file". */
void rt_ini_edit_diff(rt_buf *out, const char *name, const char *old_text, size_t old_len,
                      const char *new_text, size_t new_len);

#endif
