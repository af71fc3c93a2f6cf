/* The INI reader: configparser's semantics, positions, errors and limits. The
 * differential test (tests/integration/ini_configparser.py) holds the same reader to
 * Python over many files; these tests pin what rules rely on. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "retort/buf.h"
#include "retort/ini.h"

static rt_ini ini;
static rt_error err;

static int parse(const char *text)
{
    rt_ini_free(&ini); /* each test may parse several texts */
    rt_error_clear(&err);
    return rt_ini_parse(&ini, "t.ini", text, strlen(text), &err);
}

static void teardown(void)
{
    rt_ini_free(&ini);
}

TestSuite(ini, .fini = teardown);

static const char *interp(const char *section, const char *key)
{
    const rt_ini_entry *e = rt_ini_get(&ini, section, key);
    cr_assert_not_null(e, "no %s", key);
    rt_ini_var here = {"here", "/proj"};
    const char *out = NULL;
    rt_error_clear(&err);
    if (rt_ini_interpolate(&ini, section, e, &here, 1, &out, &err) != RT_OK)
        return NULL;
    return out;
}

Test(ini, keys_values_and_positions)
{
    cr_assert_eq(parse("# c\n[alembic]\n  Script_Location =  migrations  \n\tb\xc3\xa9:\tv\n"), 0);
    cr_assert_eq(ini.count, 1);
    cr_assert_str_eq(ini.sections[0].name, "alembic");
    cr_assert_eq(ini.sections[0].line, 2);
    const rt_ini_entry *e = rt_ini_get(&ini, "alembic", "script_location");
    cr_assert_not_null(e);
    cr_assert_str_eq(e->value, "migrations");
    cr_assert_eq(e->line, 3);
    cr_assert_eq(e->column, 3);
    cr_assert_eq(e->value_column, 22);
    e = rt_ini_get(&ini, "alembic", "b\xc3\xa9");
    cr_assert_not_null(e);
    cr_assert_eq(e->column, 2, "a tab is one column");
    cr_assert_eq(e->value_column, 6, "columns count code points");
}

Test(ini, no_inline_comments_and_first_delimiter_wins)
{
    cr_assert_eq(parse("[a]\nsep = os  # Use os.pathsep.\nurl: x://u:p@h\nk:v=w\n"), 0);
    cr_assert_str_eq(rt_ini_get(&ini, "a", "sep")->value, "os  # Use os.pathsep.");
    cr_assert_str_eq(rt_ini_get(&ini, "a", "url")->value, "x://u:p@h");
    cr_assert_str_eq(rt_ini_get(&ini, "a", "k")->value, "v=w");
}

Test(ini, continuation_lines_keep_inner_blank_lines_and_skip_comments)
{
    cr_assert_eq(parse("[a]\nk =\n    one\n\n  # gone\n    two\n\n\nnext = 1\n"), 0);
    const rt_ini_entry *e = rt_ini_get(&ini, "a", "k");
    cr_assert_str_eq(e->value, "\none\n\ntwo");
    cr_assert_eq(e->piece_count, 4);
    cr_assert_eq(e->end_line, 6);
    unsigned line, col;
    rt_ini_value_position(e, strlen("\none\n\nt"), &line, &col);
    cr_assert_eq(line, 6);
    cr_assert_eq(col, 6);
}

Test(ini, default_section_is_inherited_and_merged)
{
    cr_assert_eq(parse("[DEFAULT]\nbase = /srv\n[alembic]\nx = %(base)s/m\n"
                       "[DEFAULT]\nmore = 1\n"), 0);
    cr_assert_eq(ini.count, 1, "[DEFAULT] is not a section");
    cr_assert_eq(ini.defaults.count, 2);
    cr_assert_null(rt_ini_section_find(&ini, "DEFAULT"));
    cr_assert_str_eq(rt_ini_get(&ini, "alembic", "more")->value, "1");
    cr_assert_null(rt_ini_get(&ini, "nope", "more"));
    cr_assert_str_eq(interp("alembic", "x"), "/srv/m");
}

Test(ini, interpolation_here_percent_and_case)
{
    cr_assert_eq(parse("[a]\nloc = %(HERE)s/m\npct = 100%%\nref = %(Loc)s!\n"), 0);
    cr_assert_str_eq(interp("a", "loc"), "/proj/m");
    cr_assert_str_eq(interp("a", "pct"), "100%");
    cr_assert_str_eq(interp("a", "ref"), "/proj/m!");
}

Test(ini, interpolation_errors_point_at_the_percent)
{
    cr_assert_eq(parse("[a]\nurl = pg://u:p%40ss@h/db\nm = x\n  y %(nope)s\n"
                       "r = %(url)s\nloop = %(loop)s\n"), 0);
    cr_assert_null(interp("a", "url"));
    cr_assert_eq(err.code, RT_EPARSE);
    cr_assert_eq(err.line, 2);
    cr_assert_eq(err.column, 15);
    cr_assert(strstr(err.message, "InterpolationSyntaxError"));
    cr_assert_null(interp("a", "m"));
    cr_assert(err.line == 4 && err.column == 5, "%u:%u", err.line, err.column);
    cr_assert(strstr(err.message, "InterpolationMissingOptionError"));
    cr_assert_null(interp("a", "r"));
    cr_assert(err.line == 5 && err.column == 5, "nested errors point at the reference");
    cr_assert_null(interp("a", "loop"));
    cr_assert(strstr(err.message, "InterpolationDepthError"));
    const char *out;
    cr_assert_eq(rt_ini_interpolate(&ini, "zz", rt_ini_get(&ini, "a", "m"), NULL, 0, &out,
                                    &err), RT_ENOTFOUND);
}

Test(ini, syntax_errors_name_the_line_python_names)
{
    cr_assert_eq(parse("\n  key = v\n[a]\n"), RT_EPARSE);
    cr_assert(err.line == 2 && err.column == 3);
    cr_assert(strstr(err.message, "MissingSectionHeaderError"));
    cr_assert_eq(parse("[a]\nk = 1\nK = 2\n"), RT_EPARSE);
    cr_assert_eq(err.line, 3);
    cr_assert(strstr(err.message, "DuplicateOptionError"));
    cr_assert_eq(parse("[a]\n[b]\n[a]\n"), RT_EPARSE);
    cr_assert_eq(err.line, 3);
    cr_assert(strstr(err.message, "DuplicateSectionError"));
    cr_assert_eq(parse("[a]\nno delimiter\nalso none\n"), RT_EPARSE);
    cr_assert_eq(err.line, 2, "ParsingError reports the first bad line");
    cr_assert_eq(parse("[a]\nno delimiter\nk = 1\nk = 2\n"), RT_EPARSE);
    cr_assert(err.line == 4 && strstr(err.message, "DuplicateOptionError"),
              "a duplicate stops configparser at once, before the ParsingError");
    cr_assert_null(ini.arena, "a failed parse leaves nothing to free");
}

Test(ini, bom_invalid_utf8_and_nul_are_errors)
{
    cr_assert_eq(parse("\xef\xbb\xbf[a]\nk = v\n"), RT_EPARSE);
    cr_assert(err.line == 1 && strstr(err.message, "byte order mark"));
    cr_assert_eq(parse("[a]\nk = caf\xe9\n"), RT_EPARSE);
    cr_assert(err.line == 2 && err.column == 8 && strstr(err.message, "UTF-8"));
    cr_assert_eq(parse("[a]\nk = \xed\xa0\x80\n"), RT_EPARSE, "surrogates are not UTF-8");
    cr_assert_eq(rt_ini_parse(&ini, "t.ini", "[a]\nk = \0\n", 9, &err), RT_EPARSE);
    cr_assert(strstr(err.message, "NUL"));
}

Test(ini, line_ends_and_unicode_white_space)
{
    cr_assert_eq(parse("[a]\r\nk = a\r  b\r\n\xc2\xa0" "c = \xe3\x80\x80" "d\xe2\x80\x83\n"), 0);
    cr_assert_str_eq(rt_ini_get(&ini, "a", "k")->value, "a\nb\nc = \xe3\x80\x80" "d",
                     "NBSP indents a continuation; U+3000 inside a value stays");
}

Test(ini, unicode_lower_case_keys)
{
    cr_assert_eq(parse("[a]\n\xc3\x84PFEL = 1\nO\xce\xa3 \xce\xa3 = 2\n\xc4\xb0x = 3\n"), 0);
    cr_assert_not_null(rt_ini_get(&ini, "a", "\xc3\xa4pfel"));
    cr_assert_not_null(rt_ini_get(&ini, "a", "o\xcf\x82 \xcf\x83"), "final sigma");
    cr_assert_not_null(rt_ini_get(&ini, "a", "i\xcc\x87x"), "U+0130 lowers to two");
}

Test(ini, large_inputs_stay_linear)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_puts(&b, "[a]\nbig =\n");
    for (int i = 0; i < 200000; i++)
        rt_buf_puts(&b, "  line\n");
    for (int i = 0; i < 50000; i++)
        rt_buf_printf(&b, "k%d = %%(k%d)s\n", i, i ? i - 1 : 0);
    cr_assert_eq(rt_ini_parse(&ini, "big.ini", b.data, b.len, &err), 0);
    cr_assert_eq(ini.sections[0].count, 50001);
    cr_assert_not_null(rt_ini_get(&ini, "a", "k49999"));
    rt_buf_free(&b);
}

Test(ini, expansion_is_capped)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_puts(&b, "[a]\n");
    for (int level = 0; level < 9; level++) {
        rt_buf_printf(&b, "l%d = ", level);
        for (int i = 0; i < 200; i++)
            rt_buf_printf(&b, "%%(l%d)s", level + 1);
        rt_buf_puts(&b, "\n");
    }
    rt_buf_puts(&b, "l9 = %%\n");
    cr_assert_eq(rt_ini_parse(&ini, "bomb.ini", b.data, b.len, &err), 0);
    cr_assert_null(interp("a", "l0"));
    cr_assert_eq(err.code, RT_ETOOBIG);
    rt_buf_free(&b);
}
