#!/usr/bin/env bash
# Installs every Debian package retort's build, tests and demo need. Idempotent, and
# fast when everything is already there (no apt-get at all then).
set -euo pipefail

packages=(
  # build
  cmake gcc make pkg-config git
  libpg-query-dev libprotobuf-c-dev libpcre2-dev libyaml-dev libjansson-dev
  nettle-dev libgit2-dev libpq-dev
  # tests: unit tests, and the real components integration tests start
  libcriterion-dev python3 python3-alembic python3-jsonschema python3-psycopg2
  postgresql pre-commit valgrind clang libclang-rt-14-dev python3-yaml
  # docs and packaging (the man page; dpkg-shlibdeps for the .deb's Depends)
  scdoc dpkg-dev
  # benchmark (tests/bench/run.sh): hyperfine, and /usr/bin/time for peak memory
  hyperfine time
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  [[ "$status" == ii* ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
  sudo=(sudo)
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
