"""An Alembic project of typical unsafe PostgreSQL migrations, and its safe rewrite.

fixtures/projects/unsafe/ (made with real Alembic: `alembic init`, `alembic revision`)
adds a NOT NULL column without a default, indexes an existing table without
CONCURRENTLY, adds a foreign key without NOT VALID, changes a column's type and renames
a column, one revision each; its first revision creates the tables and indexes one of
them (new in that revision: no finding). env.py sets lock_timeout and statement_timeout
for every migration. `retort check --select postgresql` must report exactly UNSAFE.

fixtures/projects/unsafe_rewritten/ does the same safely (server_default then a
backfill; CREATE INDEX CONCURRENTLY in autocommit_block(); the foreign key NOT VALID,
validated in a later revision; expand/contract instead of the type change and the
rename) and must pass clean.

Each project is copied to a temporary directory, where real Alembic (Debian's
python3-alembic) must load it (`alembic heads` gives the expected head) and render
`alembic upgrade head --sql`. retort on that output must report the same rules for the
same revisions as on the Python files (each message starts with "revision <id>:"), and
nothing for the rewrite. fixtures/squawk/unsafe_project_upgrade_sql/upgrade.sql (part of
squawk_compare.py's corpus) must be exactly the unsafe project's rendered output.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]
SOURCE = os.environ["RETORT_SOURCE_DIR"]
PYTHON = os.environ.get("PYTHON", "/usr/bin/python3")
PROJECTS = os.path.join(SOURCE, "fixtures", "projects")
CORPUS = os.path.join(SOURCE, "fixtures", "squawk", "unsafe_project_upgrade_sql", "upgrade.sql")
VERSIONS = "migrations/versions/"

# (file under migrations/versions/, line, rule) of every finding on the unsafe project
UNSAFE = [
    ("0a1b2c3d4e02_add_users_tenant_id.py", 20, "adding-required-field"),
    ("0a1b2c3d4e03_index_orders_user_id.py", 20, "require-concurrent-index-creation"),
    ("0a1b2c3d4e04_orders_user_id_foreign_key.py", 20, "adding-foreign-key-constraint"),
    ("0a1b2c3d4e04_orders_user_id_foreign_key.py", 20, "constraint-missing-not-valid"),
    ("0a1b2c3d4e05_orders_amount_numeric.py", 20, "changing-column-type"),
    ("0a1b2c3d4e06_rename_users_name.py", 20, "renaming-column"),
]
RULES = {rule for _, _, rule in UNSAFE}
HEADS = {"unsafe": "0a1b2c3d4e06", "unsafe_rewritten": "0a1b2c3d4e08"}

FAILURES = []


def run(args, cwd, ok=(0, 1)):
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    assert proc.returncode in ok, f"{' '.join(args)}: exit {proc.returncode}: {proc.stderr}"
    return proc


def check(root, select, *paths):
    proc = run([RETORT, "check", "--select", select, "--format", "json", "--no-color",
                "--fail-on", "info", *paths], root)
    found = json.loads(proc.stdout)["findings"]
    assert (proc.returncode == 1) == bool(found), f"exit {proc.returncode} with {found}"
    return found


def copy_project(name, root):
    dest = os.path.join(root, name)
    shutil.copytree(os.path.join(PROJECTS, name), dest,
                    ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def alembic(project, *args):
    return run([PYTHON, "-m", "alembic", *args], project, ok=(0,)).stdout


def revision_of(filename):
    return filename.split("_", 1)[0]


def python_findings(project):
    """[(file, line, rule)] of --select postgresql on the project's Python files."""
    out = []
    for f in check(project, "postgresql", "."):
        assert f["path"].startswith(VERSIONS), f"finding outside versions/: {f}"
        out.append((f["path"][len(VERSIONS):], f["line"], f["rule"]))
    return sorted(out)


def offline_findings(project, rules):
    """{(revision, rule)} of retort on `alembic upgrade head --sql`, and the text."""
    sql = alembic(project, "upgrade", "head", "--sql")
    with open(os.path.join(project, "upgrade.sql"), "w", encoding="utf-8") as f:
        f.write(sql)
    found = set()
    for f in check(project, ",".join(sorted(rules)), "upgrade.sql"):
        head, sep, _ = f["message"].partition(": ")
        assert sep and head.startswith("revision "), f"no revision in {f['message']!r}"
        found.add((head[len("revision "):], f["rule"]))
    return found, sql


def case(fn):
    def wrapped(*args):
        with tempfile.TemporaryDirectory(prefix="retort-unsafe-") as root:
            try:
                fn(root, *args)
                print(f"ok   {fn.__name__}")
            except AssertionError as e:
                FAILURES.append(fn.__name__)
                print(f"FAIL {fn.__name__}: {e}")
    return wrapped


@case
def unsafe_caught_at_the_right_lines(root):
    project = copy_project("unsafe", root)
    assert alembic(project, "heads").split() == [HEADS["unsafe"], "(head)"], "alembic heads"
    want = sorted(UNSAFE)
    got = python_findings(project)
    assert got == want, f"expected {want}, got {got}"


@case
def unsafe_offline_sql_same_revisions(root):
    project = copy_project("unsafe", root)
    found, sql = offline_findings(project, RULES)
    want = {(revision_of(path), rule) for path, _, rule in UNSAFE}
    assert found == want, f"expected {sorted(want)}, got {sorted(found)}"
    with open(CORPUS, encoding="utf-8") as f:
        assert f.read() == sql, f"{CORPUS} is not what Alembic renders now:\n{sql}"


@case
def rewritten_passes_clean(root):
    project = copy_project("unsafe_rewritten", root)
    assert alembic(project, "heads").split() == [HEADS["unsafe_rewritten"], "(head)"]
    got = python_findings(project)
    assert got == [], f"findings on the safe rewrite: {got}"
    found, _ = offline_findings(project, RULES)
    assert found == set(), f"findings on the rewrite's upgrade --sql: {sorted(found)}"


def main():
    if run([PYTHON, "-c", "import alembic"], SOURCE, ok=(0, 1)).returncode:
        print(f"SKIP: {PYTHON} has no alembic (python3-alembic)")
        return 77
    unsafe_caught_at_the_right_lines()
    unsafe_offline_sql_same_revisions()
    rewritten_passes_clean()
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
