"""Every rule's fixtures: fixtures/rules/<rule>/<case>/.

A case with a `base/` directory is checked against history: a temporary git repository
commits base/'s files, then the case's own files on top, and the check runs with
`--base HEAD` (for rules that compare with a git revision).

Each case is a directory checked with `retort check --select <rule> --format json .`
from inside it. `bad_*` cases list the findings they must produce in EXPECT, one
`path:line:col` per line (0:0 for a finding about a whole file; blank lines and `#`
comments ignored); `good_*` cases must
produce none. Any missing or extra finding fails the test.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]
ROOT = os.path.join(os.environ["RETORT_SOURCE_DIR"], "fixtures", "rules")


def expected(case_dir):
    path = os.path.join(case_dir, "EXPECT")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        lines = [line.strip() for line in f]
    return sorted(line for line in lines if line and not line.startswith("#"))


def with_history(case_dir, tmp):
    """A git repository in tmp: base/ committed, then the case's files over it."""
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp, check=True, capture_output=True)
    git("init", "-q")
    git("config", "user.email", "fixtures@example.com")
    git("config", "user.name", "fixtures")
    base = os.path.join(case_dir, "base")
    for name in os.listdir(base):
        shutil.copy(os.path.join(base, name), tmp)
    git("add", "-A")
    git("commit", "-qm", "base")
    for name in os.listdir(case_dir):
        if name not in ("base", "EXPECT"):
            shutil.copy(os.path.join(case_dir, name), tmp)


def actual(rule, case_dir):
    args = [RETORT, "check", "--select", rule, "--format", "json", "--no-color", "."]
    if os.path.isdir(os.path.join(case_dir, "base")):
        with tempfile.TemporaryDirectory(prefix="retort-fixture-") as tmp:
            with_history(case_dir, tmp)
            return run_check(args + ["--base", "HEAD"], tmp, rule)
    return run_check(args, case_dir, rule)


def run_check(args, cwd, rule):
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr.strip()}")
    found = json.loads(proc.stdout)["findings"]
    wrong = [f for f in found if f["rule"] != rule]
    if wrong:
        raise AssertionError(f"--select {rule} reported other rules: {wrong}")
    status_ok = (proc.returncode == 1) == any(f["severity"] == "error" for f in found)
    if not status_ok:
        raise AssertionError(f"exit status {proc.returncode} does not match the findings")
    return sorted(f"{f['path']}:{f['line'] or 0}:{f['column'] or 0}" for f in found)


def main():
    failures, cases = [], 0
    for rule in sorted(os.listdir(ROOT)):
        for case in sorted(os.listdir(os.path.join(ROOT, rule))):
            case_dir = os.path.join(ROOT, rule, case)
            if not os.path.isdir(case_dir):
                continue
            cases += 1
            want = expected(case_dir)
            if case.startswith("bad_") and not want:
                failures.append(f"{rule}/{case}: a bad case must list findings in EXPECT")
                continue
            try:
                got = actual(rule, case_dir)
            except AssertionError as e:
                failures.append(f"{rule}/{case}: {e}")
                continue
            if got != want:
                failures.append(f"{rule}/{case}: expected {want}, got {got}")
    for f in failures:
        print("FAIL", f)
    print(f"{cases - len(failures)} passed, {len(failures)} failed")
    return 1 if failures or cases == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
