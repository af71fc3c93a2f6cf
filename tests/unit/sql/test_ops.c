/* The op model: lists, kind names, formatting. */
#include <criterion/criterion.h>
#include <string.h>

#include "retort/ops.h"

Test(ops, every_kind_has_a_distinct_name)
{
    for (int k = 0; k < RT_OP_KIND_COUNT; k++) {
        const char *name = rt_op_kind_name((rt_op_kind)k);
        cr_assert(k == RT_OP_OTHER || strcmp(name, "other") != 0, "kind %d has no name", k);
        for (int j = 0; j < k; j++)
            cr_assert_str_neq(name, rt_op_kind_name((rt_op_kind)j));
    }
    cr_assert_str_eq(rt_op_kind_name(RT_OP_KIND_COUNT), "other");
}

Test(ops, pushed_ops_are_blank_and_survive_growth)
{
    rt_arena *a = rt_arena_new();
    rt_op_list l;
    rt_op_list_init(&l, a);
    for (int i = 0; i < 100; i++) {
        rt_op *op = rt_op_list_push(&l, RT_OP_ADD_COLUMN);
        cr_assert_not_null(op);
        cr_assert_null(op->table);
        cr_assert_eq(op->col.type.length, -1);
        cr_assert_eq(op->old_type.precision, -1);
        op->flags = (uint32_t)i;
    }
    cr_assert_eq(l.count, 100);
    for (int i = 0; i < 100; i++)
        cr_assert_eq(l.items[i].flags, (uint32_t)i);
    rt_arena_free(a);
}

Test(ops, format_describes_the_fields_that_are_set)
{
    rt_arena *a = rt_arena_new();
    rt_op_list l;
    rt_op_list_init(&l, a);
    rt_op *op = rt_op_list_push(&l, RT_OP_ALTER_COLUMN);
    op->table = "users";
    op->column = "email";
    op->alter = RT_ALTER_TYPE | RT_ALTER_SET_NOT_NULL;
    op->col.type.name = "character varying";
    op->col.type.length = 50;
    op->old_type.name = "text";
    op->col.nullability = RT_NULL_NOT_NULL;
    op->flags = RT_OPF_BATCH;
    rt_buf b = RT_BUF_INIT;
    rt_op_format(op, &b);
    cr_assert_str_eq(rt_buf_cstr(&b),
                     "alter_column table=users column=email type=character varying(50) "
                     "null=not_null old_type=text alter=type,set_not_null flags=batch");
    rt_buf_free(&b);
    rt_arena_free(a);
}
