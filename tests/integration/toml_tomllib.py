#!/usr/bin/python3
"""Differential test: retort's TOML reader against Python's tomllib.

Every file under tests/toml/, plus a few hundred generated TOML-like files, is read by
tomllib (as Alembic >= 1.16 reads pyproject.toml) and by retort (the toml_dump tool,
whose path comes in TOML_DUMP). They must agree on every value (floats and dates
compared through tomllib's reading of retort's source text), on table and key order,
and, for invalid files, on the line and column of the error. retort's key and value
positions are checked against the file's text.
"""
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import tomllib

SOURCE_DIR = os.environ.get("RETORT_SOURCE_DIR",
                            os.path.join(os.path.dirname(__file__), "..", ".."))
DUMP = os.environ.get("TOML_DUMP")


def end_position(text):
    """Line and column tomllib means by "end of document"."""
    line = text.count("\n") + 1
    return line, len(text) - (text.rfind("\n") + 1) + 1


def normal(value):
    """Python values with floats as repr() (so that nan equals nan)."""
    if isinstance(value, float):
        return ("float", repr(value))
    if isinstance(value, dict):
        return [(k, normal(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [normal(v) for v in value]
    return (type(value).__name__, value)


def python_view(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        return {"value": normal(tomllib.loads(data.decode()))}
    except UnicodeDecodeError:
        return {"error": "UnicodeDecodeError"}
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)$", str(e))
        if m:
            return {"error": (int(m.group(1)), int(m.group(2)))}
        text = data.decode().replace("\r\n", "\n")
        return {"error": end_position(text)}


def retort_value(v):
    t = v["type"]
    if t in ("string", "integer", "bool"):
        return v["value"]
    if t in ("float", "datetime"):
        return tomllib.loads("v = " + v["text"])["v"]
    if t == "array":
        return [retort_value(i) for i in v["items"]]
    return {e[0]: retort_value(e[3]) for e in v["entries"]}


def retort_view(path):
    out = subprocess.run([DUMP, path], capture_output=True, check=True).stdout
    raw = json.loads(out)
    if "error" in raw:
        err = raw["error"]
        if "UTF-8" in err["message"]:
            return raw, {"error": "UnicodeDecodeError"}
        return raw, {"error": (err["line"], err["column"])}
    return raw, {"value": normal(retort_value(raw["root"]))}


STARTS = {"string": ('"', "'"), "bool": ("true", "false"), "array": ("[",),
          "table": ("{", "[")}


def check_positions(path, root):
    """Keys and values sit where retort says they are."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().replace("\r\n", "\n").split("\n")
    problems = []

    def text_at(line, col):
        return lines[line - 1][col - 1:]

    def walk(v, where):
        t = v["type"]
        here = text_at(v["line"], v["column"])
        if t in ("integer", "float", "datetime"):
            ok = here.startswith(v["text"])
        elif t == "table" and not here.startswith(STARTS["table"]):
            ok = True  # a table made by dotted keys starts at its key
        else:
            ok = here.startswith(STARTS[t])
        if not ok:
            problems.append(f"{where}: {t} not at {v['line']}:{v['column']}: {here[:20]!r}")
        for i, item in enumerate(v.get("items", [])):
            walk(item, f"{where}[{i}]")
        for key, line, col, val in v.get("entries", []):
            kt = text_at(line, col)
            if not (kt.startswith(key) or kt[:1] in "\"'"):
                problems.append(f"{where}.{key}: key not at {line}:{col}: {kt[:20]!r}")
            walk(val, f"{where}.{key}")

    walk(root, "root")
    return problems


def compare(path):
    expected = python_view(path)
    raw, got = retort_view(path)
    if expected != got:
        return [f"python {expected}\n    retort {got}" +
                (f"\n    ({raw['error']['message']})" if "error" in raw else "")]
    return check_positions(path, raw["root"]) if "root" in raw else []


PIECES = {
    "key": ["a", "b", "tool", "alembic", '"q k"', "'lit'", "a.b", "tool.alembic", "x . y",
            '""', "1"],
    "value": ['"s"', "'l'", '"""m\nl"""', "'''r'''", '"e\\n\\u00e9"', '"bad\\q"', "1",
              "-0", "0x1F", "1_000", "01", "3.5", "1e3", "inf", "-nan", "true", "false",
              "1979-05-27", "07:32:00", "1979-05-27T07:32:00Z", "2023-02-30", "[]",
              "[1, 2,]", "[\n 1, # c\n 2\n]", "{}", "{ a = 1, b.c = 2 }", "{ a = 1, a = 2 }",
              "[{ x = 1 }]", "\"unterminated"],
}


def random_file(rng, tmp, n):
    lines = []
    for _ in range(rng.randint(1, 10)):
        kind = rng.choices(["kv", "table", "aot", "comment", "blank", "junk"],
                           [8, 3, 2, 1, 1, 1])[0]
        if kind == "kv":
            lines.append(f"{rng.choice(PIECES['key'])} = {rng.choice(PIECES['value'])}"
                         + rng.choice(["", " # c", "  "]))
        elif kind == "table":
            lines.append(f"[{rng.choice(PIECES['key'])}]")
        elif kind == "aot":
            lines.append(f"[[{rng.choice(PIECES['key'])}]]")
        elif kind == "comment":
            lines.append("# comment")
        elif kind == "blank":
            lines.append("")
        else:
            lines.append(rng.choice(["= 1", "[a", "a = 1 2", "[[a]", "a.=1"]))
    text = rng.choice(["\n", "\r\n"]).join(lines) + rng.choice(["", "\n"])
    path = os.path.join(tmp, f"random_{n}.toml")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return path


def main():
    if not DUMP:
        print("TOML_DUMP is not set: run through ctest", file=sys.stderr)
        return 77
    fixtures_dir = os.path.join(SOURCE_DIR, "tests", "toml")
    fixtures = sorted(os.path.join(fixtures_dir, f) for f in os.listdir(fixtures_dir)
                      if f.endswith(".toml"))
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        rng = random.Random(2025)
        generated = [random_file(rng, tmp, n) for n in range(300)]
        for path in fixtures + generated:
            problems = compare(path)
            if problems:
                failures += 1
                print(f"FAIL {os.path.relpath(path, SOURCE_DIR)}")
                for p in problems:
                    print("   ", p)
    print(f"compared {len(fixtures)} fixture files and {len(generated)} generated files "
          f"with tomllib: {failures} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
