"""`retort check --write-baseline` / `--baseline` on a copy of the demo project:
recorded findings stay hidden when their lines move, new findings show, fixed ones
leave stale entries that are counted on stderr, and a broken baseline is exit 2."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]
SOURCE = os.environ["RETORT_SOURCE_DIR"]


def check(root, *args):
    proc = subprocess.run([RETORT, "check", "--format", "json", "--fail-on", "info", *args],
                          cwd=root, capture_output=True, text=True)
    findings = json.loads(proc.stdout)["findings"] if proc.stdout.strip() else None
    return proc.returncode, findings, proc.stderr


def identities(findings):
    return sorted((f["rule"], f["path"]) for f in findings)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "demo")
        shutil.copytree(os.path.join(SOURCE, "fixtures", "demo"), root)
        status, before, _ = check(root)
        assert status == 1 and len(before) >= 2, (status, before)

        # Writing records every finding, exits 0 and prints no report.
        proc = subprocess.run([RETORT, "check", "--write-baseline", "base.json"], cwd=root,
                              capture_output=True, text=True)
        assert proc.returncode == 0 and proc.stdout == "", proc
        assert f"recorded {len(before)} finding" in proc.stderr, proc.stderr
        with open(os.path.join(root, "base.json")) as f:
            doc = json.load(f)
        assert doc["retort_baseline"] == 1
        assert [(e["rule"], e["path"], e["fingerprint"], e["message"]) for e in doc["findings"]] \
            == [(f["rule"], f["path"], f["fingerprint"], f["message"]) for f in before]

        status, found, err = check(root, "--baseline", "base.json")
        assert status == 0 and found == [] and err == "", (status, found, err)

        # Lines move: ten comment lines at the top of alembic.ini shift its finding.
        ini = os.path.join(root, "alembic.ini")
        with open(ini) as f:
            text = f.read()
        with open(ini, "w") as f:
            f.write("# moved\n" * 10 + text)
        _, moved, _ = check(root)
        assert [f["line"] for f in moved if f["path"] == "alembic.ini"] != \
            [f["line"] for f in before if f["path"] == "alembic.ini"], "nothing moved"
        status, found, err = check(root, "--baseline", "base.json")
        assert status == 0 and found == [], found

        # A new problem shows through the baseline.
        versions = os.path.join(root, "migrations", "versions")
        shutil.copy(os.path.join(versions, "22cecb4a4388_create_users.py"),
                    os.path.join(versions, "aaaaaaaaaaaa_copy.py"))
        status, found, _ = check(root, "--baseline", "base.json")
        assert status == 1 and found, found
        assert all(f["path"].endswith("aaaaaaaaaaaa_copy.py") or f["rule"] not in
                   {b["rule"] for b in before} for f in found), found
        os.remove(os.path.join(versions, "aaaaaaaaaaaa_copy.py"))

        # Fixing a finding leaves a stale entry, counted in a note.
        subprocess.run([RETORT, "init", "-q"], cwd=root, check=True)
        status, found, err = check(root, "--baseline", "base.json")
        assert status == 0 and found == [], found
        assert "note: 1 entry of base.json no longer matches" in err, err
        _, _, quiet_err = check(root, "--baseline", "base.json", "-q")
        assert quiet_err == "", quiet_err

        # Broken baselines are errors (exit 2) with a position.
        bad = os.path.join(root, "bad.json")
        with open(bad, "w") as f:
            f.write('{"retort_baseline": 1,\n "findings": [}\n')
        status, found, err = check(root, "--baseline", "bad.json")
        assert status == 2 and found is None and "bad.json:2:" in err, (status, err)
        with open(bad, "w") as f:
            json.dump({"retort_baseline": 1, "findings": [{"rule": "x"}]}, f)
        status, _, err = check(root, "--baseline", "bad.json")
        assert status == 2 and "findings[0]" in err, err
        status, _, err = check(root, "--baseline", "missing.json")
        assert status == 2 and "missing.json" in err, err
        status, _, err = check(root, "--baseline", "base.json", "--write-baseline", "x.json")
        assert status == 2 and not os.path.exists(os.path.join(root, "x.json")), err
    print("ok")


if __name__ == "__main__":
    main()
