"""Production by database: a private PostgreSQL 15 cluster, real Alembic migrations, and
`retort check --select production` with `production: {database_url_env: ...}`.

The cluster runs as an unprivileged user (initdb refuses root) in a temporary directory
that user owns, listening only on a Unix socket there. It is stopped and removed at the
end, also when a case fails (finally + atexit).
"""
import atexit
import hashlib
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]
PYTHON = os.environ.get("PYTHON", "/usr/bin/python3")
PG_BIN = "/usr/lib/postgresql/15/bin"
DB_USER = "retort"
DB_NAME = "prod"
SECRET = "s3cret-never-printed"

A, B, C, D = "1975ea83b712", "ae1027a6acf2", "3c5d1f0a9b21", "9f8e7d6c5b4a"

ENV_PY = """from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config


def run_migrations_online():
    connectable = engine_from_config(config.get_section(config.config_ini_section),
                                     prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
"""


def migration(rev, down):
    down_text = "None" if down is None else repr(down)
    return (f'"""step {rev}\n\nRevision ID: {rev}\nRevises: {down or ""}\n'
            f'Create Date: 2024-01-01 00:00:00\n\n"""\n'
            "from alembic import op\nimport sqlalchemy as sa\n\n"
            f"revision = {rev!r}\ndown_revision = {down_text}\n"
            "branch_labels = None\ndepends_on = None\n\n\n"
            f"def upgrade():\n    op.create_table('t_{rev}', sa.Column('id', sa.Integer()))\n\n\n"
            f"def downgrade():\n    op.drop_table('t_{rev}')\n")


class Cluster:
    """initdb + pg_ctl as an unprivileged user, socket only."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="retort-pg-")
        self.data = os.path.join(self.dir, "data")
        self.running = False
        self.prefix = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("nobody")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", "nobody", "--"]

    def run(self, *args):
        return subprocess.run(self.prefix + list(args), check=True, capture_output=True,
                              text=True, cwd=self.dir)

    def start(self):
        self.run(os.path.join(PG_BIN, "initdb"), "-D", self.data, "-U", DB_USER,
                 "--auth=trust", "-E", "UTF8", "--no-sync")
        self.pg_ctl("start", "-o", f"-c listen_addresses='' -c unix_socket_directories={self.dir}"
                    " -c fsync=off", "-l", os.path.join(self.dir, "log"))
        self.running = True
        self.run(os.path.join(PG_BIN, "createdb"), "-h", self.dir, "-U", DB_USER, DB_NAME)

    def pg_ctl(self, action, *args):
        self.run(os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-w", action, *args)

    def stop(self):
        if self.running:
            self.running = False
            self.pg_ctl("stop", "-m", "immediate")

    def remove(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def psql(self, sql):
        self.run(os.path.join(PG_BIN, "psql"), "-h", self.dir, "-U", DB_USER, "-d", DB_NAME,
                 "-v", "ON_ERROR_STOP=1", "-c", sql)

    def url(self, dialect="postgresql"):
        return f"{dialect}://{DB_USER}:{SECRET}@/{DB_NAME}?host={self.dir}"


class Project:
    def __init__(self, cluster):
        self.root = tempfile.mkdtemp(prefix="retort-pg-project-")
        self.versions = os.path.join(self.root, "migrations", "versions")
        os.makedirs(self.versions)
        self.write("migrations/env.py", ENV_PY)
        self.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
        self.write(".retort.yaml", "production:\n  database_url_env: PROD_DATABASE_URL\n")
        self.cluster = cluster

    def write(self, rel, text):
        with open(os.path.join(self.root, rel), "w", encoding="utf-8") as f:
            f.write(text)

    def add(self, rev, down, sign=True):
        name = f"{rev}_step.py"
        text = migration(rev, down)
        self.write(f"migrations/versions/{name}", text)
        return name, hashlib.sha256(text.encode()).hexdigest() if sign else None

    def sign(self, entries):
        lines = [f"{name} sha256:{digest}\n" for name, digest in sorted(entries)]
        self.write("migrations/versions/retort.sum", "".join(lines))

    def alembic_upgrade(self):
        env = dict(os.environ)
        subprocess.run([PYTHON, "-m", "alembic", "upgrade", "head"],
                       cwd=self.root, check=True, capture_output=True, env=env,
                       input=None)

    def check(self, url=None):
        env = dict(os.environ)
        env.pop("PROD_DATABASE_URL", None)
        if url:
            env["PROD_DATABASE_URL"] = url
        proc = subprocess.run([RETORT, "check", "--format", "json", "--no-color",
                               "--select", "production"], cwd=self.root,
                              capture_output=True, text=True, env=env)
        if proc.returncode == 2:
            return 2, [], proc.stderr
        found = json.loads(proc.stdout)["findings"]
        return proc.returncode, sorted((f["rule"], f["path"], f["line"] or 0)
                                       for f in found), proc.stderr


def expect(failures, name, got, want):
    if got != want:
        failures.append(f"{name}: expected {want}, got {got}")


def run_cases(cluster, failures):
    project = Project(cluster)
    atexit.register(shutil.rmtree, project.root, True)
    try:
        signed = [project.add(A, None), project.add(B, A)]
        project.sign(signed)
        with open(os.path.join(project.root, "alembic.ini"), "a", encoding="utf-8") as f:
            f.write(f"sqlalchemy.url = {cluster.url('postgresql+psycopg2')}\n")
        project.alembic_upgrade()
        url = cluster.url()

        expect(failures, "applied set, nothing changed", project.check(url)[:2], (0, []))

        status, _, stderr = project.check(None)
        expect(failures, "variable not set", (status, "PROD_DATABASE_URL" in stderr),
               (2, True))

        path_a = os.path.join(project.versions, f"{A}_step.py")
        with open(path_a, encoding="utf-8") as f:
            original = f.read()
        with open(path_a, "w", encoding="utf-8") as f:
            f.write(original.replace("sa.Integer()", "sa.BigInteger()"))
        expect(failures, "edited applied file", project.check(url)[:2],
               (1, [("applied-migration-modified", f"migrations/versions/{A}_step.py", 0)]))
        with open(path_a, "w", encoding="utf-8") as f:
            f.write(original)

        project.add(C, A)
        expect(failures, "revision below the production head", project.check(url)[:2],
               (1, [("revision-below-production-head", f"migrations/versions/{C}_step.py",
                     12)]))
        os.remove(os.path.join(project.versions, f"{C}_step.py"))

        project.add(C, B)
        expect(failures, "revision on the production head", project.check(url)[:2], (0, []))
        os.remove(os.path.join(project.versions, f"{C}_step.py"))

        cluster.psql(f"UPDATE alembic_version SET version_num = '{D}'")
        expect(failures, "production ahead of the branch", project.check(url)[:2],
               (0, [("unknown-production-revision", ".retort.yaml", 2)]))
        cluster.psql(f"UPDATE alembic_version SET version_num = '{B}'")

        project.write(".retort.yaml", "production:\n  database_url_env: PROD_DATABASE_URL\n"
                      "  version_table: no_such_table\n")
        status, _, stderr = project.check(url)
        expect(failures, "missing version table",
               (status, "version table does not exist" in stderr), (2, True))
        project.write(".retort.yaml", "production:\n  database_url_env: PROD_DATABASE_URL\n")

        cluster.stop()
        status, _, stderr = project.check(url)
        clear = (f"database {DB_NAME}" in stderr and cluster.dir in stderr
                 and "cannot connect" in stderr)
        leaked = SECRET in stderr or "postgresql://" in stderr
        expect(failures, "server stopped", (status, clear, leaked), (2, True, False))
        if not clear or leaked:
            print(stderr.strip())
    finally:
        shutil.rmtree(project.root, ignore_errors=True)


def main():
    if not os.path.exists(os.path.join(PG_BIN, "initdb")):
        print(f"skip: PostgreSQL 15 binaries not found in {PG_BIN}")
        return 77
    try:
        subprocess.run([PYTHON, "-c", "import alembic, psycopg2"], check=True,
                       capture_output=True)
    except subprocess.CalledProcessError:
        print("skip: python3-alembic or python3-psycopg2 is not installed")
        return 77
    if os.geteuid() == 0 and not shutil.which("runuser"):
        print("skip: running as root without runuser to drop privileges")
        return 77
    cluster = Cluster()
    atexit.register(cluster.remove)
    failures = []
    try:
        cluster.start()
        run_cases(cluster, failures)
    except subprocess.CalledProcessError as e:
        failures.append(f"{' '.join(e.cmd)} failed: {e.stderr}")
    finally:
        cluster.remove()
    for f in failures:
        print("FAIL", f)
    print("production_postgres:", "failed" if failures else "passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
