#!/usr/bin/env bash
# The lab's main job: every part's scenarios on real processes and brokers,
# evidence written to <part>/results/, <part>/README.md and screenshots/<part>/;
# then the comparison of the models under the same workload and faults, each on
# one broker node and then replicated (B on three RabbitMQ nodes, quorum queues,
# node faults), with each model's highest sustainable rate, written to
# COMPARISON.md, COMPARISON.json, screenshots/compare/ and README.md;
# then scale-out (1, 2, 4, 8 inventory instances per brokered model, a member
# added and killed under load), written to SCALE.md, SCALE.json, screenshots/scale/.
# Extra arguments go to `commlab lab` (see `commlab lab --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
commlab="$(bash scripts/build.sh release | tail -n 1)"
status=0
"$commlab" lab --root . "$@" || status=1
echo "== commlab compare --deployment single replicated"
"$commlab" compare --root . --deployment single replicated || status=1
echo "== commlab scale"
"$commlab" scale --root . || status=1
exit $status
