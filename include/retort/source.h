/* retort — source files and positions.
 *
 * An rt_source holds the bytes of one input file, read whole, and answers "which line
 * and column is byte offset N" with 1-based lines and 1-based columns counted in Unicode
 * code points (invalid UTF-8 bytes count one column each; a UTF-8 BOM is not counted, as in
 * CPython). Line ends are LF, CRLF or CR.
 */
#ifndef RETORT_SOURCE_H
#define RETORT_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "retort/error.h"
#include "retort/str.h"

/* Zero bytes after the data: a NUL terminator, and room for readers that load a word
 * at a time (PCRE2's JIT reads up to 16 bytes past a match's end). */
#define RT_SOURCE_PADDING 32

/* Files larger than this are refused with RT_ETOOBIG. */
#define RT_SOURCE_MAX_BYTES ((size_t)256 << 20)

typedef struct rt_source {
    char *path;        /* as given by the caller; owned */
    char *data;        /* len bytes followed by RT_SOURCE_PADDING zero bytes; owned */
    size_t len;
    uint32_t *line_starts; /* byte offset of each line's first byte, built on first use */
    uint8_t *line_ascii;   /* 1 for each line of ASCII only, built with line_starts */
    size_t line_count;
    /* The last position answered, so that increasing offsets on one long line cost
     * their distance, not the line's length, each. */
    size_t last_offset;
    unsigned last_line, last_column;
} rt_source;

/* Reads the regular file at path. Refuses directories, FIFOs, devices and files over
 * RT_SOURCE_MAX_BYTES with a clear error. On success out owns its memory: release it
 * with rt_source_free(). */
int rt_source_read(rt_source *out, const char *path, rt_error *err);

/* Makes a source from bytes in memory (copied), e.g. for tests and fuzzing. */
int rt_source_from_bytes(rt_source *out, const char *path, const char *bytes,
                         size_t len, rt_error *err);

void rt_source_free(rt_source *src);

/* The 1-based line and code-point column of byte offset (clamped to the file's end).
 * Linear in the distance from the previous query when offsets increase along a line. */
void rt_source_position(rt_source *src, size_t offset, unsigned *line, unsigned *column);

/* The bytes of 1-based line number `line`, without its line end; empty when out of range. */
rt_str rt_source_line(rt_source *src, unsigned line);

/* The byte offset of 1-based line/column (column in code points), clamped to the line. */
size_t rt_source_offset(rt_source *src, unsigned line, unsigned column);

#endif
