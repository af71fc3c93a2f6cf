#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/*.c) with clang, ASan and UBSan in build-fuzz/
# and runs each for SECONDS seconds (default 20), seeded from the fixtures. Corpora grow in
# build-fuzz/corpus/<target>/; crashes, leaks and timeouts go to build-fuzz/crashes/<target>/.
# Exits 1 when any target found a problem: copy the input to
# tests/fuzz/regressions/<target>/ (replayed by ctest) and fix it.
#   scripts/fuzz.sh          the short run of the test command
#   scripts/fuzz.sh 3600     an hour per target
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
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
failed=()
for t in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$t crashes=build-fuzz/crashes/$t
  rm -rf "$crashes"
  mkdir -p "$corpus" "$crashes"
  read -r -a dirs <<<"${seeds[$t]:-}"
  [ -d "tests/fuzz/regressions/$t" ] && dirs+=("tests/fuzz/regressions/$t")
  log=build-fuzz/$t.log
  echo "fuzz.sh: $t for ${seconds}s (seeds: ${dirs[*]:-none})"
  if ! "build-fuzz/tests/$t" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/" \
        "$corpus" "${dirs[@]}" >"$log" 2>&1; then
    echo "fuzz.sh: $t FAILED, see $log; inputs in $crashes/:"
    ls "$crashes"
    grep -E "ERROR|SUMMARY|runtime error" "$log" | head -5 || true
    failed+=("$t")
  else
    grep -E "stat::number_of_executed_units" "$log" | sed "s/^/  /" || true
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: crashes in: ${failed[*]}"
  exit 1
fi
echo "fuzz.sh: all ${#targets[@]} targets ran ${seconds}s without a crash"
