"""The revision graph against Debian's Alembic.

Builds real Alembic projects with `python3 -m alembic` (init, revision, branch labels,
--depends-on by id and by label, merge, several version_locations) and compares each
project's graph with what Alembic's ScriptDirectory reports, two ways:

* end to end: the real `$RETORT graph --format json`, run in the project, reads
  alembic.ini and the migration files itself; heads, bases, merges, parents,
  dependencies and declared branch labels must equal Alembic's;
* the graph module alone: a small ast reader feeds each migration's identifiers to
  tests/tools/graph_dump, whose heads, bases and propagated branch labels must equal
  Alembic's too.

Then breaks projects (duplicate id, missing parent, cycle, self-loop, two heads) and prints
Alembic's own messages next to retort's (`$RETORT check --select graph` and graph_dump),
checking that both sides see the problem.
"""
import ast
import contextlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import warnings

try:
    from alembic import command
    from alembic.config import Config
    from alembic.script.revision import Revision, RevisionMap
except ImportError:  # not Debian's Python: reported as a skip in main()
    command = None

PY = os.environ.get("PYTHON", "/usr/bin/python3")
DUMP = os.environ.get("GRAPH_DUMP")
RETORT = os.environ.get("RETORT")
IDENT_NAMES = ("revision", "down_revision", "branch_labels", "depends_on")

ALEMBIC_QUERY = r"""
import json, sys, warnings
warnings.simplefilter("ignore")
from alembic.config import Config
from alembic.script import ScriptDirectory
sd = ScriptDirectory.from_config(Config(sys.argv[1]))
def tup(v):
    return [] if v is None else ([v] if isinstance(v, str) else list(v))
revs = {}
for s in sd.walk_revisions():
    revs[s.revision] = {"down": tup(s.down_revision), "deps": tup(s.dependencies),
                        "labels": sorted(s.branch_labels), "merge": s.is_merge_point,
                        "own_labels": sorted(s._orig_branch_labels or ())}
print(json.dumps({"heads": sorted(sd.get_heads()), "bases": sorted(sd.get_bases()),
                  "revisions": revs}))
"""


def run(args, cwd, check=True):
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return proc


def alembic(proj, *args, check=True):
    return run([PY, "-m", "alembic", *args], proj, check)


def quietly(fn, *args, **kw):
    """Runs one of Alembic's commands in this process (fast), without its chatter."""
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(Config(os.path.join(args[0], "alembic.ini")), *args[1:], **kw)


def new_rev(proj, message, **kw):
    script = quietly(command.revision, proj, message=message, **kw)
    return script.revision, script.path


def init_project(root, locations=None):
    proj = tempfile.mkdtemp(dir=root)
    quietly(command.init, proj, os.path.join(proj, "alembic"))
    if locations:
        ini = os.path.join(proj, "alembic.ini")
        with open(ini, encoding="utf-8") as f:
            lines = f.read().splitlines()
        out = []
        for line in lines:
            if line.startswith("version_path_separator"):
                line = "version_path_separator = space"  # the template's inline comment breaks it
            out.append(line)
            if line.startswith("script_location"):
                out.append("version_locations = " + " ".join(
                    "%(here)s/" + loc for loc in locations))
        with open(ini, "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
        for loc in locations:
            os.makedirs(os.path.join(proj, loc), exist_ok=True)
    return proj


def version_dirs(proj):
    dirs = []
    with open(os.path.join(proj, "alembic.ini"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("version_locations"):
                dirs = [d.replace("%(here)s", proj) for d in line.split("=", 1)[1].split()]
    return dirs or [os.path.join(proj, "alembic", "versions")]


# ---- the stand-in for the migration model ------------------------------------------------

def literal(node):
    try:
        return True, ast.literal_eval(node)
    except ValueError:
        return False, None


def identifiers(path):
    """The module-level identifiers of one migration, as the model will give them."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    found = {}
    for stmt in tree.body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else (
            [stmt.target] if isinstance(stmt, ast.AnnAssign) and stmt.value else [])
        for t in targets:
            if isinstance(t, ast.Name) and t.id in IDENT_NAMES:
                found[t.id] = literal(stmt.value)
    doc = ast.get_docstring(tree, clean=False) or ""
    revises = None
    for line in doc.splitlines():
        if line.startswith("Revises:"):
            revises = line[len("Revises:"):]
    message = doc.splitlines()[0] if doc else ""
    return found, revises, message


def enc(value):
    return "".join(c if c.isalnum() or c in "_.:/" else "".join(
        "%%%02X" % b for b in c.encode()) for c in value)


def values(value):
    if value is None or value == "" or value == ():
        return []
    return [value] if isinstance(value, str) else list(value)


def describe(proj):
    """graph_dump's input for every migration of proj, as Alembic lists them."""
    lines = []
    for d in version_dirs(proj):
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith(".py") or name.startswith(("__init__", ".#")):
                continue
            path = os.path.join(d, name)
            found, revises, message = identifiers(path)
            lines.append("rev " + os.path.relpath(path, proj))
            for var, directive in (("revision", "id"), ("down_revision", "down"),
                                   ("branch_labels", "labels"), ("depends_on", "deps")):
                if var not in found:
                    continue
                ok, value = found[var]
                if not ok:
                    lines.append(directive + "?")
                else:
                    lines.append(" ".join([directive] + [enc(v) for v in values(value)]))
            if revises is not None:
                lines.append("revises " + enc(revises))
            if message:
                lines.append("message " + enc(message))
    return "\n".join(lines) + "\n"


def dump(proj, mode):
    proc = subprocess.run([DUMP, mode], input=describe(proj), capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssertionError(f"graph_dump {mode} failed: {proc.stderr}")
    return proc.stdout


def problems(proj):
    out = []
    for line in dump(proj, "problems").splitlines():
        rule, where, nodes, message, help_ = line.split("\t")
        out.append({"rule": rule, "where": where, "message": message, "help": help_})
    return out


# ---- comparisons ---------------------------------------------------------------------------

def alembic_view(proj):
    proc = run([PY, "-c", ALEMBIC_QUERY, os.path.join(proj, "alembic.ini")], proj)
    return json.loads(proc.stdout)


def retort_graph(proj):
    """`retort graph --format json` of the project, run where a user runs it."""
    proc = run([RETORT, "graph", "--format", "json"], proj)
    return json.loads(proc.stdout)


def retort_graph_problems(proj, rule=None):
    """`retort check --select graph` findings (of one rule, or all), run in the project."""
    proc = run([RETORT, "check", "--select", "graph", "--format", "json", "--no-color"],
               proj, check=False)
    if proc.returncode not in (0, 1):
        raise AssertionError(f"retort check failed ({proc.returncode}): {proc.stderr}")
    return [f for f in json.loads(proc.stdout)["findings"] if rule in (None, f["rule"])]


def compare_binary(name, proj, want, failures):
    """Checks the retort binary's graph against Alembic's; returns the number of checks."""
    got = retort_graph(proj)
    checks = [("heads", sorted(got["heads"]), want["heads"]),
              ("bases", sorted(got["bases"]), want["bases"]),
              ("merges", sorted(got["merges"]),
               sorted(r for r, v in want["revisions"].items() if v["merge"])),
              ("revision ids", sorted(got["revisions"]), sorted(want["revisions"]))]
    for rev, w in want["revisions"].items():
        g = got["revisions"].get(rev, {})
        checks.append((f"{rev} parents", g.get("down_revisions"), w["down"]))
        checks.append((f"{rev} depends_on", g.get("depends_on"), w["deps"]))
        checks.append((f"{rev} declared branch labels", g.get("branch_labels"),
                       w["own_labels"]))
    for what, g, w in checks:
        if g != w:
            failures.append(f"{name}: retort graph: {what}: retort {g}, alembic {w}")
    found = retort_graph_problems(proj)
    if found:
        failures.append(f"{name}: retort check --select graph reports {found}")
    return len(checks)


def compare(name, proj, failures):
    want = alembic_view(proj)
    before = len(failures)
    binary_checks = compare_binary(name, proj, want, failures)
    got = json.loads(dump(proj, "json"))
    labels = {}
    for line in dump(proj, "labels").splitlines():
        rev, _, names = line.partition("\t")
        labels[rev] = sorted(n for n in names.split(",") if n)
    checks = [("heads", sorted(got["heads"]), want["heads"]),
              ("bases", sorted(got["bases"]), want["bases"]),
              ("merges", sorted(got["merges"]),
               sorted(r for r, v in want["revisions"].items() if v["merge"])),
              ("revision ids", sorted(got["revisions"]), sorted(want["revisions"]))]
    for rev, w in want["revisions"].items():
        g = got["revisions"].get(rev, {})
        checks.append((f"{rev} parents", g.get("down_revisions"), w["down"]))
        checks.append((f"{rev} depends_on", g.get("depends_on"), w["deps"]))
        checks.append((f"{rev} branch labels", labels.get(rev), w["labels"]))
    bad = [(what, g, w) for what, g, w in checks if g != w]
    for what, g, w in bad:
        failures.append(f"{name}: {what}: retort {g}, alembic {w}")
    found = problems(proj)
    if found:
        failures.append(f"{name}: unexpected problems {found}")
    print(f"ok   {name}: {len(want['revisions'])} revisions, heads {want['heads']}, "
          f"{binary_checks} comparisons with `retort graph`, {len(checks)} with graph_dump"
          if len(failures) == before else f"FAIL {name}")


def scenario_linear(root, failures):
    proj = init_project(root)
    for msg in ("one", "two", "three"):
        new_rev(proj, msg)
    compare("linear", proj, failures)
    return proj


def scenario_labels(root, failures):
    proj = init_project(root)
    new_rev(proj, "a1", head="base", branch_label="alpha")
    b1, _ = new_rev(proj, "b1", head="base", branch_label="beta")
    new_rev(proj, "a2", head="alpha@head")
    new_rev(proj, "b2", head="beta@head", depends_on="alpha")
    new_rev(proj, "a3", head="alpha@head", depends_on=b1)
    compare("branch labels + depends_on by label and by id", proj, failures)


def scenario_label_on_a_line(root, failures):
    # a label added in the middle of a line reaches its ancestors (Alembic's _add_branches)
    proj = init_project(root)
    new_rev(proj, "one")
    new_rev(proj, "two")
    new_rev(proj, "three", branch_label="mainline")
    compare("label on a plain line", proj, failures)


def scenario_merge(root, failures):
    proj = init_project(root)
    base, _ = new_rev(proj, "base")
    new_rev(proj, "left", head=base, splice=True)
    new_rev(proj, "right", head=base, splice=True)
    heads = [p for p in problems(proj) if p["rule"] == "multiple-heads"]
    checked = retort_graph_problems(proj, "multiple-heads")
    refused = alembic(proj, "revision", "-m", "refused", check=False)
    print("two heads:")
    said = (refused.stdout + refused.stderr).strip().splitlines()
    print("  alembic revision:", said[-1] if said else f"(exit {refused.returncode})")
    for f in checked:
        print(f"  retort check    : {f['path']}:{f['line']}:{f['column']}: {f['message']}")
        print(f"  retort help     : {f['help']}")
    print("  graph_dump      :", heads[0]["message"] if heads else "(nothing)")
    if not heads or not checked or refused.returncode == 0:
        failures.append("two heads: Alembic, `retort check` and graph_dump must all refuse")
    quietly(command.merge, proj, "heads", message="merge heads")
    compare("merge", proj, failures)


def scenario_locations(root, failures):
    proj = init_project(root, ["alembic/versions", "alembic/extra"])
    new_rev(proj, "core one", version_path=os.path.join(proj, "alembic", "versions"),
            branch_label="core")
    new_rev(proj, "core two", head="core@head")
    new_rev(proj, "extra one", head="base", branch_label="extra",
            version_path=os.path.join(proj, "alembic", "extra"))
    new_rev(proj, "extra two", head="extra@head", depends_on="core")
    compare("several version_locations", proj, failures)


def set_down_revision(path, value):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    out = []
    for line in text.splitlines():
        if line.startswith("down_revision ="):
            line = f"down_revision = {value!r}"
        out.append(line)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def side_by_side(title, proj, rule, failures, command=("heads",)):
    res = alembic(proj, *command, check=False)
    said = res.stdout + res.stderr  # Alembic prints FAILED: lines on stdout
    lines = [l for l in said.strip().splitlines() if l.strip()]
    interesting = [l for l in lines if "Revision" in l or "Error" in l or "detected" in l]
    mine = [p for p in problems(proj) if p["rule"] == rule]
    checked = retort_graph_problems(proj, rule)
    print(f"{title}:")
    for line in interesting[-3:] or lines[-1:] or ["(no message, exit %d)" % res.returncode]:
        print("  alembic     :", line.strip())
    for f in checked:
        print(f"  retort check: {f['path']}:{f['line']}:{f['column']}: {rule}: {f['message']}")
        print(f"                help: {f.get('help')}")
    for p in mine:
        print(f"  graph_dump  : {rule}: {p['where']}: {p['message']}")
    if not checked:
        failures.append(f"{title}: `retort check --select graph` reports no {rule}")
    elif any(not f["line"] or not f["message"] for f in checked):
        failures.append(f"{title}: retort's {rule} finding lacks a line or a message: {checked}")
    if not mine:
        failures.append(f"{title}: graph_dump reports no {rule}")
    return res


def scenario_broken(root, failures):
    proj = init_project(root)
    r1, p1 = new_rev(proj, "one")
    r2, p2 = new_rev(proj, "two")
    r3, p3 = new_rev(proj, "three")
    pristine = {p: open(p, encoding="utf-8").read() for p in (p1, p2, p3)}

    def restore():
        for p, text in pristine.items():
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)

    copy = os.path.join(os.path.dirname(p2), "copy_of_two.py")
    shutil.copy(p2, copy)
    side_by_side("duplicate revision id", proj, "duplicate-revision", failures)
    os.remove(copy)

    set_down_revision(p2, r1[:-1] + ("0" if r1[-1] != "0" else "1"))
    res = side_by_side("missing parent", proj, "missing-parent", failures)
    if res.returncode == 0:
        failures.append("missing parent: Alembic was expected to fail")
    restore()

    set_down_revision(p1, r3)
    res = side_by_side("cycle", proj, "revision-cycle", failures, ("history",))
    if "Cycle is detected" not in res.stdout + res.stderr:
        failures.append("cycle: Alembic's message changed: " + (res.stdout + res.stderr)[-300:])
    restore()

    set_down_revision(p2, r2)
    res = side_by_side("self-loop", proj, "revision-cycle", failures)
    if "Self-loop is detected" not in res.stdout + res.stderr:
        failures.append("self-loop: Alembic's message changed: " + (res.stdout + res.stderr)[-300:])
    restore()


# ---- random graphs against Alembic's RevisionMap ------------------------------------------

FATAL = {"missing-parent", "unknown-dependency", "revision-cycle", "branch-label-conflict"}


def random_graph(rng):
    """Revisions (id, down_revisions, depends_on, branch_labels), sometimes with a fault."""
    ids = [f"r{i}" for i in range(rng.randint(1, 12))]
    revs, labels = [], []
    for i, rid in enumerate(ids):
        down = tuple(rng.sample(ids[:i], min(rng.choice([1, 1, 1, 2, 0]), i)))
        deps = (rng.choice(ids[:i] + labels),) if i and rng.random() < 0.25 else ()
        own = (f"L{len(labels)}",) if rng.random() < 0.25 else ()
        labels += own
        revs.append([rid, down, deps, own])
    fault = rng.random()
    victim = rng.choice(revs)
    if fault < 0.05:
        victim[1] = victim[1] + ("missing",)
    elif fault < 0.10:
        victim[2] = ("nowhere",)
    elif fault < 0.15 and len(revs) > 1:
        revs[0][1] = (revs[-1][0],)  # the base follows the last revision: a cycle
    elif fault < 0.20:
        victim[3] = victim[3] + (rng.choice(ids),)  # a label equal to an id
    rng.shuffle(revs)
    return [tuple(r) for r in revs]


def revision_map_view(revs):
    """Alembic's heads, bases and labels, or None when its RevisionMap refuses the graph."""
    m = RevisionMap(lambda: [Revision(r, d or None, dependencies=dp or None,
                                      branch_labels=ls or None) for r, d, dp, ls in revs])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Revision ... is not present", then a KeyError
            m.heads
    except Exception:  # KeyError, CycleDetected, RevisionError...: the graph is broken
        return None
    return (sorted(m.heads), sorted(m.bases),
            {r: sorted(m.get_revision(r).branch_labels) for r, *_ in revs})


def dump_text(revs, mode):
    lines = []
    for r, d, dp, ls in revs:
        lines += [f"rev v/{r}.py", f"id {r}", " ".join(("down",) + d),
                  " ".join(("labels",) + ls), " ".join(("deps",) + dp)]
    proc = subprocess.run([DUMP, *mode.split()], input="\n".join(lines) + "\n",
                          capture_output=True, text=True)
    if proc.returncode:
        raise AssertionError(f"graph_dump {mode}: {proc.stderr}")
    return proc.stdout


def retort_view(revs):
    problems_out, json_out, labels_out = dump_text(revs, "problems json labels").split("\f\n")
    if {line.split("\t")[0] for line in problems_out.splitlines()} & FATAL:
        return None
    got = json.loads(json_out)
    labels = {}
    for line in labels_out.splitlines():
        rev, _, names = line.partition("\t")
        labels[rev] = sorted(n for n in names.split(",") if n)
    return sorted(got["heads"]), sorted(got["bases"]), labels


def scenario_random(failures, count=300):
    rng = random.Random(20261124)
    broken = 0
    for _ in range(count):
        revs = random_graph(rng)
        want, got = revision_map_view(revs), retort_view(revs)
        broken += want is None
        if want != got:
            failures.append(f"random graph {revs}:\n  alembic {want}\n  retort  {got}")
    print(f"ok   {count} random graphs against RevisionMap ({broken} refused by both)"
          if not failures else "FAIL random graphs")


def main():
    if not DUMP or not os.path.exists(DUMP):
        print("GRAPH_DUMP is not set: build tests/tools/graph_dump", file=sys.stderr)
        return 77
    if not RETORT or not os.path.exists(RETORT):
        print("RETORT is not set: run through ctest", file=sys.stderr)
        return 77
    if command is None:
        print("Debian's Alembic is not installed", file=sys.stderr)
        return 77
    failures = []
    root = tempfile.mkdtemp(prefix="retort-graph-")
    try:
        scenario_linear(root, failures)
        scenario_labels(root, failures)
        scenario_label_on_a_line(root, failures)
        scenario_merge(root, failures)
        scenario_locations(root, failures)
        scenario_broken(root, failures)
        scenario_random(failures)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
