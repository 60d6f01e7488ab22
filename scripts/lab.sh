#!/usr/bin/env bash
# The lab's main job: every part's scenarios on real processes and brokers,
# evidence written to <part>/results/, <part>/README.md and screenshots/<part>/.
# Extra arguments go to `commlab lab` (see `commlab lab --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
commlab="$(bash scripts/build.sh release | tail -n 1)"
exec "$commlab" lab --root . "$@"
