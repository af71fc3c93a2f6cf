#!/usr/bin/env bash
# Configures and builds retort in build/ (warnings are errors). Extra arguments go to
# the CMake configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DRETORT_WERROR=ON "$@" >/dev/null
cmake --build build -j"$(nproc)"
