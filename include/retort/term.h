/* retort — safe text for terminals and messages.
 *
 * Bytes from inputs (file names, identifiers, SQL, values) never reach a terminal raw:
 * control characters, DEL, C1 controls and invalid UTF-8 are written as escapes
 * (\n, \t, \x1b, \u009b, \xff), so a malicious file cannot move the cursor, change
 * colours or hide text.
 */
#ifndef RETORT_TERM_H
#define RETORT_TERM_H

#include <stdio.h>

#include "retort/buf.h"
#include "retort/str.h"

/* Appends s to out with unsafe bytes escaped as described above. */
void rt_term_escape(rt_buf *out, rt_str s);

/* Writes s to f with unsafe bytes escaped. */
void rt_term_fputs(FILE *f, rt_str s);

/* Length in bytes of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
size_t rt_utf8_valid_len(const unsigned char *s, size_t avail);

#endif
