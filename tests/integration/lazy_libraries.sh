#!/usr/bin/env bash
# libgit2, libpq and libpg_query are loaded on first use, not at start-up: the binary does
# not need them (no DT_NEEDED entry), a plain check never maps libgit2 or libpq, `--base`
# maps libgit2 (and still not libpq), libpg_query is mapped only when there is SQL to
# parse. The dynamic loader's own trace (LD_DEBUG=files) says what was mapped.
set -euo pipefail

src=${RETORT_SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v readelf >/dev/null || { echo "skipped: readelf is missing"; exit 77; }

# mapped LOG: the libraries the loader opened, one file name a line
mapped() { sed -n 's/.*file=\([^ ]*\) \[0\];  needed by.*/\1/p; s/.*file=\([^ ]*\) \[0\];  dynamically loaded by.*/\1/p' "$1" | sort -u; }

needed=$(readelf -d "$RETORT" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
grep -q '^libc\.so' <<<"$needed" || fail "readelf shows no NEEDED entries: $needed"
! grep -q 'libgit2\|libpq\|libpg_query' <<<"$needed" ||
    fail "the binary needs libgit2/libpq/libpg_query at start-up: $needed"

cp -r "$src/fixtures/demo" "$tmp/demo"
cd "$tmp/demo"
set +e
LD_DEBUG=files "$RETORT" check --no-color . >/dev/null 2>"$tmp/plain.log"
status=$?
set -e
[[ $status -le 1 ]] || fail "plain check exited $status"
libs=$(mapped "$tmp/plain.log")
grep -q '^libpcre2' <<<"$libs" || fail "LD_DEBUG=files shows no libraries: $libs"
! grep -q 'libgit2\|libpq' <<<"$libs" || fail "a plain check mapped libgit2/libpq: $libs"
grep -q '^libpg_query' <<<"$libs" || fail "the demo's SQL (op.execute) did not load libpg_query: $libs"

# A migration of op.* calls only has no SQL (a default calling now() is read without the
# parser): libpg_query stays out.
mkdir -p "$tmp/nosql"
cat >"$tmp/nosql/a1b2c3d4e5f6_add_email.py" <<'PY'
"""add email"""
from alembic import op
import sqlalchemy as sa

revision = "a1b2c3d4e5f6"
down_revision = None


def upgrade():
    op.add_column("users", sa.Column("email", sa.Text(), nullable=True))
    op.add_column("users", sa.Column("seen", sa.DateTime(), server_default=sa.text("now()")))


def downgrade():
    op.drop_column("users", "seen")
    op.drop_column("users", "email")
PY
set +e
LD_DEBUG=files "$RETORT" check --no-color "$tmp/nosql" >/dev/null 2>"$tmp/nosql.log"
status=$?
set -e
[[ $status -le 1 ]] || fail "check of op.* calls exited $status"
libs=$(mapped "$tmp/nosql.log")
! grep -q 'libpg_query' <<<"$libs" || fail "a check without SQL mapped libpg_query: $libs"

if command -v git >/dev/null; then
    git init -q . && git -c user.email=t@example.com -c user.name=t commit -qm base --allow-empty
    git add -A
    set +e
    LD_DEBUG=files "$RETORT" check --no-color --base HEAD . >/dev/null 2>"$tmp/base.log"
    status=$?
    set -e
    [[ $status -le 1 ]] || fail "check --base HEAD exited $status: $(grep -v '^ *[0-9]*:' "$tmp/base.log")"
    libs=$(mapped "$tmp/base.log")
    grep -q '^libgit2' <<<"$libs" || fail "--base did not load libgit2: $libs"
    ! grep -q 'libpq' <<<"$libs" || fail "--base mapped libpq: $libs"
fi
echo "lazy_libraries: passed"
