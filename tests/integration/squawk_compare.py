"""squawk and retort over the same SQL: every hazard squawk reports, retort reports too.

The corpus is every .sql file of the PostgreSQL rules' SQL fixtures
(fixtures/rules/<rule>/*_sql_*/ for each rule of area postgresql) and of the extra corpus
under fixtures/squawk/ (`alembic upgrade --sql` output, see offline_sql.py and
unsafe_project.py). squawk-cli (pinned to SQUAWK_VERSION) is installed
from the npm registry into a cache directory of the build tree on the first run; the test
is skipped (exit 77) only when the registry cannot be reached.

squawk runs with its default settings on all the files at once; retort runs
`check --select postgresql --format json` in each case directory (so a case's
.retort.yaml or alembic.ini applies, as in rule_fixtures.py). A squawk finding is
matched when retort reports, in the same file, the corresponding rule (RENAMED maps the
names that differ) on a line of the text squawk flags: squawk's JSON gives a 0-based
line range, retort's a 1-based one, and the two ranges must overlap.

Every squawk finding retort does not match must be a deliberate difference listed in
tests/integration/squawk_differences.txt (its header gives the format), and every entry
of that file must still match a finding: the test fails on any unlisted difference and on
any stale entry. Findings retort has and squawk lacks are fine (retort sees more context).
"""
import fnmatch
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

RETORT = os.environ["RETORT"]
SOURCE = os.environ["RETORT_SOURCE_DIR"]
SQUAWK_VERSION = "2.66.0"
CACHE = os.path.join(os.path.dirname(os.path.abspath(RETORT)), "squawk-cache", SQUAWK_VERSION)
DIFFERENCES = os.path.join(SOURCE, "tests", "integration", "squawk_differences.txt")

# squawk's rule name -> retort's, where they differ.
RENAMED = {
    "adding-field-with-default": "adding-field-with-volatile-default",
    "adding-serial-primary-key-field": "adding-primary-key-constraint",
    "ban-concurrent-index-creation-in-transaction": "concurrent-index-in-transaction",
    "prefer-timestamp-tz": "prefer-timestamptz",
    "syntax-error": "sql-syntax-error",
}

CRASHED = "(squawk-crashed)"
SQUAWK_TIMEOUT = 120   # seconds for one run (the whole corpus takes about one)

# npm's error codes for a registry it cannot reach: the only reason to skip.
UNREACHABLE = ("ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT",
               "ENETUNREACH", "EHOSTUNREACH", "network request to")


def install_squawk():
    """The squawk executable of the cache, installing it first if needed. Exits 77 when
    the registry is unreachable; raises on any other failure."""
    exe = os.path.join(CACHE, "node_modules", ".bin", "squawk")
    if not os.access(exe, os.X_OK):
        if shutil.which("npm") is None:
            raise SystemExit("squawk_compare: npm is not installed (scripts/setup.sh installs it)")
        os.makedirs(os.path.dirname(CACHE), exist_ok=True)
        staging = tempfile.mkdtemp(prefix=".install-", dir=os.path.dirname(CACHE))
        proc = subprocess.run(["npm", "install", "--prefix", staging, "--no-save", "--no-audit",
                               "--no-fund", f"squawk-cli@{SQUAWK_VERSION}"],
                              capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            log = proc.stdout + proc.stderr
            if any(code in log for code in UNREACHABLE):
                print(f"SKIP: the npm registry is unreachable, cannot install "
                      f"squawk-cli@{SQUAWK_VERSION}:\n{log.strip()[-600:]}")
                sys.exit(77)
            raise SystemExit(f"squawk_compare: npm install squawk-cli failed:\n{log}")
        try:
            os.rename(staging, CACHE)
        except OSError:  # another run installed it first
            shutil.rmtree(staging, ignore_errors=True)
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    if version != f"squawk {SQUAWK_VERSION}":
        raise SystemExit(f"squawk_compare: {exe} says {version!r}, want {SQUAWK_VERSION}")
    return exe


def corpus(pg_rules):
    """{case directory: [its .sql files]}, paths relative to the source tree: the SQL
    cases of the PostgreSQL rules' fixtures, and the extra corpus."""
    cases = defaultdict(list)
    dirs = [os.path.join("fixtures", "rules", rule, "*_sql_*") for rule in sorted(pg_rules)]
    for case_glob in dirs + [os.path.join("fixtures", "squawk", "*")]:
        for case in sorted(glob.glob(os.path.join(SOURCE, case_glob))):
            if not os.path.isdir(case):
                continue
            rel = os.path.relpath(case, SOURCE)
            for path in sorted(glob.glob(os.path.join(case, "**", "*.sql"), recursive=True)):
                cases[rel].append(os.path.relpath(path, SOURCE))
    return {case: files for case, files in cases.items() if files}


def squawk_findings(squawk, files):
    """[(path, squawk rule, first line, last line)], lines 1-based. A file squawk fails
    on (it panics on some input, after a long time) gives one pseudo-finding of rule
    CRASHED at line 1."""
    try:
        proc = subprocess.run([squawk, "--reporter", "json", *files], cwd=SOURCE,
                              capture_output=True, text=True, timeout=SQUAWK_TIMEOUT,
                              env=dict(os.environ, RUST_BACKTRACE="0"))
        failed = proc.returncode not in (0, 1)
    except subprocess.TimeoutExpired:
        failed = True
    if failed:
        if len(files) == 1:
            return [(files[0], CRASHED, 1, 1)]
        return [f for path in files for f in squawk_findings(squawk, [path])]
    out = []
    for f in json.loads(proc.stdout or "[]"):
        first = f["line"] + 1
        out.append((os.path.normpath(f["file"]), f["rule_name"], first,
                    max(first, (f.get("line_end") or f["line"]) + 1)))
    return out


def retort_findings(case):
    """{(path, rule): [(first line, last line)]} of retort in one case directory."""
    proc = subprocess.run([RETORT, "check", "--select", "postgresql", "--format", "json",
                           "--no-color", "."], cwd=os.path.join(SOURCE, case),
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"retort in {case}: exit {proc.returncode}: {proc.stderr}")
    found = defaultdict(list)
    for f in json.loads(proc.stdout)["findings"]:
        first = f["line"] or 0
        path = os.path.normpath(os.path.join(case, f["path"]))
        found[(path, f["rule"])].append((first, max(first, f.get("end_line") or first)))
    return found


def read_differences():
    """[(path, line or '*', squawk rule or '*', reason, line number in the file)]."""
    entries = []
    with open(DIFFERENCES, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            m = re.fullmatch(r"(\S+):(\d+|\*)\s+(\S+)\s+(.+)", line)
            if not m:
                raise SystemExit(f"{DIFFERENCES}:{n}: not `path:line rule reason`")
            entries.append((m[1], m[2], m[3], m[4], n))
    return entries


def listed(entry, path, line, rule):
    epath, eline, erule = entry[:3]
    return (fnmatch.fnmatchcase(path, epath) and eline in ("*", str(line)) and
            erule in ("*", rule))


def retort_rules():
    """{rule: area} of this build of retort."""
    lines = subprocess.run([RETORT, "rules"], capture_output=True, text=True,
                           check=True).stdout.splitlines()[1:]
    return {line.split()[0]: line.split()[2] for line in lines if line.strip()}


def main():
    squawk = install_squawk()
    have = retort_rules()
    cases = corpus({rule for rule, area in have.items() if area == "postgresql"})
    if not cases:
        print("FAIL: no SQL fixtures found")
        return 1
    files = [f for fs in cases.values() for f in fs]
    found = {}
    for case in cases:
        found.update(retort_findings(case))

    entries = read_differences()
    used, unlisted = set(), []
    matched = listed_count = 0
    findings = sorted(squawk_findings(squawk, files))
    for path, rule, first, last in findings:
        ours = RENAMED.get(rule, rule)
        if any(a <= last and first <= b for a, b in found.get((path, ours), ())):
            matched += 1
            continue
        hits = [e for e in entries if listed(e, path, first, rule)]
        if hits:
            used.update(e[4] for e in hits)
            listed_count += 1
        else:
            why = "" if ours in have else f"  (retort has no rule {ours})"
            unlisted.append(f"{path}:{first} {rule} ?{why}")
    stale = [e for e in entries if e[4] not in used]

    for u in unlisted:
        print("FAIL unlisted difference:", u)
    for e in stale:
        print(f"FAIL stale entry (squawk no longer reports it, or retort now does): "
              f"squawk_differences.txt:{e[4]}: {e[0]}:{e[1]} {e[2]}")
    print(f"squawk {SQUAWK_VERSION}: {len(findings)} findings over {len(files)} files in "
          f"{len(cases)} cases: {matched} matched by retort, {listed_count} listed "
          f"differences, {len(unlisted)} unlisted")
    return 1 if unlisted or stale else 0


if __name__ == "__main__":
    sys.exit(main())
