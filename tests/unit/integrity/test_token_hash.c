/* integrity.ignore_formatting: a re-format hashes the same, a code change does not. */
#include <criterion/criterion.h>
#include <string.h>

#include "retort/sumfile.h"

static void hash(const char *text, unsigned char out[RT_HASH_LEN])
{
    cr_assert_eq(rt_hash_tokens(text, strlen(text), out), RT_OK);
}

static bool same(const char *a, const char *b)
{
    unsigned char ha[RT_HASH_LEN], hb[RT_HASH_LEN];
    hash(a, ha);
    hash(b, hb);
    return memcmp(ha, hb, RT_HASH_LEN) == 0;
}

static const char generated[] =
    "def upgrade():\n"
    "    op.create_table('users',\n"
    "    sa.Column('id', sa.Integer(), nullable=False),\n"
    "    sa.PrimaryKeyConstraint('id')\n"
    "    )\n";

Test(token_hash, a_reformat_is_not_an_edit)
{
    const char black[] =
        "def upgrade():\n"
        "    # formatted by black\n"
        "    op.create_table(\n"
        "        \"users\",\n"
        "        sa.Column(\"id\", sa.Integer(), nullable=False),\n"
        "        sa.PrimaryKeyConstraint(\"id\"),\n"
        "    )\n";
    cr_assert(same(generated, black));
    cr_assert(same("x = B'a'\n", "x = b\"a\"\n"), "prefix case and quote style are formatting");
    cr_assert(same("x = '''a'''\n", "x = \"\"\"a\"\"\"\n"));
}

Test(token_hash, a_code_change_is_an_edit)
{
    cr_assert(!same(generated, "def upgrade():\n    op.create_table('users',\n"
                               "    sa.Column('id', sa.BigInteger(), nullable=False),\n"
                               "    sa.PrimaryKeyConstraint('id')\n    )\n"));
    cr_assert(!same("x = 'a'\n", "x = 'b'\n"));
    cr_assert(!same("if a:\n    b()\nc()\n", "if a:\n    b()\n    c()\n"), "indentation is code");
    cr_assert(!same("f(a, b)\n", "f(a)\n"));
}

Test(token_hash, entries_are_compared_by_their_kind)
{
    rt_sum_entry bytes = {.name = "a.py", .kind = RT_HASH_BYTES};
    rt_sum_entry tokens = {.name = "a.py", .kind = RT_HASH_TOKENS};
    rt_hash_migration(generated, strlen(generated), bytes.hash);
    hash(generated, tokens.hash);
    const char reformatted[] = "def upgrade():\n    op.create_table('users', "
                               "sa.Column('id', sa.Integer(), nullable=False), "
                               "sa.PrimaryKeyConstraint('id'))\n";
    cr_assert(rt_sum_entry_matches(&bytes, generated, strlen(generated)));
    cr_assert(!rt_sum_entry_matches(&bytes, reformatted, strlen(reformatted)));
    cr_assert(rt_sum_entry_matches(&tokens, reformatted, strlen(reformatted)));
}

Test(token_hash, sum_lines_carry_the_kind)
{
    const char text[] = "a.py pytokens-sha256:"
                        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n";
    rt_sumfile sum;
    rt_error err;
    rt_arena *a = rt_arena_new();
    cr_assert_eq(rt_sumfile_parse(&sum, a, "retort.sum", text, sizeof text - 1, &err), RT_OK,
                 "%s", err.message);
    cr_assert_eq(sum.entries[0].kind, RT_HASH_TOKENS);
    const char bad[] = "a.py pytokens-md5:00\n";
    cr_assert_eq(rt_sumfile_parse(&sum, a, "retort.sum", bad, sizeof bad - 1, &err), RT_EPARSE);
    cr_assert_eq(err.column, 15);
    rt_arena_free(a);
}
