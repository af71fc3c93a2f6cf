#!/usr/bin/env bash
# Sets up, builds, and runs the whole test suite, then the hardening passes: the suite
# again under ASan+UBSan, every fuzz target for 20 s, and the CLI under valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j2
scripts/sanitize.sh
scripts/fuzz.sh 20
scripts/valgrind.sh
