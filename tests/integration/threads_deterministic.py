#!/usr/bin/env python3
"""Files are checked on all cores, and the output does not depend on it: the JSON report
(findings, order, fingerprints) and the exit status are byte for byte the same with 1 and
with several threads (RETORT_THREADS), on the demo and on one large project made of every rule fixture's
migrations and SQL files (many findings spread over many files).
When files cannot be read, the error names the first of them in file order, whatever the
thread count."""
import os
import shutil
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]
SOURCE = os.environ["RETORT_SOURCE_DIR"]
FIXTURES = os.path.join(SOURCE, "fixtures", "rules")
THREADS = ("1", "2", "8")
INI = "[alembic]\nscript_location = %(here)s/migrations\n"
failures = []


def check(cwd, threads):
    env = dict(os.environ, RETORT_THREADS=threads)
    proc = subprocess.run([RETORT, "check", "--format", "json", "--no-color", "."],
                          cwd=cwd, env=env, capture_output=True)
    return proc.returncode, proc.stdout, proc.stderr


def same_for_all_threads(name, cwd):
    """Runs the check with each thread count; True when it gave findings."""
    first = check(cwd, THREADS[0])
    if first[0] not in (0, 1):
        failures.append(f"{name}: exit {first[0]}: {first[2].decode(errors='replace')}")
        return False
    for t in THREADS[1:]:
        if check(cwd, t) != first:
            failures.append(f"{name}: RETORT_THREADS={t} differs from RETORT_THREADS=1")
    return first[0] == 1 or b'"rule"' in first[1]


def big_project(tmp):
    """Every fixture's .py and .sql files side by side in one version directory."""
    versions = os.path.join(tmp, "big", "migrations", "versions")
    os.makedirs(versions)
    with open(os.path.join(tmp, "big", "alembic.ini"), "w") as f:
        f.write(INI)
    count = 0
    for rule in sorted(os.listdir(FIXTURES)):
        for case in sorted(os.listdir(os.path.join(FIXTURES, rule))):
            case_dir = os.path.join(FIXTURES, rule, case)
            for dirpath, _, names in os.walk(case_dir):
                for name in names:
                    if name.endswith((".py", ".sql")):
                        shutil.copy(os.path.join(dirpath, name),
                                    os.path.join(versions, f"{rule}-{case}-{count}-{name}"))
                        count += 1
    return os.path.join(tmp, "big"), count


def error_order(tmp):
    """Two files that cannot be read: the first in file order is named."""
    root = os.path.join(tmp, "unreadable")
    versions = os.path.join(root, "migrations", "versions")
    os.makedirs(versions)
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write(INI)
    for i in range(40):
        with open(os.path.join(versions, f"m{i:02d}.py"), "w") as f:
            f.write(f'revision = "r{i:02d}"\ndown_revision = None\n')
    os.mkdir(os.path.join(versions, "m17_dir.py"))
    os.mkdir(os.path.join(versions, "m33_dir.py"))
    for t in THREADS:
        status, _, err = check(root, t)
        if status != 2 or b"m17_dir.py" not in err or b"m33_dir.py" in err:
            failures.append(f"unreadable files, RETORT_THREADS={t}: exit {status}, {err!r}")


def main():
    with tempfile.TemporaryDirectory(prefix="retort-threads-") as tmp:
        demo = os.path.join(tmp, "demo")
        shutil.copytree(os.path.join(SOURCE, "fixtures", "demo"), demo)
        if not same_for_all_threads("demo", demo):
            failures.append("demo: no findings, nothing compared")
        root, count = big_project(tmp)
        if count < 100 or not same_for_all_threads(f"{count} fixture files", root):
            failures.append(f"fixture project: {count} files, expected findings")
        error_order(tmp)
    for f in failures:
        print("FAIL", f)
    print(f"threads_deterministic: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
