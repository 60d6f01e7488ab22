#!/usr/bin/env bash
# Part C: builds commlab (release), starts the embedded Kafka-protocol broker in
# its own process (unless KAFKA_BROKERS names a cluster), creates the topics,
# starts producer, inventory and analytics as separate processes, runs the
# scenarios, writes the evidence, stops everything.
# Extra arguments go to `commlab scenario streaming-log` (e.g. --only poison).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
commlab="$(bash scripts/build.sh release | tail -n 1)"
"$commlab" scenario streaming-log --root . "$@"
