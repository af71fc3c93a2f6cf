/* Tokenizer of the Python front-end: each lexical feature, with positions pinned. */
#include "py_test_util.h"

#include "retort/source.h"

TestSuite(py_tokenize, .init = py_setup, .fini = py_teardown);

/* "KIND KIND ..." of every token, for compact assertions. */
static const char *kinds(const rt_py_tokens *t)
{
    rt_buf b = RT_BUF_INIT;
    for (size_t i = 0; i < t->count; i++) {
        if (i)
            rt_buf_putc(&b, ' ');
        rt_buf_puts(&b, rt_py_tok_name((rt_py_tok)t->items[i].kind));
    }
    char *s = rt_arena_strndup(A, rt_buf_cstr(&b), b.len);
    rt_buf_free(&b);
    return s;
}

static const char *text(const rt_py_tokens *t, size_t i)
{
    rt_str s = rt_py_token_text(t, &t->items[i]);
    return rt_arena_strndup(A, s.p, s.len);
}

static void assert_kinds(const char *src, unsigned flags, const char *want)
{
    rt_py_tokens t = tokenize(src, flags);
    cr_assert_str_eq(kinds(&t), want, "source: %s", src);
}

static void assert_one_error(const char *src, const char *msg, uint32_t offset)
{
    rt_py_tokens t = tokenize(src, 0);
    cr_assert_geq(t.error_count, 1, "no error for: %s", src);
    cr_assert_str_eq(t.errors[0].message, msg, "source: %s", src);
    cr_assert_eq(t.errors[0].offset, offset, "source: %s: offset %u", src, t.errors[0].offset);
}

Test(py_tokenize, simple_statement_with_offsets_and_lines)
{
    rt_py_tokens t = tokenize("x = 1\ny=2", 0);
    cr_assert_str_eq(kinds(&t), "NAME '=' NUMBER NEWLINE NAME '=' NUMBER NEWLINE ENDMARKER");
    cr_assert_eq(t.items[2].start, 4);
    cr_assert_eq(t.items[2].len, 1);
    cr_assert_eq(t.items[4].start, 6);
    cr_assert_eq(t.items[4].line, 2);
    cr_assert_eq(t.items[7].len, 0, "NEWLINE at end of file without a line end is empty");
    cr_assert_eq(t.error_count, 0);
}

Test(py_tokenize, bom_is_skipped)
{
    rt_py_tokens t = tokenize("\xEF\xBB\xBFx = 1\n", 0);
    cr_assert_str_eq(kinds(&t), "NAME '=' NUMBER NEWLINE ENDMARKER");
    cr_assert_eq(t.items[0].start, 3);
    cr_assert_eq(t.error_count, 0);
}

Test(py_tokenize, crlf_and_cr_line_ends)
{
    rt_py_tokens t = tokenize("a\r\nb\rc\n", 0);
    cr_assert_str_eq(kinds(&t), "NAME NEWLINE NAME NEWLINE NAME NEWLINE ENDMARKER");
    cr_assert_str_eq(text(&t, 1), "\r\n");
    cr_assert_str_eq(text(&t, 3), "\r");
    cr_assert_eq(t.items[2].start, 3);
    cr_assert_eq(t.items[2].line, 2);
    cr_assert_eq(t.items[4].line, 3);
    /* Indentation after CRLF too. */
    assert_kinds("if x:\r\n    y\r\nz\r\n", 0,
                 "'if' NAME ':' NEWLINE INDENT NAME NEWLINE DEDENT NAME NEWLINE ENDMARKER");
}

Test(py_tokenize, indent_dedent_and_blank_lines)
{
    assert_kinds("if a:\n    b\n\n    # c\n    if d:\n        e\nf\n", 0,
                 "'if' NAME ':' NEWLINE INDENT NAME NEWLINE 'if' NAME ':' NEWLINE INDENT NAME "
                 "NEWLINE DEDENT DEDENT NAME NEWLINE ENDMARKER");
    /* Dedents at the end of the file. */
    assert_kinds("if a:\n  b", 0, "'if' NAME ':' NEWLINE INDENT NAME NEWLINE DEDENT ENDMARKER");
}

Test(py_tokenize, tabs_count_to_the_next_multiple_of_eight)
{
    /* A tab then 8 spaces: columns 8 and 8 with consistent tab/space use. */
    rt_py_tokens t = tokenize("if a:\n\tb\n\tif c:\n\t\td\n", 0);
    cr_assert_eq(t.error_count, 0);
    /* Four spaces plus a tab is column 8, same as one tab, but inconsistent. */
    t = tokenize("if a:\n\tb\n    \tc\n", 0);
    cr_assert_eq(t.error_count, 1);
    cr_assert_str_eq(t.errors[0].message, "inconsistent use of tabs and spaces in indentation");
    cr_assert_eq(t.errors[0].offset, 14);
    /* Eight spaces after a tab-indented line: same column 8, TabError too. */
    t = tokenize("if a:\n\tb\n        c\n", 0);
    cr_assert_eq(t.error_count, 1);
    cr_assert_str_eq(t.errors[0].message, "inconsistent use of tabs and spaces in indentation");
}

Test(py_tokenize, bad_dedent)
{
    assert_one_error("if a:\n    b\n  c\n", "unindent does not match any outer indentation level",
                     14);
}

Test(py_tokenize, line_joining)
{
    assert_kinds("x = 1 + \\\n  2\n", 0, "NAME '=' NUMBER '+' NUMBER NEWLINE ENDMARKER");
    assert_kinds("x = (1,\n\n  2)\n", 0, "NAME '=' '(' NUMBER ',' NUMBER ')' NEWLINE ENDMARKER");
    assert_kinds("x = [1,  # c\n 2]\n", RT_PY_TOKENIZE_TRIVIA,
                 "NAME '=' '[' NUMBER ',' COMMENT NL NUMBER ']' NEWLINE ENDMARKER");
    assert_one_error("x = 1 \\ 2\n", "unexpected character after line continuation character",
                     7);
}

Test(py_tokenize, comments_and_nl_with_trivia)
{
    rt_py_tokens t = tokenize("# head\n\nx = 1  # retort: ignore[a]\n", RT_PY_TOKENIZE_TRIVIA);
    cr_assert_str_eq(kinds(&t), "COMMENT NL NL NAME '=' NUMBER COMMENT NEWLINE ENDMARKER");
    cr_assert_str_eq(text(&t, 6), "# retort: ignore[a]");
    cr_assert_eq(t.items[6].line, 3);
    assert_kinds("# head\n\nx = 1  # c\n", 0, "NAME '=' NUMBER NEWLINE ENDMARKER");
}

Test(py_tokenize, every_string_prefix)
{
    const char *plain[] = {"r", "u", "R", "U", "b", "B", "br", "rb", "Br", "bR", "RB", "rB"};
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        char src[32];
        snprintf(src, sizeof src, "%s'x'\n", plain[i]);
        assert_kinds(src, 0, "STRING NEWLINE ENDMARKER");
    }
    const char *fs[] = {"f", "F", "fr", "rf", "Rf", "fR", "FR", "rF"};
    for (size_t i = 0; i < sizeof fs / sizeof *fs; i++) {
        char src[32];
        snprintf(src, sizeof src, "%s'x'\n", fs[i]);
        assert_kinds(src, 0, "FSTRING_START FSTRING_MIDDLE FSTRING_END NEWLINE ENDMARKER");
    }
    assert_kinds("bu'x'\n", 0, "NAME STRING NEWLINE ENDMARKER");
    assert_kinds("ur'x'\n", 0, "NAME STRING NEWLINE ENDMARKER");
}

Test(py_tokenize, quotes_escapes_and_triple_quotes)
{
    rt_py_tokens t = tokenize("a = 'it\\'s' \"q\\\"\" r'\\'' '''x\n'y'\n''' \"\"\"\"\"\"\nb\n", 0);
    cr_assert_str_eq(kinds(&t), "NAME '=' STRING STRING STRING STRING STRING NEWLINE NAME "
                                "NEWLINE ENDMARKER");
    cr_assert_str_eq(text(&t, 2), "'it\\'s'");
    cr_assert_str_eq(text(&t, 4), "r'\\''");
    cr_assert_str_eq(text(&t, 5), "'''x\n'y'\n'''");
    cr_assert_eq(t.items[5].line, 1);
    cr_assert_eq(t.items[6].line, 3, "line counted inside the triple-quoted string");
    cr_assert_eq(t.items[8].line, 4);
    cr_assert_eq(t.error_count, 0);
}

Test(py_tokenize, positions_after_multiline_string_and_non_ascii)
{
    const char *src = "s = \"\"\"é\nß\"\"\"; t = 'ü'  ;  café = 1\n";
    rt_py_tokens t = tokenize(src, 0);
    cr_assert_eq(t.error_count, 0);
    /* café is the 8th token: s = STR ; t = STR ; café */
    cr_assert_str_eq(text(&t, 8), "café");
    rt_source s;
    rt_error err;
    cr_assert_eq(rt_source_from_bytes(&s, "t.py", src, strlen(src), &err), RT_OK);
    unsigned line, col;
    rt_source_position(&s, t.items[8].start, &line, &col);
    cr_assert_eq(line, 2);
    cr_assert_eq(col, 19, "columns count code points: got %u", col);
    rt_source_free(&s);
}

Test(py_tokenize, fstring_pep701_tokens)
{
    rt_py_tokens t = tokenize("f\"a{x[\"k\"]!r:>{w}}b{{c}}\"\n", 0);
    cr_assert_str_eq(kinds(&t),
                     "FSTRING_START FSTRING_MIDDLE '{' NAME '[' STRING ']' '!' NAME ':' "
                     "FSTRING_MIDDLE '{' NAME '}' '}' FSTRING_MIDDLE FSTRING_END NEWLINE "
                     "ENDMARKER");
    cr_assert_str_eq(text(&t, 5), "\"k\"", "same quotes nest (PEP 701)");
    cr_assert_str_eq(text(&t, 10), ">");
    cr_assert_str_eq(text(&t, 15), "b{{c}}");
    cr_assert_eq(t.error_count, 0);
    /* Nested f-strings, = debugging, a walrus in parentheses, a dict inside. */
    t = tokenize("f'{f'{1}'=}{(y:=2)}{ {1: 2}[1] }'\n", 0);
    cr_assert_str_eq(kinds(&t),
                     "FSTRING_START '{' FSTRING_START '{' NUMBER '}' FSTRING_END '=' '}' '{' "
                     "'(' NAME ':=' NUMBER ')' '}' '{' '{' NUMBER ':' NUMBER '}' '[' NUMBER "
                     "']' '}' FSTRING_END NEWLINE ENDMARKER");
    cr_assert_eq(t.error_count, 0);
    /* Multi-line expression and comment in a triple-quoted f-string. */
    t = tokenize("f'''{\n  x  # c\n}'''\ny\n", 0);
    cr_assert_str_eq(kinds(&t), "FSTRING_START '{' NAME '}' FSTRING_END NEWLINE NAME NEWLINE "
                                "ENDMARKER");
    cr_assert_eq(t.items[6].line, 4);
}

Test(py_tokenize, fstring_errors)
{
    assert_one_error("f'a}'\n", "f-string: single '}' is not allowed", 3);
    assert_one_error("x = f'abc\n", "unterminated f-string literal (detected at line 1)", 4);
    assert_one_error("x = f'''abc\n\n", "unterminated triple-quoted f-string literal (detected "
                     "at line 2)", 4);
}

Test(py_tokenize, numbers)
{
    const char *ok[] = {"0", "1_000", "0x_FF", "0XdeadBEEF", "0o17", "0b1010_1010", "3.14",
                        "10.", ".001", "1e10", "1E-5", "2.5e+3_0", "1_0.0_1", "3j", "1.5J",
                        ".5e2j", "0_0", "00", "0.0", "0e0"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        char src[32];
        snprintf(src, sizeof src, "%s\n", ok[i]);
        rt_py_tokens t = tokenize(src, 0);
        cr_assert_str_eq(kinds(&t), "NUMBER NEWLINE ENDMARKER", "number %s", ok[i]);
        cr_assert_eq(t.items[0].len, strlen(ok[i]), "number %s", ok[i]);
        cr_assert_eq(t.error_count, 0, "number %s", ok[i]);
    }
    assert_one_error("1__0\n", "invalid decimal literal", 1);
    assert_one_error("x = 0x\n", "invalid hexadecimal literal", 4);
    assert_one_error("0o8\n", "invalid octal literal", 0);
    assert_one_error("012\n", "leading zeros in decimal integer literals are not permitted; "
                     "use an 0o prefix for octal integers", 0);
    assert_kinds("1if x else 2\n", 0, "NUMBER 'if' NAME 'else' NUMBER NEWLINE ENDMARKER");
    assert_kinds("1..real\n", 0, "NUMBER '.' NAME NEWLINE ENDMARKER");
}

Test(py_tokenize, every_operator)
{
    assert_kinds("( ) [ ] { } : , ; + - * / | & < > = . % == != <= >= ~ ^ << >> ** += -= *= "
                 "/= %= &= |= ^= <<= >>= **= // //= @ @= -> ... := !\n", 0,
                 "'(' ')' '[' ']' '{' '}' ':' ',' ';' '+' '-' '*' '/' '|' '&' '<' '>' '=' "
                 "'.' '%' '==' '!=' '<=' '>=' '~' '^' '<<' '>>' '**' '+=' '-=' '*=' '/=' "
                 "'%=' '&=' '|=' '^=' '<<=' '>>=' '**=' '//' '//=' '@' '@=' '->' '...' ':=' "
                 "'!' NEWLINE ENDMARKER");
    assert_kinds("a**=b//c\n", 0, "NAME '**=' NAME '//' NAME NEWLINE ENDMARKER");
}

Test(py_tokenize, keywords_and_soft_keywords)
{
    assert_kinds("async def f(): await x\n", 0,
                 "'async' 'def' NAME '(' ')' ':' 'await' NAME NEWLINE ENDMARKER");
    assert_kinds("match case type _ None True False\n", 0,
                 "NAME NAME NAME NAME 'None' 'True' 'False' NEWLINE ENDMARKER");
}

Test(py_tokenize, non_ascii_identifiers)
{
    rt_py_tokens t = tokenize("名前 = π_2\n", 0);
    cr_assert_str_eq(kinds(&t), "NAME '=' NAME NEWLINE ENDMARKER");
    cr_assert_str_eq(text(&t, 0), "名前");
    cr_assert_str_eq(text(&t, 2), "π_2");
}

Test(py_tokenize, unterminated_strings)
{
    assert_one_error("x = 'abc\ny = 1\n", "unterminated string literal (detected at line 1)", 4);
    assert_one_error("x = 1\ny = b\"abc", "unterminated string literal (detected at line 2)",
                     10);
    assert_one_error("x = 1\ny = '''abc\n\nz\n", "unterminated triple-quoted string literal "
                     "(detected at line 4)", 10);
    /* The line after an unterminated single-quoted string is tokenized normally. */
    rt_py_tokens t = tokenize("x = 'abc\ny = 1\n", 0);
    cr_assert_str_eq(kinds(&t), "NAME '=' ERRORTOKEN NEWLINE NAME '=' NUMBER NEWLINE "
                                "ENDMARKER");
}

Test(py_tokenize, invalid_characters_nul_and_utf8)
{
    assert_one_error("x = $\n", "invalid syntax", 4);
    assert_one_error("x = 1\x01\n", "invalid non-printable character U+0001", 5);
    rt_py_tokens t;
    rt_error err;
    cr_assert_eq(rt_py_tokenize(&t, A, "x = 1\0\ny = 2\n", 13, 0, &err), RT_OK);
    cr_assert_eq(t.error_count, 1);
    cr_assert_str_eq(t.errors[0].message, "source code cannot contain null bytes");
    cr_assert_eq(t.errors[0].offset, 5);
    cr_assert_str_eq(kinds(&t), "NAME '=' NUMBER NEWLINE NAME '=' NUMBER NEWLINE ENDMARKER");
    assert_one_error("x = 1\ny = '\xff'\n", "Non-UTF-8 code starting with '\\xff' on line 2, but "
                     "no encoding declared; see https://peps.python.org/pep-0263/ for details", 11);
    /* In a comment it is accepted, as by compile() and import. */
    t = tokenize("x = 1  # \xff\xfe\ny = 2\n", 0);
    cr_assert_eq(t.error_count, 0);
}

Test(py_tokenize, brackets)
{
    assert_one_error("x = (1, 2]\n", "closing parenthesis ']' does not match opening "
                     "parenthesis '('", 9);
    assert_one_error("x = (1,\n2]\n", "closing parenthesis ']' does not match opening "
                     "parenthesis '(' on line 1", 9);
    assert_one_error("x = 1)\n", "unmatched ')'", 5);
    assert_one_error("x = [1,\n2\n", "'[' was never closed", 4);
}

Test(py_tokenize, hundred_thousand_nested_brackets)
{
    size_t n = 100000;
    char *src = rt_arena_alloc(A, n + 8);
    memcpy(src, "x = ", 4);
    memset(src + 4, '(', n);
    memcpy(src + 4 + n, "\n", 2);
    rt_py_tokens t;
    rt_error err;
    cr_assert_eq(rt_py_tokenize(&t, A, src, strlen(src), 0, &err), RT_OK);
    cr_assert_geq(t.error_count, 1);
    bool too_many = false;
    for (size_t i = 0; i < t.error_count; i++)
        too_many |= strcmp(t.errors[i].message, "too many nested parentheses") == 0 &&
                    t.errors[i].offset == 204;
    cr_assert(too_many);
}
