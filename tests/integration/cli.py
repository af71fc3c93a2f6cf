"""The command line as users meet it: exit statuses 0/1/2, help, the rule catalogue,
configuration errors with file:line:col, colours only on a terminal, and no raw control
characters from inputs."""
import json
import os
import pty
import shutil
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]
SOURCE = os.environ["RETORT_SOURCE_DIR"]
DEMO = os.path.join(SOURCE, "fixtures", "demo")
RESULTS = {"passed": 0, "failed": 0}


def run(*args, cwd=None):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    return subprocess.run([RETORT, *args], cwd=cwd, env=e, capture_output=True, text=True,
                          errors="surrogateescape")


def check(name, cond, detail=""):
    RESULTS["passed" if cond else "failed"] += 1
    print(("ok - " if cond else "FAIL - ") + name + ("" if cond else f": {detail}"))


def test_help_and_version():
    p = run("--version")
    check("--version exits 0 and names the version", p.returncode == 0 and p.stdout.startswith("retort "), p)
    check("--version names libpg_query and PCRE2", "libpg_query" in p.stdout and "PCRE2" in p.stdout, p.stdout)
    p = run("--help")
    check("--help lists the commands", p.returncode == 0 and all(
        c in p.stdout for c in ("check", "sign", "graph", "inspect", "rules", "explain", "init")), p.stdout)
    p = run("check", "--help")
    check("check --help shows the options", p.returncode == 0 and "--fail-on" in p.stdout, p.stdout)
    p = run("check", "--bogus")
    check("an unknown option exits 2", p.returncode == 2 and "--bogus" in p.stderr, p)
    p = run("check", "--format")
    check("a missing option value exits 2", p.returncode == 2 and "missing value" in p.stderr, p)


def test_rules_and_explain():
    p = run("rules", "--format", "json")
    rules = json.loads(p.stdout)
    check("rules --format json lists rules", p.returncode == 0 and len(rules) >= 4, p.stdout)
    text = run("rules").stdout
    check("rules lists every rule with severity and summary",
          all(r["name"] in text and r["summary"] in text for r in rules), text)
    for r in rules:
        p = run("explain", r["name"])
        check(f"explain {r['name']} prints its doc",
              p.returncode == 0 and p.stdout.startswith(f"# {r['name']}\n"), p.stdout[:80])
    p = run("explain", "hand-edited-migraton")
    check("explain of an unknown rule exits 2 with a suggestion",
          p.returncode == 2 and "did you mean 'hand-edited-migration'" in p.stderr, p.stderr)
    p = run("check", "--select", "hand-edited-migraton", DEMO)
    check("--select of an unknown rule exits 2 with a suggestion",
          p.returncode == 2 and "did you mean" in p.stderr, p.stderr)


def test_exit_statuses(tmp):
    p = run("check", DEMO)
    check("the demo has errors: exit 1", p.returncode == 1, p.stderr)
    check("text output shows a snippet with a caret", "^" in p.stdout and "help:" in p.stdout, p.stdout)
    p = run("check", "--select", "sign-hook-misconfigured", DEMO)
    check("warnings alone exit 0 under fail_on error", p.returncode == 0, p)
    p = run("check", "--select", "sign-hook-misconfigured", "--fail-on", "warning", DEMO)
    check("--fail-on warning makes them exit 1", p.returncode == 1, p)
    p = run("check", "--fail-on", "sometimes", DEMO)
    check("a bad --fail-on exits 2", p.returncode == 2, p)
    p = run("check", "--dialect", "postgres", DEMO)
    check("an unknown --dialect exits 2 listing the dialects",
          p.returncode == 2 and "postgresql" in p.stderr, p.stderr)
    p = run("check", "--format", "yaml", DEMO)
    check("an unknown format exits 2 and lists the formats",
          p.returncode == 2 and "sarif" in p.stderr, p.stderr)
    p = run("check", os.path.join(tmp, "does-not-exist"))
    check("a missing PATH exits 2 naming it", p.returncode == 2 and "does-not-exist" in p.stderr, p.stderr)
    empty = os.path.join(tmp, "empty")
    os.mkdir(empty)
    p = run("check", cwd=empty)
    check("no alembic.ini and no PATH exits 2", p.returncode == 2 and "alembic.ini" in p.stderr, p.stderr)
    p = run("check", "-q", empty)
    check("an empty directory is clean: exit 0, quiet", p.returncode == 0 and p.stdout == "", p)
    p = run("sign")
    check("sign without files exits 2", p.returncode == 2, p)
    one = "migrations/versions/22cecb4a4388_create_users.py"
    p = run("check", "--format", "json", one, cwd=DEMO)
    rules = sorted(f["rule"] for f in json.loads(p.stdout)["findings"])
    check("one named file is checked within its whole revision graph",
          "missing-parent" not in rules and "multiple-heads" in rules, rules)
    check("... and per-file rules report only on the named file",
          all(f["path"] == one or not f["path"].endswith(".py")
              for f in json.loads(p.stdout)["findings"] if f["rule"] != "multiple-heads"), p.stdout)


BAD_CONFIGS = {
    "broken YAML": ("rules: [unclosed\n", 2),
    "unknown key": ("dialect: postgresql\nfail_onn: error\n", 2),
    "unknown rule": ("rules:\n  hand-edited-migraton: off\n", 2),
    "wrong type": ("fail_on: [error]\n", 1),
    "bad severity": ("rules:\n  unrecorded-migration: loud\n", 2),
}


def test_bad_configuration(tmp):
    for name, (text, line) in BAD_CONFIGS.items():
        path = os.path.join(tmp, "bad.yaml")
        with open(path, "w") as f:
            f.write(text)
        p = run("check", "--config", path, DEMO)
        lines = p.stderr.strip().splitlines()
        ok = p.returncode == 2 and len(lines) == 1 and f"{path}:{line}:" in lines[0]
        check(f"bad configuration ({name}) is one line with file:line:col and exit 2", ok, p.stderr)


def test_terminal_colours():
    def on_tty(env):
        pid, fd = pty.fork()
        if pid == 0:
            e = dict(os.environ, **env)
            if not env.get("NO_COLOR"):
                e.pop("NO_COLOR", None)
            os.execve(RETORT, [RETORT, "check", DEMO], e)
        out = b""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.waitpid(pid, 0)
        return out
    check("colours on a terminal", b"\x1b[" in on_tty({}))
    check("no colours with NO_COLOR", b"\x1b[" not in on_tty({"NO_COLOR": "1"}))
    check("no colours when piped", "\x1b[" not in run("check", DEMO).stdout)


def test_control_characters(tmp):
    d = os.path.join(tmp, "evil")
    os.mkdir(d)
    with open(os.path.join(d, "retort.sum"), "w") as f:
        f.write("")
    with open(os.path.join(d, "a\x1b[2Jb.py"), "w") as f:
        f.write("revision = 'a'\ndown_revision = None\n")
    for fmt in ("text", "concise", "github"):
        p = run("check", "--format", fmt, d)
        check(f"{fmt}: no raw escape from a file name",
              p.returncode == 0 and "\x1b" not in p.stdout and "\\x1b" in p.stdout, p.stdout)


def main():
    tmp = tempfile.mkdtemp(prefix="retort-cli-")
    try:
        test_help_and_version()
        test_rules_and_explain()
        test_exit_statuses(tmp)
        test_bad_configuration(tmp)
        test_terminal_colours()
        test_control_characters(tmp)
    finally:
        shutil.rmtree(tmp)
    print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed")
    return 1 if RESULTS["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
