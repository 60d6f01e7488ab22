#!/usr/bin/env bash
# The pizza line: builds commlab (release), starts the embedded Kafka-protocol
# broker (or uses KAFKA_BROKERS) and the line's twelve processes (order
# processing, nine machines, the goods provider, the latency tables), runs the
# five scenarios against them, writes the evidence, stops everything. Exits
# non-zero if any scenario fails. Extra arguments go to
# `commlab scenario pizza-line` (e.g. --only crash-resume, --processing-ms 50).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
commlab="$(bash scripts/build.sh release | tail -n 1)"
"$commlab" scenario pizza-line --root . "$@"
