"""retort's migration model against a reference extractor written with CPython's ast.

For every fixture under fixtures/python/ the reference reports revision, down_revisions,
branch_labels, depends_on and, per upgrade/downgrade(/_<name>) function, the operation
calls (name, line, column in code points). `retort inspect --format json` must agree
exactly. Files CPython cannot parse must have syntax_errors in retort's output; files
that need a newer Python than this one (fixtures/python/py312 on 3.11) are skipped.

The reference follows the model's documented rules (docs/inspect.md) independently:
module-level bindings, names resolved to earlier literal strings, op receivers (import
aliases, alembic.op, a parameter named op, batch aliases, op.get_bind() connections),
context calls (f, get_bind, get_context, inline_literal) excluded, helpers followed.
"""
import ast
import json
import os
import re
import subprocess
import sys
import tokenize

ROOT = os.environ.get("RETORT_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
RETORT = os.environ.get("RETORT")
RETORT_INSPECT = os.environ.get("RETORT_INSPECT")
CONTEXT_CALLS = {"f", "get_bind", "get_context", "inline_literal"}
MAX_HELPER_DEPTH = 8


def fixtures():
    base = os.path.join(ROOT, "fixtures", "python")
    for dirpath, _, files in sorted(os.walk(base)):
        for f in sorted(files):
            if f.endswith(".py"):
                yield os.path.join(dirpath, f)


# ---- identifiers ---------------------------------------------------------------------

def bound_names(node):
    """Names a non-plain module-level statement binds (not looking into def/class/lambda)."""
    out = []

    def visit(n):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            out.append(n.id)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.append(n.name)
            return
        elif isinstance(n, ast.alias):
            out.append(n.asname or n.name.split(".")[0] if n.name != "*" else "*")
            return
        elif isinstance(n, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
                            ast.GeneratorExp)):
            return
        for c in ast.iter_child_nodes(n):
            visit(c)

    visit(node)
    return out


def module_bindings(tree):
    """[(name, stmt_index, value_node or None)] in order, like the model's bindings."""
    out = []
    for i, st in enumerate(tree.body):
        if isinstance(st, ast.Assign):
            for t in st.targets:
                if isinstance(t, ast.Name):
                    out.append((t.id, i, st.value))
                else:
                    out.extend((n, i, None) for n in bound_names(t))
        elif isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name):
            if st.value is not None:
                out.append((st.target.id, i, st.value))
        else:
            out.extend((n, i, None) for n in bound_names(st))
    return out


def is_str(node):
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def const_string(bindings, name, before):
    found = None
    for n, i, v in bindings:
        if n == name and i < before:
            found = v
    return found.value if found is not None and is_str(found) else None


def literal_id(bindings, node, before):
    if is_str(node):
        return node.value
    if isinstance(node, ast.Name):
        return const_string(bindings, node.id, before)
    return None


def identifier(bindings, name):
    """('absent'|'dynamic'|'none'|'string'|'seq', ids)"""
    last = None
    for b in bindings:
        if b[0] == name:
            last = b
    if last is None:
        return "absent", None
    _, i, v = last
    if v is None:
        return "dynamic", None
    if isinstance(v, ast.Constant) and v.value is None:
        return "none", []
    s = literal_id(bindings, v, i)
    if s is not None:
        return "string", [s]
    if isinstance(v, (ast.Tuple, ast.List)):
        return "seq", [literal_id(bindings, e, i) for e in v.elts]
    return "dynamic", None


def summary(bindings, name, single):
    form, ids = identifier(bindings, name)
    if form in ("absent", "dynamic"):
        return None
    if single:
        return ids[0] if form == "string" else None
    if form == "string" and ids[0] == "":
        return []
    return ids


# ---- operations ----------------------------------------------------------------------

def column(line_text, col_offset):
    """1-based code-point column of a UTF-8 byte offset in a (decoded) line."""
    return len(line_text.encode("utf-8")[:col_offset].decode("utf-8", "replace")) + 1


class Extractor:
    def __init__(self, tree, lines):
        self.tree = tree
        self.lines = lines
        self.defs = {}
        for st in tree.body:
            if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.defs[st.name] = st

    def module_scope(self):
        scope = []
        for st in self.tree.body:
            if isinstance(st, (ast.Import, ast.ImportFrom)):
                self.bind_import(scope, st)
        return scope

    @staticmethod
    def bind_import(scope, st):
        for a in st.names:
            if isinstance(st, ast.ImportFrom):
                if st.level == 0 and st.module == "alembic" and a.name in ("op", "*"):
                    scope.append((a.asname or "op", "op", None))
                else:
                    scope.append((a.asname or a.name, "other", None))
            elif a.name == "alembic":
                scope.append((a.asname or "alembic", "alembic", None))
            elif a.name == "alembic.op":
                scope.append((a.asname, "op", None) if a.asname else ("alembic", "alembic", None))
            else:
                scope.append((a.asname or a.name.split(".")[0], "other", None))

    @staticmethod
    def find(scope, name):
        for n, k, b in reversed(scope):
            if n == name:
                return k, b
        return None

    def recv(self, scope, r):
        if isinstance(r, ast.Name):
            return self.find(scope, r.id) or ("other", None)
        if isinstance(r, ast.Attribute) and r.attr == "op" and isinstance(r.value, ast.Name):
            k = self.find(scope, r.value.id)
            return ("op", None) if k and k[0] == "alembic" else ("other", None)
        if self.is_get_bind(scope, r):
            return "conn", None
        return "other", None

    def is_get_bind(self, scope, n):
        return (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                and n.func.attr == "get_bind" and self.recv(scope, n.func.value)[0] == "op")

    def op_call(self, scope, call):
        f = call.func
        if not isinstance(f, ast.Attribute):
            return None
        kind, batch = self.recv(scope, f.value)
        if kind == "op" and f.attr not in CONTEXT_CALLS:
            return kind
        if kind == "batch":
            return kind
        if kind == "conn" and f.attr in ("execute", "exec_driver_sql"):
            return kind
        return None

    def record(self, call):
        line = call.lineno
        self.ops.append({"name": call.func.attr, "line": line,
                         "column": column(self.lines[line - 1], call.col_offset)})

    def expr(self, scope, n):
        if n is None:
            return
        if isinstance(n, ast.Call):
            if self.op_call(scope, n):
                self.record(n)
                return
            for c in ast.iter_child_nodes(n):
                self.expr(scope, c)
            f = n.func
            if isinstance(f, ast.Name) and self.find(scope, f.id) is None and f.id in self.defs:
                self.follow(scope, n, self.defs[f.id])
            return
        if isinstance(n, ast.Lambda):
            return
        if isinstance(n, ast.IfExp):
            for c in (n.test, n.body, n.orelse):
                self.expr(scope, c)
            return
        for c in ast.iter_child_nodes(n):
            if isinstance(c, ast.expr) or isinstance(c, (ast.keyword, ast.comprehension,
                                                         ast.FormattedValue)):
                self.expr(scope, c)

    def follow(self, caller, call, d):
        if len(self.stack) > MAX_HELPER_DEPTH or d in self.stack:
            return
        scope = self.module_scope()
        a = d.args
        positional = a.posonlyargs + a.args
        params = positional + ([a.vararg] if a.vararg else []) + a.kwonlyargs + (
            [a.kwarg] if a.kwarg else [])
        for i, p in enumerate(params):
            arg = None
            if i < len(positional) and i < len(call.args) and not isinstance(
                    call.args[i], ast.Starred):
                arg = call.args[i]
            for k in call.keywords:
                if arg is None and k.arg == p.arg:
                    arg = k.value
            kind, batch = self.recv(caller, arg) if arg is not None else ("other", None)
            if kind == "other" and isinstance(arg, ast.Name):
                k = self.find(caller, arg.id)
                if k and k[0] == "alembic":
                    kind = "alembic"
            if kind == "other" and p.arg == "op":
                kind = "op"
            scope.append((p.arg, kind, batch))
        self.stack.append(d)
        self.body(scope, d.body)
        self.stack.pop()

    def bind_target(self, scope, t, kind, batch):
        if isinstance(t, ast.Name):
            k = self.find(scope, t.id)
            if kind != "other" or (k and k[0] != "other"):
                scope.append((t.id, kind, batch))
        elif isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                self.bind_target(scope, e, "other", None)
        elif isinstance(t, ast.Starred):
            self.bind_target(scope, t.value, "other", None)

    def assign(self, scope, targets, value):
        kind, batch = "other", None
        if value is not None and (self.is_get_bind(scope, value) or isinstance(value, ast.Name)
                                  or (isinstance(value, ast.Attribute) and value.attr == "op")):
            kind, batch = self.recv(scope, value)
        if kind == "other":
            self.expr(scope, value)
        for t in targets:
            self.bind_target(scope, t, kind, batch)

    def with_(self, scope, st):
        for item in st.items:
            e = item.context_expr
            if (isinstance(e, ast.Call) and self.op_call(scope, e) == "op"
                    and e.func.attr == "batch_alter_table"):
                self.record(e)
                self.bind_target(scope, item.optional_vars, "batch", e)
                continue
            if not (isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute)
                    and e.func.attr == "autocommit_block"):
                self.expr(scope, e)
            elif not (isinstance(e.func.value, ast.Call)
                      and isinstance(e.func.value.func, ast.Attribute)
                      and e.func.value.func.attr == "get_context"
                      and self.recv(scope, e.func.value.func.value)[0] == "op"):
                self.expr(scope, e)
            self.bind_target(scope, item.optional_vars, "other", None)
        self.body(scope, st.body)

    def stmt(self, scope, st):
        if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            scope.append((st.name, "other", None))
        elif isinstance(st, ast.If):
            self.expr(scope, st.test)
            self.body(scope, st.body)
            self.body(scope, st.orelse)
        elif isinstance(st, ast.While):
            self.expr(scope, st.test)
            self.body(scope, st.body)
            self.body(scope, st.orelse)
        elif isinstance(st, (ast.For, ast.AsyncFor)):
            self.expr(scope, st.iter)
            self.bind_target(scope, st.target, "other", None)
            self.body(scope, st.body)
            self.body(scope, st.orelse)
        elif isinstance(st, ast.Try) or type(st).__name__ == "TryStar":
            self.body(scope, st.body)
            for h in st.handlers:
                self.body(scope, h.body)
            self.body(scope, st.orelse)
            self.body(scope, st.finalbody)
        elif isinstance(st, ast.Match):
            self.expr(scope, st.subject)
            for c in st.cases:
                self.body(scope, c.body)
        elif isinstance(st, (ast.With, ast.AsyncWith)):
            self.with_(scope, st)
        elif isinstance(st, ast.Assign):
            self.assign(scope, st.targets, st.value)
        elif isinstance(st, ast.AnnAssign):
            self.assign(scope, [st.target], st.value)
        elif isinstance(st, (ast.Import, ast.ImportFrom)):
            self.bind_import(scope, st)
        else:
            for c in ast.iter_child_nodes(st):
                self.expr(scope, c)

    def body(self, scope, stmts):
        for st in stmts:
            self.stmt(scope, st)

    def function(self, d):
        self.ops = []
        self.stack = [d]
        scope = self.module_scope()
        a = d.args
        for p in a.posonlyargs + a.args + ([a.vararg] if a.vararg else []) + a.kwonlyargs + (
                [a.kwarg] if a.kwarg else []):
            scope.append((p.arg, "op" if p.arg == "op" else "other", None))
        self.body(scope, d.body)
        return self.ops


def reference(path):
    raw = open(path, "rb").read()
    tree = ast.parse(raw, path)
    with tokenize.open(path) as f:  # honours a BOM and a coding cookie
        text = f.read()
    # Python's own line ends only (str.splitlines also breaks on \x0c, \x1c...).
    lines = re.split(r"\r\n|\r|\n", text)
    bindings = module_bindings(tree)
    name = os.path.basename(path)
    revision = summary(bindings, "revision", True)
    if identifier(bindings, "revision")[0] == "absent":
        m = re.match(r"([a-f0-9]+)\.py$", name)
        revision = m.group(1) if m else None
    ex = Extractor(tree, lines)
    functions = {}
    for st in tree.body:
        if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)) and re.match(r"(upgrade|downgrade)(_|$)", st.name):
            functions[st.name] = st
    return {
        "revision": revision,
        "down_revisions": summary(bindings, "down_revision", False),
        "branch_labels": summary(bindings, "branch_labels", False),
        "depends_on": summary(bindings, "depends_on", False),
        "ops": {n: ex.function(d) for n, d in functions.items()},
    }


def retort_view(obj):
    return {
        "revision": obj["revision"],
        "down_revisions": obj["down_revisions"],
        "branch_labels": obj["branch_labels"],
        "depends_on": obj["depends_on"],
        "ops": {n: [{"name": o["name"], "line": o["line"], "column": o["column"]}
                    for o in f["ops"]]
                for n, f in obj["functions"].items() if f is not None},
    }


def inspect_command():
    """`retort inspect`, else the stand-alone inspect_json tool (same code) when the full
    binary is not built."""
    if RETORT and os.access(RETORT, os.X_OK):
        return [RETORT, "inspect"]
    if RETORT_INSPECT and os.access(RETORT_INSPECT, os.X_OK):
        return [RETORT_INSPECT]
    return None


def check_cli(command):
    """The documented output shape and exit statuses; returns the number of failures."""
    fx = os.path.join(ROOT, "fixtures", "python", "handwritten")
    cases = [([os.path.join(fx, "bom.py")], 0, 1),
             ([os.path.join(fx, "syntax_error.py"), os.path.join(fx, "tabs.py")], 1, 2),
             ([os.path.join(fx, "no-such-file.py"), os.path.join(fx, "tabs.py")], 2, 1)]
    failures = 0
    for args, status, count in cases:
        proc = subprocess.run([*command, *args], capture_output=True)
        out = json.loads(proc.stdout)
        if proc.returncode != status or not isinstance(out, list) or len(out) != count:
            print(f"inspect {args}: exit {proc.returncode}, {len(out)} objects; "
                  f"expected exit {status}, {count} objects")
            failures += 1
    return failures


def main():
    command = inspect_command()
    if not command:
        print("neither RETORT nor RETORT_INSPECT is an executable", file=sys.stderr)
        return 77
    cli_failures = check_cli(command)
    paths = list(fixtures())
    proc = subprocess.run([*command, "--format", "json", *paths], capture_output=True)
    if proc.returncode not in (0, 1):
        print(proc.stderr.decode(errors="replace"), file=sys.stderr)
        return 1
    results = json.loads(proc.stdout)
    if len(results) != len(paths):
        print(f"retort printed {len(results)} objects for {len(paths)} files", file=sys.stderr)
        return 1
    compared = skipped = failures = 0
    for path, obj in zip(paths, results):
        rel = os.path.relpath(path, ROOT)
        try:
            ref = reference(path)
        except SyntaxError:
            if os.sep + "py312" + os.sep in path and sys.version_info < (3, 12):
                skipped += 1
                continue
            if not obj["syntax_errors"]:
                print(f"{rel}: CPython reports a syntax error, retort does not")
                failures += 1
            compared += 1
            continue
        compared += 1
        if obj["syntax_errors"]:
            print(f"{rel}: retort reports syntax errors CPython does not: {obj['syntax_errors']}")
            failures += 1
            continue
        mine = retort_view(obj)
        for key in ref:
            if ref[key] != mine[key]:
                print(f"{rel}: {key} differs\n  cpython: {ref[key]}\n  retort:  {mine[key]}")
                failures += 1
    print(f"model_vs_cpython ({os.path.basename(command[0])}): {compared} fixtures compared, {skipped} skipped "
          f"(need Python 3.12), {failures} differences")
    return 1 if failures or cli_failures or compared == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
