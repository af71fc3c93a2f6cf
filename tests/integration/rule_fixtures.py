"""Every rule's fixtures: fixtures/rules/<rule>/<case>/.

Each case is a directory checked with `retort check --select <rule> --format json .`
from inside it. `bad_*` cases list the findings they must produce in EXPECT, one
`path:line:col` per line (0:0 for a finding about a whole file; blank lines and `#`
comments ignored); `good_*` cases must
produce none. Any missing or extra finding fails the test.
"""
import json
import os
import subprocess
import sys

RETORT = os.environ["RETORT"]
ROOT = os.path.join(os.environ["RETORT_SOURCE_DIR"], "fixtures", "rules")


def expected(case_dir):
    path = os.path.join(case_dir, "EXPECT")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        lines = [line.strip() for line in f]
    return sorted(line for line in lines if line and not line.startswith("#"))


def actual(rule, case_dir):
    proc = subprocess.run([RETORT, "check", "--select", rule, "--format", "json",
                           "--no-color", "."], cwd=case_dir, capture_output=True, text=True)
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
