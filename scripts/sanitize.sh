#!/usr/bin/env bash
# Builds retort and its tests with AddressSanitizer + UndefinedBehaviorSanitizer in
# build-asan/ and runs the whole ctest suite there. Any sanitizer report fails the test
# that triggered it (leaks included; libpg_query's known plpgsql leak is suppressed).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DRETORT_SANITIZE=ON -DRETORT_WERROR=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-asan -j2 >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1
export LSAN_OPTIONS=suppressions=$PWD/tests/sql/lsan.supp
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export RETORT_TIME_SCALE=4 RETORT_VOLUME_SCALE=0.1
ctest --test-dir build-asan --output-on-failure -j2 "$@"
