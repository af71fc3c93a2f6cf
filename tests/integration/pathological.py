#!/usr/bin/env python3
"""Pathological inputs: each gives a finding or a clear error naming the file (exit 0, 1
or 2), never a crash (exit >= 3, a signal, a sanitizer report) or a hang, in time that
grows linearly: every large input is timed against one 100 times smaller in the same run
(with a hard cap per run against hangs: 60 s, or for the large input of a pair the linear
bound measured from the small one when that is longer)."""
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time

RETORT = os.environ["RETORT"]
# Sanitizer and valgrind builds run several times slower: they set RETORT_TIME_SCALE.
HARD_CAP = 60.0 * float(os.environ.get("RETORT_TIME_SCALE", "1"))
# The sanitizer build runs the volume cases (large migration, many statements, a long
# retort.sum) at RETORT_VOLUME_SCALE of their size (scripts/sanitize.sh: 0.1): the same
# code paths, without minutes of ASan per case. Depth and special files keep full size.
VOLUME = float(os.environ.get("RETORT_VOLUME_SCALE", "1"))
HEADER = 'revision = "a1b2c3d4e5f6"\ndown_revision = None\n\nfrom alembic import op\n\n'
failures = []


def project(tmp, name):
    """A project dir with alembic.ini and an empty versions directory; returns both."""
    root = os.path.join(tmp, name)
    versions = os.path.join(root, "migrations", "versions")
    os.makedirs(versions)
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %(here)s/migrations\n")
    return root, versions


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def run(root, prefix=(), cap=HARD_CAP):
    """Runs `retort check --format json .` in root with a time cap of cap seconds; returns
    (status, stderr, seconds), status None when it timed out."""
    start = time.monotonic()
    try:
        proc = subprocess.run([*prefix, RETORT, "check", "--format", "json", "--no-color", "."],
                              cwd=root, capture_output=True, timeout=cap)
    except subprocess.TimeoutExpired:
        return None, b"timed out", cap
    return proc.returncode, proc.stderr, time.monotonic() - start


def check(case, result, statuses=(0, 1, 2), names=None):
    status, err, secs = result
    text = err.decode("utf-8", "replace")
    print(f"{case}: exit {status} in {secs:.2f}s {text.strip()[:160]!r}")
    if status is None:
        failures.append(f"{case}: no answer within {secs:.0f}s")
    elif status not in statuses:
        failures.append(f"{case}: exit {status}, expected one of {statuses}: {text[:500]}")
    elif "Sanitizer" in text or "runtime error" in text:
        failures.append(f"{case}: sanitizer report: {text[:2000]}")
    elif status == 2 and names and names not in text:
        failures.append(f"{case}: error does not name {names!r}: {text[:500]}")
    return status


def linear(case, tmp, make, small, big, statuses=(0, 1, 2)):
    """make(n) -> bytes of a migration; checks that size big runs within a linear bound
    of size small (100x the work in at most 200x the time, plus 2 s of slack)."""
    times = []
    cap = HARD_CAP
    for n in (small, big):
        root, versions = project(tmp, f"{case}-{n}")
        write(os.path.join(versions, "a1b2c3d4e5f6_x.py"), make(n))
        result = run(root, cap=cap)
        check(f"{case} (n={n})", result, statuses, "a1b2c3d4e5f6_x.py")
        times.append(result[2])
        shutil.rmtree(root)
        ratio_bound = 200 * times[0] * (big / small) / 100 + 2.0
        cap = max(HARD_CAP, ratio_bound)
    if times[1] > ratio_bound:
        failures.append(f"{case}: n={big} took {times[1]:.2f}s, n={small} took "
                        f"{times[0]:.2f}s: not linear (bound {ratio_bound:.2f}s)")


def single(case, tmp, name, data, statuses=(0, 1, 2)):
    root, versions = project(tmp, case)
    write(os.path.join(versions, name), data)
    return check(case, run(root), statuses, name)


def volume(n):
    return max(1, int(n * VOLUME))


def nested(n):
    return (HEADER + "x = " + "(" * n + "1" + ")" * n + "\n").encode()


def big_migration(n_bytes):
    """Mostly comments, as generated files padded with data are, with an op every 64
    lines."""
    block = (b"    # " + b"padding " * 8 + b"\n") * 63
    block += b"    op.add_column('t', sa.Column('c', sa.Integer()))\n"
    body = block * (n_bytes // len(block))
    return HEADER.encode() + b"import sqlalchemy as sa\n\ndef upgrade():\n" + body


def long_line(n_bytes):
    return HEADER.encode() + b"x = '" + b"a" * n_bytes + b"'\n"


def statements(n):
    return HEADER.encode() + b'def upgrade():\n    op.execute("' + b"SELECT 1;" * n + b'")\n'


def sumfile(n_lines):
    lines = "".join(f"{i:012x}_m.py sha256:{'0' * 64}\n" for i in range(n_lines))
    return ("# retort.sum\n" + lines).encode()


def linear_sum(tmp, small, big):
    times = []
    cap = HARD_CAP
    for n in (small, big):
        root, versions = project(tmp, f"sum-{n}")
        write(os.path.join(versions, "a1b2c3d4e5f6_x.py"), HEADER.encode())
        write(os.path.join(versions, "retort.sum"), sumfile(n))
        result = run(root, cap=cap)
        check(f"retort.sum of {n} lines", result, (0, 1, 2), "retort.sum")
        times.append(result[2])
        shutil.rmtree(root)
        bound = 2 * times[0] * (big / small) + 2.0
        cap = max(HARD_CAP, bound)
    if times[1] > bound:
        failures.append(f"retort.sum: {big} lines took {times[1]:.2f}s: not linear")


def special_files(tmp):
    root, versions = project(tmp, "symlink-loop")
    write(os.path.join(versions, "a1b2c3d4e5f6_x.py"), HEADER.encode())
    os.symlink("b.py", os.path.join(versions, "a.py"))
    os.symlink("a.py", os.path.join(versions, "b.py"))
    os.symlink(".", os.path.join(versions, "loop"))
    check("symlink loop", run(root), (0, 1, 2), "a.py")

    root, versions = project(tmp, "fifo")
    write(os.path.join(versions, "a1b2c3d4e5f6_x.py"), HEADER.encode())
    os.mkfifo(os.path.join(versions, "fifo.py"))
    check("FIFO among migrations", run(root), (1, 2), "fifo.py")

    root, versions = project(tmp, "dir-py")
    write(os.path.join(versions, "a1b2c3d4e5f6_x.py"), HEADER.encode())
    os.mkdir(os.path.join(versions, "x.py"))
    check("directory named x.py", run(root), (0, 1, 2), "x.py")

    root, versions = project(tmp, "unreadable")
    path = os.path.join(versions, "a1b2c3d4e5f6_x.py")
    write(path, HEADER.encode())
    os.chmod(path, 0)
    prefix = ()
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if not setpriv:
            print("unreadable file: skipped: running as root and setpriv is missing")
            return
        for d in (tmp, root, os.path.dirname(versions), versions):
            os.chmod(d, 0o755)
        prefix = (setpriv, "--reuid=65534", "--regid=65534", "--clear-groups")
    check("unreadable file", run(root, prefix), (2,), "a1b2c3d4e5f6_x.py")


def billion_laughs(tmp):
    root, versions = project(tmp, "laughs")
    write(os.path.join(versions, "a1b2c3d4e5f6_x.py"), HEADER.encode())
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 30):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    write(os.path.join(root, ".retort.yaml"), ("\n".join(lines) + "\n").encode())
    check("billion laughs .retort.yaml", run(root), (2,), ".retort.yaml")


def main():
    tmp = tempfile.mkdtemp(prefix="retort-patho-")
    try:
        linear("nested brackets", tmp, nested, 1000, 100_000)
        linear("large migration", tmp, big_migration, volume(1_000_000), volume(100_000_000))
        linear("one long line", tmp, long_line, 100_000, 10_000_000)
        linear("statements in one op.execute", tmp, statements, volume(10_000),
               volume(1_000_000))
        single("string that never ends", tmp, "a1b2c3d4e5f6_x.py",
               HEADER.encode() + b'x = """never ends\n' + b"more\n" * 100_000, (1,))
        single("NUL bytes", tmp, "a1b2c3d4e5f6_x.py",
               HEADER.encode() + b"x = 1\0\0\ny = '\0'\n", (1, 2))
        single("invalid UTF-8", tmp, "a1b2c3d4e5f6_x.py",
               HEADER.encode() + b"x = '\xff\xfe\xc3\x28'\n# \xed\xa0\x80\n", (1, 2))
        single("UTF-16 file", tmp, "a1b2c3d4e5f6_x.py",
               b"\xff\xfe" + HEADER.encode("utf-16-le"), (1, 2))
        linear_sum(tmp, volume(6_000), volume(600_000))
        special_files(tmp)
        billion_laughs(tmp)
    finally:
        for dirpath, dirnames, _ in os.walk(tmp):
            for d in dirnames:
                p = os.path.join(dirpath, d)
                if not os.path.islink(p):
                    os.chmod(p, stat.S_IRWXU)
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("FAILED:\n" + "\n".join(failures))
        return 1
    print("all pathological inputs handled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
