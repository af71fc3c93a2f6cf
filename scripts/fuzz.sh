#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/*.c) with clang, ASan and UBSan in build-fuzz/
# and runs each for SECONDS seconds (default 30), FUZZ_JOBS (default 2) at a time, seeded
# from the fixtures. Corpora grow in build-fuzz/corpus/<target>/; crashes, leaks, hangs
# and inputs over the memory limit go to build-fuzz/crashes/<target>/. Exits 1 when any
# target found a problem: copy the input to tests/fuzz/regressions/<target>/ (replayed by
# ctest) and fix it.
#   scripts/fuzz.sh          the short run of the test command
#   scripts/fuzz.sh 3600     an hour per target
# An input fails when one run of it takes over 120 s (a hang: the inputs are at most 64 KiB
# and every reader is linear, so even a loaded machine stays far below) or the process
# passes 2048 MB of resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
if ! command -v clang >/dev/null; then
  echo "fuzz.sh: skipped: clang is not installed (scripts/setup.sh installs it)"
  exit 0
fi

# Seed directories per target (the fuzzers read every file under them).
declare -A seeds=(
  [fuzz_ini]="tests/ini"
  [fuzz_toml]="tests/toml"
  [fuzz_python]="fixtures/python"
  [fuzz_migration]="fixtures/python"
  [fuzz_config]="tests/config"
  [fuzz_sumfile]="fixtures/rules fixtures/demo"
  [fuzz_sql]="tests/sql"
  [fuzz_secrets]="tests/secrets"
  [fuzz_check]="fixtures/rules fixtures/python/handwritten"
)

targets=()
for src in tests/fuzz/fuzz_*.c; do
  targets+=("$(basename "$src" .c)")
done

cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DRETORT_FUZZ=ON -DRETORT_SANITIZE=ON >/dev/null
cmake --build build-fuzz -j2 --target "${targets[@]}" >/dev/null

export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS=suppressions=$PWD/tests/sql/lsan.supp
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# fuzz TARGET: runs it for $seconds into build-fuzz/TARGET.log; its status goes to
# build-fuzz/TARGET.status.
fuzz() {
  local t=$1 corpus=build-fuzz/corpus/$1 crashes=build-fuzz/crashes/$1
  rm -rf "$crashes"
  mkdir -p "$corpus" "$crashes"
  local dirs=()
  read -r -a dirs <<<"${seeds[$t]:-}"
  [ -d "tests/fuzz/regressions/$t" ] && dirs+=("tests/fuzz/regressions/$t")
  local status=0
  "build-fuzz/tests/$t" -max_total_time="$seconds" -timeout=120 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/" \
    "$corpus" "${dirs[@]}" >"build-fuzz/$t.log" 2>&1 || status=$?
  echo "$status" >"build-fuzz/$t.status"
}

echo "fuzz.sh: ${#targets[@]} targets, ${seconds}s each, ${FUZZ_JOBS:-2} at a time"
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "${FUZZ_JOBS:-2}" ]; do
    wait -n || true
  done
  fuzz "$t" &
done
wait

failed=()
for t in "${targets[@]}"; do
  log=build-fuzz/$t.log crashes=build-fuzz/crashes/$t
  if [ "$(cat "build-fuzz/$t.status")" != 0 ]; then
    echo "fuzz.sh: $t FAILED, see $log; inputs in $crashes/:"
    ls "$crashes"
    grep -E "ERROR|SUMMARY|runtime error|Timeout|out-of-memory" "$log" | head -5 || true
    failed+=("$t")
  else
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "  $t: ${runs:-?} inputs"
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: crashes in: ${failed[*]}"
  exit 1
fi
echo "fuzz.sh: all ${#targets[@]} targets ran ${seconds}s without a crash"
