"""Generates a synthetic Alembic project of N revisions for the benchmark (never a test).

    /usr/bin/python3 gen_alembic.py DIR N

DIR gets alembic.ini, migrations/{env.py, script.py.mako, versions/*.py, versions/retort.sum}
laid out as `alembic init` does, so real Alembic loads it. Revisions form a main line with a
branch and its merge every 50 revisions (one head, one base); their operations rotate
through create_table, add_column, create_index, alter_column, op.execute with SQL and
batch_alter_table. Output is deterministic for a given N.
"""
import hashlib
import os
import sys

ALEMBIC_INI = """[alembic]
script_location = migrations
prepend_sys_path = .
version_path_separator = os
sqlalchemy.url = postgresql://app@localhost/bench

[post_write_hooks]
hooks = retort_sign
retort_sign.type = exec
retort_sign.executable = retort
retort_sign.options = sign REVISION_SCRIPT_FILENAME

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

ENV_PY = '''from alembic import context

config = context.config
target_metadata = None


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    from sqlalchemy import engine_from_config, pool
    connectable = engine_from_config(config.get_section(config.config_ini_section, {}),
                                     prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

MAKO = '''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
'''


def rev_id(i):
    return "%012x" % ((i + 1) * 2654435761 % 0xFFFFFFFFFFFF)


def parents(i, n):
    """Main line; revision i (i % 50 == 48) branches from i-2, and i+1 merges both."""
    if i == 0:
        return []
    if i % 50 == 48 and i + 1 < n:
        return [i - 2]
    if i % 50 == 49 and i >= 2:
        return [i - 1, i - 2]
    return [i - 1]


def ops(i, parent_count):
    t = "table_%d" % (i // 3)
    if parent_count > 1:
        return "    pass\n", "    pass\n", "merge heads"
    kind = i % 6
    if kind == 0:
        up = (
            "    op.create_table(\n"
            "        '%s',\n"
            "        sa.Column('id', sa.BigInteger(), nullable=False),\n"
            "        sa.Column('name', sa.String(length=200), nullable=False),\n"
            "        sa.Column('created_at', sa.DateTime(timezone=True),\n"
            "                  server_default=sa.text('now()'), nullable=False),\n"
            "        sa.Column('payload', sa.JSON(), nullable=True),\n"
            "        sa.PrimaryKeyConstraint('id'),\n"
            "    )\n" % t)
        return up, "    op.drop_table('%s')\n" % t, "create %s" % t
    if kind == 1:
        up = ("    op.add_column('%s', sa.Column('status_%d', sa.String(length=20),\n"
              "                  server_default='active', nullable=False))\n" % (t, i))
        return up, "    op.drop_column('%s', 'status_%d')\n" % (t, i), "add status to %s" % t
    if kind == 2:
        up = ("    op.create_index('ix_%s_name_%d', '%s', ['name'], unique=False,\n"
              "                    postgresql_concurrently=True)\n" % (t, i, t))
        down = "    op.drop_index('ix_%s_name_%d', table_name='%s')\n" % (t, i, t)
        return up, down, "index %s name" % t
    if kind == 3:
        up = ("    op.alter_column('%s', 'name', existing_type=sa.String(length=200),\n"
              "                    type_=sa.String(length=400), existing_nullable=False)\n" % t)
        down = ("    op.alter_column('%s', 'name', existing_type=sa.String(length=400),\n"
                "                    type_=sa.String(length=200), existing_nullable=False)\n" % t)
        return up, down, "widen %s name" % t
    if kind == 4:
        up = ('    op.execute("""\n'
              "        UPDATE %s SET name = lower(name) WHERE id > %d;\n"
              "        CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_%s_lower_%d\n"
              "            ON %s (lower(name));\n"
              '    """)\n' % (t, i, t, i, t))
        down = '    op.execute("DROP INDEX IF EXISTS ix_%s_lower_%d")\n' % (t, i)
        return up, down, "normalise %s names" % t
    up = ("    with op.batch_alter_table('%s') as batch_op:\n"
          "        batch_op.add_column(sa.Column('note_%d', sa.Text(), nullable=True))\n"
          "        batch_op.create_unique_constraint('uq_%s_name_%d', ['name'])\n" % (t, i, t, i))
    down = ("    with op.batch_alter_table('%s') as batch_op:\n"
            "        batch_op.drop_constraint('uq_%s_name_%d', type_='unique')\n"
            "        batch_op.drop_column('note_%d')\n" % (t, t, i, i))
    return up, down, "batch change %s" % t


def revision_file(i, n):
    rid = rev_id(i)
    ps = [rev_id(p) for p in parents(i, n)]
    up, down, message = ops(i, len(ps))
    if not ps:
        down_rev = "None"
    elif len(ps) == 1:
        down_rev = repr(ps[0])
    else:
        down_rev = "(%s)" % ", ".join(repr(p) for p in ps)
    slug = message.replace(" ", "_")[:40]
    text = ('"""%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: 2025-01-%02d 10:%02d:%02d.000000\n\n"""\n'
            "from alembic import op\nimport sqlalchemy as sa\n\n\n"
            "# revision identifiers, used by Alembic.\n"
            "revision = %r\ndown_revision = %s\nbranch_labels = None\ndepends_on = None\n\n\n"
            "def upgrade() -> None:\n%s\n\ndef downgrade() -> None:\n%s"
            % (message, rid, ", ".join(ps), 1 + i % 28, i % 60, (i // 60) % 60,
               rid, down_rev, up, down))
    return "%s_%s.py" % (rid, slug), text


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_alembic.py DIR N")
    root, n = sys.argv[1], int(sys.argv[2])
    versions = os.path.join(root, "migrations", "versions")
    os.makedirs(versions, exist_ok=True)
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write(ALEMBIC_INI)
    with open(os.path.join(root, "migrations", "env.py"), "w") as f:
        f.write(ENV_PY)
    with open(os.path.join(root, "migrations", "script.py.mako"), "w") as f:
        f.write(MAKO)
    sums = ["# retort.sum: hashes of migrations as Alembic generated them. "
            "Written by `retort sign`.\n"]
    for i in range(n):
        name, text = revision_file(i, n)
        data = text.encode()
        with open(os.path.join(versions, name), "wb") as f:
            f.write(data)
        sums.append("%s sha256:%s\n" % (name, hashlib.sha256(data).hexdigest()))
    with open(os.path.join(versions, "retort.sum"), "w") as f:
        f.writelines(sums)


if __name__ == "__main__":
    main()
