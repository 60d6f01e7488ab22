#!/usr/bin/env bash
# The lab's main job: every part's scenarios on real processes and brokers,
# evidence written to <part>/results/, <part>/README.md and screenshots/<part>/;
# then each brokered part's node-loss scenarios on its replicated broker (10,000
# orders with the leading node killed mid-stream; a lost quorum where the engine
# can show it), written to <part>/results/replicated.md and the part README;
# then the comparison of the models under the same workload and faults, each on
# one broker node and then replicated (B and D on three RabbitMQ nodes, C on the
# embedded broker as three; node faults), with each model's highest sustainable rate, written to
# COMPARISON.md, COMPARISON.json, screenshots/compare/ and README.md;
# then scale-out (1, 2, 4, 8 inventory instances per brokered model, a member
# added and killed under load), written to SCALE.md, SCALE.json, screenshots/scale/.
# Extra arguments go to `commlab lab` (see `commlab lab --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
commlab="$(bash scripts/build.sh release | tail -n 1)"
status=0
"$commlab" lab --root . "$@" || status=1
for part in async-queue streaming-log rabbitmq-stream; do
  echo "== commlab scenario $part --deployment replicated"
  "$commlab" scenario "$part" --root . --deployment replicated || status=1
done
echo "== commlab compare --deployment single replicated"
"$commlab" compare --root . --deployment single replicated || status=1
echo "== commlab scale"
"$commlab" scale --root . || status=1
exit $status
