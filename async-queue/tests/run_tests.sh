#!/usr/bin/env bash
# Part B: builds commlab (release), starts a private RabbitMQ node (unless
# AMQP_URL names a broker), starts order, inventory and notification as
# separate processes, runs the scenarios, writes the evidence, stops everything.
# Extra arguments go to `commlab scenario async-queue` (e.g. --only dlq).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
commlab="$(bash scripts/build.sh release | tail -n 1)"
"$commlab" scenario async-queue --root . "$@"
