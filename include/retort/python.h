/* retort — Python 3.12 front-end: tokenizer and parser.
 *
 * rt_py_parse() turns the bytes of one Python file into an AST whose every node, list,
 * string and error message lives in the caller's rt_arena: free the arena and the whole
 * result is gone. Nothing is ever executed. Identifiers and numbers in the AST are
 * slices (rt_str) of the module text, so the text must outlive the AST: when the file
 * is UTF-8 the text IS the caller's buffer; when a PEP 263 coding cookie names another
 * encoding (latin-1, cp1252, ascii) the text is a UTF-8 transcoding owned by the arena.
 * Other encodings CPython knows (koi8-r, shift_jis...) are read byte for byte as latin-1
 * (and a name CPython does not know is a syntax error, "unknown encoding: X"): the syntax
 * (ASCII) and the positions of single-byte encodings stay right, but non-ASCII text in
 * strings is not what CPython would decode (m->encoding_exact is false).
 *
 * Positions. Every token and node carries byte offsets into the module text (m->text).
 * For UTF-8 sources that is the caller's buffer; after transcoding, rt_py_source_offset()
 * maps an offset back to the original file, and rt_py_position() gives the 1-based line
 * and code-point column, which are the same in both texts. A UTF-8 BOM is skipped: no
 * token covers it (rt_source counts it as one column of line 1, CPython does not).
 *
 * Syntax errors never make rt_py_parse() fail: they are listed in m->errors (message in
 * CPython's wording where practical, byte offset where CPython points), and the parser
 * recovers at the next statement, so statements after an error are still in the AST:
 * one error per broken statement (the tokenizer's, when it found one inside it), and a
 * bracket left open is closed at the next line that starts a statement at the same or a
 * lower indentation. rt_py_parse() returns an error only for resource problems (out of
 * memory, text over 2 GiB). Messages include, as CPython 3.12 words them:
 *   invalid syntax | invalid syntax. Perhaps you forgot a comma? | expected ':' |
 *   unexpected indent | unindent does not match any outer indentation level |
 *   inconsistent use of tabs and spaces in indentation | too many levels of indentation |
 *   expected an indented block after 'if' statement on line N (function definition,
 *   class definition, 'for' statement...) | '(' was never closed | unmatched ')' |
 *   closing parenthesis ']' does not match opening parenthesis '(' [on line N] |
 *   too many nested parentheses | unterminated string literal (detected at line N) |
 *   unterminated triple-quoted string literal (detected at line N) | unterminated
 *   f-string literal (detected at line N) | f-string: single '}' is not allowed |
 *   f-string: expecting '}' | f-string: valid expression required before '}' |
 *   f-string: invalid conversion character 'x': expected 's', 'r', or 'a' |
 *   invalid decimal literal (hexadecimal, octal, binary) | leading zeros in decimal
 *   integer literals are not permitted; ... | invalid non-printable
 *   character U+XXXX | source code cannot contain null bytes | Non-UTF-8 code starting
 *   with '\xNN' on line N, ... | unknown encoding: X | cannot assign to X [here. Maybe
 *   you meant '==' instead of '='?] | cannot delete X | 'X' is an illegal expression for
 *   augmented assignment | positional argument follows keyword argument [unpacking] |
 *   Generator expression must be parenthesized | parameter without a default follows
 *   parameter with a default | named arguments must follow bare * | expected 'except' or
 *   'finally' block | cannot mix bytes and nonbytes literals | (unicode error)
 *   'unicodeescape' codec can't decode bytes in position A-B: truncated \xXX escape |
 *   Missing parentheses in call to 'print'. Did you mean print(...)? | expression is too
 *   deeply nested | expression is too complex | too many elif clauses.
 *
 * Identifiers: any code point >= U+0080 (valid UTF-8) is accepted as an identifier
 * character; CPython is stricter (XID_Start/XID_Continue), which only matters for
 * files CPython refuses anyway.
 *
 * Nesting: bracket depth is limited to 200 (like CPython: "too many nested
 * parentheses"), indentation to 100 levels, and the parser's recursion and the height of
 * left-nested chains (a+b+c..., a.b.c..., f()()...) are bounded, so the height of any
 * AST is below RT_PY_MAX_HEIGHT: consumers may walk it recursively. Parsing the worst
 * inputs (100,000 nested brackets, unary operators, lambdas, f-strings) fits in 256 KiB
 * of stack and takes time linear in the input.
 */
#ifndef RETORT_PYTHON_H
#define RETORT_PYTHON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "retort/arena.h"
#include "retort/error.h"
#include "retort/source.h"
#include "retort/str.h"

/* An upper bound of the height of any AST rt_py_parse() returns. */
#define RT_PY_MAX_HEIGHT 8000

/* ---- Tokens ------------------------------------------------------------------------ */

typedef enum rt_py_tok {
    RT_PY_T_ENDMARKER,
    RT_PY_T_NAME,      /* identifiers and soft keywords (match, case, type, _) */
    RT_PY_T_NUMBER,
    RT_PY_T_STRING,    /* one string literal with its prefix and quotes */
    RT_PY_T_FSTRING_START,  /* f-string prefix and opening quote(s) */
    RT_PY_T_FSTRING_MIDDLE, /* literal text of an f-string or format spec, as written
                               ({{ and }} still doubled) */
    RT_PY_T_FSTRING_END,    /* closing quote(s) */
    RT_PY_T_NEWLINE,   /* end of a logical line (empty text at end of file) */
    RT_PY_T_INDENT,
    RT_PY_T_DEDENT,
    RT_PY_T_NL,        /* non-logical line end (only with RT_PY_TOKENIZE_TRIVIA) */
    RT_PY_T_COMMENT,   /* only with RT_PY_TOKENIZE_TRIVIA */
    RT_PY_T_ERROR,     /* bytes the tokenizer could not make sense of (error recorded) */
    /* operators and delimiters */
    RT_PY_T_LPAR, RT_PY_T_RPAR, RT_PY_T_LSQB, RT_PY_T_RSQB, RT_PY_T_LBRACE, RT_PY_T_RBRACE,
    RT_PY_T_COLON, RT_PY_T_COMMA, RT_PY_T_SEMI, RT_PY_T_PLUS, RT_PY_T_MINUS, RT_PY_T_STAR,
    RT_PY_T_SLASH, RT_PY_T_VBAR, RT_PY_T_AMPER, RT_PY_T_LESS, RT_PY_T_GREATER,
    RT_PY_T_EQUAL, RT_PY_T_DOT, RT_PY_T_PERCENT, RT_PY_T_EQEQUAL, RT_PY_T_NOTEQUAL,
    RT_PY_T_LESSEQUAL, RT_PY_T_GREATEREQUAL, RT_PY_T_TILDE, RT_PY_T_CIRCUMFLEX,
    RT_PY_T_LEFTSHIFT, RT_PY_T_RIGHTSHIFT, RT_PY_T_DOUBLESTAR, RT_PY_T_PLUSEQUAL,
    RT_PY_T_MINEQUAL, RT_PY_T_STAREQUAL, RT_PY_T_SLASHEQUAL, RT_PY_T_PERCENTEQUAL,
    RT_PY_T_AMPEREQUAL, RT_PY_T_VBAREQUAL, RT_PY_T_CIRCUMFLEXEQUAL,
    RT_PY_T_LEFTSHIFTEQUAL, RT_PY_T_RIGHTSHIFTEQUAL, RT_PY_T_DOUBLESTAREQUAL,
    RT_PY_T_DOUBLESLASH, RT_PY_T_DOUBLESLASHEQUAL, RT_PY_T_AT, RT_PY_T_ATEQUAL,
    RT_PY_T_RARROW, RT_PY_T_ELLIPSIS, RT_PY_T_COLONEQUAL, RT_PY_T_EXCLAMATION,
    /* hard keywords */
    RT_PY_T_FALSE, RT_PY_T_NONE, RT_PY_T_TRUE, RT_PY_T_AND, RT_PY_T_AS, RT_PY_T_ASSERT,
    RT_PY_T_ASYNC, RT_PY_T_AWAIT, RT_PY_T_BREAK, RT_PY_T_CLASS, RT_PY_T_CONTINUE,
    RT_PY_T_DEF, RT_PY_T_DEL, RT_PY_T_ELIF, RT_PY_T_ELSE, RT_PY_T_EXCEPT,
    RT_PY_T_FINALLY, RT_PY_T_FOR, RT_PY_T_FROM, RT_PY_T_GLOBAL, RT_PY_T_IF,
    RT_PY_T_IMPORT, RT_PY_T_IN, RT_PY_T_IS, RT_PY_T_LAMBDA, RT_PY_T_NONLOCAL,
    RT_PY_T_NOT, RT_PY_T_OR, RT_PY_T_PASS, RT_PY_T_RAISE, RT_PY_T_RETURN, RT_PY_T_TRY,
    RT_PY_T_WHILE, RT_PY_T_WITH, RT_PY_T_YIELD,
    RT_PY_T__COUNT
} rt_py_tok;

/* One token: 16 bytes, no copy of its text. Its text is text[start, start + len). */
typedef struct rt_py_token {
    uint32_t start;
    uint32_t len;
    uint32_t line;  /* 1-based line of the first byte */
    uint16_t kind;  /* rt_py_tok */
    uint16_t flags; /* RT_PY_TF_* */
} rt_py_token;

enum {
    RT_PY_TF_AT_BOL = 1 /* first token of a logical line (after indentation) */
};

/* A syntax error: message (CPython's wording where practical) and the byte offset into
 * the module text that CPython points at. */
typedef struct rt_py_syntax_error {
    const char *message; /* NUL-terminated, owned by the arena */
    uint32_t offset;
    uint32_t line;       /* 1-based line of offset */
} rt_py_syntax_error;

typedef struct rt_py_tokens {
    const char *text;      /* the source given to rt_py_tokenize() */
    size_t text_len;
    rt_py_token *items;    /* ends with RT_PY_T_ENDMARKER */
    size_t count;
    rt_py_syntax_error *errors; /* in order of offset */
    size_t error_count;
} rt_py_tokens;

enum {
    RT_PY_TOKENIZE_TRIVIA = 1 /* also produce COMMENT and NL tokens */
};

/* Tokenizes the UTF-8 text src[0, len) (a BOM is skipped; coding cookies are handled by
 * rt_py_parse(), not here) into *out, whose arrays are owned by arena; src must outlive
 * them. Errors are listed in out->errors. Returns RT_ENOMEM or RT_ETOOBIG (text over
 * 4 GiB) only. */
int rt_py_tokenize(rt_py_tokens *out, rt_arena *arena, const char *src, size_t len,
                   unsigned flags, rt_error *err);

/* The text of a token. */
rt_str rt_py_token_text(const rt_py_tokens *toks, const rt_py_token *t);

/* The name of a token kind ("NAME", "'('", "'if'"...), for messages and dumps. */
const char *rt_py_tok_name(rt_py_tok kind);

/* ---- AST --------------------------------------------------------------------------- */

typedef enum rt_py_kind {
    /* statements */
    RT_PY_FUNCTION_DEF, RT_PY_CLASS_DEF, RT_PY_RETURN, RT_PY_DELETE, RT_PY_ASSIGN,
    RT_PY_TYPE_ALIAS, RT_PY_AUG_ASSIGN, RT_PY_ANN_ASSIGN, RT_PY_FOR, RT_PY_WHILE, RT_PY_IF,
    RT_PY_WITH, RT_PY_MATCH, RT_PY_RAISE, RT_PY_TRY, RT_PY_ASSERT, RT_PY_IMPORT,
    RT_PY_IMPORT_FROM, RT_PY_GLOBAL, RT_PY_NONLOCAL, RT_PY_EXPR, RT_PY_PASS, RT_PY_BREAK,
    RT_PY_CONTINUE,
    /* expressions */
    RT_PY_BOOL_OP, RT_PY_NAMED_EXPR, RT_PY_BIN_OP, RT_PY_UNARY_OP, RT_PY_LAMBDA,
    RT_PY_IF_EXP, RT_PY_DICT, RT_PY_SET, RT_PY_LIST_COMP, RT_PY_SET_COMP, RT_PY_DICT_COMP,
    RT_PY_GENERATOR_EXP, RT_PY_AWAIT, RT_PY_YIELD, RT_PY_YIELD_FROM, RT_PY_COMPARE,
    RT_PY_CALL, RT_PY_FORMATTED_VALUE, RT_PY_JOINED_STR, RT_PY_CONSTANT, RT_PY_STRING,
    RT_PY_ATTRIBUTE, RT_PY_SUBSCRIPT, RT_PY_STARRED, RT_PY_NAME, RT_PY_LIST, RT_PY_TUPLE,
    RT_PY_SLICE,
    /* the other node types */
    RT_PY_COMPREHENSION, RT_PY_EXCEPT_HANDLER, RT_PY_ARGUMENTS, RT_PY_ARG, RT_PY_KEYWORD,
    RT_PY_ALIAS, RT_PY_WITH_ITEM, RT_PY_MATCH_CASE, RT_PY_TYPE_VAR, RT_PY_PARAM_SPEC,
    RT_PY_TYPE_VAR_TUPLE,
    /* patterns */
    RT_PY_MATCH_VALUE, RT_PY_MATCH_SINGLETON, RT_PY_MATCH_SEQUENCE, RT_PY_MATCH_MAPPING,
    RT_PY_MATCH_CLASS, RT_PY_MATCH_STAR, RT_PY_MATCH_AS, RT_PY_MATCH_OR,
    RT_PY_KIND__COUNT
} rt_py_kind;

/* Operators (rt_py_node.op) of BIN_OP, AUG_ASSIGN, UNARY_OP, BOOL_OP and COMPARE. */
typedef enum rt_py_op {
    RT_PY_OP_NONE,
    RT_PY_OP_ADD, RT_PY_OP_SUB, RT_PY_OP_MULT, RT_PY_OP_MATMULT, RT_PY_OP_DIV,
    RT_PY_OP_MOD, RT_PY_OP_POW, RT_PY_OP_LSHIFT, RT_PY_OP_RSHIFT, RT_PY_OP_BITOR,
    RT_PY_OP_BITXOR, RT_PY_OP_BITAND, RT_PY_OP_FLOORDIV,
    RT_PY_OP_INVERT, RT_PY_OP_NOT, RT_PY_OP_UADD, RT_PY_OP_USUB,
    RT_PY_OP_AND, RT_PY_OP_OR,
    RT_PY_OP_EQ, RT_PY_OP_NOTEQ, RT_PY_OP_LT, RT_PY_OP_LTE, RT_PY_OP_GT, RT_PY_OP_GTE,
    RT_PY_OP_IS, RT_PY_OP_ISNOT, RT_PY_OP_IN, RT_PY_OP_NOTIN
} rt_py_op;

/* rt_py_node.op of CONSTANT nodes. */
typedef enum rt_py_const {
    RT_PY_CONST_NONE, RT_PY_CONST_TRUE, RT_PY_CONST_FALSE, RT_PY_CONST_ELLIPSIS,
    RT_PY_CONST_INT, RT_PY_CONST_FLOAT, RT_PY_CONST_IMAG
} rt_py_const;

/* rt_py_node.flags */
enum {
    RT_PY_NF_STORE = 1,      /* expression is an assignment / for / with / del target */
    RT_PY_NF_DEL = 2,        /* expression is a del target */
    RT_PY_NF_ASYNC = 4,      /* async def / for / with / comprehension */
    RT_PY_NF_STAR = 8,       /* try with except* */
    RT_PY_NF_SIMPLE = 16,    /* ANN_ASSIGN whose target is a plain, unparenthesised name */
    RT_PY_NF_PARENS = 32,    /* expression was written in parentheses */
    RT_PY_NF_BYTES = 64,     /* STRING of bytes literals */
    RT_PY_NF_FMIDDLE = 128,  /* STRING that is literal text inside an f-string */
    RT_PY_NF_DEBUG = 256     /* FORMATTED_VALUE written {expr=} */
};

typedef struct rt_py_node rt_py_node;

/* A list of nodes; items may be NULL only where documented (DICT keys for **x). */
typedef struct rt_py_list {
    rt_py_node **items;
    uint32_t len;
} rt_py_list;

/* One string literal token of a STRING node (implicit concatenation has several). Its
 * body (between the quotes) is text[body_start, body_end). */
typedef struct rt_py_strpart {
    uint32_t start, end;           /* whole token, prefix and quotes included */
    uint32_t body_start, body_end;
    uint8_t raw;                   /* r prefix: backslashes are literal */
    uint8_t bytes;                 /* b prefix */
} rt_py_strpart;

/* A node. Expressions, statements and the other node types share one layout: kind
 * chooses the union member (named after the kind), span is text[start, end). Names and
 * numbers are slices of the module text. Optional children are NULL when absent. */
struct rt_py_node {
    uint8_t kind;   /* rt_py_kind */
    uint8_t op;     /* rt_py_op, rt_py_const, or the conversion char of FORMATTED_VALUE */
    uint16_t flags; /* RT_PY_NF_* */
    uint32_t start, end;
    union {
        /* FUNCTION_DEF (flags ASYNC) */
        struct { rt_str name; rt_py_list decorators, type_params; rt_py_node *args;
                 rt_py_node *returns; rt_py_list body; } function_def;
        /* CLASS_DEF */
        struct { rt_str name; rt_py_list decorators, type_params, bases, keywords, body; }
            class_def;
        struct { rt_py_node *value; } value; /* RETURN, EXPR, AWAIT, YIELD, YIELD_FROM,
                                                STARRED, MATCH_VALUE, MATCH_SINGLETON */
        struct { rt_py_list targets; } del;                        /* DELETE */
        struct { rt_py_list targets; rt_py_node *value; } assign;  /* ASSIGN (a = b = v) */
        /* TYPE_ALIAS: name is a NAME node */
        struct { rt_py_node *name; rt_py_list type_params; rt_py_node *value; } type_alias;
        struct { rt_py_node *target, *value; } aug_assign;         /* AUG_ASSIGN, op */
        /* ANN_ASSIGN (value may be NULL) */
        struct { rt_py_node *target, *annotation, *value; } ann_assign;
        /* FOR (flags ASYNC) */
        struct { rt_py_node *target, *iter; rt_py_list body, orelse; } for_;
        struct { rt_py_node *test; rt_py_list body, orelse; } if_; /* IF, WHILE */
        struct { rt_py_list items, body; } with;                   /* WITH (flags ASYNC) */
        struct { rt_py_node *subject; rt_py_list cases; } match;  /* MATCH */
        struct { rt_py_node *exc, *cause; } raise;                 /* RAISE */
        /* TRY (flags STAR for except*) */
        struct { rt_py_list body, handlers, orelse, finalbody; } try_;
        struct { rt_py_node *test, *msg; } assert;                 /* ASSERT */
        struct { rt_py_list names; } import;                       /* IMPORT: ALIAS nodes */
        /* IMPORT_FROM: module empty for `from . import x`; level = number of dots */
        struct { rt_str module; rt_py_list names; uint32_t level; } import_from;
        struct { rt_str *names; uint32_t len; } global;            /* GLOBAL, NONLOCAL */

        /* BOOL_OP: op AND/OR, values >= 2 */
        struct { rt_py_list values; } bool_op;
        struct { rt_py_node *target, *value; } named_expr;         /* NAMED_EXPR */
        struct { rt_py_node *left, *right; } bin_op;               /* BIN_OP, op */
        struct { rt_py_node *operand; } unary_op;                  /* UNARY_OP, op */
        struct { rt_py_node *args, *body; } lambda;                /* LAMBDA */
        struct { rt_py_node *test, *body, *orelse; } if_exp;       /* IF_EXP */
        /* DICT: keys[i] is NULL for **values[i] */
        struct { rt_py_list keys, values; } dict;
        /* SET, LIST, TUPLE (flags PARENS when written with parentheses) */
        struct { rt_py_list elts; } seq;
        /* LIST_COMP, SET_COMP, GENERATOR_EXP (elt), DICT_COMP (elt = key, value) */
        struct { rt_py_node *elt, *value; rt_py_list generators; } comp;
        /* COMPARE: ops[i] applies between the previous operand and comparators[i] */
        struct { rt_py_node *left; uint8_t *ops; rt_py_list comparators; } compare;
        /* CALL: args may hold STARRED; keywords are KEYWORD nodes (arg empty for **x) */
        struct { rt_py_node *func; rt_py_list args, keywords; } call;
        /* FORMATTED_VALUE: op = 0 or 's', 'r', 'a'; format_spec a JOINED_STR or NULL */
        struct { rt_py_node *value, *format_spec; } formatted;
        /* JOINED_STR: STRING (flags FMIDDLE) and FORMATTED_VALUE parts, in order */
        struct { rt_py_list values; } joined;
        /* CONSTANT: op = rt_py_const; text is the literal as written (numbers) */
        struct { rt_str text; } constant;
        /* STRING: a constant str or bytes (flags BYTES), maybe implicitly concatenated;
         * decode it with rt_py_string_value(). With flags FMIDDLE it is one literal
         * piece of an f-string (one part, whose body is the piece as written). */
        struct { rt_py_strpart *parts; uint32_t len; } string;
        /* ATTRIBUTE: attr_start is the byte offset of the attribute name */
        struct { rt_py_node *value; rt_str attr; uint32_t attr_start; } attribute;
        struct { rt_py_node *value, *slice; } subscript;           /* SUBSCRIPT */
        struct { rt_str id; } name;                                /* NAME */
        struct { rt_py_node *lower, *upper, *step; } slice;        /* SLICE */

        /* COMPREHENSION (flags ASYNC) */
        struct { rt_py_node *target, *iter; rt_py_list ifs; } comprehension;
        /* EXCEPT_HANDLER: type and name optional (name empty) */
        struct { rt_py_node *type; rt_str name; rt_py_list body; } handler;
        /* ARGUMENTS: defaults belong to the last posonly+args; kw_defaults[i] may be NULL */
        struct { rt_py_list posonlyargs, args; rt_py_node *vararg; rt_py_list kwonlyargs,
                 kw_defaults; rt_py_node *kwarg; rt_py_list defaults; } arguments;
        struct { rt_str arg; rt_py_node *annotation; } arg;        /* ARG */
        struct { rt_str arg; rt_py_node *value; } keyword;         /* KEYWORD */
        struct { rt_str name, asname; } alias;                     /* ALIAS (name dotted) */
        struct { rt_py_node *context_expr, *optional_vars; } with_item; /* WITH_ITEM */
        struct { rt_py_node *pattern, *guard; rt_py_list body; } match_case;
        /* TYPE_VAR (bound optional), PARAM_SPEC, TYPE_VAR_TUPLE */
        struct { rt_str name; rt_py_node *bound; } type_param;

        /* MATCH_SEQUENCE, MATCH_OR */
        struct { rt_py_list patterns; } match_seq;
        /* MATCH_MAPPING: rest empty when absent */
        struct { rt_py_list keys, patterns; rt_str rest; } match_mapping;
        /* MATCH_CLASS: kwd_attrs[i] names the attribute matched by kwd_patterns[i] */
        struct { rt_py_node *cls; rt_py_list patterns; rt_str *kwd_attrs;
                 rt_py_list kwd_patterns; } match_class;
        /* MATCH_STAR, MATCH_AS: name empty for _; pattern NULL for a capture */
        struct { rt_py_node *pattern; rt_str name; } match_as;
    } u;
};

typedef struct rt_py_module {
    const char *path;   /* as given to rt_py_parse(), owned by the arena */
    const char *text;   /* the UTF-8 text offsets refer to (see the top of this file) */
    size_t text_len;
    const char *encoding; /* from the coding cookie, "utf-8" when none */
    bool transcoded;      /* text is not the caller's buffer */
    bool encoding_exact;  /* false: an unsupported encoding was read as latin-1 */
    rt_py_list body;      /* module-level statements */
    rt_py_syntax_error *errors; /* in order of offset; empty when the file is valid */
    size_t error_count;
    /* offset mapping for transcoded text (internal) */
    uint32_t *map_text, *map_delta;
    size_t map_count;
} rt_py_module;

/* Parses src[0, len) (the bytes of the file at path, which is only recorded). On success
 * *out is a module owned by arena; syntax errors are in (*out)->errors. src must outlive
 * the arena's use when the module is not transcoded. Returns RT_ENOMEM or RT_ETOOBIG. */
int rt_py_parse(rt_py_module **out, rt_arena *arena, const char *path, const char *src,
                size_t len, rt_error *err);

/* The byte offset in the original file of offset `offset` in m->text. */
size_t rt_py_source_offset(const rt_py_module *m, size_t offset);

/* 1-based line and code-point column of text offset `offset`, where src holds the
 * original file's bytes. */
void rt_py_position(const rt_py_module *m, rt_source *src, size_t offset,
                    unsigned *line, unsigned *column);

/* Decodes a STRING node (escapes, implicit concatenation, CR/CRLF newlines as LF) into
 * *out, a NUL-terminated copy owned by arena (bytes literals give their bytes). \N{...}
 * escapes are kept as written. Returns RT_OK, RT_EPARSE when node is not a STRING (an
 * f-string is a JOINED_STR: not constant), or RT_ENOMEM. */
int rt_py_string_value(rt_str *out, rt_arena *arena, const rt_py_module *m,
                       const rt_py_node *node);

/* The name of a node kind ("Call", "Name", ...) as in CPython's ast module. */
const char *rt_py_kind_name(rt_py_kind kind);

/* CPython's class name for this node: like rt_py_kind_name(), with "AsyncFunctionDef",
 * "AsyncFor", "AsyncWith" and "TryStar" told apart by the node's flags. */
const char *rt_py_node_type_name(const rt_py_node *node);

/* Pre-order walk of the subtree at node. fn returns 0 to descend, 1 to skip the node's
 * children, negative to stop (that value is returned). Iterative: any height is fine.
 * Returns 0, fn's negative value, or RT_ENOMEM. */
typedef int (*rt_py_visit_fn)(const rt_py_node *node, void *ctx);
int rt_py_visit(const rt_py_node *node, rt_py_visit_fn fn, void *ctx);

/* Calls fn on each direct child of node, in source order (NULL children skipped). */
void rt_py_children(const rt_py_node *node, void (*fn)(rt_py_node *child, void *ctx),
                    void *ctx);

#endif
