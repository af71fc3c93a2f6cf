"""pre-commit with the real `pre-commit` (Debian's): a commit of a hand-edited migration
is refused with retort's message, a clean one goes through. Both a `repo: local` hook
and this repository's own .pre-commit-hooks.yaml (as a local path repository)."""
import os
import shutil
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]
SOURCE = os.environ["RETORT_SOURCE_DIR"]
PYTHON = os.environ.get("PYTHON", "/usr/bin/python3")
RESULTS = {"passed": 0, "failed": 0}

LOCAL_CONFIG = f"""repos:
  - repo: local
    hooks:
      - id: retort
        name: retort
        entry: {RETORT} check
        language: system
        files: (^|/)(alembic\\.ini|retort\\.sum|versions/.*\\.py)$
        pass_filenames: false
"""

MIGRATION = '''"""add users

Revision ID: 1975ea83b712
Revises: 
Create Date: 2026-11-20 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = '1975ea83b712'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('users', sa.Column('id', sa.Integer(), nullable=False))


def downgrade() -> None:
    op.drop_table('users')
'''

INI = """[alembic]
script_location = %(here)s/migrations

[post_write_hooks]
hooks = retort_sign
retort_sign.type = console_scripts
retort_sign.entrypoint = retort-sign
"""


def check(name, cond, detail=""):
    RESULTS["passed" if cond else "failed"] += 1
    print(("ok - " if cond else "FAIL - ") + name + ("" if cond else f"\n{detail}"))


def git(repo, *args, env=None):
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)


def make_repo(root, config, env):
    os.makedirs(os.path.join(root, "migrations", "versions"))
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write(INI)
    path = os.path.join(root, "migrations", "versions", "1975ea83b712_add_users.py")
    with open(path, "w") as f:
        f.write(MIGRATION)
    subprocess.run([RETORT, "sign", "-q", path], check=True)
    with open(os.path.join(root, ".pre-commit-config.yaml"), "w") as f:
        f.write(config)
    git(root, "init", "-q")
    for k, v in (("user.email", "t@example.com"), ("user.name", "Test")):
        git(root, "config", k, v)
    r = subprocess.run(["pre-commit", "install"], cwd=root, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return path


def scenario(label, root, config, env):
    path = make_repo(root, config, env)
    git(root, "add", "-A")
    r = git(root, "commit", "-qm", "clean migration", env=env)
    check(f"{label}: a clean migration commits", r.returncode == 0, r.stdout + r.stderr)
    with open(path, "a") as f:
        f.write("\n# edited by hand\n")
    git(root, "add", "-A")
    r = git(root, "commit", "-qm", "hand edit", env=env)
    out = r.stdout + r.stderr
    check(f"{label}: a hand-edited migration is refused", r.returncode != 0, out)
    check(f"{label}: with retort's message", "hand-edited-migration" in out, out)
    subprocess.run([RETORT, "sign", "-q", path], check=True)
    git(root, "add", "-A")
    r = git(root, "commit", "-qm", "accepted edit", env=env)
    check(f"{label}: a re-signed edit commits", r.returncode == 0, out)


def main():
    if not shutil.which("pre-commit") or not shutil.which("git"):
        print("skip: pre-commit or git is not installed")
        return 77
    tmp = tempfile.mkdtemp(prefix="retort-precommit-")
    bindir = os.path.dirname(RETORT)
    env = dict(os.environ, PRE_COMMIT_HOME=os.path.join(tmp, "cache"),
               PATH=bindir + os.pathsep + os.environ["PATH"], HOME=tmp)
    try:
        scenario("repo: local", os.path.join(tmp, "local"), LOCAL_CONFIG, env)
        rev = git(SOURCE, "rev-parse", "HEAD").stdout.strip()
        committed = git(SOURCE, "cat-file", "-e", f"{rev}:.pre-commit-hooks.yaml").returncode == 0
        if rev and committed:
            config = f"repos:\n  - repo: {SOURCE}\n    rev: {rev}\n    hooks:\n      - id: retort\n"
            scenario("this repository's hooks", os.path.join(tmp, "path"), config, env)
        else:
            print("note: the source tree is not a git checkout with .pre-commit-hooks.yaml "
                  "committed; its hooks file was not exercised")
    finally:
        shutil.rmtree(tmp)
    print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed")
    return 1 if RESULTS["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
