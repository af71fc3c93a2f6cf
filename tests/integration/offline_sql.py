"""`alembic upgrade --sql` output: each finding belongs to the revision that runs it.

Real Alembic (Debian's python3-alembic with /usr/bin/python3) renders the offline SQL of
a three-revision project:

  aaa111  creates `accounts` and indexes it (the table is new: no finding);
  bbb222  indexes `accounts` without CONCURRENTLY (require-concurrent-index-creation:
          the table is not new in this revision, although the same SQL stream created it);
  ccc333  one CREATE INDEX CONCURRENTLY in autocommit_block() (fine) and one in the
          migration's transaction (concurrent-index-in-transaction).

retort on that output must report exactly those two findings, at the lines of their
statements, each message starting with "revision <id>:", and the same rules on the same
revisions as on the project's Python files. The same again with an env.py that sets
transaction_per_migration=True (a BEGIN/COMMIT around each revision).

The rendered output is also the extra corpus of squawk_compare.py: the files under
fixtures/squawk/alembic_upgrade_sql/ must be exactly what Alembic renders here.
"""
import json
import os
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]
SOURCE = os.environ["RETORT_SOURCE_DIR"]
PYTHON = os.environ.get("PYTHON", "/usr/bin/python3")
CORPUS = os.path.join(SOURCE, "fixtures", "squawk", "alembic_upgrade_sql")
RULES = "require-concurrent-index-creation,concurrent-index-in-transaction"

HEADER = '''"""{doc}

Revision ID: {rev}
Revises: {down}
"""
from alembic import op
import sqlalchemy as sa

revision = "{rev}"
down_revision = {down_py}
branch_labels = None
depends_on = None

'''

REVISIONS = [
    ("aaa111", None, "accounts", '''
def upgrade():
    op.create_table(
        "accounts",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("email", sa.Text, nullable=False),
    )
    op.create_index("ix_accounts_email", "accounts", ["email"])


def downgrade():
    op.drop_index("ix_accounts_email", table_name="accounts")
    op.drop_table("accounts")
'''),
    ("bbb222", "aaa111", "index accounts.name", '''
def upgrade():
    op.add_column("accounts", sa.Column("name", sa.Text))
    op.create_index("ix_accounts_name", "accounts", ["name"])


def downgrade():
    op.drop_index("ix_accounts_name", table_name="accounts")
    op.drop_column("accounts", "name")
'''),
    ("ccc333", "bbb222", "concurrent indexes", '''
def upgrade():
    with op.get_context().autocommit_block():
        op.create_index("ix_accounts_lower_email", "accounts", [sa.text("lower(email)")],
                        postgresql_concurrently=True)
    op.create_index("ix_accounts_id_name", "accounts", ["id", "name"],
                    postgresql_concurrently=True)


def downgrade():
    op.drop_index("ix_accounts_id_name", table_name="accounts")
    op.drop_index("ix_accounts_lower_email", table_name="accounts")
'''),
]

# (revision, rule, the statement's text in the SQL, the call's text in the Python file)
EXPECTED = [
    ("bbb222", "require-concurrent-index-creation",
     "CREATE INDEX ix_accounts_name ON accounts", 'op.create_index("ix_accounts_name"'),
    ("ccc333", "concurrent-index-in-transaction",
     "CREATE INDEX CONCURRENTLY ix_accounts_id_name", 'op.create_index("ix_accounts_id_name"'),
]
# rendered, but no finding: the table is new in its own revision
QUIET = "CREATE INDEX ix_accounts_email ON accounts"

FAILURES = []


def run(args, cwd, ok=(0, 1)):
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    assert proc.returncode in ok, f"{args}: exit {proc.returncode}: {proc.stderr}"
    return proc


def make_project(root, per_migration):
    run([PYTHON, "-m", "alembic", "init", "migrations"], root, ok=(0,))
    ini = os.path.join(root, "alembic.ini")
    with open(ini, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("driver://user:pass@localhost/dbname", "postgresql://app@localhost/app")
    with open(ini, "w", encoding="utf-8") as f:
        f.write(text)
    if per_migration:
        env = os.path.join(root, "migrations", "env.py")
        with open(env, encoding="utf-8") as f:
            text = f.read()
        for old in ('dialect_opts={"paramstyle": "named"},',
                    "connection=connection, target_metadata=target_metadata"):
            assert old in text, f"env.py template changed: {old!r} missing"
            text = text.replace(old, old.rstrip(",") + ", transaction_per_migration=True,")
        with open(env, "w", encoding="utf-8") as f:
            f.write(text)
    for rev, down, doc, body in REVISIONS:
        path = os.path.join(root, "migrations", "versions", f"{rev}.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(HEADER.format(doc=doc, rev=rev, down=down or "",
                                  down_py=repr(down)) + body)


def line_of(text, needle):
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} on lines {hits}"
    return hits[0]


def findings(root, *paths):
    proc = run([RETORT, "check", "--select", RULES, "--format", "json", "--no-color", *paths],
               root)
    return json.loads(proc.stdout)["findings"]


def check_offline(root, sql_name):
    with open(os.path.join(root, sql_name), encoding="utf-8") as f:
        sql = f.read()
    assert "-- Running upgrade aaa111 -> bbb222" in sql, "no revision markers in the output"
    got = sorted((f["rule"], f["line"], f["message"].split(":", 1)[0])
                 for f in findings(root, sql_name))
    want = sorted((rule, line_of(sql, stmt), f"revision {rev}")
                  for rev, rule, stmt, _ in EXPECTED)
    assert got == want, f"{sql_name}: expected {want}, got {got}"
    quiet = line_of(sql, QUIET)
    assert all(line != quiet for _, line, _ in got), "a finding for aaa111's own new table"


def check_python(root):
    versions = os.path.join(root, "migrations", "versions")
    got = []
    for f in findings(root, "."):
        rev = os.path.splitext(os.path.basename(f["path"]))[0]
        got.append((rev, f["rule"], f["line"]))
    want = []
    for rev, rule, _, call in EXPECTED:
        with open(os.path.join(versions, f"{rev}.py"), encoding="utf-8") as f:
            want.append((rev, rule, line_of(f.read(), call)))
    assert sorted(got) == sorted(want), f"Python revisions: expected {want}, got {got}"


def same_as_corpus(root, sql_name, corpus_name):
    with open(os.path.join(root, sql_name), encoding="utf-8") as f:
        rendered = f.read()
    with open(os.path.join(CORPUS, corpus_name), encoding="utf-8") as f:
        committed = f.read()
    assert rendered == committed, (f"fixtures/squawk/alembic_upgrade_sql/{corpus_name} is not "
                                   f"what Alembic renders now:\n{rendered}")


def variant(name, per_migration, corpus_name):
    with tempfile.TemporaryDirectory(prefix="retort-offline-") as root:
        try:
            make_project(root, per_migration)
            proc = subprocess.run([PYTHON, "-m", "alembic", "upgrade", "head", "--sql"],
                                  cwd=root, capture_output=True, text=True)
            assert proc.returncode == 0, f"alembic upgrade --sql: {proc.stderr}"
            with open(os.path.join(root, "upgrade.sql"), "w", encoding="utf-8") as f:
                f.write(proc.stdout)
            if per_migration:
                assert proc.stdout.count("BEGIN;") == 4, "not one transaction per revision"
            check_offline(root, "upgrade.sql")
            os.remove(os.path.join(root, "upgrade.sql"))
            check_python(root)
            with open(os.path.join(root, "upgrade.sql"), "w", encoding="utf-8") as f:
                f.write(proc.stdout)
            same_as_corpus(root, "upgrade.sql", corpus_name)
            print(f"ok   {name}")
        except AssertionError as e:
            FAILURES.append(name)
            print(f"FAIL {name}: {e}")


def main():
    if subprocess.run([PYTHON, "-c", "import alembic"], capture_output=True).returncode:
        print(f"SKIP: {PYTHON} has no alembic (python3-alembic)")
        return 77
    variant("one transaction (env.py as alembic init writes it)", False, "upgrade.sql")
    variant("transaction_per_migration=True", True, "upgrade_transaction_per_migration.sql")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
