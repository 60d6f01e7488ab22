#!/usr/bin/env bash
# Part A: builds commlab (release), starts order, inventory and notification as
# separate processes on loopback, runs the scenarios against them, writes the
# evidence, stops the services. Exits non-zero if any scenario fails.
# Extra arguments go to `commlab scenario sync-rest` (e.g. --only delay-injection).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
commlab="$(bash scripts/build.sh release | tail -n 1)"
"$commlab" scenario sync-rest --root . "$@"
