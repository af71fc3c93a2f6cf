"""Reports hold up with the real consumers' parsers.

Runs report_sample (tests/tools/report_sample.c, path in REPORT_SAMPLE), which
writes the report of synthetic findings full of nasty bytes (control characters, ANSI
escapes, invalid UTF-8, a planted secret that a mask hides) in each format, and checks:

* sarif validates against the OASIS SARIF 2.1.0 schema (python3-jsonschema), and every
  ruleIndex points at its rule;
* json and gitlab parse with Python's json and have the documented shape;
* junit parses with xml.etree and its counts match its test cases;
* text, concise and github carry no raw control characters;
* no format prints the planted secret;
* with no findings every format is still well-formed.

If RETORT is set and `$RETORT check $RETORT_SOURCE_DIR/fixtures/demo --format sarif`
exits 0 or 1 with output, that SARIF is validated too; otherwise that part is skipped
with the reason printed. The schema is ../shared/schemas/sarif-schema-2.1.0.json beside
the source tree (as DESIGN.md says), or RETORT_SARIF_SCHEMA. Exit status 0 = pass,
1 = fail (also when the schema, jsonschema or report_sample is missing).
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

SECRET = b"hunter2-s3cr3t-XYZZY"
FORMATS = ["text", "concise", "json", "sarif", "github", "gitlab", "junit"]
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def schema_path():
    here = os.path.dirname(os.path.abspath(__file__))
    source = os.environ.get("RETORT_SOURCE_DIR", os.path.join(here, "..", ".."))
    return os.path.normpath(os.path.join(source, "..", "shared", "schemas",
                                         "sarif-schema-2.1.0.json"))


def sample(tool, fmt, *flags):
    proc = subprocess.run([tool, fmt, *flags], capture_output=True, timeout=60)
    check(proc.returncode == 0, f"report_sample {fmt} {flags} exit {proc.returncode}: "
                                f"{proc.stderr.decode(errors='replace')}")
    return proc.stdout


def validate_sarif(validator, data, label):
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        check(False, f"{label}: SARIF is not UTF-8 JSON: {e}")
        return
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:10]:
        print(f"  {label}: {'/'.join(map(str, e.path))}: {e.message}")
    check(not errors, f"{label}: SARIF does not validate against the 2.1.0 schema")
    for run in doc.get("runs", []):
        check(run.get("columnKind") == "unicodeCodePoints", f"{label}: columnKind")
        rules = run["tool"]["driver"].get("rules", [])
        for r in run.get("results", []):
            idx = r.get("ruleIndex")
            ok = isinstance(idx, int) and 0 <= idx < len(rules) and rules[idx]["id"] == r["ruleId"]
            check(ok, f"{label}: ruleIndex {idx} does not name rule {r.get('ruleId')}")
    print(f"ok: {label} validates ({sum(len(r.get('results', [])) for r in doc['runs'])} results)")


def check_json(data, empty):
    doc = json.loads(data.decode("utf-8"))
    check(list(doc) == ["findings", "summary"], "json: top-level keys")
    keys = ["rule", "severity", "path", "line", "column", "end_line", "end_column",
            "message", "help", "fingerprint"]
    for f in doc["findings"]:
        check(list(f) == keys, f"json: finding keys {list(f)}")
    s = doc["summary"]
    check(list(s) == ["files", "errors", "warnings", "infos"], "json: summary keys")
    check(s["errors"] + s["warnings"] + s["infos"] == len(doc["findings"]), "json: summary counts")
    check(empty == (len(doc["findings"]) == 0), "json: finding count")
    if not empty:
        paths = [f["path"] for f in doc["findings"]]
        check("evil\x1b[31mred\ufffd\n.py" in paths, "json: invalid UTF-8 becomes U+FFFD")


def check_gitlab(data, empty):
    issues = json.loads(data.decode("utf-8"))
    check(isinstance(issues, list) and empty == (len(issues) == 0), "gitlab: an array")
    prints = set()
    for i in issues:
        check(set(i) == {"description", "check_name", "fingerprint", "severity", "location"},
              f"gitlab: keys {sorted(i)}")
        check(i["severity"] in GITLAB_SEVERITIES, f"gitlab: severity {i['severity']}")
        check(isinstance(i["location"]["path"], str), "gitlab: location.path")
        check(isinstance(i["location"]["lines"]["begin"], int) and i["location"]["lines"]["begin"] >= 1,
              "gitlab: location.lines.begin")
        prints.add(i["fingerprint"])
    check(len(prints) == len(issues), "gitlab: fingerprints are unique")


def check_junit(data, empty):
    root = ET.fromstring(data)
    check(root.tag == "testsuites", "junit: root is <testsuites>")
    suites = root.findall("testsuite")
    check(len(suites) == 1, "junit: one testsuite")
    cases = suites[0].findall("testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    check(int(suites[0].get("tests")) == len(cases) >= 1, "junit: tests count")
    check(int(suites[0].get("failures")) == len(failed), "junit: failures count")
    check(empty == (len(failed) == 0), "junit: failures present iff findings")


def check_terminal(data, fmt, color):
    allowed = {0x0A, 0x09} if fmt == "text" else {0x0A}
    if color:
        allowed.add(0x1B)
    bad = sorted({b for b in data if (b < 0x20 or b == 0x7F) and b not in allowed})
    check(not bad, f"{fmt}{' --color' if color else ''}: raw control bytes {bad}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        check(False, f"{fmt}: invalid UTF-8 in terminal output: {e}")
        return
    c1 = [ch for ch in text if 0x80 <= ord(ch) < 0xA0]
    check(not c1, f"{fmt}: raw C1 controls")
    if color:
        rest = re.sub(r"\x1b\[[0-9;]*m", "", text)
        check("\x1b" not in rest, f"{fmt} --color: an escape that is not a colour")


def check_samples(tool, validator):
    for empty in (False, True):
        flags = ["--empty"] if empty else []
        for fmt in FORMATS:
            for color in ((False, True) if fmt == "text" else (False,)):
                data = sample(tool, fmt, *flags, *(["--color"] if color else []))
                label = f"{fmt}{' (empty)' if empty else ''}{' --color' if color else ''}"
                quiet = empty and fmt in ("concise", "github")  # one line per finding
                check(quiet == (len(data) == 0), f"{label}: {len(data)} bytes of output")
                check(SECRET not in data and b"hunter2" not in data, f"{label}: prints the secret")
                try:
                    if fmt == "sarif":
                        validate_sarif(validator, data, f"report_sample {label}")
                    elif fmt == "json":
                        check_json(data, empty)
                    elif fmt == "gitlab":
                        check_gitlab(data, empty)
                    elif fmt == "junit":
                        check_junit(data, empty)
                    else:
                        check_terminal(data, fmt, color)
                except (ValueError, ET.ParseError, KeyError, TypeError) as e:
                    check(False, f"{label}: does not parse: {e!r}")


def check_cli(validator):
    retort = os.environ.get("RETORT")
    source = os.environ.get("RETORT_SOURCE_DIR")
    if not retort or not source:
        print("skip: retort check part (RETORT or RETORT_SOURCE_DIR not set)")
        return
    demo = os.path.join(source, "fixtures", "demo")
    try:
        proc = subprocess.run([retort, "check", demo, "--format", "sarif"],
                              capture_output=True, timeout=120)
    except OSError as e:
        print(f"skip: retort check part (cannot run {retort}: {e})")
        return
    if proc.returncode not in (0, 1) or not proc.stdout:
        err = proc.stderr.decode(errors="replace").strip().splitlines()
        print(f"skip: retort check part (exit {proc.returncode}, {len(proc.stdout)} bytes of "
              f"output; {err[-1] if err else 'no message'})")
        return
    validate_sarif(validator, proc.stdout, "retort check fixtures/demo")


def main():
    try:
        import jsonschema
    except ImportError:
        print("FAIL: python3-jsonschema is not installed (scripts/setup.sh installs it)")
        return 1
    tool = os.environ.get("REPORT_SAMPLE")
    if not tool or not os.access(tool, os.X_OK):
        print("FAIL: REPORT_SAMPLE does not name the report_sample tool")
        return 1
    path = os.environ.get("RETORT_SARIF_SCHEMA") or schema_path()
    if not os.path.isfile(path):
        print(f"FAIL: no SARIF schema at {path} (shared/ must sit beside the source "
              "tree, or set RETORT_SARIF_SCHEMA)")
        return 1
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=jsonschema.FormatChecker())
    check_samples(tool, validator)
    check_cli(validator)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("all report checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
