/* The TOML reader: what the [tool.alembic] reading relies on, errors and limits. The
 * differential test (tests/integration/toml_tomllib.py) holds it to tomllib. */
#include <criterion/criterion.h>
#include <string.h>

#include "retort/buf.h"
#include "retort/toml.h"

static rt_toml doc;
static rt_error err;

static int parse(const char *text)
{
    rt_toml_free(&doc); /* each test may parse several texts */
    rt_error_clear(&err);
    return rt_toml_parse(&doc, "pyproject.toml", text, strlen(text), &err);
}

static void teardown(void)
{
    rt_toml_free(&doc);
}

TestSuite(toml, .fini = teardown);

Test(toml, tool_alembic_values_and_positions)
{
    cr_assert_eq(parse("[tool.alembic]\nscript_location = \"%(here)s/m\"\n"
                       "version_locations = [\n  \"a\",\n  'b',\n]\n"
                       "recursive_version_locations = true\n"
                       "[[tool.alembic.post_write_hooks]]\nname = \"retort\"\n"), 0);
    const rt_toml_value *a = rt_toml_get(rt_toml_get(doc.root, "tool"), "alembic");
    cr_assert_not_null(a);
    const rt_toml_entry *sl = rt_toml_entry_get(a, "script_location");
    cr_assert_str_eq(sl->value->str, "%(here)s/m");
    cr_assert(sl->line == 2 && sl->column == 1 && sl->value->column == 19);
    const rt_toml_value *vl = rt_toml_get(a, "version_locations");
    cr_assert_eq(vl->type, RT_TOML_ARRAY);
    cr_assert_eq(vl->count, 2);
    cr_assert(vl->items[1]->line == 5 && vl->items[1]->column == 3);
    cr_assert(rt_toml_get(a, "recursive_version_locations")->boolean);
    const rt_toml_value *hooks = rt_toml_get(a, "post_write_hooks");
    cr_assert(hooks->type == RT_TOML_ARRAY && hooks->count == 1);
    cr_assert_str_eq(rt_toml_get(hooks->items[0], "name")->str, "retort");
    cr_assert_eq(hooks->items[0]->line, 8);
}

Test(toml, escapes_and_integers)
{
    cr_assert_eq(parse("s = \"a\\u0000b\\t\"\nh = 0xff\nn = -9223372036854775808\n"), 0);
    const rt_toml_value *s = rt_toml_get(doc.root, "s");
    cr_assert_eq(s->len, 4, "a NUL from \\u0000 is kept");
    cr_assert_eq(memcmp(s->str, "a\0b\t", 4), 0);
    cr_assert_eq(rt_toml_get(doc.root, "h")->integer, 255);
    cr_assert_eq(rt_toml_get(doc.root, "n")->integer, INT64_MIN);
    cr_assert_eq(parse("n = 9223372036854775808\n"), RT_EPARSE);
}

Test(toml, errors_have_line_and_column)
{
    cr_assert_eq(parse("[a]\nx = 1\nx = 2\n"), RT_EPARSE);
    cr_assert(err.line == 3 && err.column == 6, "%u:%u", err.line, err.column);
    cr_assert_eq(parse("\xef\xbb\xbfx = 1\n"), RT_EPARSE, "a BOM is an invalid statement");
    cr_assert(err.line == 1 && err.column == 1);
    cr_assert_eq(parse("x = \"caf\xe9\"\n"), RT_EPARSE);
    cr_assert(strstr(err.message, "UTF-8"));
    cr_assert_null(doc.arena);
}

Test(toml, deep_nesting_is_refused)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_puts(&b, "a = ");
    for (int i = 0; i < 100000; i++)
        rt_buf_putc(&b, '[');
    cr_assert_eq(rt_toml_parse(&doc, "deep.toml", b.data, b.len, &err), RT_EPARSE);
    cr_assert(strstr(err.message, "nested too deep"));
    rt_buf_free(&b);
}

Test(toml, many_keys_stay_linear)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_puts(&b, "[t]\n");
    for (int i = 0; i < 100000; i++)
        rt_buf_printf(&b, "k%d = [%d, \"v\"]\n", i, i);
    rt_buf_puts(&b, "line = [");
    for (int i = 0; i < 100000; i++)
        rt_buf_puts(&b, "1, ");
    rt_buf_puts(&b, "]\n");
    cr_assert_eq(rt_toml_parse(&doc, "big.toml", b.data, b.len, &err), 0);
    cr_assert_eq(rt_toml_get(rt_toml_get(doc.root, "t"), "line")->count, 100000);
    rt_buf_free(&b);
}

Test(toml, keys_are_nul_terminated)
{
    cr_assert_eq(parse("name = 1\n\"quoted\" = 2\n"), 0);
    cr_assert_str_eq(doc.root->entries[0].key, "name");
    cr_assert_str_eq(doc.root->entries[1].key, "quoted");
}
