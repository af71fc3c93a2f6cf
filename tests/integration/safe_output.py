#!/usr/bin/env python3
"""Safe output: a hostile project (control characters, ANSI escape sequences and invalid
UTF-8 in file names, identifiers, SQL and syntax errors; a password in alembic.ini) must
give terminal formats (text, concise, github) without raw control bytes, machine formats
that real parsers accept (JSON, SARIF, GitLab through python's json; JUnit through
xml.etree), and the password in none of them."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

RETORT = os.environ["RETORT"]
PASSWORD = b"Xq9vLr2TzW8pKe4N"
ESC = b"\x1b]0;pwned\x07\x1b[31m\x1b[2J"
failures = []

MIGRATION = (b'"""' + ESC + b' docstring \xff"""\n'
             b'revision = "a1b2c3d4e5f6"\n'
             b'down_revision = "ffffffffffff' + ESC + b'"\n'
             b"from alembic import op\n"
             b"import sqlalchemy as sa\n\n"
             b"def upgrade():\n"
             b'    op.drop_table("users' + ESC + b'\xfe")\n'
             b'    op.execute("DROP TABLE \\"t' + ESC + b'\\"; ALTER TABLE x ADD COLUMN \xc3")\n'
             b"    op.add_column('t\x1b[0m', sa.Column('c\x08\x7f', sa.Integer(), nullable=False))\n"
             b"\n"
             b"def downgrade():\n"
             b"    pass\n")
BROKEN = b'revision = "b1b2c3d4e5f6"\ndown_revision = None\nx = (' + ESC + b"\xff\n"


def make_project(tmp):
    root = os.path.join(tmp, "proj")
    versions = os.path.join(root, "migrations", "versions")
    os.makedirs(versions)
    with open(os.path.join(root, "alembic.ini"), "wb") as f:
        f.write(b"[alembic]\nscript_location = %(here)s/migrations\n"
                b"sqlalchemy.url = postgresql://admin:" + PASSWORD + b"@db.example.com/prod\n")
    name = b"a1b2c3d4e5f6_" + ESC + b"\xff\xfe.py"
    with open(os.path.join(os.fsencode(versions), name), "wb") as f:
        f.write(MIGRATION)
    with open(os.path.join(os.fsencode(versions), b"b1b2c3d4e5f6_x\x1b[1m.py"), "wb") as f:
        f.write(BROKEN)
    return root


def run(root, fmt):
    proc = subprocess.run([RETORT, "check", "--format", fmt, "."], cwd=root,
                          capture_output=True, timeout=120)
    print(f"{fmt}: exit {proc.returncode}, {len(proc.stdout)} bytes")
    if proc.returncode not in (1,):
        failures.append(f"{fmt}: exit {proc.returncode} (findings expected): "
                        f"{proc.stderr[:500]!r}")
    for stream, data in (("stdout", proc.stdout), ("stderr", proc.stderr)):
        if PASSWORD in data:
            failures.append(f"{fmt}: the password appears in {stream}")
    return proc.stdout + proc.stderr, proc.stdout


def check_terminal(fmt, both):
    raw = sorted({b for b in both if (b < 0x20 and b not in (0x0a, 0x09)) or b == 0x7f})
    if raw:
        failures.append(f"{fmt}: raw control bytes {[hex(b) for b in raw]} in output")


def check_json(fmt, out):
    try:
        doc = json.loads(out)
    except ValueError as e:
        failures.append(f"{fmt}: not JSON: {e}")
        return
    text = json.dumps(doc)
    if "\\u001b" not in text:
        failures.append(f"{fmt}: the escape character from the input was dropped, "
                        "not escaped (expected \\u001b)")


def check_junit(out):
    try:
        ET.fromstring(out)
    except ET.ParseError as e:
        failures.append(f"junit: not XML: {e}")


def main():
    tmp = tempfile.mkdtemp(prefix="retort-safe-")
    try:
        root = make_project(tmp)
        for fmt in ("text", "concise", "github"):
            both, _ = run(root, fmt)
            check_terminal(fmt, both)
        for fmt in ("json", "sarif", "gitlab"):
            both, out = run(root, fmt)
            check_json(fmt, out)
        _, out = run(root, "junit")
        check_junit(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("FAILED:\n" + "\n".join(failures))
        return 1
    print("output is safe in every format")
    return 0


if __name__ == "__main__":
    sys.exit(main())
