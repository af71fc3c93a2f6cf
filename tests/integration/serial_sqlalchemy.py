"""The Python front-end names a column's type serial (bigserial, smallserial) exactly
when SQLAlchemy renders it so on PostgreSQL: each create_table / add_column below is
compiled by the real SQLAlchemy and read by `retort inspect`, and both must agree."""
import json
import os
import re
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]

try:
    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateTable
except ImportError:
    print("SQLAlchemy is not installed for this Python: skipped")
    sys.exit(77)

TABLES = [
    'sa.Column("id", sa.Integer(), primary_key=True)',
    'sa.Column("id", sa.BigInteger, primary_key=True), sa.Column("n", sa.Integer())',
    'sa.Column("id", sa.SmallInteger(), primary_key=True)',
    'sa.Column("id", sa.Integer(), sa.Identity(), primary_key=True)',
    'sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False)',
    'sa.Column("id", sa.Integer(), primary_key=True, server_default="1")',
    'sa.Column("id", sa.Integer(), primary_key=True, default=1)',
    'sa.Column("id", sa.Integer(), sa.Sequence("s"), primary_key=True)',
    'sa.Column("id", sa.Integer(), sa.ForeignKey("o.id"), primary_key=True)',
    'sa.Column("id", sa.Integer(), sa.ForeignKey("o.id"), primary_key=True, autoincrement=True)',
    'sa.Column("id", sa.Integer(), sa.ForeignKey("o.id"), primary_key=True, autoincrement="ignore_fk")',
    'sa.Column("a", sa.Integer(), primary_key=True), sa.Column("b", sa.Integer(), primary_key=True)',
    'sa.Column("a", sa.Integer(), primary_key=True, autoincrement=True), sa.Column("b", sa.Integer(), primary_key=True)',
    'sa.Column("id", sa.Integer()), sa.PrimaryKeyConstraint("id")',
    'sa.Column("id", sa.Integer(), nullable=False), sa.Column("x", sa.Integer()), sa.PrimaryKeyConstraint("id", "x")',
    'sa.Column("id", sa.Integer(), autoincrement=True)',
    'sa.Column("id", sa.String(5), primary_key=True)',
]
ADD_COLUMNS = [
    'sa.Column("x", sa.Integer(), primary_key=True)',
    'sa.Column("x", sa.BigInteger(), primary_key=True, server_default="0")',
    'sa.Column("x", sa.Integer(), autoincrement=True)',
]
SERIAL = re.compile(r"^\s*(\w+) (SERIAL|BIGSERIAL|SMALLSERIAL)\b", re.M)


def sqlalchemy_serials(columns):
    metadata = sa.MetaData()
    sa.Table("o", metadata, sa.Column("id", sa.Integer()))
    table = eval(f'sa.Table("t", metadata, {columns})')  # noqa: S307 (our own literals)
    ddl = str(CreateTable(table).compile(dialect=postgresql.dialect()))
    return {name: kind.lower() for name, kind in SERIAL.findall(ddl)}


def retort_serials(path):
    proc = subprocess.run([RETORT, "inspect", "--format", "json", path],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    found = []
    for op in json.loads(proc.stdout)[0]["functions"]["upgrade"]["operations"]:
        if op["kind"] not in ("create_table", "add_column"):
            continue
        desc = op["description"]
        serials = dict(re.findall(r"(\w+):(serial|bigserial|smallserial)\b", desc))
        serials.update(re.findall(r"column=(\w+) type=(serial|bigserial|smallserial)\b", desc))
        found.append(serials)
    return found


def main():
    lines = [f'    op.create_table("t", {cols})' for cols in TABLES]
    lines += [f'    op.add_column("t", {col})' for col in ADD_COLUMNS]
    source = ("from alembic import op\nimport sqlalchemy as sa\n\n"
              'revision = "a1"\ndown_revision = None\n\n\ndef upgrade():\n'
              + "\n".join(lines) + "\n")
    # Alembic's add_column puts the column alone into a table: compile it that way.
    expected = [sqlalchemy_serials(c) for c in TABLES + ADD_COLUMNS]
    assert expected[0] == {"id": "serial"}, expected[0]  # the test can see a serial
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "a1_m.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        got = retort_serials(path)
    failures = [f"{cols}: SQLAlchemy {exp}, retort {act}"
                for cols, exp, act in zip(TABLES + ADD_COLUMNS, expected, got) if exp != act]
    assert len(got) == len(expected), got
    if failures:
        print("\n".join(failures))
        return 1
    print(f"{len(expected)} tables agree with SQLAlchemy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
