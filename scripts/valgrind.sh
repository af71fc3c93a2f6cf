#!/usr/bin/env bash
# Runs the retort CLI under valgrind memcheck over fixtures/demo (every output format),
# each rule fixture (fixtures/rules/<rule>/<case>/) and fixtures/python/. Any memory error
# or definite/indirect leak fails (exit 1). Uses build/retort (built by scripts/build.sh
# when missing) or $RETORT.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if ! command -v valgrind >/dev/null; then
  echo "valgrind.sh: skipped: valgrind is not installed (scripts/setup.sh installs it)"
  exit 0
fi
retort=${RETORT:-$root/build/retort}
export RETORT_ARENA_MALLOC=1  # every arena block its own allocation, seen by memcheck
[ -x "$retort" ] || scripts/build.sh
log_dir=$root/build/valgrind
rm -rf "$log_dir"
mkdir -p "$log_dir"
vg=(valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect
    --error-exitcode=99 --suppressions="$root/tests/sql/libpg_query.supp")
runs=0 failures=0

# run DIR ARGS...: retort ARGS in DIR under valgrind; exit statuses 0-2 are retort's.
run() {
  local dir=$1
  shift
  local log=$log_dir/run-$runs.log
  runs=$((runs + 1))
  local status=0
  (cd "$dir" && "${vg[@]}" --log-file="$log" "$retort" "$@" >/dev/null 2>&1) || status=$?
  if [ "$status" -gt 2 ] || [ -s "$log" ]; then
    echo "valgrind.sh: FAILED (exit $status): (cd $dir && retort $*)"
    cat "$log"
    failures=$((failures + 1))
  fi
}

for format in text concise json sarif github gitlab junit; do
  run fixtures/demo check --format "$format" .
done
run fixtures/demo graph
run fixtures/demo rules
for case in fixtures/rules/*/*/; do
  run "$case" check --format json .
done
for dir in fixtures/python/*/; do
  run "$dir" check --format json .
done
echo "valgrind: $((runs - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
