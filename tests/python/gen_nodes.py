"""Writes NAME.nodes beside each fixture NAME.py: one line "Kind line col end_line end_col"
per positioned node of CPython's ast (columns 1-based in code points), sorted.

Run with a Python 3.12 interpreter whenever a fixture changes:
    python3.12 tests/python/gen_nodes.py
Constant pieces inside f-strings are left out (CPython merges and re-positions them).
"""
import ast
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def lines_of(path):
    data = open(path, "rb").read()
    tree = ast.parse(data, path)
    lines = data.splitlines(keepends=False)
    inside_f = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.JoinedStr):
            for v in n.values:
                if isinstance(v, ast.Constant):
                    inside_f.add(id(v))
            # format specs are JoinedStr pieces too
        if isinstance(n, ast.FormattedValue) and n.format_spec is not None:
            inside_f.add(id(n.format_spec))
            for v in n.format_spec.values:
                if isinstance(v, ast.Constant):
                    inside_f.add(id(v))

    def col(lineno, off):
        return len(lines[lineno - 1][:off].decode("utf-8")) + 1

    out = []
    for n in ast.walk(tree):
        if not hasattr(n, "lineno") or id(n) in inside_f:
            continue
        out.append("%s %d %d %d %d" % (type(n).__name__, n.lineno, col(n.lineno, n.col_offset),
                                       n.end_lineno, col(n.end_lineno, n.end_col_offset)))
    return sorted(out)


def main():
    if sys.version_info[:2] != (3, 12):
        print("run this with Python 3.12", file=sys.stderr)
        return 1
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".py") and name != "gen_nodes.py":
            path = os.path.join(HERE, name)
            with open(path[:-3] + ".nodes", "w") as f:
                f.write("\n".join(lines_of(path)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
