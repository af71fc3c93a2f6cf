#!/usr/bin/env bash
# `cmake --install` into a temporary prefix puts the binary, the man page, the bash and
# zsh completions and the Alembic entry point in place, and each works from there;
# `cpack` builds a .deb holding them (inspected with dpkg-deb, never installed).
set -euo pipefail

build=$(dirname "$RETORT")
python=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null

for f in bin/retort share/man/man1/retort.1 share/bash-completion/completions/retort \
         share/zsh/vendor-completions/_retort \
         lib/python3/dist-packages/retort_alembic/__init__.py \
         lib/python3/dist-packages/retort_alembic-0.1.0.dist-info/entry_points.txt; do
    [[ -f $prefix/$f ]] || fail "not installed: $f"
done
[[ -x $prefix/bin/retort ]] || fail "bin/retort is not executable"

"$prefix/bin/retort" --help | grep -q '^Usage: retort' || fail "installed retort --help"
"$prefix/bin/retort" --version | grep -q '^retort ' || fail "installed retort --version"

# The man page renders, and documents the commands.
if command -v man >/dev/null; then
    page=$(MANWIDTH=80 man -l "$prefix/share/man/man1/retort.1" 2>/dev/null | sed 's/.\x08//g')
    grep -q 'write-baseline' <<<"$page" || fail "man page lacks --write-baseline"
    grep -q 'EXIT STATUS' <<<"$page" || fail "man page lacks EXIT STATUS"
fi

# The entry point Alembic's console_scripts hooks look up is visible from the prefix.
PYTHONPATH=$prefix/lib/python3/dist-packages "$python" - <<'PY' || fail "retort-sign entry point"
from importlib.metadata import entry_points
[ep] = [e for e in entry_points(group="console_scripts") if e.name == "retort-sign"]
assert ep.value == "retort_alembic:sign", ep
ep.load()
PY

# bash completion: subcommands, options, and rule names from `retort rules`.
complete_words() {
    PATH=$prefix/bin:$PATH bash -c '
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _retort; printf "%s\n" "${COMPREPLY[@]}"' _ \
        "$prefix/share/bash-completion/completions/retort" "$@"
}
grep -qx init <<<"$(complete_words retort in)" || fail "bash completion: subcommand"
grep -qx -- --write-baseline <<<"$(complete_words retort check --write)" || fail "bash completion: option"
grep -qx sign-hook-misconfigured <<<"$(complete_words retort check --select sign-hook)" \
    || fail "bash completion: rule name"
grep -qx integrity,unrecorded-migration <<<"$(complete_words retort check --select integrity,unrec)" \
    || fail "bash completion: second rule in a list"
grep -qx exec <<<"$(complete_words retort init --hook-type e)" || fail "bash completion: hook type"

# The .deb: built by cpack into a temporary directory, inspected, not installed.
if command -v cpack >/dev/null && command -v dpkg-deb >/dev/null; then
    (cd "$build" && cpack -G DEB -B "$tmp/deb" >/dev/null) || fail "cpack"
    deb=$(ls "$tmp"/deb/retort_*.deb)
    info=$(dpkg-deb --info "$deb")
    grep -q '^ Package: retort$' <<<"$info" || fail ".deb package name"
    grep -q '^ Depends: .*libc6' <<<"$info" || fail ".deb has no Depends on its libraries"
    # libgit2 and libpq are loaded with dlopen: the package must still depend on them.
    grep -q '^ Depends: .*libgit2' <<<"$info" || fail ".deb does not depend on libgit2"
    grep -q '^ Depends: .*libpq' <<<"$info" || fail ".deb does not depend on libpq"
    contents=$(dpkg-deb --contents "$deb")
    for f in ./usr/bin/retort ./usr/share/man/man1/retort.1 \
             ./usr/share/bash-completion/completions/retort \
             ./usr/lib/python3/dist-packages/retort_alembic/__init__.py; do
        grep -q " $f\$" <<<"$contents" || fail ".deb lacks $f"
    done
    # The packaged binary runs.
    dpkg-deb -x "$deb" "$tmp/unpacked"
    "$tmp/unpacked/usr/bin/retort" --help >/dev/null || fail "packaged retort --help"
fi
echo ok
