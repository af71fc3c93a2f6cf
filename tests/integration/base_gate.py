"""The CI gate: `retort check --base REF` reports per-file findings only for migrations
changed since REF, keeps reporting project-wide problems (the revision graph), shows
re-recorded migrations, and fails clearly on a REF that does not exist."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]
RESULTS = {"passed": 0, "failed": 0}


def check(name, cond, detail=""):
    RESULTS["passed" if cond else "failed"] += 1
    print(("ok - " if cond else "FAIL - ") + name + ("" if cond else f": {detail}"))


def migration(rev, down):
    return (f'"""step {rev}\n\nRevision ID: {rev}\nRevises: {down or ""}\n"""\n'
            f'from alembic import op\n\nrevision = "{rev}"\ndown_revision = {down!r}\n'
            'branch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\n'
            'def downgrade():\n    pass\n')


def run(repo, *args):
    p = subprocess.run([RETORT, "check", "--format", "json", *args, "."], cwd=repo,
                       capture_output=True, text=True)
    found = json.loads(p.stdout)["findings"] if p.stdout else []
    return p.returncode, sorted((f["rule"], f["path"]) for f in found), p.stderr


def main():
    repo = tempfile.mkdtemp(prefix="retort-base-")
    try:
        git = lambda *a: subprocess.run(["git", *a], cwd=repo, check=True, capture_output=True)
        git("init", "-q")
        git("config", "user.email", "t@example.com")
        git("config", "user.name", "t")
        old = os.path.join(repo, "1975ea83b712_one.py")
        with open(old, "w") as f:
            f.write(migration("1975ea83b712", None))
        subprocess.run([RETORT, "sign", "-q", old], check=True)
        with open(old, "a") as f:
            f.write("# edited before the base\n")
        git("add", "-A")
        git("commit", "-qm", "base")

        code, found, _ = run(repo, "--base", "HEAD")
        check("an edit that predates the base is not reported", (code, found) == (0, []), found)
        code, found, _ = run(repo)
        check("... but is without --base",
              ("hand-edited-migration", "1975ea83b712_one.py") in found, found)

        new = os.path.join(repo, "ae1027a6acf2_two.py")
        with open(new, "w") as f:
            f.write(migration("ae1027a6acf2", "1975ea83b712"))
        subprocess.run([RETORT, "sign", "-q", new], check=True)
        with open(new, "a") as f:
            f.write("# edited in this branch\n")
        code, found, _ = run(repo, "--base", "HEAD")
        check("an edit made since the base is reported",
              code == 1 and ("hand-edited-migration", "ae1027a6acf2_two.py") in found, found)

        other = os.path.join(repo, "bbbbbbbbbbbb_other.py")
        with open(other, "w") as f:
            f.write(migration("bbbbbbbbbbbb", "1975ea83b712"))
        subprocess.run([RETORT, "sign", "-q", other, new], check=True)
        code, found, _ = run(repo, "--base", "HEAD", "--select", "graph")
        check("project-wide problems are still reported",
              [r for r, _ in found] == ["multiple-heads"], found)

        subprocess.run([RETORT, "sign", "-q", old], check=True)
        code, found, _ = run(repo, "--base", "HEAD", "--select", "migration-resigned")
        check("re-recording a migration from before the base is visible",
              found == [("migration-resigned", "retort.sum")], found)

        code, found, err = run(repo, "--base", "no-such-ref")
        check("an unknown REF exits 2 naming it", code == 2 and "no-such-ref" in err, err)
    finally:
        shutil.rmtree(repo)
    print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed")
    return 1 if RESULTS["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
