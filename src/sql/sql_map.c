/* From libpg_query's typed parse tree to ops: one function per statement kind. */
#include "sql/sql_internal.h"

#include <string.h>

/* The statement being mapped. */
typedef struct stmt {
    sql_ctx *c;
    const sql_frame *f;
    size_t start, end;   /* the statement in f->text */
    size_t first_op;     /* ops from here on belong to this statement */
} stmt;

#define EXPR_DEPTH_MAX 32

static const char *dup(stmt *s, const char *p)
{
    if (!p || !*p)
        return NULL;
    return sql_strndup(s->c, p, strlen(p));
}

/* A span at location loc of the statement's text (-1: the statement's start). */
static rt_span at(const stmt *s, int32_t loc)
{
    size_t o = loc >= 0 ? (size_t)loc : s->start;
    uint32_t p = sql_offset(s->f, o);
    return (rt_span){p, p, 0, 0, 0, 0};
}

static rt_op *new_op(stmt *s, rt_op_kind kind)
{
    rt_op *op = rt_op_list_push(&s->c->out->ops, kind);
    if (!op) {
        s->c->oom = true;
        return NULL;
    }
    op->flags = s->f->flags;
    op->span = (rt_span){sql_offset(s->f, s->start), sql_offset(s->f, s->end), 0, 0, 0, 0};
    op->loc = op->span;
    return op;
}

static const char *node_short_name(stmt *s, const PgQuery__Node *n)
{
    const rt_pg_query *pg = s->c->pg;
    const ProtobufCFieldDescriptor *fd =
        pg->protobuf_c_message_descriptor_get_field(pg->pg_query__node__descriptor, n->node_case);
    if (!fd || !fd->descriptor)
        return "Unknown";
    return ((const ProtobufCMessageDescriptor *)fd->descriptor)->short_name;
}

static const char *enum_name(stmt *s, const ProtobufCEnumDescriptor *d, int value)
{
    const ProtobufCEnumValue *v = s->c->pg->protobuf_c_enum_descriptor_get_value(d, value);
    return v ? v->name : "UNKNOWN";
}

/* An enum value's name without prefix, lower case (e.g. OBJECT_TABLE -> "table"). */
static const char *enum_word(stmt *s, const ProtobufCEnumDescriptor *d, int value,
                             const char *prefix)
{
    const char *name = enum_name(s, d, value);
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n) == 0)
        name += n;
    char *w = sql_strndup(s->c, name, strlen(name));
    for (char *p = w; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return w;
}

static const char *str_of(const PgQuery__Node *n)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_STRING && n->string)
        return n->string->sval;
    return NULL;
}

static void set_rangevar(stmt *s, rt_op *op, const PgQuery__RangeVar *rv)
{
    if (!rv)
        return;
    op->schema = dup(s, rv->schemaname);
    op->table = dup(s, rv->relname);
    op->loc = at(s, rv->location);
}

/* A qualified name given as String nodes: the last is the name, the one before it the
 * schema (or, with three parts for triggers and columns, see callers). */
static void set_qualified(stmt *s, const char **schema, const char **name,
                          PgQuery__Node *const *names, size_t n)
{
    if (n >= 1)
        *name = dup(s, str_of(names[n - 1]));
    if (n >= 2 && schema)
        *schema = dup(s, str_of(names[n - 2]));
}

/* ---- types ---- */

static bool int_const(const PgQuery__Node *n, int32_t *out)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const &&
        n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL && n->a_const->ival) {
        *out = n->a_const->ival->ival;
        return true;
    }
    return false;
}

static void map_type(stmt *s, rt_type *t, const PgQuery__TypeName *tn)
{
    *t = rt_type_unknown();
    if (!tn || tn->n_names == 0)
        return;
    const char *name = str_of(tn->names[tn->n_names - 1]);
    const char *schema = tn->n_names >= 2 ? str_of(tn->names[tn->n_names - 2]) : NULL;
    if (!name)
        return;
    bool catalog = !schema || strcmp(schema, "pg_catalog") == 0;
    const char *canon = NULL;
    if (catalog && !(strcmp(name, "char") == 0 && !schema))
        canon = rt_type_canonical_name(rt_str_from(name));
    if (!schema && strcmp(name, "char") == 0)
        canon = "\"char\"";
    t->name = canon ? canon : dup(s, name);
    t->schema = catalog ? NULL : dup(s, schema);
    t->array_dims = tn->n_array_bounds > 255 ? 255 : (uint8_t)tn->n_array_bounds;
    int32_t m[2] = {-1, -1};
    for (size_t i = 0; i < tn->n_typmods && i < 2; i++)
        if (!int_const(tn->typmods[i], &m[i]))
            t->modifiers_unknown = true;
    if (tn->n_typmods == 0 || !canon)
        return;
    if (!strcmp(canon, "character varying") || !strcmp(canon, "character") ||
        !strcmp(canon, "bit") || !strcmp(canon, "bit varying")) {
        t->length = m[0];
    } else if (!strcmp(canon, "numeric")) {
        t->precision = m[0];
        t->scale = tn->n_typmods >= 2 ? m[1] : -1;
    } else if (!strcmp(canon, "interval")) {
        t->precision = tn->n_typmods >= 2 ? m[1] : -1;
    } else {
        t->precision = m[0];
    }
}

/* ---- default expressions ---- */

static const char *const volatile_funcs[] = {
    "random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
    "uuid_generate_v4", "clock_timestamp", "timeofday", "nextval", "currval", "lastval",
    "setval", "txid_current", "pg_current_xact_id", "gen_random_bytes", "random_normal",
    "setseed", "uuid_generate_v7", "uuidv7", "uuidv4",
};

static const char *const stable_funcs[] = {
    "now", "transaction_timestamp", "statement_timestamp", "current_setting", "lower",
    "upper", "btrim", "trim", "concat", "to_jsonb", "to_json", "jsonb_build_object",
    "json_build_object", "jsonb_build_array", "json_build_array", "make_interval",
    "to_timestamp", "date_trunc", "timezone", "md5", "length", "abs", "array_fill",
    "make_date", "current_database", "current_schema", "coalesce", "nullif",
};

static bool in_list(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i]) == 0)
            return true;
    return false;
}

/* The default kinds ordered by how much they say: combining takes the larger. */
static int default_rank(rt_default_kind k)
{
    switch (k) {
    case RT_DEFAULT_VOLATILE: return 4;
    case RT_DEFAULT_UNKNOWN: return 3;
    case RT_DEFAULT_STABLE: return 2;
    default: return 1;
    }
}

static void classify(stmt *s, const PgQuery__Node *n, int depth, rt_default_kind *kind,
                     const char **func);

static void combine(stmt *s, PgQuery__Node *const *args, size_t n, int depth,
                    rt_default_kind *kind, const char **func)
{
    for (size_t i = 0; i < n; i++) {
        rt_default_kind k = RT_DEFAULT_CONSTANT;
        const char *f = NULL;
        classify(s, args[i], depth + 1, &k, &f);
        if (default_rank(k) > default_rank(*kind)) {
            *kind = k;
            *func = f;
        }
    }
}

rt_default_kind rt_sql_function_kind(const char *name)
{
    if (in_list(name, volatile_funcs, sizeof volatile_funcs / sizeof *volatile_funcs))
        return RT_DEFAULT_VOLATILE;
    if (in_list(name, stable_funcs, sizeof stable_funcs / sizeof *stable_funcs))
        return RT_DEFAULT_STABLE;
    return RT_DEFAULT_UNKNOWN;
}

static void classify_call(stmt *s, const PgQuery__FuncCall *fc, int depth,
                          rt_default_kind *kind, const char **func)
{
    const char *name = fc->n_funcname ? str_of(fc->funcname[fc->n_funcname - 1]) : NULL;
    rt_default_kind own = name ? rt_sql_function_kind(name) : RT_DEFAULT_UNKNOWN;
    *kind = own;
    *func = own == RT_DEFAULT_STABLE ? NULL : dup(s, name);
    combine(s, fc->args, fc->n_args, depth, kind, func);
}

/* Classifies a raw default expression (see rt_default_kind). */
static void classify(stmt *s, const PgQuery__Node *n, int depth, rt_default_kind *kind,
                     const char **func)
{
    *kind = RT_DEFAULT_CONSTANT;
    *func = NULL;
    if (!n)
        return;
    if (depth > EXPR_DEPTH_MAX) {
        *kind = RT_DEFAULT_UNKNOWN;
        return;
    }
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
        *kind = n->a_const->isnull ? RT_DEFAULT_NULL : RT_DEFAULT_CONSTANT;
        return;
    case PG_QUERY__NODE__NODE_TYPE_CAST:
        classify(s, n->type_cast->arg, depth + 1, kind, func);
        if (*kind == RT_DEFAULT_NULL)
            *kind = RT_DEFAULT_CONSTANT;
        return;
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        *kind = RT_DEFAULT_STABLE;
        return;
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        classify_call(s, n->func_call, depth, kind, func);
        return;
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        combine(s, n->a_array_expr->elements, n->a_array_expr->n_elements, depth, kind, func);
        return;
    case PG_QUERY__NODE__NODE_A_EXPR: {
        PgQuery__Node *args[2] = {n->a_expr->lexpr, n->a_expr->rexpr};
        combine(s, args, 2, depth, kind, func);
        return;
    }
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        combine(s, n->coalesce_expr->args, n->coalesce_expr->n_args, depth, kind, func);
        return;
    case PG_QUERY__NODE__NODE_BOOL_EXPR:
        combine(s, n->bool_expr->args, n->bool_expr->n_args, depth, kind, func);
        return;
    case PG_QUERY__NODE__NODE_LIST:
        combine(s, n->list->items, n->list->n_items, depth, kind, func);
        return;
    default:
        *kind = RT_DEFAULT_UNKNOWN;
        return;
    }
}

/* ---- columns and constraints ---- */

static rt_constraint_kind constraint_kind(PgQuery__ConstrType t)
{
    switch (t) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: return RT_CON_PRIMARY_KEY;
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: return RT_CON_FOREIGN_KEY;
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: return RT_CON_UNIQUE;
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: return RT_CON_CHECK;
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: return RT_CON_EXCLUSION;
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: return RT_CON_NOT_NULL;
    default: return RT_CON_NONE;
    }
}

static void column_constraint(stmt *s, rt_column *col, const PgQuery__Constraint *con)
{
    switch (con->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NULL: col->nullability = RT_NULL_NULLABLE; break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: col->nullability = RT_NULL_NOT_NULL; break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
        classify(s, con->raw_expr, 0, &col->default_kind, &col->default_func);
        if (!con->raw_expr)
            col->default_kind = RT_DEFAULT_NULL;
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY: col->flags |= RT_COLF_IDENTITY; break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED: col->flags |= RT_COLF_GENERATED; break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: col->flags |= RT_COLF_CHECK; break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: col->flags |= RT_COLF_PRIMARY_KEY; break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: col->flags |= RT_COLF_UNIQUE; break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: col->flags |= RT_COLF_REFERENCES; break;
    default: break;
    }
}

static void map_column(stmt *s, rt_column *col, const PgQuery__ColumnDef *cd)
{
    memset(col, 0, sizeof *col);
    col->name = dup(s, cd->colname);
    map_type(s, &col->type, cd->type_name);
    col->span = at(s, cd->location);
    if (cd->is_not_null)
        col->nullability = RT_NULL_NOT_NULL;
    if (cd->raw_default)
        classify(s, cd->raw_default, 0, &col->default_kind, &col->default_func);
    if (cd->identity && *cd->identity)
        col->flags |= RT_COLF_IDENTITY;
    if (cd->generated && *cd->generated)
        col->flags |= RT_COLF_GENERATED;
    if (cd->coll_clause)
        col->flags |= RT_COLF_COLLATE;
    for (size_t i = 0; i < cd->n_constraints; i++)
        if (cd->constraints[i]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
            column_constraint(s, col, cd->constraints[i]->constraint);
}

/* Names of String nodes (constraint key columns) or IndexElems, in order. */
static void map_names(stmt *s, rt_op *op, PgQuery__Node *const *nodes, size_t n, int32_t loc)
{
    if (n == 0)
        return;
    op->names = rt_arena_calloc(s->c->arena, n, sizeof *op->names);
    if (!op->names) {
        s->c->oom = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const PgQuery__Node *x = nodes[i];
        const char *name = str_of(x);
        if (!name && x->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM)
            name = x->index_elem->name;
        if (!name && x->node_case == PG_QUERY__NODE__NODE_LIST && x->list->n_items &&
            x->list->items[0]->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM)
            name = x->list->items[0]->index_elem->name; /* exclusion: (elem, operator) */
        op->names[i].name = dup(s, name);
        op->names[i].span = at(s, loc);
    }
    op->name_count = n;
}

static void map_constraint(stmt *s, rt_op *op, const PgQuery__Constraint *con)
{
    op->constraint = constraint_kind(con->contype);
    op->name = dup(s, con->conname);
    op->loc = at(s, con->location);
    if (con->skip_validation)
        op->flags |= RT_OPF_NOT_VALID;
    op->using_index = dup(s, con->indexname);
    if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
        map_names(s, op, con->fk_attrs, con->n_fk_attrs, con->location);
        if (con->pktable) {
            op->ref_schema = dup(s, con->pktable->schemaname);
            op->ref_table = dup(s, con->pktable->relname);
        }
    } else if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION) {
        map_names(s, op, con->exclusions, con->n_exclusions, con->location);
        op->method = dup(s, con->access_method);
    } else {
        map_names(s, op, con->keys, con->n_keys, con->location);
    }
}

/* ---- statements ---- */

static void map_create_table(stmt *s, const PgQuery__CreateStmt *cs)
{
    rt_op *op = new_op(s, RT_OP_CREATE_TABLE);
    if (!op)
        return;
    set_rangevar(s, op, cs->relation);
    if (cs->if_not_exists)
        op->flags |= RT_OPF_IF_NOT_EXISTS;
    size_t ncols = 0;
    for (size_t i = 0; i < cs->n_table_elts; i++)
        ncols += cs->table_elts[i]->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF;
    rt_column *cols = ncols ? rt_arena_calloc(s->c->arena, ncols, sizeof *cols) : NULL;
    if (ncols && !cols) {
        s->c->oom = true;
        return;
    }
    op->columns = cols;
    op->column_count = ncols;
    const char *schema = op->schema, *table = op->table;
    rt_span loc = op->loc;
    size_t k = 0;
    for (size_t i = 0; i < cs->n_table_elts; i++) {
        const PgQuery__Node *e = cs->table_elts[i];
        if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            map_column(s, &cols[k++], e->column_def);
        } else if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
            rt_op *c = new_op(s, RT_OP_ADD_CONSTRAINT);
            if (!c)
                return;
            c->schema = schema;
            c->table = table;
            c->loc = loc;
            c->flags |= RT_OPF_IN_CREATE_TABLE;
            map_constraint(s, c, e->constraint);
        }
    }
}

static rt_op *table_op(stmt *s, rt_op_kind kind, const PgQuery__AlterTableStmt *as)
{
    rt_op *op = new_op(s, kind);
    if (!op)
        return NULL;
    set_rangevar(s, op, as->relation);
    if (as->missing_ok)
        op->flags |= RT_OPF_IF_EXISTS;
    return op;
}

static rt_op *alter_column(stmt *s, const PgQuery__AlterTableStmt *as,
                           const PgQuery__AlterTableCmd *cmd, uint32_t alter)
{
    rt_op *op = table_op(s, RT_OP_ALTER_COLUMN, as);
    if (!op)
        return NULL;
    op->column = dup(s, cmd->name);
    op->col.name = op->column;
    op->alter = alter;
    return op;
}

static void map_alter_cmd(stmt *s, const PgQuery__AlterTableStmt *as,
                          const PgQuery__AlterTableCmd *cmd)
{
    rt_op *op = NULL;
    const PgQuery__Node *def = cmd->def;
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        if (!def || def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
            break;
        if (!(op = table_op(s, RT_OP_ADD_COLUMN, as)))
            return;
        map_column(s, &op->col, def->column_def);
        op->column = op->col.name;
        op->loc = op->col.span;
        if (cmd->missing_ok)
            op->flags |= RT_OPF_IF_NOT_EXISTS;
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        if (!(op = table_op(s, RT_OP_DROP_COLUMN, as)))
            return;
        op->column = dup(s, cmd->name);
        if (cmd->missing_ok)
            op->flags |= RT_OPF_IF_EXISTS;
        if (cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
            op->flags |= RT_OPF_CASCADE;
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        if (!(op = alter_column(s, as, cmd, RT_ALTER_TYPE)))
            return;
        if (def && def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            map_type(s, &op->col.type, def->column_def->type_name);
            if (def->column_def->location >= 0)
                op->loc = at(s, def->column_def->location);
        }
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        if ((op = alter_column(s, as, cmd, RT_ALTER_SET_NOT_NULL)))
            op->col.nullability = RT_NULL_NOT_NULL;
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        if ((op = alter_column(s, as, cmd, RT_ALTER_DROP_NOT_NULL)))
            op->col.nullability = RT_NULL_NULLABLE;
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        if (!(op = alter_column(s, as, cmd, def ? RT_ALTER_SET_DEFAULT : RT_ALTER_DROP_DEFAULT)))
            return;
        if (def)
            classify(s, def, 0, &op->col.default_kind, &op->col.default_func);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
        alter_column(s, as, cmd, RT_ALTER_IDENTITY);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
        alter_column(s, as, cmd, RT_ALTER_OTHER);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        if (!def || def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
            break;
        if ((op = table_op(s, RT_OP_ADD_CONSTRAINT, as)))
            map_constraint(s, op, def->constraint);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
        if (!(op = table_op(s, RT_OP_DROP_CONSTRAINT, as)))
            return;
        op->name = dup(s, cmd->name);
        if (cmd->missing_ok)
            op->flags |= RT_OPF_IF_EXISTS;
        if (cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
            op->flags |= RT_OPF_CASCADE;
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
        if ((op = table_op(s, RT_OP_VALIDATE_CONSTRAINT, as)))
            op->name = dup(s, cmd->name);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize:
        if (!def || def->node_case != PG_QUERY__NODE__NODE_PARTITION_CMD)
            break;
        op = table_op(s, cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition
                             ? RT_OP_ATTACH_PARTITION
                             : RT_OP_DETACH_PARTITION,
                      as);
        if (!op)
            return;
        if (def->partition_cmd->name) {
            op->name = dup(s, def->partition_cmd->name->relname);
            op->loc = at(s, def->partition_cmd->name->location);
        }
        if (def->partition_cmd->concurrent)
            op->flags |= RT_OPF_CONCURRENTLY;
        if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize)
            op->other_kind = "finalize";
        return;
    default:
        break;
    }
    if ((op = table_op(s, RT_OP_OTHER, as)))
        op->other_kind = enum_name(s, s->c->pg->pg_query__alter_table_type__descriptor, cmd->subtype);
}

static void map_alter_table(stmt *s, const PgQuery__AlterTableStmt *as)
{
    rt_op_kind whole = RT_OP_OTHER;
    switch (as->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
        for (size_t i = 0; i < as->n_cmds && !s->c->oom; i++)
            if (as->cmds[i]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
                map_alter_cmd(s, as, as->cmds[i]->alter_table_cmd);
        return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: whole = RT_OP_ALTER_TYPE; break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: whole = RT_OP_ALTER_SEQUENCE; break;
    default: break;
    }
    rt_op *op = table_op(s, whole, as);
    if (op && whole == RT_OP_OTHER)
        op->other_kind = "AlterTableStmt";
}

static void map_index(stmt *s, const PgQuery__IndexStmt *is)
{
    rt_op *op = new_op(s, RT_OP_CREATE_INDEX);
    if (!op)
        return;
    set_rangevar(s, op, is->relation);
    op->name = dup(s, is->idxname);
    if (is->access_method && strcmp(is->access_method, "btree") != 0)
        op->method = dup(s, is->access_method);
    if (is->unique)
        op->flags |= RT_OPF_UNIQUE;
    if (is->concurrent)
        op->flags |= RT_OPF_CONCURRENTLY;
    if (is->if_not_exists)
        op->flags |= RT_OPF_IF_NOT_EXISTS;
    if (is->where_clause)
        op->flags |= RT_OPF_HAS_WHERE;
    map_names(s, op, is->index_params, is->n_index_params,
              is->relation ? is->relation->location : -1);
}

/* Names one dropped object: String, List of Strings, TypeName or ObjectWithArgs. */
static void drop_object(stmt *s, rt_op *op, const PgQuery__Node *obj, bool trigger)
{
    PgQuery__Node *const *names = NULL;
    size_t n = 0;
    switch (obj->node_case) {
    case PG_QUERY__NODE__NODE_STRING: names = (PgQuery__Node *const *)&obj; n = 1; break;
    case PG_QUERY__NODE__NODE_LIST: names = obj->list->items; n = obj->list->n_items; break;
    case PG_QUERY__NODE__NODE_TYPE_NAME:
        names = obj->type_name->names;
        n = obj->type_name->n_names;
        op->loc = at(s, obj->type_name->location);
        break;
    case PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS:
        names = obj->object_with_args->objname;
        n = obj->object_with_args->n_objname;
        break;
    default: return;
    }
    if (trigger) {
        if (n >= 1)
            op->name = dup(s, str_of(names[n - 1]));
        set_qualified(s, &op->schema, &op->table, names, n >= 1 ? n - 1 : 0);
    } else if (op->kind == RT_OP_DROP_INDEX) {
        set_qualified(s, &op->schema, &op->name, names, n);
    } else {
        set_qualified(s, &op->schema, &op->table, names, n);
    }
}

static rt_op_kind drop_kind(PgQuery__ObjectType t, uint32_t *flags)
{
    switch (t) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: return RT_OP_DROP_TABLE;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: return RT_OP_DROP_INDEX;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: return RT_OP_DROP_TYPE;
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: return RT_OP_DROP_DOMAIN;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: return RT_OP_DROP_SCHEMA;
    case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: return RT_OP_DROP_EXTENSION;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: return RT_OP_DROP_SEQUENCE;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW: return RT_OP_DROP_VIEW;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
        *flags |= RT_OPF_MATERIALIZED;
        return RT_OP_DROP_VIEW;
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: return RT_OP_DROP_FUNCTION;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER: return RT_OP_DROP_TRIGGER;
    default: return RT_OP_OTHER;
    }
}

static void map_drop(stmt *s, const PgQuery__DropStmt *ds)
{
    uint32_t flags = 0;
    rt_op_kind kind = drop_kind(ds->remove_type, &flags);
    if (ds->missing_ok)
        flags |= RT_OPF_IF_EXISTS;
    if (ds->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
        flags |= RT_OPF_CASCADE;
    if (ds->concurrent)
        flags |= RT_OPF_CONCURRENTLY;
    for (size_t i = 0; i < ds->n_objects && !s->c->oom; i++) {
        rt_op *op = new_op(s, kind);
        if (!op)
            return;
        op->flags |= flags;
        if (kind == RT_OP_OTHER)
            op->other_kind = "DropStmt";
        drop_object(s, op, ds->objects[i], kind == RT_OP_DROP_TRIGGER);
    }
}

static void map_rename(stmt *s, const PgQuery__RenameStmt *rs)
{
    rt_op_kind kind;
    switch (rs->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: kind = RT_OP_RENAME_TABLE; break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: kind = RT_OP_RENAME_COLUMN; break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: kind = RT_OP_RENAME_CONSTRAINT; break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: kind = RT_OP_RENAME_INDEX; break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: kind = RT_OP_RENAME_TYPE; break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: kind = RT_OP_RENAME_SCHEMA; break;
    default: kind = RT_OP_OTHER; break;
    }
    rt_op *op = new_op(s, kind);
    if (!op)
        return;
    if (kind == RT_OP_OTHER)
        op->other_kind = "RenameStmt";
    set_rangevar(s, op, rs->relation);
    op->new_name = dup(s, rs->newname);
    if (rs->missing_ok)
        op->flags |= RT_OPF_IF_EXISTS;
    if (kind == RT_OP_RENAME_COLUMN)
        op->column = dup(s, rs->subname);
    else if (kind == RT_OP_RENAME_CONSTRAINT)
        op->name = dup(s, rs->subname);
    else if (kind == RT_OP_RENAME_SCHEMA)
        op->table = dup(s, rs->subname);
    else if (kind == RT_OP_RENAME_INDEX) {
        op->name = op->table;
        op->table = NULL;
    } else if (rs->object) {
        drop_object(s, op, rs->object, false);
    }
}

static void map_comment(stmt *s, const PgQuery__CommentStmt *cs)
{
    bool column = cs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN;
    rt_op *op = new_op(s, column ? RT_OP_ALTER_COLUMN : RT_OP_COMMENT);
    if (!op)
        return;
    op->value = dup(s, cs->comment);
    if (!column) {
        op->other_kind = enum_word(s, s->c->pg->pg_query__object_type__descriptor, cs->objtype,
                                   "OBJECT_");
        if (cs->object)
            drop_object(s, op, cs->object, false);
        return;
    }
    op->alter = RT_ALTER_COMMENT;
    if (cs->object && cs->object->node_case == PG_QUERY__NODE__NODE_LIST) {
        PgQuery__Node *const *n = cs->object->list->items;
        size_t k = cs->object->list->n_items;
        if (k >= 1)
            op->column = dup(s, str_of(n[k - 1]));
        set_qualified(s, &op->schema, &op->table, n, k >= 1 ? k - 1 : 0);
        op->col.name = op->column;
    }
}

/* The target columns of an UPDATE's SET or an INSERT's column list (ResTargets), in
 * order; a target that assigns part of a column (a[1], c.field) is marked part. */
static void map_targets(stmt *s, rt_op *op, PgQuery__Node *const *targets, size_t n)
{
    if (n == 0)
        return;
    op->names = rt_arena_calloc(s->c->arena, n, sizeof *op->names);
    if (!op->names) {
        s->c->oom = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const PgQuery__Node *t = targets[i];
        if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
            continue;
        rt_name *out = &op->names[op->name_count++];
        out->name = dup(s, t->res_target->name);
        out->span = at(s, t->res_target->location);
        out->part = t->res_target->n_indirection > 0;
    }
}

static void map_update(stmt *s, const PgQuery__UpdateStmt *us)
{
    rt_op *op = new_op(s, RT_OP_UPDATE);
    if (!op)
        return;
    set_rangevar(s, op, us->relation);
    if (us->where_clause)
        op->flags |= RT_OPF_HAS_WHERE;
    map_targets(s, op, us->target_list, us->n_target_list);
}

static void map_insert(stmt *s, const PgQuery__InsertStmt *is)
{
    rt_op *op = new_op(s, RT_OP_INSERT);
    if (!op)
        return;
    set_rangevar(s, op, is->relation);
    map_targets(s, op, is->cols, is->n_cols);
}

/* The text of a SET argument: a string, a number, or a name. */
static const char *const_text(stmt *s, const PgQuery__Node *n)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        n = n->type_cast->arg;
    if (!n || n->node_case != PG_QUERY__NODE__NODE_A_CONST)
        return NULL;
    const PgQuery__AConst *c = n->a_const;
    char buf[32];
    switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_SVAL: return dup(s, c->sval->sval);
    case PG_QUERY__A__CONST__VAL_FVAL: return dup(s, c->fval->fval);
    case PG_QUERY__A__CONST__VAL_BOOLVAL: return c->boolval->boolval ? "true" : "false";
    case PG_QUERY__A__CONST__VAL_IVAL:
        snprintf(buf, sizeof buf, "%d", (int)c->ival->ival);
        return dup(s, buf);
    default: return NULL;
    }
}

static void map_set(stmt *s, const PgQuery__VariableSetStmt *vs)
{
    rt_op *op = new_op(s, RT_OP_SET);
    if (!op)
        return;
    op->name = dup(s, vs->name);
    if (vs->is_local)
        op->flags |= RT_OPF_LOCAL;
    switch (vs->kind) {
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE:
        if (vs->n_args == 1) {
            op->value = const_text(s, vs->args[0]);
        } else {
            rt_buf b = RT_BUF_INIT;
            for (size_t i = 0; i < vs->n_args; i++) {
                const char *v = const_text(s, vs->args[i]);
                rt_buf_printf(&b, "%s%s", i ? ", " : "", v ? v : "?");
            }
            op->value = dup(s, rt_buf_cstr(&b));
            rt_buf_free(&b);
        }
        break;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI: op->flags |= RT_OPF_TRANSACTION_SET; break;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET:
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL: op->flags |= RT_OPF_RESET; break;
    default: break;
    }
}

/* SELECT set_config('name', 'value', is_local) is a SET too. */
static bool map_set_config(stmt *s, const PgQuery__SelectStmt *ss)
{
    if (ss->n_target_list != 1 || ss->n_from_clause != 0 ||
        ss->target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
        return false;
    const PgQuery__Node *v = ss->target_list[0]->res_target->val;
    if (!v || v->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
        return false;
    const PgQuery__FuncCall *fc = v->func_call;
    const char *fn = fc->n_funcname ? str_of(fc->funcname[fc->n_funcname - 1]) : NULL;
    if (!fn || strcmp(fn, "set_config") != 0 || fc->n_args != 3)
        return false;
    rt_op *op = new_op(s, RT_OP_SET);
    if (!op)
        return true;
    op->name = const_text(s, fc->args[0]);
    op->value = const_text(s, fc->args[1]);
    const char *local = const_text(s, fc->args[2]);
    if (local && (strcmp(local, "true") == 0 || strcmp(local, "t") == 0))
        op->flags |= RT_OPF_LOCAL;
    return true;
}

static void map_transaction(stmt *s, const PgQuery__TransactionStmt *ts)
{
    rt_op_kind kind = RT_OP_OTHER;
    switch (ts->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START: kind = RT_OP_BEGIN; break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT: kind = RT_OP_COMMIT; break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK: kind = RT_OP_ROLLBACK; break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT: kind = RT_OP_SAVEPOINT; break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
        kind = RT_OP_RELEASE_SAVEPOINT;
        break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
        kind = RT_OP_ROLLBACK_TO_SAVEPOINT;
        break;
    default: break;
    }
    rt_op *op = new_op(s, kind);
    if (!op)
        return;
    if (kind == RT_OP_OTHER)
        op->other_kind = enum_name(s, s->c->pg->pg_query__transaction_stmt_kind__descriptor,
                                    ts->kind);
    op->name = dup(s, ts->savepoint_name);
}

static bool has_option(PgQuery__Node *const *opts, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
            continue;
        const PgQuery__DefElem *d = opts[i]->def_elem;
        if (d->defname && strcmp(d->defname, name) == 0) {
            const PgQuery__Node *a = d->arg;
            /* (CONCURRENTLY false) turns the option off */
            if (a && a->node_case == PG_QUERY__NODE__NODE_BOOLEAN && !a->boolean->boolval)
                return false;
            if (a && a->node_case == PG_QUERY__NODE__NODE_STRING && a->string->sval &&
                (strcmp(a->string->sval, "false") == 0 || strcmp(a->string->sval, "off") == 0))
                return false;
            return true;
        }
    }
    return false;
}

static void map_reindex(stmt *s, const PgQuery__ReindexStmt *rs)
{
    rt_op *op = new_op(s, RT_OP_REINDEX);
    if (!op)
        return;
    if (has_option(rs->params, rs->n_params, "concurrently"))
        op->flags |= RT_OPF_CONCURRENTLY;
    op->other_kind = enum_word(s, s->c->pg->pg_query__reindex_object_type__descriptor, rs->kind,
                               "REINDEX_OBJECT_");
    if (rs->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE) {
        set_rangevar(s, op, rs->relation);
    } else if (rs->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX &&
               rs->relation) {
        op->schema = dup(s, rs->relation->schemaname);
        op->name = dup(s, rs->relation->relname);
        op->loc = at(s, rs->relation->location);
    } else {
        op->name = dup(s, rs->name);
    }
}

static void map_vacuum(stmt *s, const PgQuery__VacuumStmt *vs)
{
    uint32_t flags = vs->is_vacuumcmd ? 0 : RT_OPF_ANALYZE_ONLY;
    if (has_option(vs->options, vs->n_options, "full"))
        flags |= RT_OPF_FULL;
    if (has_option(vs->options, vs->n_options, "analyze"))
        flags |= RT_OPF_ANALYZE;
    size_t n = vs->n_rels ? vs->n_rels : 1;
    for (size_t i = 0; i < n && !s->c->oom; i++) {
        rt_op *op = new_op(s, RT_OP_VACUUM);
        if (!op)
            return;
        op->flags |= flags;
        if (vs->n_rels && vs->rels[i]->node_case == PG_QUERY__NODE__NODE_VACUUM_RELATION)
            set_rangevar(s, op, vs->rels[i]->vacuum_relation->relation);
    }
}

static void each_relation(stmt *s, rt_op_kind kind, PgQuery__Node *const *rels, size_t n,
                          uint32_t flags)
{
    for (size_t i = 0; i < n && !s->c->oom; i++) {
        if (rels[i]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
            continue;
        rt_op *op = new_op(s, kind);
        if (!op)
            return;
        op->flags |= flags;
        set_rangevar(s, op, rels[i]->range_var);
    }
}

static void map_alter_enum(stmt *s, const PgQuery__AlterEnumStmt *es)
{
    rt_op *op = new_op(s, es->old_val ? RT_OP_RENAME_ENUM_VALUE : RT_OP_ADD_ENUM_VALUE);
    if (!op)
        return;
    set_qualified(s, &op->schema, &op->table, es->type_name, es->n_type_name);
    if (es->old_val && *es->old_val) {
        op->value = dup(s, es->old_val);
        op->new_name = dup(s, es->new_val);
        return;
    }
    op->kind = RT_OP_ADD_ENUM_VALUE;
    op->value = dup(s, es->new_val);
    op->neighbor = dup(s, es->new_val_neighbor);
    if (op->neighbor)
        op->flags |= es->new_val_is_after ? RT_OPF_AFTER : RT_OPF_BEFORE;
    if (es->skip_if_new_val_exists)
        op->flags |= RT_OPF_IF_NOT_EXISTS;
}

static void map_create_domain(stmt *s, const PgQuery__CreateDomainStmt *ds)
{
    rt_op *op = new_op(s, RT_OP_CREATE_DOMAIN);
    if (!op)
        return;
    set_qualified(s, &op->schema, &op->table, ds->domainname, ds->n_domainname);
    map_type(s, &op->col.type, ds->type_name);
    for (size_t i = 0; i < ds->n_constraints; i++) {
        if (ds->constraints[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
            continue;
        rt_constraint_kind k = constraint_kind(ds->constraints[i]->constraint->contype);
        if (k == RT_CON_NONE)
            continue;
        if (!(op->flags & RT_OPF_HAS_CONSTRAINT))
            op->constraint = k;
        op->flags |= RT_OPF_HAS_CONSTRAINT;
    }
}

/* AlterDomainStmt.subtype codes as words. */
static const char *domain_action(const char *code)
{
    switch (code ? code[0] : 0) {
    case 'T': return "default";
    case 'N': return "drop_not_null";
    case 'O': return "set_not_null";
    case 'C': return "add_constraint";
    case 'X': return "drop_constraint";
    case 'V': return "validate_constraint";
    default: return "other";
    }
}

static void map_alter_domain(stmt *s, const PgQuery__AlterDomainStmt *ds)
{
    rt_op *op = new_op(s, RT_OP_ALTER_DOMAIN);
    if (!op)
        return;
    set_qualified(s, &op->schema, &op->table, ds->type_name, ds->n_type_name);
    op->name = dup(s, ds->name);
    op->other_kind = domain_action(ds->subtype);
    if (ds->subtype && ds->subtype[0] == 'C' && ds->def &&
        ds->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
        op->constraint = constraint_kind(ds->def->constraint->contype);
        op->name = dup(s, ds->def->constraint->conname);
        if (ds->def->constraint->skip_validation)
            op->flags |= RT_OPF_NOT_VALID;
    }
}

/* The string value of option `name` in a list of DefElems, or NULL. */
static const PgQuery__DefElem *find_option(PgQuery__Node *const *opts, size_t n,
                                           const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (opts[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && opts[i]->def_elem->defname &&
            strcmp(opts[i]->def_elem->defname, name) == 0)
            return opts[i]->def_elem;
    return NULL;
}

static void map_function(stmt *s, const PgQuery__CreateFunctionStmt *fs)
{
    rt_op *op = new_op(s, RT_OP_CREATE_FUNCTION);
    if (!op)
        return;
    set_qualified(s, &op->schema, &op->table, fs->funcname, fs->n_funcname);
    if (fs->replace)
        op->flags |= RT_OPF_OR_REPLACE;
    const PgQuery__DefElem *lang = find_option(fs->options, fs->n_options, "language");
    const PgQuery__DefElem *as = find_option(fs->options, fs->n_options, "as");
    const char *l = lang ? str_of(lang->arg) : NULL;
    if (!l || strcmp(l, "plpgsql") != 0 || !as || !as->arg)
        return;
    const char *body = str_of(as->arg);
    if (!body && as->arg->node_case == PG_QUERY__NODE__NODE_LIST && as->arg->list->n_items)
        body = str_of(as->arg->list->items[0]);
    if (body)
        sql_plpgsql(s->c, s->f, s->start, s->end, body,
                    as->location >= 0 ? (size_t)as->location : s->start);
}

static void map_do(stmt *s, const PgQuery__DoStmt *ds)
{
    rt_op *op = new_op(s, RT_OP_OTHER);
    if (!op)
        return;
    op->other_kind = "DoStmt";
    const PgQuery__DefElem *lang = find_option(ds->args, ds->n_args, "language");
    const PgQuery__DefElem *as = find_option(ds->args, ds->n_args, "as");
    const char *l = lang ? str_of(lang->arg) : "plpgsql";
    const char *body = as ? str_of(as->arg) : NULL;
    if (l && strcmp(l, "plpgsql") == 0 && body)
        sql_plpgsql(s->c, s->f, s->start, s->end, body,
                    as->location >= 0 ? (size_t)as->location : s->start);
}

static rt_op *simple(stmt *s, rt_op_kind kind, const PgQuery__RangeVar *rv,
                     const char *name, uint32_t flags)
{
    rt_op *op = new_op(s, kind);
    if (!op)
        return NULL;
    set_rangevar(s, op, rv);
    if (name)
        op->table = dup(s, name);
    op->flags |= flags;
    return op;
}

static void map_node(stmt *s, const PgQuery__Node *n);

static void map_create_schema(stmt *s, const PgQuery__CreateSchemaStmt *cs)
{
    simple(s, RT_OP_CREATE_SCHEMA, NULL, cs->schemaname,
           cs->if_not_exists ? RT_OPF_IF_NOT_EXISTS : 0);
    for (size_t i = 0; i < cs->n_schema_elts && !s->c->oom; i++)
        map_node(s, cs->schema_elts[i]);
}

static void map_other(stmt *s, const PgQuery__Node *n)
{
    rt_op *op = new_op(s, RT_OP_OTHER);
    if (op)
        op->other_kind = node_short_name(s, n);
}

static void map_define(stmt *s, const PgQuery__DefineStmt *ds, const PgQuery__Node *n)
{
    if (ds->kind != PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) {
        map_other(s, n);
        return;
    }
    rt_op *op = new_op(s, RT_OP_CREATE_TYPE);
    if (op)
        set_qualified(s, &op->schema, &op->table, ds->defnames, ds->n_defnames);
}

static rt_op *map_type_stmt(stmt *s, rt_op_kind kind, PgQuery__Node *const *names, size_t n,
                           uint32_t flags)
{
    rt_op *op = new_op(s, kind);
    if (!op)
        return NULL;
    op->flags |= flags;
    set_qualified(s, &op->schema, &op->table, names, n);
    return op;
}

/* CREATE TYPE ... AS ENUM: the values in names[], as the Python front-end gives them. */
static void map_create_enum(stmt *s, const PgQuery__CreateEnumStmt *es)
{
    rt_op *op =
        map_type_stmt(s, RT_OP_CREATE_TYPE, es->type_name, es->n_type_name, RT_OPF_ENUM);
    if (op)
        map_names(s, op, es->vals, es->n_vals, -1);
}

static void map_node(stmt *s, const PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT: map_create_table(s, n->create_stmt); return;
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
        const PgQuery__CreateTableAsStmt *ct = n->create_table_as_stmt;
        bool mat = ct->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW;
        simple(s, mat ? RT_OP_CREATE_VIEW : RT_OP_CREATE_TABLE,
               ct->into ? ct->into->rel : NULL, NULL,
               (mat ? RT_OPF_MATERIALIZED : 0) | (ct->if_not_exists ? RT_OPF_IF_NOT_EXISTS : 0));
        return;
    }
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: map_alter_table(s, n->alter_table_stmt); return;
    case PG_QUERY__NODE__NODE_INDEX_STMT: map_index(s, n->index_stmt); return;
    case PG_QUERY__NODE__NODE_DROP_STMT: map_drop(s, n->drop_stmt); return;
    case PG_QUERY__NODE__NODE_RENAME_STMT: map_rename(s, n->rename_stmt); return;
    case PG_QUERY__NODE__NODE_COMMENT_STMT: map_comment(s, n->comment_stmt); return;
    case PG_QUERY__NODE__NODE_INSERT_STMT: map_insert(s, n->insert_stmt); return;
    case PG_QUERY__NODE__NODE_UPDATE_STMT: map_update(s, n->update_stmt); return;
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        simple(s, RT_OP_DELETE, n->delete_stmt->relation, NULL,
               n->delete_stmt->where_clause ? RT_OPF_HAS_WHERE : 0);
        return;
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        each_relation(s, RT_OP_TRUNCATE, n->truncate_stmt->relations,
                      n->truncate_stmt->n_relations,
                      n->truncate_stmt->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE
                          ? RT_OPF_CASCADE
                          : 0);
        return;
    case PG_QUERY__NODE__NODE_COPY_STMT:
        simple(s, RT_OP_COPY, n->copy_stmt->relation, NULL, 0);
        return;
    case PG_QUERY__NODE__NODE_LOCK_STMT:
        each_relation(s, RT_OP_LOCK_TABLE, n->lock_stmt->relations, n->lock_stmt->n_relations, 0);
        return;
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT: map_set(s, n->variable_set_stmt); return;
    case PG_QUERY__NODE__NODE_SELECT_STMT:
        if (!map_set_config(s, n->select_stmt))
            map_other(s, n);
        return;
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT: map_transaction(s, n->transaction_stmt); return;
    case PG_QUERY__NODE__NODE_REINDEX_STMT: map_reindex(s, n->reindex_stmt); return;
    case PG_QUERY__NODE__NODE_CLUSTER_STMT: {
        rt_op *op = simple(s, RT_OP_CLUSTER, n->cluster_stmt->relation, NULL, 0);
        if (op)
            op->name = dup(s, n->cluster_stmt->indexname);
        return;
    }
    case PG_QUERY__NODE__NODE_VACUUM_STMT: map_vacuum(s, n->vacuum_stmt); return;
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
        simple(s, RT_OP_REFRESH_MATVIEW, n->refresh_mat_view_stmt->relation, NULL,
               RT_OPF_MATERIALIZED |
                   (n->refresh_mat_view_stmt->concurrent ? RT_OPF_CONCURRENTLY : 0));
        return;
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: map_create_enum(s, n->create_enum_stmt); return;
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
        map_type_stmt(s, RT_OP_CREATE_TYPE, n->create_range_stmt->type_name,
                      n->create_range_stmt->n_type_name, 0);
        return;
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
        simple(s, RT_OP_CREATE_TYPE, n->composite_type_stmt->typevar, NULL, 0);
        return;
    case PG_QUERY__NODE__NODE_DEFINE_STMT: map_define(s, n->define_stmt, n); return;
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: map_alter_enum(s, n->alter_enum_stmt); return;
    case PG_QUERY__NODE__NODE_ALTER_TYPE_STMT:
        map_type_stmt(s, RT_OP_ALTER_TYPE, n->alter_type_stmt->type_name,
                      n->alter_type_stmt->n_type_name, 0);
        return;
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
        map_create_schema(s, n->create_schema_stmt);
        return;
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
        simple(s, RT_OP_CREATE_EXTENSION, NULL, n->create_extension_stmt->extname,
               n->create_extension_stmt->if_not_exists ? RT_OPF_IF_NOT_EXISTS : 0);
        return;
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
        simple(s, RT_OP_CREATE_SEQUENCE, n->create_seq_stmt->sequence, NULL,
               n->create_seq_stmt->if_not_exists ? RT_OPF_IF_NOT_EXISTS : 0);
        return;
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
        simple(s, RT_OP_ALTER_SEQUENCE, n->alter_seq_stmt->sequence, NULL,
               n->alter_seq_stmt->missing_ok ? RT_OPF_IF_EXISTS : 0);
        return;
    case PG_QUERY__NODE__NODE_VIEW_STMT:
        simple(s, RT_OP_CREATE_VIEW, n->view_stmt->view, NULL,
               n->view_stmt->replace ? RT_OPF_OR_REPLACE : 0);
        return;
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
        map_function(s, n->create_function_stmt);
        return;
    case PG_QUERY__NODE__NODE_DO_STMT: map_do(s, n->do_stmt); return;
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: {
        const PgQuery__CreateTrigStmt *ts = n->create_trig_stmt;
        rt_op *op = simple(s, RT_OP_CREATE_TRIGGER, ts->relation, NULL,
                           ts->replace ? RT_OPF_OR_REPLACE : 0);
        if (op)
            op->name = dup(s, ts->trigname);
        return;
    }
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
        map_create_domain(s, n->create_domain_stmt);
        return;
    case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT: map_alter_domain(s, n->alter_domain_stmt); return;
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
        simple(s, RT_OP_CREATE_DATABASE, NULL, n->createdb_stmt->dbname, 0);
        return;
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
        simple(s, RT_OP_DROP_DATABASE, NULL, n->dropdb_stmt->dbname,
               n->dropdb_stmt->missing_ok ? RT_OPF_IF_EXISTS : 0);
        return;
    default: map_other(s, n); return;
    }
}

static bool holey(const char *p)
{
    return p && rt_sql_is_hole(p);
}

/* Flags ops of the statement whose names came from placeholders. */
static void mark_holes(stmt *s)
{
    rt_op_list *l = &s->c->out->ops;
    for (size_t i = s->first_op; i < l->count; i++) {
        rt_op *op = &l->items[i];
        bool h = holey(op->schema) || holey(op->table) || holey(op->column) ||
                 holey(op->name) || holey(op->new_name) || holey(op->value) ||
                 holey(op->ref_table) || holey(op->col.name) || holey(op->col.type.name) ||
                 holey(op->col.default_func);
        for (size_t k = 0; !h && k < op->name_count; k++)
            h = holey(op->names[k].name);
        for (size_t k = 0; !h && k < op->column_count; k++)
            h = holey(op->columns[k].name) || holey(op->columns[k].type.name);
        if (h)
            op->flags |= RT_OPF_HOLE;
    }
}

void sql_map_stmt(sql_ctx *c, const sql_frame *f, const PgQuery__Node *node, size_t start,
                  size_t end)
{
    stmt s = {c, f, start, end, c->out->ops.count};
    map_node(&s, node);
    if (!c->oom)
        mark_holes(&s);
}
