"""Production by git ref: real repositories built with git, checked with
`retort check --select production` and `production: {git_ref: production}`.

Each case builds a repository whose `production` branch holds what is deployed, then
changes the working tree the way a branch would and asserts the findings.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]
GIT = shutil.which("git")

A, B, C, D = "1975ea83b712", "ae1027a6acf2", "3c5d1f0a9b21", "9f8e7d6c5b4a"


def migration(rev, down):
    down_text = "None" if down is None else repr(down)
    return (f'"""step {rev}\n\nRevision ID: {rev}\nRevises: {down or ""}\n'
            f'Create Date: 2024-01-01 00:00:00\n\n"""\n'
            "from alembic import op\nimport sqlalchemy as sa\n\n"
            f"revision = {rev!r}\ndown_revision = {down_text}\n"
            "branch_labels = None\ndepends_on = None\n\n\n"
            f"def upgrade():\n    op.create_table('t_{rev}', sa.Column('id', sa.Integer()))\n\n\n"
            f"def downgrade():\n    op.drop_table('t_{rev}')\n")


class Repo:
    def __init__(self, root):
        self.root = root
        self.versions = os.path.join(root, "migrations", "versions")
        os.makedirs(self.versions)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "retort tests")
        self.git("config", "user.email", "tests@retort.invalid")
        self.git("config", "commit.gpgsign", "false")
        self.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
        self.write(".retort.yaml", "production:\n  git_ref: production\n")

    def git(self, *args):
        subprocess.run([GIT, *args], cwd=self.root, check=True, capture_output=True)

    def write(self, rel, text):
        with open(os.path.join(self.root, rel), "w", encoding="utf-8") as f:
            f.write(text)

    def add_migration(self, rev, down, name=None):
        name = name or f"{rev}_step.py"
        self.write(os.path.join("migrations", "versions", name), migration(rev, down))
        return os.path.join("migrations", "versions", name)

    def commit(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def check(self):
        proc = subprocess.run([RETORT, "check", "--format", "json", "--no-color",
                               "--select", "production"], cwd=self.root,
                              capture_output=True, text=True)
        if proc.returncode == 2:
            return 2, [], proc.stderr
        found = json.loads(proc.stdout)["findings"]
        return proc.returncode, sorted((f["rule"], f["path"], f["line"] or 0)
                                       for f in found), proc.stderr


def deployed(root):
    """main and production both at A <- B."""
    repo = Repo(root)
    repo.add_migration(A, None)
    repo.add_migration(B, A)
    repo.commit("A and B")
    repo.git("branch", "production")
    return repo


def case_unchanged(repo):
    return repo.check(), (0, [])


def case_modified(repo):
    path = os.path.join(repo.versions, f"{A}_step.py")
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    lines[15] = "    op.create_table('t_renamed', sa.Column('id', sa.Integer()))"
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return repo.check(), (1, [("applied-migration-modified",
                               f"migrations/versions/{A}_step.py", 16)])


def case_crlf_is_not_a_change(repo):
    path = os.path.join(repo.versions, f"{A}_step.py")
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data.replace(b"\n", b"\r\n"))
    return repo.check(), (0, [])


def case_removed(repo):
    os.remove(os.path.join(repo.versions, f"{B}_step.py"))
    return repo.check(), (1, [("applied-migration-removed",
                               f"migrations/versions/{B}_step.py", 0)])


def case_renamed_identical(repo):
    repo.git("mv", f"migrations/versions/{A}_step.py",
             f"migrations/versions/{A}_create_users.py")
    repo.commit("rename A")
    return repo.check(), (0, [])


def case_renamed_and_edited(repo):
    old = os.path.join(repo.versions, f"{A}_step.py")
    new = os.path.join(repo.versions, "0001_users.py")
    with open(old, encoding="utf-8") as f:
        text = f.read()
    os.remove(old)
    with open(new, "w", encoding="utf-8") as f:
        f.write(text.replace("step 1975ea83b712", "create users"))
    return repo.check(), (1, [("applied-migration-modified",
                               "migrations/versions/0001_users.py", 1)])


def case_below_head(repo):
    repo.add_migration(C, A)
    return repo.check(), (1, [("revision-below-production-head",
                               f"migrations/versions/{C}_step.py", 12)])


def case_on_head(repo):
    repo.add_migration(C, B)
    return repo.check(), (0, [])


def case_behind_production(repo):
    repo.git("checkout", "-q", "production")
    repo.add_migration(D, B)
    repo.commit("D deployed")
    repo.git("checkout", "-q", "main")
    return repo.check(), (0, [("unknown-production-revision",
                               f"migrations/versions/{D}_step.py", 0)])


def case_tag_ref(repo):
    repo.git("tag", "v1", "production")
    repo.write(".retort.yaml", "production:\n  git_ref: v1\n")
    os.remove(os.path.join(repo.versions, f"{A}_step.py"))
    return repo.check(), (1, [("applied-migration-removed",
                               f"migrations/versions/{A}_step.py", 0)])


def case_project_in_subdirectory(repo):
    """A monorepo: the project is svc/, the ref's paths are relative to the repository."""
    svc = os.path.join(repo.root, "svc")
    os.makedirs(svc)
    for name in ("alembic.ini", ".retort.yaml", "migrations"):
        shutil.move(os.path.join(repo.root, name), os.path.join(svc, name))
    repo.commit("move the project to svc/")
    repo.git("branch", "-f", "production")
    os.remove(os.path.join(svc, "migrations", "versions", f"{A}_step.py"))
    repo.root = svc
    return repo.check(), (1, [("applied-migration-removed",
                               f"migrations/versions/{A}_step.py", 0)])


def case_version_directory_deleted(repo):
    shutil.rmtree(repo.versions)
    status, found, _ = repo.check()
    return (status, found), (1, [("applied-migration-removed",
                                  f"migrations/versions/{A}_step.py", 0),
                                 ("applied-migration-removed",
                                  f"migrations/versions/{B}_step.py", 0)])


def case_missing_ref(repo):
    repo.write(".retort.yaml", "production:\n  git_ref: origin/nowhere\n")
    status, _, stderr = repo.check()
    ok = status == 2 and "git_ref 'origin/nowhere'" in stderr and "does not exist" in stderr
    return (status, ok), (2, True)


CASES = [case_unchanged, case_modified, case_crlf_is_not_a_change, case_removed,
         case_renamed_identical, case_renamed_and_edited, case_below_head, case_on_head,
         case_behind_production, case_tag_ref, case_project_in_subdirectory,
         case_version_directory_deleted, case_missing_ref]


def main():
    if not GIT:
        print("skip: git is not on PATH")
        return 77
    failures = []
    for case in CASES:
        root = tempfile.mkdtemp(prefix="retort-prod-git-")
        try:
            got, want = case(deployed(root))
            if got[:2] != want:
                failures.append(f"{case.__name__}: expected {want}, got {got}")
        finally:
            shutil.rmtree(root, ignore_errors=True)
    for f in failures:
        print("FAIL", f)
    print(f"{len(CASES) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
