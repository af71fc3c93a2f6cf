/* The streaming JSON writer against the real thing: jansson's dump of the same values
 * (JSON_INDENT(2) | JSON_PRESERVE_ORDER), byte for byte, for every ASCII character,
 * multi-byte UTF-8, nesting and empty containers; invalid UTF-8, which jansson refuses,
 * becomes U+FFFD. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "report/json_writer.h"

static char *jansson_dump(json_t *v)
{
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    cr_assert_not_null(s);
    json_decref(v);
    return s;
}

/* Every character from U+0001 to U+007F, then some of other lengths. */
static void tricky(char *out, size_t cap)
{
    size_t n = 0;
    for (int c = 1; c < 0x80; c++)
        out[n++] = (char)c;
    const char *more = "\xC3\xA9 \xE2\x80\xA8 \xE2\x80\x94 \xF0\x9F\x98\x80 \\\" / end";
    cr_assert_lt(n + strlen(more), cap);
    strcpy(out + n, more);
}

Test(json_writer, same_bytes_as_jansson)
{
    char text[256];
    tricky(text, sizeof text);
    json_t *root = json_object();
    json_object_set_new(root, "s", json_string(text));
    json_object_set_new(root, "zero", json_integer(0));
    json_object_set_new(root, "negative", json_integer(-42));
    json_object_set_new(root, "big", json_integer(4294967296LL));
    json_object_set_new(root, "nothing", json_null());
    json_object_set_new(root, "empty object", json_object());
    json_object_set_new(root, "empty array", json_array());
    json_t *arr = json_array();
    json_array_append_new(arr, json_string("a"));
    json_t *inner = json_object();
    json_object_set_new(inner, "k\"ey\n", json_array());
    json_object_set_new(inner, "n", json_integer(7));
    json_array_append_new(arr, inner);
    json_t *nested = json_array();
    json_array_append_new(nested, json_array());
    json_array_append_new(nested, json_null());
    json_array_append_new(arr, nested);
    json_object_set_new(root, "list", arr);
    char *expected = jansson_dump(root);

    rt_buf b = RT_BUF_INIT;
    rt_jw w;
    rt_jw_init(&w, &b);
    rt_jw_object(&w);
    rt_jw_key_string(&w, "s", text);
    rt_jw_key_int(&w, "zero", 0);
    rt_jw_key_int(&w, "negative", -42);
    rt_jw_key_int(&w, "big", 4294967296LL);
    rt_jw_key_string(&w, "nothing", NULL);
    rt_jw_key(&w, "empty object");
    rt_jw_object(&w);
    rt_jw_end(&w);
    rt_jw_key(&w, "empty array");
    rt_jw_array(&w);
    rt_jw_end(&w);
    rt_jw_key(&w, "list");
    rt_jw_array(&w);
    rt_jw_string(&w, "a");
    rt_jw_object(&w);
    rt_jw_key(&w, "k\"ey\n");
    rt_jw_array(&w);
    rt_jw_end(&w);
    rt_jw_key_int(&w, "n", 7);
    rt_jw_end(&w);
    rt_jw_array(&w);
    rt_jw_array(&w);
    rt_jw_end(&w);
    rt_jw_null(&w);
    rt_jw_end(&w);
    rt_jw_end(&w);
    rt_jw_end(&w);
    cr_assert(!b.toobig);
    cr_assert_str_eq(rt_buf_cstr(&b), expected);
    free(expected);
    rt_buf_free(&b);
}

Test(json_writer, invalid_utf8_becomes_replacement_characters)
{
    rt_buf b = RT_BUF_INIT;
    rt_jw w;
    rt_jw_init(&w, &b);
    rt_jw_string(&w, "a\xFF\xC3(\xED\xA0\x80z");
    /* jansson takes the cleaned text, and the writer gives what jansson gives */
    char *expected = jansson_dump(json_string("a\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz"));
    cr_assert_str_eq(rt_buf_cstr(&b), expected);
    free(expected);
    rt_buf_free(&b);
}

Test(json_writer, too_deep_nesting_marks_the_buffer)
{
    rt_buf b = RT_BUF_INIT;
    rt_jw w;
    rt_jw_init(&w, &b);
    for (int i = 0; i <= RT_JW_MAX_DEPTH; i++)
        rt_jw_array(&w);
    cr_assert(b.toobig);
    rt_buf_free(&b);
}
