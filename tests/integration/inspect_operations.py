"""`retort inspect --format json` lists each function's operations, from op.* calls and
from the SQL of op.execute alike, with file positions, and SQL syntax errors."""
import json
import os
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]

MIGRATION = '''from alembic import op
import sqlalchemy as sa

revision = "a1b2c3d4e5f6"
down_revision = None


def upgrade():
    op.drop_column("users", "email")
    op.execute("""
        ALTER TABLE users DROP COLUMN name;
        DROP TABEL x;
    """)


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(255), nullable=False))
'''


def main():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "a1b2c3d4e5f6_m.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(MIGRATION)
        proc = subprocess.run([RETORT, "inspect", "--format", "json", path],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        fns = json.loads(proc.stdout)[0]["functions"]
        up = fns["upgrade"]["operations"]
        got = [(o["kind"], o["table"], o["column_name"], o["line"], o["column"]) for o in up]
        want = [("drop_column", "users", "email", 9, 5),
                ("drop_column", "users", "name", 11, 9)]
        assert got == want, got
        errors = fns["upgrade"]["sql_errors"]
        assert [(e["line"], e["column"]) for e in errors] == [(12, 14)], errors
        down = fns["downgrade"]["operations"]
        assert [(o["kind"], o["table"], o["column_name"]) for o in down] == \
            [("add_column", "users", "email")], down
        assert "flags=batch" in down[0]["description"], down[0]
        assert "type=character varying(255) null=not_null" in down[0]["description"], down[0]
        assert fns["downgrade"]["ops"][0]["name"] == "batch_alter_table"
    print("inspect operations: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
