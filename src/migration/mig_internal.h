/* Internal: state shared by the parts of the migration model reader. */
#ifndef RETORT_MIG_INTERNAL_H
#define RETORT_MIG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "retort/migration.h"
#include "retort/source.h"

/* Value trees deeper than this become DYNAMIC. */
#define MIG_MAX_VALUE_DEPTH 64
/* Nesting of statements and expressions walked for operation calls, helpers included
 * (each level costs a few small stack frames); deeper code is not walked and the
 * function is marked truncated. The parser bounds one AST's height below 6000. */
#define MIG_MAX_WALK_LEVEL 12000

/* One module-level binding of a name, in statement order. */
typedef struct mig_binding {
    rt_str name;
    size_t stmt;              /* index of the module-level statement that binds it */
    const rt_py_node *string; /* the STRING literal bound, NULL when not a literal */
} mig_binding;

/* A module-level function, for following helper calls (sorted by name). */
typedef struct mig_def {
    rt_str name;
    const rt_py_node *node; /* the last def of the name */
} mig_def;

typedef struct mig_ctx {
    rt_arena *a;
    const rt_py_module *m;
    rt_source *src;         /* the original bytes, for positions (its line index) */
    uint32_t *check_off, *check_col; /* column checkpoints (mig_pos.c) */
    size_t check_count;
    bool oom;
    mig_binding *bindings;  /* sorted by name, then statement (mig_sort_bindings) */
    size_t binding_count, binding_cap;
    mig_def *defs;
    size_t def_count;
    /* Work done walking bodies and building values, against a budget proportional to
     * the file's size: following helpers stops when it is spent (so that helpers
     * calling helpers many times cannot take exponential time). */
    size_t spent, budget;
} mig_ctx;

/* Builds the column checkpoints once src is set; false when out of memory. */
bool mig_pos_init(mig_ctx *c);
/* Line and code-point column of module-text offset text_offset, in linear total time. */
void mig_position(mig_ctx *c, uint32_t text_offset, unsigned *line, unsigned *column);
/* Sorts the bindings for mig_lookup_const(), and indexes module-level functions. */
void mig_index(mig_ctx *c);
/* The last module-level def of name, or NULL. */
const rt_py_node *mig_find_def(const mig_ctx *c, rt_str name);

/* Span of module-text bytes [start, end) in the original file. */
rt_mig_span mig_span(mig_ctx *c, uint32_t start, uint32_t end);
/* Source text of module-text bytes [start, end) (a slice). */
rt_str mig_text(const mig_ctx *c, uint32_t start, uint32_t end);
/* Dotted name of a NAME / ATTRIBUTE chain ("sa.Column"), as an arena copy; empty when
 * the node is anything else. */
rt_str mig_dotted(mig_ctx *c, const rt_py_node *n);
/* Decoded text of a STRING node (NUL-terminated, arena); empty on failure (sets oom). */
rt_str mig_string(mig_ctx *c, const rt_py_node *n);
/* The literal string a name denotes at module statement `before` (SIZE_MAX: after the
 * whole module ran), or NULL. */
const rt_py_node *mig_lookup_const(const mig_ctx *c, rt_str name, size_t before);

/* The value tree of an expression; names are resolved as of statement `before`. */
rt_mig_value *mig_value(mig_ctx *c, const rt_py_node *n, size_t before);

/* Names of a FUNCTION_DEF's parameters in order (*args and **kw without stars). */
void mig_params(mig_ctx *c, const rt_py_node *def, rt_str **out, size_t *count);

/* Fills f->ops (and the raise data) by walking the function body. */
void mig_function_ops(mig_ctx *c, rt_mig_function *f);

/* Allocation helpers that record out-of-memory in c->oom. */
void *mig_alloc(mig_ctx *c, size_t n, size_t size);
/* Appends one element of size to *v (count *n, capacity *cap); returns it or NULL. */
void *mig_push(mig_ctx *c, void **v, size_t *n, size_t *cap, size_t size);

#endif
