#!/usr/bin/env bash
# The hardening passes (see README, "Hardening"): the whole suite again under
# ASan+UBSan, every fuzz target for SECONDS (default 20) each, and the CLI under
# valgrind. Run after scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/sanitize.sh
scripts/fuzz.sh "${1:-20}"
scripts/valgrind.sh
