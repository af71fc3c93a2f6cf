#include <criterion/criterion.h>
#include <string.h>

#include "retort/arena.h"
#include "retort/buf.h"
#include "retort/source.h"
#include "retort/term.h"

Test(arena, blocks_are_aligned_and_distinct)
{
    rt_arena *a = rt_arena_new();
    cr_assert_not_null(a);
    char *p = rt_arena_alloc(a, 3);
    double *d = rt_arena_alloc(a, sizeof *d);
    cr_assert_eq((uintptr_t)d % _Alignof(max_align_t), 0);
    cr_assert_neq((void *)p, (void *)d);
    char *big = rt_arena_alloc(a, 1 << 20);
    cr_assert_not_null(big);
    memset(big, 1, 1 << 20);
    cr_assert_null(rt_arena_calloc(a, SIZE_MAX / 2, 4), "overflow must fail, not wrap");
    char *s = rt_arena_strndup(a, "hello world", 5);
    cr_assert_str_eq(s, "hello");
    rt_arena_free(a);
}

Test(arena, grow_keeps_contents)
{
    rt_arena *a = rt_arena_new();
    int *v = NULL;
    size_t cap = 0;
    for (int i = 0; i < 1000; i++) {
        if ((size_t)i == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            v = rt_arena_grow(a, v, cap, ncap, sizeof *v);
            cap = ncap;
        }
        v[i] = i;
    }
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(v[i], i);
    rt_arena_free(a);
}

Test(buf, caps_size_and_reports_toobig)
{
    rt_buf b = RT_BUF_INIT;
    b.max = 8;
    rt_buf_puts(&b, "12345");
    rt_buf_printf(&b, "%d", 678);
    cr_assert_str_eq(rt_buf_cstr(&b), "12345678");
    cr_assert(!b.toobig);
    rt_buf_putc(&b, '9');
    cr_assert(b.toobig);
    cr_assert_str_eq(rt_buf_cstr(&b), "12345678");
    cr_assert_null(rt_buf_detach(&b));
    rt_buf_free(&b);
}

/* printf into the room a buffer has, past it (a second pass), and over the size limit
 * when the text would fit the room: the limit holds and the text is not half written. */
Test(buf, printf_fits_grows_and_respects_the_limit)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_printf(&b, "%s-%d", "ab", 1);
    char big[300];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    rt_buf_printf(&b, "[%s]", big);
    cr_assert_eq(b.len, 4 + 301);
    cr_assert_eq(strncmp(rt_buf_cstr(&b), "ab-1[xxx", 8), 0);
    cr_assert_eq(rt_buf_cstr(&b)[b.len - 1], ']');
    rt_buf_free(&b);

    rt_buf c = RT_BUF_INIT;
    c.max = 6;
    rt_buf_puts(&c, "1234");
    rt_buf_printf(&c, "%d", 567);
    cr_assert(c.toobig);
    cr_assert_str_eq(rt_buf_cstr(&c), "1234");
    rt_buf_free(&c);
}

Test(term, escapes_controls_and_invalid_utf8)
{
    rt_buf b = RT_BUF_INIT;
    const char in[] = "a\x1b[31mb\n\xc2\x9b\xff\xc3\xa9";
    rt_term_escape(&b, (rt_str){in, sizeof in - 1});
    cr_assert_str_eq(rt_buf_cstr(&b), "a\\x1b[31mb\\n\\u009b\\xff\xc3\xa9");
    rt_buf_free(&b);
}

/* A text with LF line ends only (indexed with memchr) answers like one with CR too: lines
 * of other UTF-8 count code points, a BOM is no column, a last empty line exists. */
Test(source, lf_only_text_has_the_same_lines_and_columns)
{
    static const char *const texts[] = {"\xEF\xBB\xBF" "ab\nc\xC3\xA9xyz-long-enough-line\n\n",
                                        "\xEF\xBB\xBF" "ab\r\nc\xC3\xA9xyz-long-enough-line\r\n\r\n"};
    for (size_t t = 0; t < 2; t++) {
        rt_source s;
        cr_assert_eq(rt_source_from_bytes(&s, "t.py", texts[t], strlen(texts[t]), NULL), 0);
        unsigned line, col;
        rt_source_position(&s, 3, &line, &col);
        cr_expect(line == 1 && col == 1, "text %zu: %u:%u", t, line, col);
        size_t x = (size_t)(strchr(texts[t], 'x') - texts[t]);
        rt_source_position(&s, x, &line, &col);
        cr_expect(line == 2 && col == 3, "text %zu: %u:%u", t, line, col);
        cr_expect_eq(rt_source_line(&s, 2).len, strlen("c\xC3\xA9xyz-long-enough-line"));
        cr_expect_eq(rt_source_line(&s, 4).len, 0);
        cr_expect_eq(s.line_count, 4);
        cr_expect(s.line_ascii[0] && !s.line_ascii[1] && s.line_ascii[2]);
        rt_source_free(&s);
    }
}

Test(source, positions_count_code_points_and_all_line_ends)
{
    rt_source s;
    const char text[] = "ab\r\nc\xc3\xa9x\ry\nz";
    cr_assert_eq(rt_source_from_bytes(&s, "t.py", text, sizeof text - 1, NULL), 0);
    unsigned line, col;
    rt_source_position(&s, 0, &line, &col);
    cr_assert(line == 1 && col == 1);
    rt_source_position(&s, 7, &line, &col); /* the x after é */
    cr_assert_eq(line, 2);
    cr_assert_eq(col, 3);
    rt_source_position(&s, 9, &line, &col); /* y after a lone CR */
    cr_assert(line == 3 && col == 1);
    rt_str l2 = rt_source_line(&s, 2);
    cr_assert_eq(l2.len, 4); /* c, two bytes of é, x */
    cr_assert_eq(rt_source_offset(&s, 2, 3), 7);
    rt_str l4 = rt_source_line(&s, 4);
    cr_assert(l4.len == 1 && l4.p[0] == 'z');
    cr_assert_eq(rt_source_line(&s, 9).len, 0);
    rt_source_free(&s);
}

Test(source, a_bom_is_not_a_column)
{
    rt_source s;
    const char text[] = "\xef\xbb\xbfx = (\ny";
    cr_assert_eq(rt_source_from_bytes(&s, "t.py", text, sizeof text - 1, NULL), 0);
    unsigned line, col;
    rt_source_position(&s, 7, &line, &col); /* the ( : CPython says column 5 */
    cr_assert(line == 1 && col == 5, "1:5 expected, got %u:%u", line, col);
    rt_source_position(&s, 0, &line, &col); /* inside the BOM */
    cr_assert(line == 1 && col == 1);
    rt_str l1 = rt_source_line(&s, 1);
    cr_assert(l1.len == 5 && l1.p[0] == 'x');
    cr_assert_eq(rt_source_offset(&s, 1, 5), 7);
    rt_source_position(&s, 9, &line, &col);
    cr_assert(line == 2 && col == 1);
    rt_source_free(&s);
}

Test(source, refuses_directories_and_missing_files)
{
    rt_source s;
    rt_error err;
    cr_assert_eq(rt_source_read(&s, "/", &err), RT_EIO);
    cr_assert(strstr(err.message, "directory"));
    cr_assert_eq(rt_source_read(&s, "/nonexistent/x.py", &err), RT_EIO);
    cr_assert_str_eq(err.path, "/nonexistent/x.py");
}
