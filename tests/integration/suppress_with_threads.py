#!/usr/bin/env python3
"""Inline suppressions hold whichever thread read the file: per-file rules' findings are
dropped by the worker that read it, project rules' findings (here unrecorded-migration,
reported after every file was read) by the run, with 1 thread and with several."""
import os
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]
REVISION = '''"""step {n}"""
from alembic import op
{directive}
revision = "{rev}"
down_revision = {down}


def upgrade():
    op.drop_column("users", "c{n}")


def downgrade():
    pass
'''
DIRECTIVE = "# retort: ignore-file[unrecorded-migration, destructive-without-downgrade]"
failures = []


def write_project(root, count, suppressed):
    versions = os.path.join(root, "migrations", "versions")
    os.makedirs(versions)
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %(here)s/migrations\n")
    down = "None"
    for n in range(count):
        rev = f"{n + 1:012x}"
        text = REVISION.format(n=n, rev=rev, down=down,
                               directive=DIRECTIVE if n in suppressed else "")
        with open(os.path.join(versions, f"{rev}_step.py"), "w") as f:
            f.write(text)
        down = repr(rev)


def findings(root, threads):
    env = dict(os.environ, RETORT_THREADS=threads)
    proc = subprocess.run([RETORT, "check", "--format", "concise", "--no-color",
                           "--select", "unrecorded-migration,destructive-without-downgrade",
                           "."], cwd=root, env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        failures.append(f"RETORT_THREADS={threads}: exit {proc.returncode}: {proc.stderr}")
    return proc.stdout.splitlines()


def main():
    count, suppressed = 40, {3, 17, 38}
    with tempfile.TemporaryDirectory() as tmp:
        write_project(tmp, count, suppressed)
        for threads in ("1", "2", "8"):
            lines = findings(tmp, threads)
            for rule in ("unrecorded-migration", "destructive-without-downgrade"):
                hit = {n for n in range(count) if any(
                    f"{n + 1:012x}_step.py" in line and f"[{rule}]" in line for line in lines)}
                want = set(range(count)) - suppressed
                if hit != want:
                    failures.append(f"RETORT_THREADS={threads} {rule}: findings on steps "
                                    f"{sorted(set(range(count)) - hit)} missing or "
                                    f"{sorted(hit - want)} not suppressed")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
