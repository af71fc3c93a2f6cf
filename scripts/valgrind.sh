#!/usr/bin/env bash
# Runs the retort CLI under valgrind memcheck over fixtures/demo (every output format),
# each rule fixture (fixtures/rules/<rule>/<case>/) and fixtures/python/. Any memory error
# or definite/indirect leak, an exit status above 2, or a run longer than 300 s fails
# (exit 1). The runs are independent: VALGRIND_JOBS (default 2) go at a time, and the
# report of every failed run is printed at the end. Uses build/retort (built by
# scripts/build.sh when missing) or $RETORT.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if ! command -v valgrind >/dev/null; then
  echo "valgrind.sh: skipped: valgrind is not installed (scripts/setup.sh installs it)"
  exit 0
fi
retort=${RETORT:-$root/build/retort}
export RETORT_ARENA_MALLOC=1  # every arena block its own allocation, seen by memcheck
export RETORT_NO_JIT=1        # PCRE2 matches in its interpreter: memcheck cannot read JIT code
[ -x "$retort" ] || scripts/build.sh
log_dir=$root/build/valgrind
rm -rf "$log_dir"
mkdir -p "$log_dir"
export VG_RETORT=$retort VG_LOG_DIR=$log_dir VG_SUPP=$root/tests/sql/libpg_query.supp

# one "N|DIR|ARGS": retort ARGS in DIR under valgrind, as run N. On failure writes
# run-N.fail (the command, its status and valgrind's report); always returns 0.
one() {
  local n=${1%%|*} rest=${1#*|}
  local dir=${rest%%|*} args
  read -r -a args <<<"${rest#*|}"
  local log=$VG_LOG_DIR/run-$n.log status=0
  (cd "$dir" && timeout 300 valgrind --quiet --leak-check=full \
      --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
      --suppressions="$VG_SUPP" --log-file="$log" "$VG_RETORT" "${args[@]}" \
      >/dev/null 2>&1) || status=$?
  if [ "$status" -gt 2 ] || [ -s "$log" ]; then
    local why="exit $status"
    [ "$status" -eq 124 ] && why="timed out after 300 s"
    { echo "valgrind.sh: FAILED ($why): (cd $dir && retort ${args[*]})"; cat "$log"; } \
      >"$VG_LOG_DIR/run-$n.fail"
  fi
  return 0
}
export -f one

jobs=()
add() {
  jobs+=("${#jobs[@]}|$1|${*:2}")
}
for format in text concise json sarif github gitlab junit; do
  add fixtures/demo check --format "$format" .
done
add fixtures/demo graph
add fixtures/demo rules
for case in fixtures/rules/*/*/ fixtures/python/*/; do
  add "$case" check --format json .
done

start=$SECONDS
printf '%s\0' "${jobs[@]}" | xargs -0 -n1 -P"${VALGRIND_JOBS:-2}" bash -c 'one "$1"' _
failed=("$log_dir"/run-*.fail)
[ -e "${failed[0]}" ] || failed=()
for f in "${failed[@]}"; do
  cat "$f"
done
echo "valgrind: $((${#jobs[@]} - ${#failed[@]})) passed, ${#failed[@]} failed" \
  "($((SECONDS - start)) s)"
[ "${#failed[@]}" -eq 0 ]
