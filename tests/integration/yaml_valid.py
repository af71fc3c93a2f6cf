"""The YAML files other tools read: action.yml (a composite GitHub Action),
.github/workflows/ci.yml and .pre-commit-hooks.yaml load and carry the keys GitHub and
pre-commit require. Needs python3-yaml (scripts/setup.sh); skipped (77) without it."""
import os
import re
import sys

try:
    import yaml
except ImportError:
    print("skip: python3-yaml is not installed")
    sys.exit(77)

SOURCE = os.environ["RETORT_SOURCE_DIR"]
errors = []


def load(rel):
    with open(os.path.join(SOURCE, rel)) as f:
        return yaml.safe_load(f)


def need(cond, msg):
    if not cond:
        errors.append(msg)


def check_action():
    action = load("action.yml")
    for key in ("name", "description", "inputs", "runs"):
        need(key in action, f"action.yml: no '{key}'")
    inputs = action.get("inputs") or {}
    for name in ("paths", "config", "base-ref", "fail-on", "format"):
        need(name in inputs and "description" in inputs[name], f"action.yml: input '{name}'")
    runs = action.get("runs") or {}
    need(runs.get("using") == "composite", "action.yml: runs.using must be composite")
    steps = runs.get("steps") or []
    need(len(steps) > 0, "action.yml: no steps")
    for i, step in enumerate(steps):
        need(("run" in step) != ("uses" in step), f"action.yml: step {i} needs run or uses")
        if "run" in step:
            need("shell" in step, f"action.yml: step {i} runs a script without 'shell'")
    uses = [s.get("uses", "") for s in steps]
    need(any(u.startswith("github/codeql-action/upload-sarif@") for u in uses),
         "action.yml: no upload-sarif step")
    text = open(os.path.join(SOURCE, "action.yml")).read()
    for ref in re.findall(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)", text):
        need(ref in inputs, f"action.yml: uses undeclared input '{ref}'")
    ids = {s.get("id") for s in steps}
    for ref in re.findall(r"steps\.([A-Za-z0-9_-]+)\.outputs", text):
        need(ref in ids, f"action.yml: refers to unknown step '{ref}'")
    for name, out in (action.get("outputs") or {}).items():
        need("value" in out, f"action.yml: output '{name}' needs a value in a composite action")


def check_workflow():
    wf = load(".github/workflows/ci.yml")
    # YAML 1.1 reads the key `on` as the boolean true.
    need("on" in wf or True in wf, "ci.yml: no 'on'")
    jobs = wf.get("jobs") or {}
    need(len(jobs) > 0, "ci.yml: no jobs")
    for name, job in jobs.items():
        need("runs-on" in job, f"ci.yml: job {name} has no runs-on")
        steps = job.get("steps") or []
        need(len(steps) > 0, f"ci.yml: job {name} has no steps")
        for i, step in enumerate(steps):
            need("run" in step or "uses" in step, f"ci.yml: job {name} step {i} does nothing")


def check_hooks():
    hooks = load(".pre-commit-hooks.yaml")
    need(isinstance(hooks, list) and hooks, ".pre-commit-hooks.yaml: not a list of hooks")
    for hook in hooks or []:
        for key in ("id", "name", "entry", "language"):
            need(key in hook, f".pre-commit-hooks.yaml: hook {hook.get('id')} has no '{key}'")
        if "files" in hook:
            re.compile(hook["files"])


check_action()
check_workflow()
check_hooks()
for e in errors:
    print("FAIL", e)
sys.exit(1 if errors else 0)
