/* Internal: the parser state shared by the expression, statement and pattern parsers. */
#ifndef RETORT_PY_PARSER_H
#define RETORT_PY_PARSER_H

#include <stddef.h>

#include "python/py_internal.h"

/* Recursion depth (brackets, unary operators, lambdas...) and chain height limits. */
#define PY_MAX_DEPTH 400
#define PY_MAX_CHAIN 5000

typedef struct parser {
    rt_arena *arena;
    const char *text;
    const rt_py_token *t;
    size_t n;        /* tokens, the last one ENDMARKER */
    size_t pos;
    py_errors errs;  /* parser errors */
    bool failed;     /* the current statement has an error */
    bool oom;
    int depth;
    int chain;
    rt_py_node **stk; /* scratch stack for building lists */
    size_t sn, scap;
    const rt_py_syntax_error *lex_errs; /* sorted by offset */
    size_t lex_nerrs;
} parser;

#define KIND(p) ((rt_py_tok)(p)->t[(p)->pos].kind)
#define KIND_AT(p, k) ((rt_py_tok)(p)->t[(p)->pos + (k) < (p)->n ? (p)->pos + (k) : (p)->n - 1].kind)
#define TOK(p) (&(p)->t[(p)->pos])

void py_advance(parser *p);
bool py_accept(parser *p, rt_py_tok k);
/* Offset just past the previous token. */
uint32_t py_prev_end(const parser *p);
rt_str py_tok_str(const parser *p, const rt_py_token *t);
bool py_is_name(const parser *p, const char *s);
bool py_is_name_at(const parser *p, size_t i, const char *s);

/* Records a syntax error for the current statement (only its first) and returns NULL. */
void *py_fail(parser *p, uint32_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "invalid syntax" at the current token (or the lexer's own token error). */
void *py_fail_here(parser *p);
void *py_expect_fail(parser *p, rt_py_tok k);
bool py_expect(parser *p, rt_py_tok k);

rt_py_node *py_node(parser *p, rt_py_kind kind, size_t size, uint32_t start);
/* Every node gets the full rt_py_node size so that callers may copy nodes by value; member
 * names the union member the kind uses (documentation only). */
#define PY_NEW(p, kind, member, start) py_node((p), (kind), sizeof(rt_py_node), (start))
void py_finish(parser *p, rt_py_node *n);

bool py_push(parser *p, rt_py_node *n);
rt_py_list py_take(parser *p, size_t mark);

bool py_enter(parser *p);
void py_leave(parser *p);
/* One more link of a left-nested chain (a+b+..., a.b..., elif...): false (error
 * recorded) past PY_MAX_CHAIN. The caller restores p->chain when the chain ends. */
bool py_chain_step(parser *p);

/* Expressions (py_expr.c). */
rt_py_node *py_expression(parser *p);
rt_py_node *py_named_expression(parser *p);
rt_py_node *py_star_expressions(parser *p);
/* star_named_expressions: like py_star_expressions, with walrus items (match subject). */
rt_py_node *py_star_named_expressions(parser *p);
rt_py_node *py_yield_or_star_expressions(parser *p);
rt_py_node *py_disjunction(parser *p);
rt_py_node *py_bitwise_or(parser *p);
rt_py_node *py_star_targets(parser *p);
rt_py_node *py_strings(parser *p);
rt_py_node *py_parameters(parser *p, rt_py_tok closer, bool annotations);
bool py_type_params(parser *p, rt_py_list *out);
rt_py_node *py_primary_name(parser *p);
rt_py_node *py_atom(parser *p);
/* Call arguments after the '(' at lpar, up to and including ')'. */
bool py_call_args(parser *p, rt_py_node *call, uint32_t lpar);
/* Marks an expression as an assignment (or del) target; reports what cannot be one. */
bool py_set_target(parser *p, rt_py_node *e, unsigned ctx, const char *how);
/* What an expression is, for messages: "function call", "literal", "tuple"... */
const char *py_describe(const rt_py_node *e);

/* Patterns (py_pattern.c). */
rt_py_node *py_patterns(parser *p);

/* Statements (py_stmt.c). */
rt_py_list py_block(parser *p, const char *what, uint32_t line);

#endif
