#!/usr/bin/env bash
# Part D: builds commlab (release), starts a private RabbitMQ node (unless
# AMQP_URL names a broker), declares the streams, starts producer, inventory
# and analytics as separate processes, runs the scenarios, writes the
# evidence, stops everything.
# Extra arguments go to `commlab scenario rabbitmq-stream` (e.g. --only replay).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
commlab="$(bash scripts/build.sh release | tail -n 1)"
"$commlab" scenario rabbitmq-stream --root . "$@"
