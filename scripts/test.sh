#!/usr/bin/env bash
# Sets up, builds, and runs the whole test suite (unit, integration with the real
# components, pathological inputs, fuzz regressions). The longer hardening passes —
# sanitizers, fuzzing, valgrind — are scripts/harden.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j2
