#!/usr/bin/python3
"""Differential test: retort's INI reader against Python's own configparser.

Every file under tests/ini/, plus generated ones (every code point through
str.lower(), and a few hundred random INI-like files), is read twice: by
configparser exactly as Alembic reads alembic.ini (ConfigParser(defaults={"here":
dir}).read([path])) and by retort (the ini_dump tool, whose path comes in INI_DUMP).
They must agree on the sections, every option's key, raw value and interpolated value
(or interpolation error class), and, for invalid files, on the error class and line.
retort's key and value positions are checked against the file's text.
"""
import configparser
import json
import locale
import os
import random
import re
import subprocess
import sys
import tempfile

SOURCE_DIR = os.environ.get("RETORT_SOURCE_DIR",
                            os.path.join(os.path.dirname(__file__), "..", ".."))
DUMP = os.environ.get("INI_DUMP")


def python_view(path, here):
    """What Alembic's ConfigParser makes of path."""
    cp = configparser.ConfigParser(defaults={"here": here})
    try:
        cp.read([path])
    except configparser.ParsingError as e:  # also MissingSectionHeaderError
        line = e.lineno if hasattr(e, "lineno") else e.errors[0][0]
        return {"error": type(e).__name__, "line": line}
    except (configparser.DuplicateOptionError, configparser.DuplicateSectionError) as e:
        return {"error": type(e).__name__, "line": e.lineno}
    except UnicodeDecodeError:
        return {"error": "UnicodeDecodeError", "line": None}

    def options(section, keys):
        out = []
        for key in keys:
            item = [key, cp.get(section, key, raw=True)]
            try:
                item.append(cp.get(section, key))
            except configparser.InterpolationError as e:
                item.append(type(e).__name__)
            out.append(item)
        return out

    return {"sections": cp.sections(),
            "defaults": options("DEFAULT", list(cp.defaults())),
            "options": {s: options(s, cp.options(s)) for s in cp.sections()}}


def error_class(message):
    m = re.search(r"\(configparser: (\w+)\)$", message)
    if m:
        return m.group(1)
    if "UnicodeDecodeError" in message:
        return "UnicodeDecodeError"
    return "retort-only error: " + message


def retort_view(path, here):
    out = subprocess.run([DUMP, path, here], capture_output=True, check=True).stdout
    raw = json.loads(out)
    if "error" in raw:
        return raw, {"error": error_class(raw["error"]["message"]),
                     "line": raw["error"]["line"]}

    def options(opts):
        return [[k, o["raw"], o["value"] if "value" in o else error_class(o["error"])]
                for k, o in opts.items()]

    return raw, {"sections": raw["sections"],
                 "defaults": options(raw["defaults"]),
                 "options": {s: options(o) for s, o in raw["options"].items()}}


def check_positions(path, raw):
    """Every key and value position retort reports points at that text in the file."""
    with open(path, encoding="utf-8", newline=None) as f:
        lines = f.read().split("\n")
    problems = []
    for section, opts in [("DEFAULT", raw["defaults"])] + list(raw["options"].items()):
        for key, o in opts.items():
            if "line" not in o:
                continue
            text = lines[o["line"] - 1][o["column"] - 1:]
            if not text.lower().startswith(key):
                problems.append(f"[{section}] {key!r}: key not at {o['line']}:{o['column']}")
            pieces = o["raw"].split("\n")
            if len(pieces) != len(o["pieces"]):
                problems.append(f"[{section}] {key!r}: {len(o['pieces'])} piece positions")
                continue
            for piece, (line, col) in zip(pieces, o["pieces"]):
                if not lines[line - 1][col - 1:].startswith(piece):
                    problems.append(f"[{section}] {key!r}: {piece!r} not at {line}:{col}")
            if "error" in o and not o["line"] <= o["error_line"] <= o["end_line"]:
                problems.append(f"[{section}] {key!r}: error outside the option")
    return problems


def compare(path):
    here = os.path.abspath(os.path.dirname(path))
    expected = python_view(path, here)
    raw, got = retort_view(path, here)
    problems = []
    if "error" in expected or "error" in got:
        if expected.get("error") != got.get("error"):
            problems.append(f"error: python {expected} retort {got}")
        elif expected["line"] is not None and expected["line"] != got["line"]:
            problems.append(f"error line: python {expected['line']} retort {got['line']}")
        return problems
    for part in ("sections", "defaults"):
        if expected[part] != got[part]:
            problems.append(f"{part}: python {expected[part]!r}\n  retort {got[part]!r}")
    for section, opts in expected["options"].items():
        if got["options"].get(section) != opts:
            problems.append(f"[{section}]: python {opts!r}\n  retort "
                            f"{got['options'].get(section)!r}")
    return problems + check_positions(path, raw)


def lower_cases(tmp):
    """A file whose keys hold every code point that can start or continue a key."""
    skip = {ord(c) for c in "=:[#;%\n\r"}
    points = [c for c in range(0x20, 0x110000)
              if not 0xD800 <= c <= 0xDFFF and c not in skip and not chr(c).isspace()]
    path = os.path.join(tmp, "every_code_point.ini")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("[all]\n")
        for i in range(0, len(points), 500):
            chunk = "".join(chr(c) for c in points[i:i + 500])
            f.write(f"k{i}{chunk}\u03a3x\u03a3 = {i}%%\n")
    return path


SPACES = ["", " ", "  ", "\t", "\u00a0", "\u3000"]
KEYS = ["key", "Key", "KÉY", "ΣΑΣ", "url", "a b", "x.y", "here", "[k", "k]", ""]
VALUES = ["", "value", "sqlite:///x.db", "a,b c", "%%", "%(here)s", "%(key)s", "%(KEY)s",
          "%(url)s/x", "%(nope)s", "100%", "%(", "# not a comment", "a = b: c", "é🚀",
          "[not a header]"]


def random_line(rng):
    kind = rng.choices(["header", "option", "continuation", "comment", "blank", "junk"],
                       [2, 8, 4, 2, 2, 1])[0]
    indent = rng.choice(SPACES)
    if kind == "header":
        return indent + rng.choice(["[alembic]", "[DEFAULT]", "[core]", "[ x ]", "[]",
                                    "[a]b]", "[t] trailing", "[Alembic]"])
    if kind == "option":
        return (indent + rng.choice(KEYS) + rng.choice(SPACES) + rng.choice("=:") +
                rng.choice(SPACES) + " ".join(rng.choice(VALUES)
                                              for _ in range(rng.randint(0, 2))))
    if kind == "continuation":
        return indent + rng.choice(SPACES) + rng.choice(VALUES[1:])
    if kind == "comment":
        return indent + rng.choice("#;") + rng.choice(VALUES)
    if kind == "blank":
        return indent
    return indent + rng.choice(["just words", "\ufeff", "%", "key"])


def random_file(rng, tmp, n):
    lines = [random_line(rng) for _ in range(rng.randint(1, 12))]
    if rng.random() < 0.9:
        lines.insert(0, "[alembic]")
    text = rng.choice(["\n", "\r\n", "\r"]).join(lines)
    if rng.random() < 0.5:
        text += "\n"
    path = os.path.join(tmp, f"random_{n}.ini")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return path


def main():
    if not DUMP:
        print("INI_DUMP is not set: run through ctest", file=sys.stderr)
        return 77
    if locale.getpreferredencoding(False).lower().replace("-", "") != "utf8":
        os.execve(sys.executable, [sys.executable] + sys.argv,
                  dict(os.environ, PYTHONUTF8="1"))
    fixtures_dir = os.path.join(SOURCE_DIR, "tests", "ini")
    fixtures = sorted(os.path.join(fixtures_dir, f) for f in os.listdir(fixtures_dir)
                      if f.endswith(".ini"))
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        rng = random.Random(1909)
        generated = [lower_cases(tmp)] + [random_file(rng, tmp, n) for n in range(400)]
        for path in fixtures + generated:
            problems = compare(path)
            if problems:
                failures += 1
                print(f"FAIL {os.path.relpath(path, SOURCE_DIR)}")
                for p in problems:
                    print("   ", p)
    print(f"compared {len(fixtures)} fixture files and {len(generated)} generated files "
          f"with configparser: {failures} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
