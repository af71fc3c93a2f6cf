/* Parser of the Python front-end: statements, expressions, spans held to CPython 3.12's
 * ast (fixtures in tests/python/ with their .nodes written by CPython), errors, recovery. */
#include <stdlib.h>

#include "py_test_util.h"

#include "retort/source.h"

TestSuite(py_parse, .init = py_setup, .fini = py_teardown);

/* ---- fixtures against CPython's positions ------------------------------------------ */

typedef struct collect {
    rt_py_module *m;
    rt_source *src;
    const rt_py_node *skip[4096];
    size_t nskip;
    char **lines;
    size_t n, cap;
} collect;

static bool skipped(const collect *c, const rt_py_node *n)
{
    for (size_t i = 0; i < c->nskip; i++)
        if (c->skip[i] == n)
            return true;
    return false;
}

static void skip(collect *c, const rt_py_node *n)
{
    if (n && c->nskip < sizeof c->skip / sizeof *c->skip)
        c->skip[c->nskip++] = n;
}

static void skip_pieces(collect *c, const rt_py_node *joined)
{
    for (uint32_t i = 0; i < joined->u.joined.values.len; i++)
        if (joined->u.joined.values.items[i]->kind == RT_PY_STRING)
            skip(c, joined->u.joined.values.items[i]);
}

static int collect_node(const rt_py_node *n, void *ctx)
{
    collect *c = ctx;
    if (n->kind == RT_PY_JOINED_STR)
        skip_pieces(c, n);
    if (n->kind == RT_PY_MATCH_SINGLETON)
        skip(c, n->u.value.value); /* CPython holds the constant itself, not a node */
    if (n->kind == RT_PY_FORMATTED_VALUE && n->u.formatted.format_spec) {
        skip(c, n->u.formatted.format_spec);
        skip_pieces(c, n->u.formatted.format_spec);
    }
    switch (n->kind) {
    case RT_PY_ARGUMENTS: case RT_PY_COMPREHENSION: case RT_PY_WITH_ITEM:
    case RT_PY_MATCH_CASE:
        return 0; /* no position in CPython's ast */
    default:
        break;
    }
    if (skipped(c, n))
        return 0;
    unsigned l1, c1, l2, c2;
    rt_source_position(c->src, n->start, &l1, &c1);
    rt_source_position(c->src, n->end, &l2, &c2);
    char buf[128];
    snprintf(buf, sizeof buf, "%s %u %u %u %u", rt_py_node_type_name(n), l1, c1, l2, c2);
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->lines = realloc(c->lines, c->cap * sizeof *c->lines);
        cr_assert_not_null(c->lines);
    }
    c->lines[c->n++] = rt_arena_strndup(A, buf, strlen(buf));
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void assert_fixture(const char *name)
{
    char path[512], nodes[512];
    snprintf(path, sizeof path, "%s/tests/python/%s.py", RETORT_SOURCE_DIR, name);
    snprintf(nodes, sizeof nodes, "%s/tests/python/%s.nodes", RETORT_SOURCE_DIR, name);
    rt_source src, want;
    rt_error err;
    cr_assert_eq(rt_source_read(&src, path, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_source_read(&want, nodes, &err), RT_OK, "%s", err.message);
    rt_py_module *m = parse_n(src.data, src.len);
    cr_assert_eq(m->error_count, 0, "%s: %s at %u", name,
                 m->error_count ? m->errors[0].message : "", m->error_count ? m->errors[0].offset : 0);
    collect *c = calloc(1, sizeof *c);
    c->m = m;
    c->src = &src;
    for (uint32_t i = 0; i < m->body.len; i++)
        cr_assert_eq(rt_py_visit(m->body.items[i], collect_node, c), 0);
    qsort(c->lines, c->n, sizeof *c->lines, cmp_str);
    rt_buf got = RT_BUF_INIT;
    for (size_t i = 0; i < c->n; i++) {
        rt_buf_puts(&got, c->lines[i]);
        rt_buf_putc(&got, '\n');
    }
    /* Line by line, so that a failure names the first difference. */
    const char *g = rt_buf_cstr(&got), *w = want.data;
    unsigned line = 1;
    while (*g || *w) {
        const char *ge = strchr(g, '\n'), *we = strchr(w, '\n');
        size_t gl = ge ? (size_t)(ge - g) : strlen(g), wl = we ? (size_t)(we - w) : strlen(w);
        cr_assert(gl == wl && memcmp(g, w, gl) == 0,
                  "%s.nodes line %u: retort says '%.*s', CPython says '%.*s'", name, line,
                  (int)gl, g, (int)wl, w);
        g += gl + (ge != NULL);
        w += wl + (we != NULL);
        line++;
    }
    rt_buf_free(&got);
    free(c->lines);
    free(c);
    rt_source_free(&src);
    rt_source_free(&want);
}

Test(py_parse, statements_fixture_matches_cpython) { assert_fixture("statements"); }
Test(py_parse, expressions_fixture_matches_cpython) { assert_fixture("expressions"); }
Test(py_parse, pep701_fstrings_fixture_matches_cpython) { assert_fixture("pep701"); }
Test(py_parse, pep695_type_params_fixture_matches_cpython) { assert_fixture("pep695"); }
Test(py_parse, match_fixture_matches_cpython) { assert_fixture("match"); }

/* ---- expression trees as S-expressions --------------------------------------------- */

static const char *op_name(const rt_py_node *n)
{
    static const char *const ops[] = {
        "", "+", "-", "*", "@", "/", "%", "**", "<<", ">>", "|", "^", "&", "//", "~", "not",
        "u+", "u-", "and", "or", "==", "!=", "<", "<=", ">", ">=", "is", "is not", "in",
        "not in"};
    return n->op < sizeof ops / sizeof *ops ? ops[n->op] : "?";
}

static void sexp(rt_buf *b, const rt_py_node *n);

static void sexp_child(rt_py_node *child, void *ctx)
{
    rt_buf_putc(ctx, ' ');
    sexp(ctx, child);
}

static rt_py_module *current;

static void sexp(rt_buf *b, const rt_py_node *n)
{
    rt_str v;
    switch (n->kind) {
    case RT_PY_NAME:
        rt_buf_put_str(b, n->u.name.id);
        return;
    case RT_PY_CONSTANT:
        rt_buf_put_str(b, n->u.constant.text);
        return;
    case RT_PY_STRING:
        cr_assert_eq(rt_py_string_value(&v, A, current, n), RT_OK);
        rt_buf_putc(b, '\'');
        rt_buf_put_str(b, v);
        rt_buf_putc(b, '\'');
        return;
    case RT_PY_BIN_OP: case RT_PY_UNARY_OP: case RT_PY_BOOL_OP:
        rt_buf_printf(b, "(%s", op_name(n));
        break;
    case RT_PY_COMPARE:
        rt_buf_puts(b, "(cmp");
        for (uint32_t i = 0; i < n->u.compare.comparators.len; i++) {
            rt_py_node tmp = *n;
            tmp.op = n->u.compare.ops[i];
            rt_buf_printf(b, " %s", op_name(&tmp));
        }
        break;
    case RT_PY_ATTRIBUTE:
        rt_buf_puts(b, "(. ");
        sexp(b, n->u.attribute.value);
        rt_buf_putc(b, ' ');
        rt_buf_put_str(b, n->u.attribute.attr);
        rt_buf_putc(b, ')');
        return;
    case RT_PY_KEYWORD:
        rt_buf_putc(b, '(');
        rt_buf_put_str(b, n->u.keyword.arg.len ? n->u.keyword.arg : RT_STR_LIT("**"));
        rt_buf_putc(b, '=');
        break;
    case RT_PY_FORMATTED_VALUE:
        rt_buf_printf(b, "({}%s%c", n->flags & RT_PY_NF_DEBUG ? "=" : "", n->op ? n->op : ' ');
        break;
    default:
        rt_buf_printf(b, "(%s", rt_py_kind_name((rt_py_kind)n->kind));
        break;
    }
    rt_py_children(n, sexp_child, b);
    rt_buf_putc(b, ')');
}

/* The S-expression of the single expression statement in src. */
static const char *expr(const char *src)
{
    current = parse_ok(src);
    cr_assert_eq(current->body.len, 1);
    cr_assert_eq(current->body.items[0]->kind, RT_PY_EXPR);
    rt_buf b = RT_BUF_INIT;
    sexp(&b, current->body.items[0]->u.value.value);
    char *s = rt_arena_strndup(A, rt_buf_cstr(&b), b.len);
    rt_buf_free(&b);
    return s;
}

#define ASSERT_EXPR(src, want) cr_assert_str_eq(expr(src), want, "source: %s", src)

Test(py_parse, operator_precedence)
{
    ASSERT_EXPR("1 + 2 * 3 ** -4", "(+ 1 (* 2 (** 3 (u- 4))))");
    ASSERT_EXPR("-x ** 2", "(u- (** x 2))");
    ASSERT_EXPR("a ** b ** c", "(** a (** b c))");
    ASSERT_EXPR("a - b - c", "(- (- a b) c)");
    ASSERT_EXPR("a | b ^ c & d << e + f @ g", "(| a (^ b (& c (<< d (+ e (@ f g))))))");
    ASSERT_EXPR("not a == b and c or d", "(or (and (not (cmp == a b)) c) d)");
    ASSERT_EXPR("a < b <= c is not d not in e", "(cmp < <= is not not in a b c d e)");
    ASSERT_EXPR("a if b else c if d else e", "(IfExp a b (IfExp c d e))");
    ASSERT_EXPR("lambda x, *y: x or y", "(Lambda (arguments (arg) (arg)) (or x y))");
    ASSERT_EXPR("(x := 1 + 2)", "(NamedExpr x (+ 1 2))");
    ASSERT_EXPR("await f() ** 2", "(** (Await (Call f)) 2)");
    ASSERT_EXPR("~a.b[c](d)", "(~ (Call (Subscript (. a b) c) d))");
}

Test(py_parse, calls_arguments_and_literals)
{
    ASSERT_EXPR("op.add_column('users', sa.Column('id', sa.Integer(), nullable=False))",
                "(Call (. op add_column) 'users' (Call (. sa Column) 'id' (Call (. sa Integer)) "
                "(nullable= False)))");
    ASSERT_EXPR("f(a, *b, c=1, *d, **e)", "(Call f a (Starred b) (c= 1) (Starred d) (**= e))");
    ASSERT_EXPR("f(x for x in y)", "(Call f (GeneratorExp x (comprehension x y)))");
    ASSERT_EXPR("[1, (2,), {3: 4, **m}, {5}, (), None, True, ...]",
                "(List 1 (Tuple 2) (Dict 3 4 m) (Set 5) (Tuple) None True ...)");
    ASSERT_EXPR("a[1:2, ::3, *b]", "(Subscript a (Tuple (Slice 1 2) (Slice 3) (Starred b)))");
    ASSERT_EXPR("[x for x in y if x if z for w in x]",
                "(ListComp x (comprehension x y x z) (comprehension w x))");
    ASSERT_EXPR("{k: v async for k, v in d}", "(DictComp k v (comprehension (Tuple k v) d))");
    ASSERT_EXPR("'a' \"b\" '''c'''", "'abc'");
    ASSERT_EXPR("f'{x!r:>{w}} {y=}'",
                "(JoinedStr ({}r x (JoinedStr '>' ({}  w))) ' ' ({}=  y))");
    ASSERT_EXPR("f\"{f\"{'q'}\"}\"", "(JoinedStr ({}  (JoinedStr ({}  'q'))))");
    ASSERT_EXPR("'a' f'b{c}'", "(JoinedStr 'a' 'b' ({}  c))");
    ASSERT_EXPR("(yield)", "(Yield)");
    ASSERT_EXPR("0x_1F + 1_0.5e-3j", "(+ 0x_1F 1_0.5e-3j)");
}

Test(py_parse, constants_kinds)
{
    rt_py_module *m = parse_ok("1, 1.5, 1e3, 0x1e, 2j, None, True, False, ...\n");
    rt_py_list e = m->body.items[0]->u.value.value->u.seq.elts;
    const uint8_t want[] = {RT_PY_CONST_INT, RT_PY_CONST_FLOAT, RT_PY_CONST_FLOAT,
                            RT_PY_CONST_INT, RT_PY_CONST_IMAG, RT_PY_CONST_NONE,
                            RT_PY_CONST_TRUE, RT_PY_CONST_FALSE, RT_PY_CONST_ELLIPSIS};
    cr_assert_eq(e.len, sizeof want);
    for (uint32_t i = 0; i < e.len; i++) {
        cr_assert_eq(e.items[i]->kind, RT_PY_CONSTANT);
        cr_assert_eq(e.items[i]->op, want[i], "item %u", i);
    }
}

/* ---- statements and the migration-relevant shapes ---------------------------------- */

static const char *str_value(rt_py_module *m, const rt_py_node *n)
{
    rt_str v;
    cr_assert_eq(rt_py_string_value(&v, A, m, n), RT_OK);
    return v.p;
}

Test(py_parse, revision_identifiers)
{
    const char *src = "\"\"\"add users\n\nRevision ID: 1a2b\n\"\"\"\n"
                      "from typing import Sequence, Union\n"
                      "revision: str = '1a2b'\n"
                      "down_revision: Union[str, None] = ('0a', \"0b\")\n"
                      "branch_labels = depends_on = None\n"
                      "def upgrade() -> None:\n    op.drop_table('t')\n";
    rt_py_module *m = parse_ok(src);
    cr_assert_eq(m->body.len, 6);
    const rt_py_node *rev = m->body.items[2];
    cr_assert_eq(rev->kind, RT_PY_ANN_ASSIGN);
    cr_assert(rev->flags & RT_PY_NF_SIMPLE);
    cr_assert(rt_str_eq_cstr(rev->u.ann_assign.target->u.name.id, "revision"));
    cr_assert(rev->u.ann_assign.target->flags & RT_PY_NF_STORE);
    cr_assert_str_eq(str_value(m, rev->u.ann_assign.value), "1a2b");
    const rt_py_node *down = m->body.items[3]->u.ann_assign.value;
    cr_assert_eq(down->kind, RT_PY_TUPLE);
    cr_assert_str_eq(str_value(m, down->u.seq.elts.items[1]), "0b");
    const rt_py_node *chain = m->body.items[4];
    cr_assert_eq(chain->kind, RT_PY_ASSIGN);
    cr_assert_eq(chain->u.assign.targets.len, 2);
    cr_assert_eq(chain->u.assign.value->op, RT_PY_CONST_NONE);
    const rt_py_node *up = m->body.items[5];
    cr_assert_eq(up->kind, RT_PY_FUNCTION_DEF);
    cr_assert(rt_str_eq_cstr(up->u.function_def.name, "upgrade"));
    cr_assert_eq(up->u.function_def.body.len, 1);
    cr_assert_eq(up->start, (uint32_t)(strstr(src, "def upgrade") - src));
    cr_assert_eq(up->end, strlen(src) - 1);
}

Test(py_parse, imports)
{
    rt_py_module *m = parse_ok("import a.b as c, d\nfrom ... x . y import (e as f, g,)\n"
                               "from . import *\n");
    const rt_py_node *i = m->body.items[0];
    cr_assert(rt_str_eq_cstr(i->u.import.names.items[0]->u.alias.name, "a.b"));
    cr_assert(rt_str_eq_cstr(i->u.import.names.items[0]->u.alias.asname, "c"));
    const rt_py_node *f = m->body.items[1];
    cr_assert_eq(f->u.import_from.level, 3);
    cr_assert(rt_str_eq_cstr(f->u.import_from.module, "x.y"), "dotted name without spaces");
    cr_assert_eq(f->u.import_from.names.len, 2);
    cr_assert_eq(m->body.items[2]->u.import_from.module.len, 0);
    cr_assert_eq(m->body.items[2]->u.import_from.level, 1);
}

Test(py_parse, function_parameters)
{
    rt_py_module *m = parse_ok("def f(a, b=1, /, c=2, *args, d, e=3, **kw): pass\n");
    const rt_py_node *a = m->body.items[0]->u.function_def.args;
    cr_assert_eq(a->u.arguments.posonlyargs.len, 2);
    cr_assert_eq(a->u.arguments.args.len, 1);
    cr_assert_eq(a->u.arguments.defaults.len, 2);
    cr_assert(rt_str_eq_cstr(a->u.arguments.vararg->u.arg.arg, "args"));
    cr_assert_eq(a->u.arguments.kwonlyargs.len, 2);
    cr_assert_null(a->u.arguments.kw_defaults.items[0]);
    cr_assert_not_null(a->u.arguments.kw_defaults.items[1]);
    cr_assert(rt_str_eq_cstr(a->u.arguments.kwarg->u.arg.arg, "kw"));
}

Test(py_parse, spans_are_never_inverted)
{
    rt_py_module *m = parse_ok("f = lambda : 1\ndef g( ): pass\n");
    const rt_py_node *args = m->body.items[0]->u.assign.value->u.lambda.args;
    cr_assert_eq(args->start, 11, "empty parameters sit at the ':'");
    cr_assert_eq(args->end, args->start);
    args = m->body.items[1]->u.function_def.args;
    cr_assert_leq(args->start, args->end);
}

Test(py_parse, with_statements)
{
    rt_py_module *m = parse_ok("with op.batch_alter_table('t') as b, x:\n"
                               "    b.drop_column('c')\n"
                               "with (a as b, c as d,):\n    pass\n"
                               "with (a, b) as c:\n    pass\n");
    const rt_py_node *w = m->body.items[0];
    cr_assert_eq(w->u.with.items.len, 2);
    cr_assert(w->u.with.items.items[0]->u.with_item.optional_vars->flags & RT_PY_NF_STORE);
    cr_assert_eq(m->body.items[1]->u.with.items.len, 2);
    cr_assert_eq(m->body.items[2]->u.with.items.len, 1);
    cr_assert_eq(m->body.items[2]->u.with.items.items[0]->u.with_item.context_expr->kind,
                 RT_PY_TUPLE);
}

Test(py_parse, soft_keywords)
{
    rt_py_module *m = parse_ok("match = 1\nmatch(x)\nmatch[x]\ntype = 2\ntype(x)\n"
                               "match x:\n    case 1:\n        pass\ncase = _\n"
                               "type T = int\n");
    const rt_py_kind want[] = {RT_PY_ASSIGN, RT_PY_EXPR, RT_PY_EXPR, RT_PY_ASSIGN, RT_PY_EXPR,
                               RT_PY_MATCH, RT_PY_ASSIGN, RT_PY_TYPE_ALIAS};
    cr_assert_eq(m->body.len, sizeof want / sizeof *want);
    for (uint32_t i = 0; i < m->body.len; i++)
        cr_assert_eq(m->body.items[i]->kind, want[i], "statement %u", i);
}

/* ---- string values ----------------------------------------------------------------- */

Test(py_parse, string_values)
{
    rt_py_module *m = parse_ok("'a\\tb\\x41\\101\\u00e9\\U0001F600\\N{DASH}\\q' 'c' r'\\n'\n"
                               "b'\\xff\\u'\n"
                               "'''x\r\ny\\\r\nz'''\n"
                               "f'{x}'\n");
    rt_str v;
    cr_assert_eq(rt_py_string_value(&v, A, m, m->body.items[0]->u.value.value), RT_OK);
    cr_assert_str_eq(v.p, "a\tbAAé\xF0\x9F\x98\x80\\N{DASH}\\qc\\n");
    cr_assert_eq(rt_py_string_value(&v, A, m, m->body.items[1]->u.value.value), RT_OK);
    cr_assert(m->body.items[1]->u.value.value->flags & RT_PY_NF_BYTES);
    cr_assert_eq(v.len, 3);
    cr_assert_eq(memcmp(v.p, "\xff\\u", 3), 0);
    cr_assert_eq(rt_py_string_value(&v, A, m, m->body.items[2]->u.value.value), RT_OK);
    cr_assert_str_eq(v.p, "x\nyz", "CRLF read as LF; backslash-newline removed");
    cr_assert_eq(rt_py_string_value(&v, A, m, m->body.items[3]->u.value.value), RT_EPARSE,
                 "an f-string is not a constant");
}

Test(py_parse, latin1_coding_cookie)
{
    const char src[] = "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\nx = 1\n";
    rt_py_module *m = parse_n(src, sizeof src - 1);
    cr_assert_eq(m->error_count, 0);
    cr_assert(m->transcoded);
    cr_assert_str_eq(m->encoding, "latin-1");
    cr_assert_str_eq(str_value(m, m->body.items[0]->u.assign.value), "café");
    const rt_py_node *x = m->body.items[1];
    uint32_t orig = (uint32_t)(strstr(src, "x = 1") - src);
    cr_assert_eq(x->start, orig + 1, "offset in the UTF-8 text: é takes 2 bytes");
    cr_assert_eq(rt_py_source_offset(m, x->start), orig, "offset in the original file");
    cr_assert_eq(rt_py_source_offset(m, 10), 10, "offsets before the é are unchanged");
    rt_source s;
    rt_error err;
    cr_assert_eq(rt_source_from_bytes(&s, "t.py", src, sizeof src - 1, &err), RT_OK);
    unsigned line, col;
    rt_py_position(m, &s, m->body.items[0]->u.assign.value->end, &line, &col);
    cr_assert_eq(line, 2);
    cr_assert_eq(col, 14);
    rt_source_free(&s);
    /* An encoding retort does not decode is read as latin-1, marked inexact. */
    m = parse("# coding: koi8-r\nx = 'abc'\n");
    cr_assert_eq(m->error_count, 0);
    cr_assert(!m->encoding_exact);
    cr_assert_str_eq(str_value(m, m->body.items[0]->u.assign.value), "abc");
    /* Without a cookie the same bytes are not UTF-8. */
    m = parse_n(src + 26, sizeof src - 27);
    cr_assert_eq(m->error_count, 1);
}

/* ---- syntax errors: wording and position ------------------------------------------- */

typedef struct err_case {
    const char *src;
    const char *message;
    uint32_t offset;
} err_case;

Test(py_parse, syntax_errors_wording_and_offsets)
{
    const err_case cases[] = {
        {"x = = 1\n", "invalid syntax", 4},
        {"if x\n    pass\n", "expected ':'", 4},
        {"x = 1\n    y = 2\n", "unexpected indent", 9},
        {"if x:\npass\n", "expected an indented block after 'if' statement on line 1", 6},
        {"def f():\nreturn\n", "expected an indented block after function definition on line 1",
         9},
        {"class C:\n\nx\n", "expected an indented block after class definition on line 1", 10},
        {"f() = 1\n", "cannot assign to function call here. Maybe you meant '==' instead of "
                      "'='?", 0},
        {"1 = x\n", "cannot assign to literal here. Maybe you meant '==' instead of '='?", 0},
        {"for f() in x: pass\n", "cannot assign to function call", 4},
        {"del f()\n", "cannot delete function call", 4},
        {"f() += 1\n", "'function call' is an illegal expression for augmented assignment", 0},
        {"a, b += 1\n", "'tuple' is an illegal expression for augmented assignment", 0},
        {"f(a=1, b)\n", "positional argument follows keyword argument", 7},
        {"f(**a, *b)\n", "iterable argument unpacking follows keyword argument unpacking", 7},
        {"f(x for x in y, 1)\n", "Generator expression must be parenthesized", 2},
        {"def f(a=1, b): pass\n", "parameter without a default follows parameter with a default",
         11},
        {"def f(*): pass\n", "named arguments must follow bare *", 6},
        {"f(a b)\n", "invalid syntax. Perhaps you forgot a comma?", 2},
        {"[1, 2 3]\n", "invalid syntax. Perhaps you forgot a comma?", 4},
        {"try:\n    pass\nx = 1\n", "expected 'except' or 'finally' block", 14},
        {"x = 'a' b'b'\n", "cannot mix bytes and nonbytes literals", 12},
        {"f'{}'\n", "f-string: valid expression required before '}'", 3},
        {"f'{x!z}'\n", "f-string: invalid conversion character 'z': expected 's', 'r', or 'a'",
         5},
        {"from x import a,\n", "trailing comma not allowed without surrounding parentheses", 16},
        {"x = (1,\n", "'(' was never closed", 4},
        {"x = 'abc\n", "unterminated string literal (detected at line 1)", 4},
        {"a, b: int\n", "only single target (not tuple) can be annotated", 0},
        {"try:\n  pass\nexcept A, B:\n  pass\n", "multiple exception types must be "
                                                "parenthesized", 19},
        {"x = 1 if y\n", "expected 'else' after 'if' expression", 4},
        {"x = '\\x:00'\n", "(unicode error) 'unicodeescape' codec can't decode bytes in "
                            "position 0-1: truncated \\xXX escape", 4},
        {"x = 'ab\\u12'\n", "(unicode error) 'unicodeescape' codec can't decode bytes in "
                             "position 2-5: truncated \\uXXXX escape", 4},
        {"x = '\\U00110000'\n", "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                "position 0-9: illegal Unicode character", 4},
        {"x = b'\\xg'\n", "(value error) invalid \\x escape at position 0", 4},
        {"x = f'{y}\\N'\n", "(unicode error) 'unicodeescape' codec can't decode bytes in "
                             "position 0-1: malformed \\N character escape", 9},
        {"print 'hello'\n", "Missing parentheses in call to 'print'. Did you mean print(...)?", 0},
        {"# coding: uft-8\nx = 1\n", "unknown encoding: uft-8", 10},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rt_py_module *m = parse(cases[i].src);
        cr_assert_geq(m->error_count, 1, "no error for %s", cases[i].src);
        cr_assert_str_eq(m->errors[0].message, cases[i].message, "source: %s", cases[i].src);
        cr_assert_eq(m->errors[0].offset, cases[i].offset, "source: %s: offset %u",
                     cases[i].src, m->errors[0].offset);
    }
}

Test(py_parse, valid_code_has_no_error)
{
    parse_ok("");
    parse_ok("\n\n# only a comment");
    parse_ok("x = 1");
    parse_ok("if x:\n    pass\n# trailing comment\n");
    parse_ok("def f():\n    return\n\n\n\n");
    parse_ok("class C: x = 1; y = 2\n");
    parse_ok("lambda: (yield)\n");
    parse_ok("x = [\n  1,\n  2,\n]\n");
}

/* ---- recovery ---------------------------------------------------------------------- */

/* The value of the module-level assignment to `name`, or NULL. */
static const rt_py_node *assigned(rt_py_module *m, const char *name)
{
    for (uint32_t i = 0; i < m->body.len; i++) {
        const rt_py_node *s = m->body.items[i];
        if (s->kind == RT_PY_ASSIGN && s->u.assign.targets.items[0]->kind == RT_PY_NAME &&
            rt_str_eq_cstr(s->u.assign.targets.items[0]->u.name.id, name))
            return s->u.assign.value;
    }
    return NULL;
}

Test(py_parse, recovery_keeps_later_statements)
{
    const char *srcs[] = {
        "x = = 1\nrevision = 'abc'\n",
        "def upgrade(:\n    op.drop_table('t')\nrevision = 'abc'\n",
        "x = foo(1,\n\nrevision = 'abc'\n",
        "if x:\n    y = [1,\nrevision = 'abc'\n",
        "x = 'unterminated\nrevision = 'abc'\n",
        "x = 1\x00\nrevision = 'abc'\n",
        "x = \xff\xfe\nrevision = 'abc'\n",
        "  x = 1\nrevision = 'abc'\n",
        "x = $\nrevision = 'abc'\n",
        "class C(:\n    a = 1\n    b = 2\nrevision = 'abc'\n",
    };
    for (size_t i = 0; i < sizeof srcs / sizeof *srcs; i++) {
        size_t len = strlen(srcs[i]);
        if (i == 5)
            len = 25; /* contains a NUL */
        rt_py_module *m = parse_n(srcs[i], len);
        cr_assert_geq(m->error_count, 1, "case %zu", i);
        const rt_py_node *v = assigned(m, "revision");
        cr_assert_not_null(v, "case %zu: revision lost after %s", i, m->errors[0].message);
        cr_assert_str_eq(str_value(m, v), "abc", "case %zu", i);
    }
}

Test(py_parse, one_error_per_broken_statement)
{
    /* The tokenizer's error inside a statement is its only report. */
    rt_py_module *m = parse("x = (1 2\ny = 'abc\nz = 3\nw = (1 2)\n");
    cr_assert_eq(m->error_count, 3, "got %zu", m->error_count);
    cr_assert_str_eq(m->errors[0].message, "'(' was never closed");
    cr_assert_eq(m->errors[0].offset, 4);
    cr_assert_str_eq(m->errors[1].message, "unterminated string literal (detected at line 2)");
    cr_assert_eq(m->errors[1].line, 2);
    cr_assert_str_eq(m->errors[2].message, "invalid syntax. Perhaps you forgot a comma?");
    cr_assert_eq(m->errors[2].line, 4);
    cr_assert_not_null(assigned(m, "z"));
}

Test(py_parse, errors_inside_blocks_keep_the_function)
{
    rt_py_module *m = parse("def upgrade():\n    x = = 1\n    op.drop_column('t', 'c')\n");
    cr_assert_eq(m->error_count, 1);
    const rt_py_node *f = m->body.items[0];
    cr_assert_eq(f->kind, RT_PY_FUNCTION_DEF);
    cr_assert_eq(f->u.function_def.body.len, 1);
    cr_assert_eq(f->u.function_def.body.items[0]->u.value.value->kind, RT_PY_CALL);
}

/* ---- limits ------------------------------------------------------------------------ */

static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = rt_arena_alloc(A, hl + ul * n + tl + 1);
    memcpy(s, head, hl);
    for (size_t i = 0; i < n; i++)
        memcpy(s + hl + i * ul, unit, ul);
    memcpy(s + hl + ul * n, tail, tl + 1);
    return s;
}

Test(py_parse, nesting_limits_give_errors_not_crashes, .timeout = 10)
{
    const char *cases[][3] = {
        {"x = ", "(", "1\nrevision = 'abc'\n"},
        {"x = ", "[", "\nrevision = 'abc'\n"},
        {"x = ", "-", "1\nrevision = 'abc'\n"},
        {"x = ", "not ", "1\nrevision = 'abc'\n"},
        {"x = ", "lambda: ", "1\nrevision = 'abc'\n"},
        {"x = ", "1 if 1 else ", "1\nrevision = 'abc'\n"},
        {"x = 1", "+1", "\nrevision = 'abc'\n"},
        {"x = a", ".b", "\nrevision = 'abc'\n"},
        {"x = f", "()", "\nrevision = 'abc'\n"},
        {"x = ", "f(", "\nrevision = 'abc'\n"},
        {"x = ", "{1:", "\nrevision = 'abc'\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rt_py_module *m = parse(repeat(cases[i][0], cases[i][1], 100000, cases[i][2]));
        cr_assert_geq(m->error_count, 1, "case %zu", i);
        cr_assert_not_null(assigned(m, "revision"), "case %zu", i);
    }
    rt_py_module *m = parse(repeat("x = ", "(", 100000, "1\n"));
    bool found = false;
    for (size_t i = 0; i < m->error_count; i++)
        found |= strcmp(m->errors[i].message, "too many nested parentheses") == 0 &&
                 m->errors[i].offset == 204;
    cr_assert(found);
}

Test(py_parse, long_elif_chains_are_bounded_and_recovered, .timeout = 10)
{
    char *src = repeat("if x:\n    pass\n", "elif x:\n    pass\n", 20000, "revision = 'abc'\n");
    rt_py_module *m = parse(src);
    cr_assert_eq(m->error_count, 1, "the rest of the chain is skipped, not reported");
    cr_assert_str_eq(m->errors[0].message, "too many elif clauses");
    cr_assert_not_null(assigned(m, "revision"));
    parse_ok(repeat("if x:\n    pass\n", "elif x:\n    pass\n", 1000, "else:\n    pass\n"));
}

Test(py_parse, deep_but_legal_nesting)
{
    parse_ok(repeat("x = ", "(", 150, repeat("1", ")", 150, "\n")));
    parse_ok(repeat("x = 1", " + 1", 2000, "\n"));
}

/* ---- visitor ----------------------------------------------------------------------- */

static int count_names(const rt_py_node *n, void *ctx)
{
    if (n->kind == RT_PY_NAME)
        (*(int *)ctx)++;
    return n->kind == RT_PY_LAMBDA ? 1 : 0;
}

static int stop_at_call(const rt_py_node *n, void *ctx)
{
    (void)ctx;
    return n->kind == RT_PY_CALL ? -42 : 0;
}

Test(py_parse, visitor_preorder_skip_and_stop)
{
    rt_py_module *m = parse_ok("a = b + c * (lambda d: e)(f)\n");
    int names = 0;
    cr_assert_eq(rt_py_visit(m->body.items[0], count_names, &names), 0);
    cr_assert_eq(names, 4, "a b c f; the lambda's children are skipped");
    cr_assert_eq(rt_py_visit(m->body.items[0], stop_at_call, NULL), -42);
    /* A left-nested chain far deeper than any C stack would allow recursively. */
    rt_py_module *deep = parse_ok(repeat("x = 1", " + 1", 4000, "\n"));
    names = 0;
    cr_assert_eq(rt_py_visit(deep->body.items[0], count_names, &names), 0);
    cr_assert_eq(names, 1);
}
