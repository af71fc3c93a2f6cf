#!/usr/bin/env bash
# Sets up, builds, and runs retort on the bundled demo project (fixtures/demo).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
echo
echo "$ retort check fixtures/demo"
status=0
build/retort check fixtures/demo || status=$?
echo
case $status in
  0) echo "retort exited 0: no findings at or above the fail-on level." ;;
  1) echo "retort exited 1: the demo project has findings (as it should)." ;;
  *) echo "retort exited $status: an error stopped the check." >&2; exit "$status" ;;
esac
