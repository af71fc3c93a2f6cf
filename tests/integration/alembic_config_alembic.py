#!/usr/bin/python3
"""Differential test: retort's reading of alembic.ini against real Alembic (Debian's
1.8.1, through /usr/bin/python3).

For every project under tests/ini/projects/ that Alembic 1.8.1 can read (no
pyproject.toml, no 1.16-only path_separator), for each section named in its
`sections` file (else [alembic]), and for generated projects mixing script locations,
version locations, separators (valid, invalid, commented) and hooks, Alembic builds its ScriptDirectory from the ini
exactly as the command line does, working in the project's directory; retort's
resolution (the alembic_config_dump tool, path in ALEMBIC_CONFIG_DUMP) must agree on
whether loading fails, the script directory, the version directories, `sourceless`,
sqlalchemy.url and the post-write hooks (names, in order, and their options).
"""
import json
import os
import random
import subprocess
import sys
import tempfile

SOURCE_DIR = os.environ.get("RETORT_SOURCE_DIR",
                            os.path.join(os.path.dirname(__file__), "..", ".."))
DUMP = os.environ.get("ALEMBIC_CONFIG_DUMP")
HOOK_OPTIONS = ("type", "entrypoint", "executable", "module", "options", "cwd")

# Runs in one child Python: for each "project<TAB>section" line on stdin, Alembic's
# view of it as one JSON line, read in the project's directory as the CLI would.
ALEMBIC_VIEW = r'''
import json, os, sys
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.script.base import _split_on_space_comma
for line in sys.stdin:
    project, section = line.rstrip("\n").split("\t")
    os.chdir(project)
    cfg = Config("alembic.ini", ini_section=section)
    try:
        script = ScriptDirectory.from_config(cfg)
        hook_config = script.hook_config or {}
        hooks = []
        for name in _split_on_space_comma.split(hook_config.get("hooks", "")):
            if name:
                hooks.append({"name": name, **{o: hook_config.get(name + "." + o)
                                                for o in %r}})
        try:
            url = cfg.get_main_option("sqlalchemy.url")
        except Exception:
            url = None
        print(json.dumps({"script_dir": os.path.abspath(script.dir),
                          "version_dirs": list(script._version_locations),
                          "sourceless": script.sourceless, "sqlalchemy_url": url,
                          "hooks": hooks}))
    except Exception as e:
        print(json.dumps({"error": type(e).__name__ + ": " + str(e)}))
''' % (HOOK_OPTIONS,)


def alembic_views(cases):
    """Alembic's view of every (project, section), from one child Python."""
    stdin = "".join(f"{project}\t{section}\n" for project, section in cases)
    out = subprocess.run([sys.executable, "-c", ALEMBIC_VIEW], input=stdin,
                         capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def retort_view(project, section):
    out = subprocess.run([DUMP, "alembic.ini", section], cwd=project, capture_output=True,
                         text=True, check=True).stdout
    raw = json.loads(out)
    if "error" in raw:
        return {"error": raw["error"]["message"]}
    return {"script_dir": raw["script_dir"], "version_dirs": raw["version_dirs"],
            "sourceless": raw["sourceless"], "sqlalchemy_url": raw["sqlalchemy_url"],
            "hooks": [{k: h[k] for k in ("name",) + HOOK_OPTIONS} for h in raw["hooks"]]}


def compare(project, section, expected):
    got = retort_view(project, section)
    if "error" in expected or "error" in got:
        if ("error" in expected) != ("error" in got):
            return [f"alembic {expected}\n    retort {got}"]
        print(f"  both fail: alembic: {expected['error']}\n"
              f"             retort:  {got['error']}")
        return []
    return [] if expected == got else [f"alembic {expected}\n    retort {got}"]


def random_project(rng, tmp, n):
    """A project whose alembic.ini combines the options from_config reads."""
    project = os.path.join(tmp, f"p{n}")
    os.makedirs(os.path.join(project, "migrations"))
    lines = ["[alembic]", "script_location = " + rng.choice(
        ["migrations", "%(here)s/migrations", "./migrations/../migrations", project +
         "/migrations", "migrations/"])]
    parts = ["%(here)s/v1", "v2", "migrations/versions", "", " v3", "a,b", "%(here)s"]
    if rng.random() < 0.8:
        joiner = rng.choice([",", " ", ", ", ":", ";", "\n    ", " , ", "  "])
        lines.append("version_locations = " + joiner.join(
            rng.choice(parts) for _ in range(rng.randint(0, 4))))
    if rng.random() < 0.7:
        # Not "newline": later Alembic (and retort) accept it, 1.8.1 refuses it.
        lines.append("version_path_separator = " + rng.choice(
            ["os", ":", ";", "space", "os  # Use os.pathsep.", "", "OS"]))
    if rng.random() < 0.3:
        lines.append("sourceless = " + rng.choice(["true", "True", "false", ""]))
    if rng.random() < 0.5:
        names = rng.sample(["black", "retort", "Ruff", "x.y"], rng.randint(0, 3))
        lines += ["[post_write_hooks]", "hooks = " + rng.choice([",", ", ", " ", " ,"])
                  .join(names)]
        for name in names:
            lines += [f"{name}.type = console_scripts", f"{name}.entrypoint = {name}-cli",
                      f"{name}.options = -q REVISION_SCRIPT_FILENAME"]
    with open(os.path.join(project, "alembic.ini"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return project


def main():
    if not DUMP:
        print("ALEMBIC_CONFIG_DUMP is not set: run through ctest", file=sys.stderr)
        return 77
    try:
        import alembic  # noqa: F401
    except ImportError:
        print("Alembic is not installed for this Python", file=sys.stderr)
        return 77
    root = os.path.abspath(os.path.join(SOURCE_DIR, "tests", "ini", "projects"))
    cases = []
    for name in sorted(os.listdir(root)):
        project = os.path.join(root, name)
        with open(os.path.join(project, "alembic.ini")) if os.path.exists(
                os.path.join(project, "alembic.ini")) else open(os.devnull) as f:
            ini = f.read()
        if os.path.exists(os.path.join(project, "pyproject.toml")) or \
                "path_separator =" in ini.replace("version_path_separator", ""):
            continue
        sections = ["alembic"]
        if os.path.exists(os.path.join(project, "sections")):
            with open(os.path.join(project, "sections")) as f:
                sections = f.read().split()
        cases += [(project, section) for section in sections]
    with tempfile.TemporaryDirectory() as tmp:
        rng = random.Random(1808)
        cases += [(random_project(rng, tmp, n), "alembic") for n in range(80)]
        return check(cases)


def check(cases):
    failures = 0
    for (project, section), expected in zip(cases, alembic_views(cases)):
        print(f"{os.path.basename(project)} [{section}]")
        problems = compare(project, section, expected)
        if problems:
            failures += 1
            print(f"FAIL {os.path.basename(project)} [{section}]")
            for p in problems:
                print("   ", p)
    print(f"compared {len(cases)} configurations with Alembic: {failures} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
