"""README's rule table lists every registered rule, with its area, default severity and
summary as `retort rules --format json` gives them, in registry order."""
import json
import os
import subprocess
import sys

RETORT = os.environ["RETORT"]
README = os.path.join(os.environ["RETORT_SOURCE_DIR"], "README.md")


def table_rows():
    rows = []
    with open(README, encoding="utf-8") as f:
        lines = f.read().split("\n## Rules\n", 1)[1].split("\n## ", 1)[0].splitlines()
    for line in lines:
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            rows.append((cells[0].strip("`"), cells[1], cells[2], cells[3].replace("\\|", "|")))
    return rows


def main():
    out = subprocess.run([RETORT, "rules", "--format", "json"], capture_output=True,
                         text=True, check=True).stdout
    want = [(r["name"], r["area"], r["default_severity"], r["summary"])
            for r in json.loads(out)]
    got = table_rows()
    if got == want:
        print(f"README lists all {len(want)} rules")
        return 0
    for w, g in zip(want, got):
        if w != g:
            print(f"first difference: registry {w!r}, README {g!r}")
            break
    missing = {w[0] for w in want} - {g[0] for g in got}
    extra = {g[0] for g in got} - {w[0] for w in want}
    print(f"README has {len(got)} rows, the registry {len(want)} rules; "
          f"missing {sorted(missing)}, unknown {sorted(extra)}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
