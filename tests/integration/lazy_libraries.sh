#!/usr/bin/env bash
# libgit2 and libpq are loaded on first use, not at start-up: the binary does not need
# them (no DT_NEEDED entry), a plain check never maps them, `--base` maps libgit2 (and
# still not libpq). The dynamic loader's own trace (LD_DEBUG=files) says what was mapped.
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
! grep -q 'libgit2\|libpq' <<<"$needed" || fail "the binary needs libgit2/libpq at start-up: $needed"

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
