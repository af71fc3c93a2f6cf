#!/usr/bin/env bash
# The test command (what CI runs): sets up, builds, runs the whole test suite (unit,
# integration with the real components, pathological inputs, fuzz regressions), then the
# hardening passes: the suite again under ASan+UBSan (scripts/sanitize.sh), every fuzz
# target for 30 s (scripts/fuzz.sh 30) and the CLI under valgrind (scripts/valgrind.sh).
# Every pass runs even when an earlier one failed; the exit status is 1 when any failed.
# Prints each pass's duration at the end.
#   scripts/test.sh            everything
#   scripts/test.sh --quick    set-up, build and the suite only
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
case ${1:-} in
  --quick) quick=1 ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--quick]" >&2; exit 2 ;;
esac

summary=() failed=0
# pass NAME COMMAND...: runs COMMAND, records its duration and result.
pass() {
  local name=$1 start=$SECONDS status=0
  shift
  echo "=== $name: $*"
  "$@" || status=$?
  local secs=$((SECONDS - start)) result=ok
  if [ "$status" -ne 0 ]; then
    result="FAILED (exit $status)"
    failed=1
  fi
  summary+=("$(printf '%-10s %3dm%02ds  %s' "$name" $((secs / 60)) $((secs % 60)) "$result")")
}

total=$SECONDS
pass setup scripts/setup.sh
pass build scripts/build.sh
if [ "$failed" -eq 0 ]; then  # nothing runs without a build
  pass ctest ctest --test-dir build --output-on-failure -j2
  if [ "$quick" -eq 0 ]; then
    pass sanitize scripts/sanitize.sh
    pass fuzz scripts/fuzz.sh 30
    pass valgrind scripts/valgrind.sh
  fi
fi
echo "=== test.sh summary"
printf '%s\n' "${summary[@]}"
secs=$((SECONDS - total))
printf '%-10s %3dm%02ds\n' total $((secs / 60)) $((secs % 60))
exit "$failed"
