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
# Replicated: the embedded broker as three, the node leading order-events lost
# mid-stream (B's and D's replicated scenarios run in scripts/lab.sh: each
# starts a three-node RabbitMQ cluster, which the test command's time cannot
# afford twice more; the comparison's replicated quick path covers B there).
if [ $# -eq 0 ] && [ -z "${KAFKA_BROKERS:-}" ]; then
  "$commlab" scenario streaming-log --root . --deployment replicated --node-loss-orders 2000
elif [ -n "${KAFKA_BROKERS:-}" ]; then
  echo "replicated scenarios not run: KAFKA_BROKERS names your cluster, where the lab injects no node faults"
fi
