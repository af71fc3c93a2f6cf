/* Operations from op.* calls: the same model as the SQL front-end, with file positions. */
#include <criterion/criterion.h>
#include <string.h>

#include "retort/migration_ops.h"
#include "retort/sql.h"

static rt_arena *arena;
static rt_source src;
static rt_mig_ops ops;

static void setup(void)
{
    arena = rt_arena_new();
    memset(&src, 0, sizeof src);
}

static void teardown(void)
{
    rt_source_free(&src);
    rt_arena_free(arena);
    rt_sql_shutdown();
}

TestSuite(from_python, .init = setup, .fini = teardown);

/* The ops of `def upgrade():` followed by body (indented by the caller). */
static const rt_mig_ops *ops_of(const char *text)
{
    rt_error err;
    cr_assert_eq(rt_source_from_bytes(&src, "m.py", text, strlen(text), &err), RT_OK);
    rt_migration *m = NULL;
    cr_assert_eq(rt_migration_read(&m, arena, "m.py", src.data, src.len, &err), RT_OK);
    cr_assert_not_null(m->upgrade);
    cr_assert_eq(rt_mig_function_ops(&ops, arena, m, m->upgrade, &src, &err), RT_OK);
    return &ops;
}

static const char *fmt(const rt_op *op)
{
    rt_buf b = RT_BUF_INIT;
    rt_op_format(op, &b);
    char *s = rt_arena_strndup(arena, rt_buf_cstr(&b), b.len);
    rt_buf_free(&b);
    return s;
}

/* The ops of the SQL text alone, formatted, for comparing both front-ends. */
static const char *sql_fmt(const char *sql, size_t i)
{
    rt_sql_result r;
    rt_error err;
    cr_assert_eq(rt_sql_parse(&r, arena, sql, strlen(sql), &err), RT_OK);
    cr_assert_gt(r.ops.count, i);
    return fmt(&r.ops.items[i]);
}

#define HEAD "from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\ndef upgrade():\n"

Test(from_python, add_column_matches_the_sql_front_end)
{
    const rt_mig_ops *r = ops_of(HEAD "    op.add_column('users', sa.Column('email', sa.String(255), "
                                      "nullable=False))\n");
    cr_assert_eq(r->ops.count, 1);
    cr_assert_str_eq(fmt(&r->ops.items[0]),
                     sql_fmt("ALTER TABLE users ADD COLUMN email varchar(255) NOT NULL", 0));
    cr_assert_eq(r->ops.items[0].loc.line, 6);
    cr_assert_eq(r->ops.items[0].loc.column, 5, "got %u", r->ops.items[0].loc.column);
}

Test(from_python, foreign_key_column_keeps_postgresql_not_valid)
{
    const rt_mig_ops *r = ops_of(HEAD "    op.add_column('o', sa.Column('u', sa.Integer(), "
                                      "sa.ForeignKey('u.id', postgresql_not_valid=True)))\n"
                                      "    op.add_column('o', sa.Column('v', sa.Integer(), "
                                      "sa.ForeignKey('v.id')))\n");
    cr_assert_eq(r->ops.count, 2);
    cr_assert_str_eq(fmt(&r->ops.items[0]),
                     "add_column table=o column=u type=integer colflags=references,fk_not_valid");
    cr_assert_str_eq(fmt(&r->ops.items[1]), "add_column table=o column=v type=integer "
                                            "colflags=references");
}

Test(from_python, add_column_primary_key_is_only_not_null_as_alembic_emits_it)
{
    const rt_mig_ops *r = ops_of(HEAD "    op.add_column('o', sa.Column('id', sa.BigInteger(), "
                                      "primary_key=True))\n"
                                      "    op.create_table('p', sa.Column('id', sa.BigInteger(), "
                                      "primary_key=True))\n");
    cr_assert_eq(r->ops.count, 2);
    cr_assert_str_eq(fmt(&r->ops.items[0]),
                     "add_column table=o column=id type=bigserial null=not_null");
    cr_assert_eq(r->ops.items[1].columns[0].flags & RT_COLF_PRIMARY_KEY, RT_COLF_PRIMARY_KEY);
}

/* What Alembic renders: an integer primary key column becomes SERIAL unless something
 * stops SQLAlchemy's autoincrement. */
Test(from_python, add_column_integer_primary_key_is_serial)
{
    const rt_mig_ops *r = ops_of(
        HEAD "    op.add_column('t', sa.Column('a', sa.BigInteger(), primary_key=True))\n"
             "    op.add_column('t', sa.Column('b', sa.Integer, primary_key=True))\n"
             "    op.add_column('t', sa.Column('c', sa.Integer(), primary_key=True, "
             "autoincrement=False))\n"
             "    op.add_column('t', sa.Column('d', sa.Integer(), primary_key=True, "
             "server_default='1'))\n"
             "    op.add_column('t', sa.Column('e', sa.Integer(), primary_key=True, default=5))\n"
             "    op.add_column('t', sa.Column('f', sa.Integer(), sa.ForeignKey('u.id'), "
             "primary_key=True))\n"
             "    op.add_column('t', sa.Column('g', sa.String(5), primary_key=True))\n"
             "    op.add_column('t', sa.Column('h', sa.Integer()))\n");
    cr_assert_eq(r->ops.count, 8);
    const char *want[] = {"bigserial", "serial", "integer", "integer", "integer", "integer",
                          "character varying", "integer"};
    for (size_t i = 0; i < 8; i++)
        cr_assert_str_eq(r->ops.items[i].col.type.name, want[i], "column %zu: %s", i,
                         r->ops.items[i].col.type.name);
}

Test(from_python, drop_ops_match_the_sql_front_end)
{
    const rt_mig_ops *r = ops_of(HEAD "    op.drop_column('users', 'email')\n"
                                      "    op.drop_table('users')\n"
                                      "    op.rename_table('a', 'b')\n");
    cr_assert_eq(r->ops.count, 3);
    cr_assert_str_eq(fmt(&r->ops.items[0]), sql_fmt("ALTER TABLE users DROP COLUMN email", 0));
    cr_assert_str_eq(fmt(&r->ops.items[1]), sql_fmt("DROP TABLE users", 0));
    cr_assert_str_eq(fmt(&r->ops.items[2]), sql_fmt("ALTER TABLE a RENAME TO b", 0));
}

Test(from_python, add_and_drop_column_if_exists_match_the_sql_front_end)
{
    const rt_mig_ops *r = ops_of(HEAD "    op.add_column('users', sa.Column('email', sa.Text()), "
                                      "if_not_exists=True)\n"
                                      "    op.drop_column('users', 'email', if_exists=True)\n");
    cr_assert_eq(r->ops.count, 2);
    cr_assert_str_eq(fmt(&r->ops.items[0]),
                     sql_fmt("ALTER TABLE users ADD COLUMN IF NOT EXISTS email text", 0));
    cr_assert_str_eq(fmt(&r->ops.items[1]),
                     sql_fmt("ALTER TABLE users DROP COLUMN IF EXISTS email", 0));
}

Test(from_python, create_table_columns_types_and_constraints)
{
    const rt_mig_ops *r = ops_of(
        HEAD "    op.create_table('t',\n"
             "        sa.Column('id', sa.BigInteger(), sa.Identity(), nullable=False),\n"
             "        sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()')),\n"
             "        sa.Column('n', sa.Numeric(10, 2)),\n"
             "        sa.Column('doc', postgresql.JSONB(astext_type=sa.Text())),\n"
             "        sa.Column('tags', sa.ARRAY(sa.Text())),\n"
             "        sa.Column('u', sa.dialects.postgresql.UUID(as_uuid=True), server_default=sa.text('gen_random_uuid()')),\n"
             "        sa.Column('o', sa.Integer(), sa.ForeignKey('o.id')),\n"
             "        sa.PrimaryKeyConstraint('id', name=op.f('pk_t')),\n"
             "        sa.UniqueConstraint('n'),\n"
             "    )\n");
    cr_assert_eq(r->ops.count, 3);
    cr_assert_str_eq(fmt(&r->ops.items[0]),
                     "create_table table=t columns=id:bigint:not_null:identity"
                     " | at:timestamp with time zone:default=stable | n:numeric(10,2)"
                     " | doc:jsonb | tags:text[] | u:uuid:default=volatile(gen_random_uuid)"
                     " | o:integer:references");
    cr_assert_str_eq(fmt(&r->ops.items[1]),
                     "add_constraint table=t name=pk_t constraint=primary_key names=id"
                     " flags=in_create_table,conv_name");
    cr_assert_eq(r->ops.items[1].loc.line, 14);
    cr_assert_eq(r->ops.items[2].constraint, RT_CON_UNIQUE);
}

Test(from_python, enum_columns_create_their_type_first)
{
    const rt_mig_ops *r = ops_of(
        HEAD "    op.create_table('t', sa.Column('mood', sa.Enum('sad', 'ok', name='mood')),\n"
             "        sa.Column('m2', postgresql.ENUM('a', name='m2', create_type=False)))\n"
             "    op.add_column('u', sa.Column('k', sa.Enum('x', name='kind')))\n");
    cr_assert_eq(r->ops.count, 4);
    cr_assert_str_eq(fmt(&r->ops.items[0]),
                     "create_type table=mood names=sad,ok flags=enum,implicit");
    cr_assert_eq(r->ops.items[0].loc.column, 44, "got %u", r->ops.items[0].loc.column);
    cr_assert_str_eq(fmt(&r->ops.items[1]), "create_table table=t columns=mood:mood | m2:m2");
    cr_assert_str_eq(fmt(&r->ops.items[2]), "create_type table=kind names=x flags=enum,implicit");
    cr_assert_eq(r->ops.items[3].kind, RT_OP_ADD_COLUMN);
}

Test(from_python, alter_column_keywords)
{
    const rt_mig_ops *r = ops_of(
        HEAD "    op.alter_column('t', 'c', existing_type=sa.String(100), type_=sa.String(20),\n"
             "                    nullable=False, server_default=None, comment='hi',\n"
             "                    new_column_name='d')\n"
             "    op.alter_column('t', 'e', new_column_name='f')\n");
    cr_assert_eq(r->ops.count, 3);
    cr_assert_str_eq(fmt(&r->ops.items[0]),
                     "alter_column table=t column=c value=hi type=character varying(20)"
                     " null=not_null old_type=character varying(100)"
                     " alter=type,set_not_null,drop_default,comment");
    cr_assert_str_eq(fmt(&r->ops.items[1]), "rename_column table=t column=c new_name=d");
    cr_assert_str_eq(fmt(&r->ops.items[2]), "rename_column table=t column=e new_name=f");
}

Test(from_python, indexes_and_constraints)
{
    const rt_mig_ops *r = ops_of(
        HEAD "    op.create_index(op.f('ix_t_a'), 't', ['a', 'b'], unique=True,\n"
             "                    postgresql_concurrently=True, if_not_exists=True)\n"
             "    op.drop_index('ix_t_a', table_name='t', postgresql_concurrently=True, if_exists=True)\n"
             "    op.create_foreign_key('fk', 't', 'o', ['o_id'], ['id'])\n"
             "    op.create_unique_constraint('uq', 't', ['a'])\n"
             "    op.create_check_constraint('ck', 't', 'a > 0')\n"
             "    op.create_primary_key('pk', 't', ['id'])\n"
             "    op.create_exclude_constraint('ex', 't', ('period', '&&'), using='gist')\n"
             "    op.drop_constraint('fk', 't', type_='foreignkey')\n");
    cr_assert_eq(r->ops.count, 8);
    cr_assert_str_eq(fmt(&r->ops.items[0]),
                     "create_index table=t name=ix_t_a names=a,b"
                     " flags=if_not_exists,concurrently,unique,conv_name");
    cr_assert_str_eq(fmt(&r->ops.items[1]),
                     "drop_index table=t name=ix_t_a flags=if_exists,concurrently");
    cr_assert_str_eq(fmt(&r->ops.items[2]),
                     "add_constraint table=t name=fk constraint=foreign_key ref=o names=o_id");
    cr_assert_str_eq(fmt(&r->ops.items[3]),
                     "add_constraint table=t name=uq constraint=unique names=a");
    cr_assert_eq(r->ops.items[4].constraint, RT_CON_CHECK);
    cr_assert_eq(r->ops.items[5].constraint, RT_CON_PRIMARY_KEY);
    cr_assert_str_eq(fmt(&r->ops.items[6]),
                     "add_constraint table=t name=ex constraint=exclusion method=gist names=period");
    cr_assert_str_eq(fmt(&r->ops.items[7]),
                     "drop_constraint table=t name=fk constraint=foreign_key");
}

Test(from_python, batch_ops_take_the_batch_table)
{
    const rt_mig_ops *r = ops_of(
        HEAD "    with op.batch_alter_table('users', schema='s') as batch_op:\n"
             "        batch_op.drop_column('email')\n"
             "        batch_op.alter_column('name', nullable=True)\n"
             "        batch_op.create_index('ix', ['a'])\n");
    cr_assert_eq(r->ops.count, 3);
    cr_assert_str_eq(fmt(&r->ops.items[0]),
                     "drop_column schema=s table=users column=email flags=batch");
    cr_assert_str_eq(fmt(&r->ops.items[1]),
                     "alter_column schema=s table=users column=name null=nullable"
                     " alter=drop_not_null flags=batch");
    cr_assert_str_eq(fmt(&r->ops.items[2]),
                     "create_index schema=s table=users name=ix names=a flags=batch");
}

Test(from_python, comments_bulk_insert_and_other_calls)
{
    const rt_mig_ops *r = ops_of(
        HEAD "    op.create_table_comment('t', 'about t')\n"
             "    op.drop_table_comment('t')\n"
             "    op.bulk_insert(sa.table('t'), [{'a': 1}])\n"
             "    if x:\n"
             "        op.invoke(thing)\n");
    cr_assert_eq(r->ops.count, 4);
    cr_assert_str_eq(fmt(&r->ops.items[0]), "comment other=table table=t value=about t");
    cr_assert_str_eq(fmt(&r->ops.items[1]), "comment other=table table=t");
    cr_assert_eq(r->ops.items[2].kind, RT_OP_BULK_INSERT);
    cr_assert_str_eq(fmt(&r->ops.items[3]), "other other=invoke flags=conditional");
}

/* ---- SQL positions ---- */

Test(from_python, sql_in_a_single_line_string)
{
    const rt_mig_ops *r = ops_of(HEAD "    op.execute('DROP TABLE a; ALTER TABLE b DROP COLUMN c')\n");
    cr_assert_eq(r->ops.count, 2);
    cr_assert_str_eq(fmt(&r->ops.items[0]), "drop_table table=a");
    cr_assert_eq(r->ops.items[0].span.line, 6);
    cr_assert_eq(r->ops.items[0].span.column, 17, "got %u", r->ops.items[0].span.column);
    cr_assert_str_eq(fmt(&r->ops.items[1]), "drop_column table=b column=c");
    cr_assert_eq(r->ops.items[1].span.column, 31, "got %u", r->ops.items[1].span.column);
}

Test(from_python, sql_in_a_triple_quoted_string)
{
    const rt_mig_ops *r = ops_of(HEAD "    op.execute(sa.text(\"\"\"\n"
                                      "        CREATE INDEX ix ON t (a);\n"
                                      "        DROP TABLE old;\n"
                                      "    \"\"\"))\n");
    cr_assert_eq(r->ops.count, 2);
    cr_assert_eq(r->ops.items[1].kind, RT_OP_DROP_TABLE);
    cr_assert_eq(r->ops.items[1].span.line, 8);
    cr_assert_eq(r->ops.items[1].span.column, 9, "got %u", r->ops.items[1].span.column);
}

Test(from_python, sql_after_escapes_and_in_concatenated_strings)
{
    const rt_mig_ops *r = ops_of(HEAD "    op.execute('UPDATE t SET a = \\'x\\'; DROP TABLE z')\n"
                                      "    op.execute('ALTER TABLE a '\n"
                                      "               'ADD COLUMN b int; '\n"
                                      "               'DROP TABLE y')\n");
    cr_assert_eq(r->ops.count, 4);
    cr_assert_eq(r->ops.items[1].kind, RT_OP_DROP_TABLE);
    cr_assert_eq(r->ops.items[1].span.column, 41, "got %u", r->ops.items[1].span.column);
    cr_assert_eq(r->ops.items[3].kind, RT_OP_DROP_TABLE);
    cr_assert_eq(r->ops.items[3].span.line, 9);
    cr_assert_eq(r->ops.items[3].span.column, 17, "got %u", r->ops.items[3].span.column);
}

Test(from_python, sql_in_an_f_string)
{
    const rt_mig_ops *r = ops_of(HEAD "    op.execute(f'ALTER TABLE {name} ADD COLUMN x int; DROP TABLE q')\n");
    cr_assert_eq(r->ops.count, 2);
    cr_assert(r->ops.items[0].flags & RT_OPF_HOLE);
    cr_assert_eq(r->ops.items[1].kind, RT_OP_DROP_TABLE);
    cr_assert_eq(r->ops.items[1].span.column, 55, "got %u", r->ops.items[1].span.column);
    cr_assert_eq(r->sql_error_count, 0);
}

Test(from_python, sql_in_concatenated_f_strings_is_placed_at_the_string)
{
    const rt_mig_ops *r = ops_of(HEAD "    op.execute(f'DROP TABLE {a}' f'; DROP TABLE q')\n");
    cr_assert_eq(r->ops.count, 2);
    cr_assert_eq(r->ops.items[1].span.column, 16, "got %u", r->ops.items[1].span.column);
}

Test(from_python, sql_syntax_errors_have_file_positions)
{
    const rt_mig_ops *r = ops_of(HEAD "    op.execute('''\n"
                                      "      DROP TABEL x;\n"
                                      "      DROP TABLE y''')\n");
    cr_assert_eq(r->sql_error_count, 1);
    cr_assert_eq(r->sql_errors[0].line, 7);
    cr_assert_eq(r->sql_errors[0].column, 12);
    cr_assert_eq(r->ops.count, 1);
    cr_assert_str_eq(fmt(&r->ops.items[0]), "drop_table table=y");
}

Test(from_python, sql_built_at_run_time_is_unknown)
{
    const rt_mig_ops *r = ops_of(HEAD "    op.execute(make_sql())\n");
    cr_assert_eq(r->ops.count, 1);
    cr_assert_eq(r->ops.items[0].kind, RT_OP_UNKNOWN_SQL);
}

Test(from_python, explicit_enum_create_and_drop)
{
    const rt_mig_ops *r = ops_of(HEAD "    sa.Enum('a', name='mood').drop(op.get_bind(), checkfirst=False)\n"
                                      "    postgresql.ENUM(name='m2').create(op.get_bind())\n");
    cr_assert_eq(r->ops.count, 2);
    cr_assert_str_eq(fmt(&r->ops.items[0]), "drop_type table=mood flags=enum");
    cr_assert_eq(r->ops.items[0].loc.line, 6);
    cr_assert_str_eq(fmt(&r->ops.items[1]), "create_type table=m2 flags=enum");
}

Test(from_python, integer_primary_keys_render_as_serial_like_sqlalchemy)
{
    const rt_mig_ops *r = ops_of(
        HEAD "    op.create_table('a', sa.Column('id', sa.Integer(), primary_key=True))\n"
             "    op.create_table('b', sa.Column('id', sa.BigInteger(), sa.Identity(), primary_key=True))\n"
             "    op.add_column('c', sa.Column('id', sa.SmallInteger(), primary_key=True))\n"
             "    op.add_column('c', sa.Column('n', sa.Integer(), autoincrement=True))\n");
    cr_assert_eq(r->ops.count, 4);
    cr_assert_str_eq(fmt(&r->ops.items[0]), "create_table table=a columns=id:serial:pk");
    cr_assert_str_eq(fmt(&r->ops.items[1]),
                     "create_table table=b columns=id:bigint:pk:identity");
    cr_assert_str_eq(r->ops.items[2].col.type.name, "smallserial");
    cr_assert_str_eq(r->ops.items[3].col.type.name, "integer");
}
