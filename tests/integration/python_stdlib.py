"""retort's Python front-end against CPython on the system standard library.

Every .py file of /usr/bin/python3's stdlib that CPython itself compiles must parse
with zero syntax errors, and for a sample of files the (line, column) of every
module-level statement and every Call node must equal CPython's ast (CPython's
col_offset counts UTF-8 bytes; retort counts code points, 1-based: converted here).

Needs PY_CHECK (the py_check tool). Set RETORT_PYTHON312 to a Python 3.12
interpreter to check its stdlib too (Debian's python3 is 3.11), and to compare, on
randomly damaged copies of stdlib files, whether retort and CPython 3.12's ast.parse
agree that a file has a syntax error.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

SAMPLE_EVERY = 7  # position check on every 7th file (about 100 files)


def stdlib_files(python):
    out = subprocess.run([python, "-c",
                          "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
                         check=True, capture_output=True, text=True).stdout.strip()
    files = []
    for root, dirs, names in os.walk(out):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "dist-packages"))
        files.extend(os.path.join(root, n) for n in sorted(names) if n.endswith(".py"))
    return out, files


def compilable(python, files):
    """The files that `python` compiles (CPython refuses some test data on purpose)."""
    script = (
        "import sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        "for p in sys.stdin.read().split('\\n'):\n"
        "    if not p: continue\n"
        "    try:\n"
        "        compile(open(p, 'rb').read(), p, 'exec', dont_inherit=True)\n"
        "        print(p)\n"
        "    except Exception:\n"
        "        pass\n")
    res = subprocess.run([python, "-c", script], input="\n".join(files), check=True,
                         capture_output=True, text=True)
    return [p for p in res.stdout.split("\n") if p]


POSITIONS = r"""
import ast, json, sys
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    tree = ast.parse(data, path)
    lines = data.split(b"\n")
    def col(node):
        line = lines[node.lineno - 1]
        return len(line[:node.col_offset].decode("utf-8", "replace")) + 1
    out = [("S", n.lineno, col(n)) for n in tree.body]
    out += [("C", n.lineno, col(n)) for n in ast.walk(tree) if isinstance(n, ast.Call)]
    print(json.dumps([path, out]))
"""


def expected_positions(python, paths):
    """{path: [(kind, line, col)]} as py_check --dump prints them, from CPython's ast
    (run by the interpreter whose stdlib it is)."""
    res = subprocess.run([python, "-c", POSITIONS] + paths, check=True,
                         capture_output=True, text=True)
    out = {}
    for line in res.stdout.split("\n"):
        if line:
            path, items = json.loads(line)
            out[path] = [tuple(i) for i in items]
    return out


def actual_positions(tool, path):
    res = subprocess.run([tool, "--dump", path], capture_output=True, text=True)
    out = []
    for line in res.stdout.split("\n"):
        parts = line.split(" ")
        if len(parts) == 3 and parts[0] in ("S", "C"):
            out.append((parts[0], int(parts[1]), int(parts[2])))
    return out


def check_interpreter(python, tool):
    root, files = stdlib_files(python)
    ok = compilable(python, files)
    print(f"{python}: {root}: {len(files)} .py files, {len(ok)} compile with CPython")
    res = subprocess.run([tool, "--stdin"], input="\n".join(ok), capture_output=True,
                         text=True)
    failures = 0
    if res.returncode != 0 or res.stdout:
        print("syntax errors reported on files CPython compiles:")
        print(res.stdout[:4000], res.stderr[:2000])
        failures += 1
    else:
        print(f"parsed {len(ok)} files with zero syntax errors")
    # Line 1 columns of a file with a BOM differ by design (rt_source counts the BOM).
    sample = [p for p in ok[::SAMPLE_EVERY] if open(p, "rb").read(3) != b"\xef\xbb\xbf"]
    expected = expected_positions(python, sample)
    compared = 0
    for path in sample:
        want = sorted(expected[path])
        got = sorted(actual_positions(tool, path))
        compared += len(want)
        if want != got:
            missing = sorted(set(want) - set(got))[:5]
            extra = sorted(set(got) - set(want))[:5]
            print(f"positions differ in {path}: missing {missing}, unexpected {extra}")
            failures += 1
    print(f"compared {compared} statement and call positions in {len(sample)} files")
    return failures


DAMAGE = [b"(", b")", b"[", b"]", b"{", b"}", b'"', b"'", b'"' * 3, b"'" * 3, b'f"', b"f'",
          b"\\", b"\n", b"\t", b"    ", b"\r", b"\x00", b"\xff", b"{{", b"}}", b":", b"=",
          b"!r", b"#", b"lambda", b"match", b"case", b"type", b"async", b"*", b"**", b"@",
          b"if", b"else", b"\xc3\xa9", b"0x", b"1_", b".5e"]

AGREE = r"""
import ast, sys, warnings
warnings.simplefilter("ignore")
for p in sys.argv[1:]:
    try:
        ast.parse(open(p, "rb").read(), p)
        print(p, "ok")
    except (SyntaxError, ValueError):
        print(p, "error")
"""


def differential(python, tool, files, count=600):
    """Damaged copies of files: retort must report an error exactly when CPython does."""
    rng = random.Random(2026)
    sources = [f for f in files if os.path.getsize(f) < 100000]
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for k in range(count):
            data = bytearray(open(rng.choice(sources), "rb").read())
            for _ in range(rng.randint(1, 10)):
                pos = rng.randint(0, len(data))
                if rng.random() < 0.6:
                    data[pos:pos] = rng.choice(DAMAGE)
                else:
                    del data[pos:pos + rng.randint(1, 40)]
            path = os.path.join(tmp, f"d{k}.py")
            with open(path, "wb") as f:
                f.write(bytes(data))
            paths.append(path)
        res = subprocess.run([python, "-c", AGREE] + paths, check=True, capture_output=True,
                             text=True)
        cpython = dict(line.split(" ") for line in res.stdout.split("\n") if line)
        res = subprocess.run([tool, "--stdin"], input="\n".join(paths), capture_output=True,
                             text=True)
        ours = {line.split(":")[0] for line in res.stdout.split("\n") if line}
        wrong = [p for p in paths if (p in ours) != (cpython[p] == "error")]
        bad = sum(1 for p in paths if cpython[p] == "error")
        print(f"damaged files: {len(paths)} ({bad} invalid for CPython), "
              f"disagreements: {len(wrong)}")
        for p in wrong[:5]:
            print(f"  {p}: CPython says {cpython[p]}: {open(p, 'rb').read()[:300]!r}")
        return 1 if wrong else 0


def main():
    tool = os.environ.get("PY_CHECK")
    if not tool or not os.access(tool, os.X_OK):
        print("PY_CHECK is not set to the py_check tool; skipping")
        return 77
    failures = check_interpreter(os.environ.get("PYTHON", "/usr/bin/python3"), tool)
    extra = os.environ.get("RETORT_PYTHON312")
    if extra:
        failures += check_interpreter(extra, tool)
        failures += differential(extra, tool, compilable(extra, stdlib_files(extra)[1]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
