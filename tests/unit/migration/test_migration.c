#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "retort/migration.h"
#include "retort/source.h"

static rt_arena *arena;

static void setup(void)
{
    arena = rt_arena_new();
    cr_assert_not_null(arena);
}

static void teardown(void)
{
    rt_arena_free(arena);
}

TestSuite(migration, .init = setup, .fini = teardown);

/* Reads a model from text held by the arena (the model points into it). */
static const rt_migration *read_as(const char *path, const char *text, size_t len)
{
    char *copy = rt_arena_strndup(arena, text, len);
    rt_migration *m = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_migration_read(&m, arena, path, copy, len, &err), RT_OK, "%s", err.message);
    cr_assert_not_null(m);
    return m;
}

static const rt_migration *read_text(const char *text)
{
    return read_as("versions/x.py", text, strlen(text));
}

static const rt_migration *read_fixture(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/fixtures/python/%s", RETORT_SOURCE_DIR, rel);
    rt_source src;
    rt_error err;
    cr_assert_eq(rt_source_read(&src, path, &err), RT_OK, "%s", err.message);
    const rt_migration *m = read_as(path, src.data, src.len);
    rt_source_free(&src);
    return m;
}

static void assert_str(rt_str s, const char *want)
{
    cr_assert_not_null(s.p, "expected \"%s\", got no value", want);
    cr_assert(rt_str_eq_cstr(s, want), "expected \"%s\", got \"%.*s\"", want, (int)s.len, s.p);
}

static void assert_pos(rt_mig_span s, unsigned line, unsigned column)
{
    cr_assert(s.line == line && s.column == column, "expected %u:%u, got %u:%u", line, column,
              s.line, s.column);
}

static const rt_mig_op *op_at(const rt_mig_function *f, size_t i)
{
    cr_assert_not_null(f);
    cr_assert_lt(i, f->op_count, "only %zu ops", f->op_count);
    return &f->ops[i];
}

/* ---- identifiers ----------------------------------------------------------------- */

Test(migration, generated_identifiers_and_docstring)
{
    const rt_migration *m = read_fixture("alembic-1.8.1/generic/1c0000000001_merge_feature.py");
    cr_assert_eq(m->revision.form, RT_MIG_ID_STRING);
    assert_str(m->revision.ids[0], "1c0000000001");
    assert_pos(m->revision.span, 13, 12);
    cr_assert_eq(m->down_revision.form, RT_MIG_ID_TUPLE);
    cr_assert_eq(m->down_revision.count, 2);
    assert_str(m->down_revision.ids[1], "1b0000000002");
    cr_assert_eq(m->branch_labels.form, RT_MIG_ID_NONE);
    cr_assert_not(m->down_revision.dynamic);
    cr_assert(m->docstring.present);
    assert_str(m->docstring.message.value, "merge feature");
    cr_assert_eq(m->docstring.message.line, 1);
    cr_assert_eq(m->docstring.message.column, 4);
    assert_str(m->docstring.revision_id.value, "1c0000000001");
    cr_assert_eq(m->docstring.revision_id.line, 3);
    cr_assert_eq(m->docstring.revision_id.column, 14);
    cr_assert_eq(m->docstring.revises_count, 2);
    assert_str(m->docstring.revises_list[0], "1a0000000004");
    assert_str(m->docstring.revises_list[1], "1b0000000002");
    cr_assert_eq(m->docstring.create_date.line, 5);
    const rt_str *parents;
    size_t n;
    cr_assert(rt_migration_parents(m, &parents, &n));
    cr_assert_eq(n, 2);
}

Test(migration, base_has_empty_revises_and_no_parents)
{
    const rt_migration *m = read_fixture("alembic-1.8.1/multidb/2a0000000001_multidb_first.py");
    cr_assert_eq(m->down_revision.form, RT_MIG_ID_NONE);
    cr_assert_eq(m->docstring.revises.line, 4);
    cr_assert_eq(m->docstring.revises.value.len, 0);
    cr_assert_eq(m->docstring.revises_count, 0);
    const rt_str *parents;
    size_t n = 99;
    cr_assert(rt_migration_parents(m, &parents, &n));
    cr_assert_eq(n, 0);
}

Test(migration, typed_identifiers)
{
    const rt_migration *m = read_fixture("handwritten/docstrings_1_16.py");
    cr_assert(m->revision.annotated);
    assert_str(m->revision.annotation, "str");
    assert_str(m->down_revision.annotation, "Union[str, Sequence[str], None]");
    cr_assert_eq(m->down_revision.form, RT_MIG_ID_TUPLE);
    assert_pos(m->down_revision.span, 16, 50);
    cr_assert_eq(m->branch_labels.form, RT_MIG_ID_TUPLE);
    assert_str(m->branch_labels.ids[0], "reporting");
    cr_assert_eq(m->depends_on.form, RT_MIG_ID_LIST);
    assert_str(m->depends_on.ids[1], "feature");

    m = read_fixture("handwritten/pipe_none.py");
    assert_str(m->down_revision.annotation, "str | None");
    cr_assert_eq(m->down_revision.form, RT_MIG_ID_NONE);
    cr_assert_eq(m->branch_labels.form, RT_MIG_ID_STRING);
    assert_str(m->branch_labels.ids[0], "audit");
}

Test(migration, empty_string_and_empty_tuple_are_bases)
{
    const rt_migration *m = read_fixture("handwritten/base_empty_string.py");
    cr_assert_eq(m->down_revision.form, RT_MIG_ID_STRING);
    const rt_str *parents;
    size_t n = 99;
    cr_assert(rt_migration_parents(m, &parents, &n));
    cr_assert_eq(n, 0);
    cr_assert_eq(m->branch_labels.form, RT_MIG_ID_TUPLE);
    cr_assert_eq(m->branch_labels.count, 0);
}

Test(migration, dynamic_identifiers_are_not_guessed)
{
    const rt_migration *m = read_fixture("handwritten/dynamic_ids.py");
    /* REV = "..." earlier in the module: resolved, as executing the module would. */
    cr_assert_eq(m->revision.form, RT_MIG_ID_STRING);
    cr_assert_not(m->revision.dynamic);
    assert_str(m->revision.ids[0], "7a5c9b6e3f54");
    assert_str(m->revision.value->resolved_from, "REV");
    /* (PARENT, cli.LAST_CONTRACT): one resolved, one dynamic element */
    cr_assert_eq(m->down_revision.form, RT_MIG_ID_TUPLE);
    cr_assert(m->down_revision.dynamic);
    assert_str(m->down_revision.ids[0], "6f4b8a5d2e43");
    cr_assert_null(m->down_revision.ids[1].p);
    cr_assert_eq(m->down_revision.value->items[1]->kind, RT_MIG_V_REF);
    assert_str(m->down_revision.value->items[1]->text, "cli.LAST_CONTRACT");
    cr_assert(m->branch_labels.dynamic);
    cr_assert_eq(m->depends_on.form, RT_MIG_ID_DYNAMIC, "an f-string is dynamic");
    const rt_str *parents;
    size_t n;
    cr_assert_not(rt_migration_parents(m, &parents, &n));

    m = read_fixture("handwritten/computed_revision.py");
    cr_assert_eq(m->revision.form, RT_MIG_ID_DYNAMIC);
    cr_assert_eq(m->revision.value->kind, RT_MIG_V_DYNAMIC);
    assert_pos(m->revision.span, 4, 12);
}

Test(migration, names_resolve_only_to_earlier_plain_literals)
{
    const rt_migration *m = read_text("revision = LATER\nLATER = 'x'\n"
                                      "A = 'a'\nif cond:\n    A = 'b'\ndown_revision = A\n"
                                      "B = 'b'\nB += 'c'\nbranch_labels = B\n");
    cr_assert_eq(m->revision.form, RT_MIG_ID_DYNAMIC);
    cr_assert_eq(m->down_revision.form, RT_MIG_ID_DYNAMIC);
    cr_assert_eq(m->branch_labels.form, RT_MIG_ID_DYNAMIC);
    m = read_text("revision = 'a'\nif x:\n    revision = 'b'\ndepends_on: str\n");
    cr_assert_eq(m->revision.form, RT_MIG_ID_DYNAMIC, "conditionally reassigned");
    cr_assert_eq(m->depends_on.form, RT_MIG_ID_ABSENT, "an annotation alone binds nothing");
    cr_assert_eq(m->down_revision.form, RT_MIG_ID_ABSENT);
}

Test(migration, last_assignment_wins)
{
    const rt_migration *m = read_text("revision = 'a'\nrevision = 'b'\n");
    assert_str(m->revision.ids[0], "b");
    assert_pos(m->revision.span, 2, 12);
}

Test(migration, filename_fallback_revision)
{
    const rt_migration *m = read_fixture("handwritten/deadbeef01.py");
    cr_assert_eq(m->revision.form, RT_MIG_ID_ABSENT);
    assert_str(m->filename_revision, "deadbeef01");
    m = read_as("versions/1234_add.py", "x = 1\n", 6);
    cr_assert_null(m->filename_revision.p, "Alembic's ([a-f0-9]+)\\.py$ is matched from the start");
    m = read_as("abc.py", "revision = 'z'\n", 15);
    cr_assert_null(m->filename_revision.p, "only used when revision is absent");
}

/* ---- functions ------------------------------------------------------------------- */

Test(migration, autogenerated_ops_with_tables_and_values)
{
    const rt_migration *m =
        read_fixture("alembic-1.8.1/generic/1a0000000002_create_users_and_addresses.py");
    const rt_mig_function *up = m->upgrade;
    cr_assert_not_null(up);
    cr_assert_eq(up->op_count, 4);
    cr_assert_not(up->empty);
    cr_assert_eq(up->param_count, 0);
    const rt_mig_op *ct = op_at(up, 0);
    assert_str(ct->name, "create_table");
    cr_assert_eq(ct->receiver, RT_MIG_RECV_OP);
    assert_pos(ct->span, 21, 5);
    cr_assert_eq(ct->span.end_line, 25);
    assert_str(ct->table, "users");
    cr_assert_eq(ct->arg_count, 4);
    const rt_mig_value *col = ct->args[1];
    cr_assert_eq(col->kind, RT_MIG_V_CALL);
    assert_str(col->text, "sa.Column");
    assert_str(col->items[0]->text, "id");
    cr_assert_eq(col->items[1]->kind, RT_MIG_V_CALL);
    assert_str(col->items[1]->text, "sa.Integer");
    cr_assert_eq(col->kwarg_count, 1);
    assert_str(col->kwargs[0].name, "nullable");
    cr_assert_eq(col->kwargs[0].value->kind, RT_MIG_V_BOOL);
    cr_assert_not(col->kwargs[0].value->boolean);
    const rt_mig_op *ix = op_at(up, 1);
    assert_str(ix->name, "create_index");
    assert_str(ix->table, "users");
    cr_assert_eq(ix->args[0]->kind, RT_MIG_V_CALL, "op.f() is an argument, not an op");
    assert_str(ix->args[0]->text, "op.f");
    cr_assert_eq(ix->args[2]->kind, RT_MIG_V_LIST);
    cr_assert_eq(m->downgrade->op_count, 4);
    const rt_mig_op *di = op_at(m->downgrade, 0);
    assert_str(di->name, "drop_index");
    assert_str(di->table, "addresses");
}

Test(migration, batch_blocks_record_table_and_schema)
{
    const rt_migration *m = read_fixture("handwritten/aliases.py");
    const rt_mig_function *up = m->upgrade;
    cr_assert_eq(up->op_count, 6);
    const rt_mig_op *batch = op_at(up, 0), *add = op_at(up, 1), *ix = op_at(up, 2);
    assert_str(batch->name, "batch_alter_table");
    assert_str(batch->receiver_text, "alembic_op");
    assert_pos(batch->span, 13, 10);
    cr_assert_eq(add->receiver, RT_MIG_RECV_BATCH);
    assert_str(add->receiver_text, "b");
    assert_str(add->table, "users");
    assert_str(add->schema, "app");
    cr_assert_eq(add->batch, batch);
    assert_str(ix->table, "users");
    const rt_mig_op *conn = op_at(up, 3);
    assert_str(conn->name, "execute");
    cr_assert_eq(conn->receiver, RT_MIG_RECV_CONNECTION);
    assert_str(conn->receiver_text, "conn");
    cr_assert_eq(conn->args[0]->kind, RT_MIG_V_CALL);
    assert_str(conn->args[0]->text, "text");
    assert_str(conn->args[0]->items[0]->text, "UPDATE users SET active = false WHERE banned");
    const rt_mig_op *resolved = op_at(up, 4);
    cr_assert_eq(resolved->receiver, RT_MIG_RECV_OP);
    cr_assert_eq(resolved->args[0]->kind, RT_MIG_V_STR);
    assert_str(resolved->args[0]->text, "UPDATE users SET active = true");
    assert_str(resolved->args[0]->resolved_from, "SQL");
    assert_pos(resolved->args[0]->parts[0].token, 9, 7);
    const rt_mig_op *direct = op_at(up, 5);
    cr_assert_eq(direct->receiver, RT_MIG_RECV_CONNECTION);
    assert_str(direct->args[0]->text, "sa.text");
}

Test(migration, nested_batches)
{
    const rt_migration *m = read_fixture("handwritten/nested_batch.py");
    const rt_mig_function *up = m->upgrade;
    cr_assert_eq(up->op_count, 6);
    assert_str(op_at(up, 1)->table, "orders");
    assert_str(op_at(up, 2)->table, "order_items");
    assert_str(op_at(up, 3)->table, "order_items");
    assert_str(op_at(up, 4)->table, "orders");
    cr_assert_eq(op_at(up, 4)->batch, op_at(up, 0));
    cr_assert_eq(op_at(up, 5)->batch, op_at(up, 2));
    cr_assert_null(op_at(up, 1)->schema.p);
    cr_assert(m->downgrade->empty);
}

Test(migration, flags_helpers_and_order)
{
    const rt_migration *m = read_fixture("handwritten/conditional_loops_helpers.py");
    const rt_mig_function *up = m->upgrade;
    static const char *const names[] = {"execute",    "execute",     "add_column",
                                        "create_index", "drop_table", "drop_index",
                                        "execute",    "create_index", "bulk_insert"};
    cr_assert_eq(up->op_count, sizeof names / sizeof names[0]);
    for (size_t i = 0; i < up->op_count; i++)
        assert_str(up->ops[i].name, names[i]);
    cr_assert_eq(op_at(up, 0)->flags, RT_MIG_OP_CONDITIONAL);
    cr_assert_eq(op_at(up, 1)->flags, RT_MIG_OP_CONDITIONAL);
    const rt_mig_op *add = op_at(up, 2), *ix = op_at(up, 3);
    cr_assert_eq(add->flags, RT_MIG_OP_LOOP | RT_MIG_OP_HELPER);
    cr_assert_eq(add->via_count, 1);
    assert_str(add->via[0], "add_audit_columns");
    assert_pos(add->span, 14, 5);
    cr_assert_eq(ix->via_count, 2);
    assert_str(ix->via[1], "_index");
    cr_assert_eq(ix->args[0]->kind, RT_MIG_V_FSTRING);
    assert_str(ix->args[0]->text, "ix_{table}_created");
    cr_assert_null(ix->table.p, "a name passed as the table is not a literal");
    cr_assert_eq(op_at(up, 4)->flags, RT_MIG_OP_CONDITIONAL);
    cr_assert_eq(op_at(up, 5)->flags, RT_MIG_OP_LOOP);
    cr_assert_eq(op_at(up, 6)->flags, RT_MIG_OP_HELPER, "recursion is followed once");
    cr_assert_eq(op_at(up, 7)->flags, RT_MIG_OP_AUTOCOMMIT);
    cr_assert_eq(op_at(up, 8)->flags, 0);
    assert_str(op_at(up, 8)->args[0]->text, "sa.table");
    const rt_mig_function *down = m->downgrade;
    cr_assert_eq(down->op_count, 2);
    cr_assert_eq(op_at(down, 0)->flags, RT_MIG_OP_LOOP);
    cr_assert_eq(op_at(down, 1)->flags, RT_MIG_OP_CONDITIONAL);
    assert_str(op_at(down, 1)->table, "big");
}

Test(migration, helper_depth_is_bounded)
{
    char text[2048];
    size_t len = 0;
    len += (size_t)snprintf(text + len, sizeof text - len, "from alembic import op\n");
    for (int i = 0; i < 12; i++)
        len += (size_t)snprintf(text + len, sizeof text - len,
                                "def h%d():\n    op.execute('%d')\n    h%d()\n", i, i, i + 1);
    len += (size_t)snprintf(text + len, sizeof text - len, "def upgrade():\n    h0()\n");
    const rt_migration *m = read_as("x.py", text, len);
    cr_assert_eq(m->upgrade->op_count, RT_MIG_MAX_HELPER_DEPTH);
    cr_assert_eq(m->upgrade->ops[RT_MIG_MAX_HELPER_DEPTH - 1].via_count,
                 RT_MIG_MAX_HELPER_DEPTH);
}

Test(migration, op_receivers_follow_imports_and_parameters)
{
    const rt_migration *m = read_fixture("handwritten/op_params.py");
    const rt_mig_function *up = m->upgrade;
    cr_assert_eq(up->param_count, 3);
    assert_str(up->params[0], "op");
    assert_str(up->params[2], "tester");
    cr_assert_eq(up->op_count, 1);
    assert_str(op_at(up, 0)->name, "add_column");

    m = read_fixture("handwritten/downgrade_raises.py");
    cr_assert_eq(m->upgrade->op_count, 2);
    assert_str(op_at(m->upgrade, 0)->receiver_text, "alembic.op");

    m = read_text("import operator as op\ndef upgrade():\n    op.add(1, 2)\n");
    cr_assert_eq(m->upgrade->op_count, 0, "op that is not alembic's is not an op");
    m = read_text("def upgrade():\n    from alembic import op\n    op.drop_table('t')\n");
    cr_assert_eq(m->upgrade->op_count, 1, "a function-local import counts");
    m = read_text("from alembic import op\ndef upgrade():\n    op = None\n    op.drop_table('t')\n");
    cr_assert_eq(m->upgrade->op_count, 0, "a local rebinding shadows op");
}

Test(migration, empty_and_raising_functions)
{
    const rt_migration *m = read_fixture("handwritten/pipe_none.py");
    cr_assert(m->upgrade->empty, "docstring only");
    cr_assert(m->downgrade->empty, "ellipsis");
    m = read_fixture("handwritten/docstrings_1_16.py");
    cr_assert(m->downgrade->empty, "docstring then pass");
    cr_assert_not(m->upgrade->empty);

    m = read_fixture("handwritten/downgrade_raises.py");
    const rt_mig_function *down = m->downgrade;
    cr_assert(down->raises);
    assert_str(down->raise_name, "RuntimeError");
    assert_str(down->raise_message, "irreversible");
    assert_pos(down->raise_span, 17, 5);
    cr_assert_eq(down->op_count, 1, "code after the raise is still listed");
    cr_assert_not(down->empty);

    m = read_fixture("handwritten/multidb_ops.py");
    const rt_mig_function *d2 = rt_migration_function(m, "downgrade_engine2");
    cr_assert_not_null(d2);
    cr_assert(d2->raises);
    assert_str(d2->raise_name, "NotImplementedError");
    cr_assert_null(d2->raise_message.p);
    cr_assert_eq(m->function_count, 6);
    cr_assert_eq(rt_migration_function(m, "upgrade_engine1")->op_count, 1);
    cr_assert_eq(m->upgrade->param_count, 1);
    assert_str(m->upgrade->params[0], "engine_name");

    m = read_text("from alembic import op\ndef downgrade():\n    op.drop_table('a')\n"
                  "    raise NotImplementedError\n");
    cr_assert_not(m->downgrade->raises, "an op comes before the raise");
    m = read_fixture("handwritten/no_downgrade.py");
    cr_assert_null(m->downgrade);
    cr_assert_not_null(m->upgrade);
}

Test(migration, last_def_wins)
{
    const rt_migration *m = read_text("from alembic import op\ndef upgrade():\n    pass\n"
                                      "def upgrade(x):\n    op.drop_table('t')\n");
    cr_assert_eq(m->function_count, 1);
    cr_assert_eq(m->upgrade->op_count, 1);
    assert_pos(m->upgrade->span, 4, 5);
}

/* ---- strings and positions ------------------------------------------------------- */

Test(migration, string_arguments_keep_their_tokens)
{
    const rt_migration *m = read_fixture("handwritten/strings.py");
    const rt_mig_function *up = m->upgrade;
    cr_assert_eq(up->op_count, 8);
    const rt_mig_value *multi = op_at(up, 0)->args[0];
    assert_str(multi->text, "\n        UPDATE users\n        SET name = 'Zoë'\n    ");
    assert_pos(multi->parts[0].token, 10, 16);
    cr_assert_eq(multi->parts[0].token.end_line, 13);
    const rt_mig_value *cat = op_at(up, 1)->args[0];
    assert_pos(op_at(up, 1)->span, 14, 5);
    cr_assert_eq(cat->part_count, 3);
    assert_str(cat->text, "UPDATE a SET b = 1 WHERE c ~ '\\d'");
    assert_pos(cat->parts[1].token, 15, 16);
    cr_assert(cat->parts[2].raw);
    cr_assert_eq(cat->parts[0].body_end - cat->parts[0].body_start, strlen("UPDATE a "));
    assert_str(op_at(up, 2)->args[0]->text, "SELECT 'one two'");
    /* on a line with non-ASCII text, columns count code points */
    const rt_mig_op *alter = op_at(up, 3), *drop = op_at(up, 4);
    assert_pos(alter->span, 19, 5);
    assert_pos(drop->span, 19, 66);
    cr_assert_eq(drop->span.end_column, 94);
    cr_assert_gt(drop->span.start, 0);
    cr_assert_eq(op_at(up, 5)->args[0]->kind, RT_MIG_V_BYTES);
    const rt_mig_value *f = op_at(up, 6)->args[0];
    cr_assert_eq(f->kind, RT_MIG_V_FSTRING);
    assert_str(f->text, "UPDATE {'users'} SET n = {1 + 1}");
    cr_assert_eq(f->count, 4);
    cr_assert_eq(f->items[1]->kind, RT_MIG_V_HOLE);
    cr_assert_eq(f->items[1]->items[0]->kind, RT_MIG_V_STR);
    cr_assert_eq(f->items[3]->items[0]->kind, RT_MIG_V_DYNAMIC);
    const rt_mig_value *call = op_at(up, 7)->args[0];
    cr_assert_eq(call->kind, RT_MIG_V_CALL);
    assert_str(call->text, "build_sql");
}

/* The byte span of a string part's body is the body in the file. */
static void assert_body(const char *file, const rt_mig_strpart *p, const char *want)
{
    size_t n = p->body_end - p->body_start;
    cr_assert(n == strlen(want) && memcmp(file + p->body_start, want, n) == 0,
              "body is \"%.*s\"", (int)n, file + p->body_start);
}

Test(migration, crlf_positions)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/fixtures/python/handwritten/crlf.py", RETORT_SOURCE_DIR);
    rt_source src;
    rt_error err;
    cr_assert_eq(rt_source_read(&src, path, &err), RT_OK);
    const rt_migration *m = read_as(path, src.data, src.len);
    cr_assert_eq(m->docstring.revision_id.line, 3);
    assert_str(m->docstring.revision_id.value, "0a1b2c3d4e5f");
    const rt_mig_op *ex = op_at(m->upgrade, 0), *add = op_at(m->upgrade, 1);
    assert_pos(ex->span, 18, 5);
    assert_str(ex->args[0]->text, "\n        SELECT 1\n    ");
    assert_body(src.data, &ex->args[0]->parts[0], "\r\n        SELECT 1\r\n    ");
    assert_pos(add->span, 21, 5);
    rt_source_free(&src);
}

Test(migration, latin1_offsets_are_file_offsets)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/fixtures/python/handwritten/latin1.py", RETORT_SOURCE_DIR);
    rt_source src;
    rt_error err;
    cr_assert_eq(rt_source_read(&src, path, &err), RT_OK);
    const rt_migration *m = read_as(path, src.data, src.len);
    assert_str(m->docstring.message.value, "caf\xc3\xa9 migration: donn\xc3\xa9" "es");
    const rt_mig_op *ex = op_at(m->upgrade, 0), *drop = op_at(m->upgrade, 1);
    assert_str(ex->args[0]->text, "UPDATE t SET name = '\xc3\xa9'");
    assert_body(src.data, &ex->args[0]->parts[0], "UPDATE t SET name = '\xe9'");
    assert_pos(drop->span, 10, 44);
    assert_str(drop->table, "caf\xc3\xa9");
    assert_body(src.data, &drop->args[0]->parts[0], "caf\xe9");
    cr_assert_eq(m->upgrade->op_count, 3, "op.f is not an operation");
    cr_assert_eq(op_at(m->upgrade, 2)->args[1]->kind, RT_MIG_V_CALL);
    assert_str(op_at(m->upgrade, 2)->args[1]->text, "op.f");
    rt_source_free(&src);
}

Test(migration, bom_and_tabs)
{
    const rt_migration *m = read_fixture("handwritten/bom.py");
    assert_str(m->revision.ids[0], "1b2c3d4e5f60");
    assert_pos(op_at(m->upgrade, 0)->span, 9, 5);
    assert_str(op_at(m->upgrade, 0)->table, "\xc3\xbcn\xc3\xaf");
    m = read_fixture("handwritten/tabs.py");
    assert_pos(op_at(m->upgrade, 0)->span, 9, 3);
    cr_assert_eq(op_at(m->upgrade, 0)->flags, RT_MIG_OP_CONDITIONAL);
    assert_pos(op_at(m->upgrade, 1)->span, 10, 2);
}

/* ---- imports, errors, JSON ------------------------------------------------------- */

Test(migration, imports_are_listed)
{
    const rt_migration *m = read_fixture("handwritten/mixed_imports.py");
    cr_assert_eq(m->import_count, 8);
    const rt_mig_import *os = &m->imports[1];
    cr_assert_not(os->from);
    cr_assert_eq(os->name_count, 2);
    assert_str(os->names[1].name, "sys");
    assert_str(os->names[1].asname, "system");
    const rt_mig_import *models = &m->imports[3];
    cr_assert(models->from);
    assert_str(models->module, "myapp.models");
    assert_str(models->names[1].asname, "O");
    assert_pos(models->span, 6, 1);
    cr_assert_eq(m->imports[4].level, 1);
    cr_assert_eq(m->imports[4].module.len, 0);
    cr_assert_eq(m->imports[5].level, 2);
    assert_str(m->imports[6].names[0].name, "myapp.db.session");
    cr_assert(m->imports[6].top_level);
    assert_str(m->imports[7].module, "myapp.utils");
    cr_assert_not(m->imports[7].top_level);
}

Test(migration, syntax_errors_are_listed_and_the_rest_is_read)
{
    const rt_migration *m = read_fixture("handwritten/syntax_error.py");
    cr_assert_gt(m->syntax_error_count, 0);
    cr_assert_eq(m->syntax_errors[0].line, 8);
    cr_assert_not_null(m->syntax_errors[0].message);
    assert_str(m->revision.ids[0], "4e5f60718293");
}

Test(migration, json_is_valid_with_invalid_utf8)
{
    const char text[] = "revision = '\xff\xfe'\ndown_revision = None\n"
                        "from alembic import op\ndef upgrade():\n    op.drop_table('t\xc3')\n";
    const rt_migration *m = read_as("bad\x80.py", text, sizeof text - 1);
    rt_buf out = RT_BUF_INIT;
    cr_assert_eq(rt_migration_json(&out, m), RT_OK);
    json_error_t jerr;
    json_t *j = json_loads(rt_buf_cstr(&out), 0, &jerr);
    cr_assert_not_null(j, "invalid JSON: %s", jerr.text);
    cr_assert_str_eq(json_string_value(json_object_get(j, "path")), "bad\xef\xbf\xbd.py");
    json_t *ops = json_object_get(json_object_get(json_object_get(j, "functions"), "upgrade"),
                                  "ops");
    cr_assert_eq(json_array_size(ops), 1);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(ops, 0), "table")),
                     "t\xef\xbf\xbd");
    cr_assert(json_is_null(json_object_get(json_object_get(j, "functions"), "downgrade")));
    json_decref(j);
    rt_buf_free(&out);
}

Test(migration, hostile_input_does_not_crash)
{
    size_t n = 100000;
    char *deep = rt_arena_alloc(arena, n * 2 + 64);
    size_t len = (size_t)snprintf(deep, 64, "from alembic import op\nop.x(");
    for (size_t i = 0; i < n; i++)
        deep[len++] = '[';
    const rt_migration *m = read_as("deep.py", deep, len);
    cr_assert_gt(m->syntax_error_count, 0);
    const char bin[] = "\x00\x01\x02" "def upgrade(:\n\xff\xfe";
    m = read_as("bin.py", bin, sizeof bin - 1);
    cr_assert_gt(m->syntax_error_count, 0);
}

Test(migration, pep701_fstrings)
{
    const rt_migration *m = read_fixture("py312/pep701_fstrings.py");
    cr_assert_eq(m->syntax_error_count, 0);
    const rt_mig_function *up = m->upgrade;
    cr_assert_eq(up->op_count, 3);
    const rt_mig_value *f = op_at(up, 0)->args[0];
    cr_assert_eq(f->kind, RT_MIG_V_FSTRING);
    assert_str(f->text, "UPDATE {TABLE} SET n = {f\"{\"x\"}\"}");
    cr_assert_eq(f->items[1]->items[0]->kind, RT_MIG_V_STR, "TABLE resolves to its constant");
    assert_str(f->items[1]->items[0]->resolved_from, "TABLE");
    cr_assert_eq(f->items[3]->items[0]->kind, RT_MIG_V_FSTRING, "nested f-string");
    assert_pos(op_at(up, 2)->span, 12, 11);
    cr_assert_null(op_at(up, 2)->table.p);
}

Test(migration, expression_flags)
{
    const rt_migration *m = read_text(
        "from alembic import op\n"
        "def upgrade():\n"
        "    x = op.execute('a') if c else op.execute('b')\n"
        "    c and op.execute('c')\n"
        "    f = lambda: op.execute('never')\n"
        "    def inner():\n"
        "        op.execute('not here')\n"
        "    try:\n        pass\n    finally:\n        op.execute('always')\n");
    const rt_mig_function *up = m->upgrade;
    cr_assert_eq(up->op_count, 4);
    cr_assert_eq(op_at(up, 0)->flags, RT_MIG_OP_CONDITIONAL);
    cr_assert_eq(op_at(up, 1)->flags, RT_MIG_OP_CONDITIONAL);
    cr_assert_eq(op_at(up, 2)->flags, RT_MIG_OP_CONDITIONAL);
    cr_assert_eq(op_at(up, 3)->flags, 0, "finally always runs");
    assert_str(op_at(up, 3)->args[0]->text, "always");
}

Test(migration, helpers_get_the_batch_they_are_passed)
{
    const rt_migration *m = read_text(
        "from alembic import op\n"
        "def cols(b, name):\n    b.drop_column(name)\n"
        "def upgrade():\n"
        "    with op.batch_alter_table('t', schema='s') as bo:\n"
        "        cols(bo, 'x')\n"
        "        cols(name='y', b=bo)\n");
    const rt_mig_function *up = m->upgrade;
    cr_assert_eq(up->op_count, 3);
    for (size_t i = 1; i < 3; i++) {
        cr_assert_eq(op_at(up, i)->receiver, RT_MIG_RECV_BATCH);
        assert_str(op_at(up, i)->table, "t");
        assert_str(op_at(up, i)->schema, "s");
        cr_assert_eq(op_at(up, i)->batch, op_at(up, 0));
        assert_str(op_at(up, i)->via[0], "cols");
    }
}

Test(migration, json_shape)
{
    const rt_migration *m = read_fixture("handwritten/downgrade_raises.py");
    rt_buf out = RT_BUF_INIT;
    cr_assert_eq(rt_migration_json(&out, m), RT_OK);
    json_t *j = json_loads(rt_buf_cstr(&out), 0, NULL);
    cr_assert_not_null(j);
    static const char *const keys[] = {"path",       "revision",    "down_revisions",
                                       "branch_labels", "depends_on", "identifiers",
                                       "docstring",  "functions",   "imports",
                                       "syntax_errors"};
    void *it = json_object_iter(j);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++, it = json_object_iter_next(j, it)) {
        cr_assert_not_null(it);
        cr_assert_str_eq(json_object_iter_key(it), keys[i]);
    }
    cr_assert_null(it);
    json_t *down = json_object_get(json_object_get(j, "functions"), "downgrade");
    cr_assert(json_is_true(json_object_get(down, "raises")));
    json_t *raise = json_object_get(down, "raise");
    cr_assert_str_eq(json_string_value(json_object_get(raise, "exception")), "RuntimeError");
    cr_assert_str_eq(json_string_value(json_object_get(raise, "message")), "irreversible");
    json_t *up = json_object_get(json_object_get(j, "functions"), "upgrade");
    json_t *op0 = json_array_get(json_object_get(up, "ops"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(op0, "name")), "execute");
    cr_assert_eq(json_integer_value(json_object_get(op0, "line")), 12);
    json_t *arg = json_array_get(json_object_get(op0, "args"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(arg, "kind")), "call");
    cr_assert_str_eq(json_string_value(json_object_get(arg, "func")), "sa.text");
    cr_assert(json_is_array(json_object_get(j, "down_revisions")));
    json_decref(j);
    rt_buf_free(&out);
}

Test(migration, helper_fan_out_is_bounded_by_the_budget)
{
    /* Each helper calls the next 40 times: 40^7 paths if walked naively. */
    char text[8192];
    size_t len = (size_t)snprintf(text, sizeof text, "from alembic import op\n");
    for (int i = 0; i < 7; i++) {
        len += (size_t)snprintf(text + len, sizeof text - len, "def h%d():\n", i);
        for (int k = 0; k < 40; k++)
            len += (size_t)snprintf(text + len, sizeof text - len, "    h%d()\n", i + 1);
    }
    len += (size_t)snprintf(text + len, sizeof text - len,
                            "def h7():\n    op.execute('x')\ndef upgrade():\n    h0()\n");
    const rt_migration *m = read_as("fan.py", text, len);
    cr_assert(m->upgrade->truncated);
    cr_assert_gt(m->upgrade->op_count, 0);
    cr_assert_lt(m->upgrade->op_count, 100000);
}

Test(migration, sql_of_execute_calls)
{
    const rt_migration *m = read_fixture("handwritten/aliases.py");
    const rt_mig_value *sql = rt_mig_op_sql(op_at(m->upgrade, 3));
    cr_assert_not_null(sql, "text(...) is unwrapped");
    assert_str(sql->text, "UPDATE users SET active = false WHERE banned");
    assert_pos(sql->span, 17, 23);
    assert_str(rt_mig_op_sql(op_at(m->upgrade, 4))->text, "UPDATE users SET active = true");
    assert_str(rt_mig_op_sql(op_at(m->upgrade, 5))->text, "ANALYZE users");
    cr_assert_null(rt_mig_op_sql(op_at(m->upgrade, 1)), "add_column runs no SQL");
    m = read_fixture("handwritten/strings.py");
    cr_assert_eq(rt_mig_op_sql(op_at(m->upgrade, 6))->kind, RT_MIG_V_FSTRING);
    cr_assert_null(rt_mig_op_sql(op_at(m->upgrade, 7)), "build_sql() is not in the file");
    cr_assert_null(rt_mig_op_sql(op_at(m->upgrade, 5)), "bytes are not SQL text");
    m = read_text("from alembic import op\nimport sqlalchemy as sa\ndef upgrade():\n"
                  "    op.execute(sqltext=sa.text('SELECT 1'))\n    op.execute(sa.text(q))\n");
    assert_str(rt_mig_op_sql(op_at(m->upgrade, 0))->text, "SELECT 1");
    cr_assert_null(rt_mig_op_sql(op_at(m->upgrade, 1)));
}

Test(migration, long_expression_chains_are_walked_whole)
{
    size_t n = 3000, cap = n * 20 + 64;
    char *text = rt_arena_alloc(arena, cap);
    size_t len = (size_t)snprintf(text, cap, "from alembic import op\ndef upgrade():\n    x = ");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, "%sop.execute('')", i ? " + " : "");
    text[len++] = '\n';
    const rt_migration *m = read_as("chain.py", text, len);
    cr_assert_eq(m->syntax_error_count, 0);
    cr_assert_eq(m->upgrade->op_count, n);
    cr_assert_not(m->upgrade->truncated);
    assert_pos(op_at(m->upgrade, 0)->span, 3, 9);
}

/* The JSON summary of one file's identifiers, as Alembic 1.8.1 would use them. */
static json_t *summary_of(const rt_migration *m, const char *key)
{
    rt_buf out = RT_BUF_INIT;
    cr_assert_eq(rt_migration_json(&out, m), RT_OK);
    json_t *j = json_loads(rt_buf_cstr(&out), 0, NULL);
    rt_buf_free(&out);
    cr_assert_not_null(j);
    json_t *v = json_incref(json_object_get(j, key));
    json_decref(j);
    return v;
}

Test(migration, json_identifier_summaries)
{
    const rt_migration *m = read_text("revision = 'a'\ndown_revision = ''\nbranch_labels = ''\n");
    json_t *v = summary_of(m, "down_revisions");
    cr_assert(json_is_array(v) && json_array_size(v) == 0, "\"\" is a base");
    json_decref(v);
    v = summary_of(m, "branch_labels");
    cr_assert(json_is_array(v) && json_array_size(v) == 1, "\"\" is one (empty) label");
    json_decref(v);
    v = summary_of(m, "depends_on");
    cr_assert(json_is_array(v) && json_array_size(v) == 0, "absent depends_on is empty");
    json_decref(v);
    m = read_text("revision = x()\nbranch_labels = (y.z,)\n");
    v = summary_of(m, "revision");
    cr_assert(json_is_null(v));
    json_decref(v);
    v = summary_of(m, "down_revisions");
    cr_assert(json_is_null(v), "absent down_revision is an error in Alembic: no list");
    json_decref(v);
    v = summary_of(m, "branch_labels");
    cr_assert(json_is_array(v) && json_is_null(json_array_get(v, 0)));
    json_decref(v);
    m = read_as("versions/abc123.py", "down_revision = None\n", 21);
    v = summary_of(m, "revision");
    cr_assert_str_eq(json_string_value(v), "abc123", "the file-name fallback");
    json_decref(v);
}
