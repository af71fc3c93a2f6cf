#!/usr/bin/python3
"""The secrets audit: one command over a repository with planted secrets.

Plants credentials and tokens in alembic.ini (several sections, driver schemes, `%%`
escapes, interpolation, ODBC), pyproject.toml's [tool.alembic], env.py, a migration
(tokens, a private key, SQL inside op.execute, a token as a URL's user name) and a .sql migration; then runs
`retort check --select credentials-in-alembic-ini,credentials-in-source,leaked-token`
in every output format. Each run must fail (exit 1), report every planted secret, and
print none of them: no planted secret, nor its percent-decoded form, may appear in any
format's output. `--select secrets` must select the same rules plus
weak-local-credentials.
"""
import json
import os
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]
FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab", "junit")
RULES = "credentials-in-alembic-ini,credentials-in-source,leaked-token"

KEY_LINES = ("MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
             "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK")
GITHUB = "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d"
GITLAB = "glpat-Xk4mP9qR2sT7vW1yZ3bC"
AWS_ID = "AKIAZ7KQ2MXWL4PN3RDT"
AWS_SECRET = "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"
CUSTOM = "itk_Q8w2E4r6T8y0U2i4O6p8A0s2D4f6G8h0"

# (secret as written, as a consumer decodes it)
PLANTED = [
    ("S3cr3t-Pr0d-2024", "S3cr3t-Pr0d-2024"),
    ("My-Drv-88y", "My-Drv-88y"),
    ("P%%40ss-w0rd9", "P@ss-w0rd9"),
    ("Zq8-Kv2-Lm9", "Zq8-Kv2-Lm9"),
    ("Od-Bc-5521", "Od-Bc-5521"),
    ("Tm-Py-6610", "Tm-Py-6610"),
    ("Hn4-Kd8-Wq", "Hn4-Kd8-Wq"),
    ("Vb7nM2qLx", "Vb7nM2qLx"),
    ("Pg-Role-9931", "Pg-Role-9931"),
    ("Xk-Oa-7712", "Xk-Oa-7712"),
    ("Ta-Pw-1111", "Ta-Pw-1111"),
    ("Tb-Pw-2222", "Tb-Pw-2222"),
    (GITHUB, GITHUB),
    (GITLAB, GITLAB),
    (AWS_ID, AWS_ID),
    (AWS_SECRET, AWS_SECRET),
    (CUSTOM, CUSTOM),
] + [(line, line) for line in KEY_LINES]

FILES = {
    ".retort.yaml": "secrets:\n  patterns:\n    - {id: internal-token, regex: 'itk_[A-Za-z0-9]{32}'}\n",
    "alembic.ini": (
        "[alembic]\nscript_location = %(here)s/migrations\n"
        "db_pass = Zq8-Kv2-Lm9\n"
        "sqlalchemy.url = postgresql+psycopg2://app:S3cr3t-Pr0d-2024@db.internal.example.com/app\n"
        "replica_url = postgresql://app:%(db_pass)s@replica.corp/app\n"
        "escaped_url = postgresql://app:P%%40ss-w0rd9@db.corp/app\n"
        "odbc_url = mssql+pyodbc:///?odbc_connect=SERVER%%3Dsql.corp%%3BUID%%3Dapp%%3BPWD%%3DOd-Bc-5521\n"
        "local_url = postgresql://dev:Lc-Pw-3390@localhost/dev\n\n"
        "[reporting]\nsqlalchemy.url = mysql+pymysql://rep:My-Drv-88y@mysql.corp/rep\n"
        f"aws_secret_access_key = {AWS_SECRET}\n"
        f"repo = https://{GITHUB}:Xk-Oa-7712@github.com/org/repo.git\n"),
    "pyproject.toml": ('[tool.alembic]\nscript_location = "%(here)s/migrations"\n'
                       'database_url = "postgresql+asyncpg://app:Tm-Py-6610@db.corp/app"\n'
                       'replicas = ["postgresql://a:Ta-Pw-1111@h1.corp/a", '
                       '"postgresql://b:Tb-Pw-2222@h2.corp/b"]\n'),
    "migrations/env.py": (
        "from alembic import context\n\n"
        'URL = "postgresql+psycopg2://app:Hn4-Kd8-Wq@db.corp/app"\n'
        'PRIVATE_KEY = """-----BEGIN RSA PRIVATE KEY-----\n' + "\n".join(KEY_LINES) +
        '\n-----END RSA PRIVATE KEY-----"""\n'),
    "migrations/versions/a1b2c3d4e5f6_seed.py": (
        '"""seed\n\nRevision ID: a1b2c3d4e5f6\nRevises:\n"""\nfrom alembic import op\n\n'
        'revision = "a1b2c3d4e5f6"\ndown_revision = None\n\n\ndef upgrade():\n'
        "    op.execute(\"CREATE ROLE reporter LOGIN PASSWORD 'Vb7nM2qLx'\")\n"
        f'    op.execute("INSERT INTO settings VALUES (\'github\', \'{GITHUB}\')")\n'
        f'    op.execute("INSERT INTO settings VALUES (\'gitlab\', \'{GITLAB}\')")\n'
        f'    aws_key = "{AWS_ID}"\n'
        f'    internal = "{CUSTOM}"\n\n\ndef downgrade():\n    pass\n'),
    "migrations/versions/0002_roles.sql": "ALTER ROLE app WITH PASSWORD 'Pg-Role-9931';\n",
}

# At least this many findings per rule over the planted files.
EXPECTED = {"credentials-in-alembic-ini": 9, "credentials-in-source": 3, "leaked-token": 7}


def run(cwd, select, fmt):
    proc = subprocess.run([RETORT, "check", "--select", select, "--format", fmt, "--no-color"],
                          cwd=cwd, capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def main():
    failures = []
    with tempfile.TemporaryDirectory() as repo:
        for path, text in FILES.items():
            full = os.path.join(repo, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(text)
        for fmt in FORMATS:
            code, out = run(repo, RULES, fmt)
            if code != 1:
                failures.append(f"{fmt}: exit {code}, expected 1: {out[:400]}")
            for written, decoded in PLANTED:
                for form in {written, decoded}:
                    if form in out:
                        failures.append(f"{fmt}: the output shows the planted secret {form!r}")
        code, out = run(repo, RULES, "json")
        found = json.loads(out)["findings"]
        for rule, least in EXPECTED.items():
            n = sum(f["rule"] == rule for f in found)
            if n < least:
                failures.append(f"json: {n} findings of {rule}, expected at least {least}")
        for f in found:
            if not f["line"] or not f["column"]:
                failures.append(f"json: finding without a position: {f}")
        code, out = run(repo, "secrets", "json")
        by_area = json.loads(out)["findings"] if code in (0, 1) else []
        rules = {f["rule"] for f in by_area}
        want = set(EXPECTED) | {"weak-local-credentials"}
        if rules != want:
            failures.append(f"--select secrets reported {sorted(rules)}, expected {sorted(want)}")
        if len(by_area) != len(found) + 1:
            failures.append(f"--select secrets: {len(by_area)} findings, expected {len(found) + 1}")
    for f in failures:
        print("FAIL", f)
    print(f"{len(FORMATS)} formats audited, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
