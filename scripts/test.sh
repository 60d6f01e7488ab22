#!/usr/bin/env bash
# Every test: unit and integration tests (swift test; the AMQP ones against a
# private RabbitMQ node started here, or the broker AMQP_URL names; the Kafka
# ones against the embedded broker in its own process, or KAFKA_BROKERS), then
# each part's scenario suite against real processes and brokers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

echo "== swift build --build-tests"
swift build --build-tests
commlab="$(swift build --show-bin-path)/commlab"

broker_dir=.commlab/test-rabbitmq
kafka_dir=.commlab/test-kafka
started_broker=""
started_kafka=""
stop_broker() {
  if [ -n "$started_broker" ]; then
    "$commlab" broker rabbitmq stop --dir "$broker_dir" >/dev/null 2>&1 || true
    started_broker=""
  fi
  if [ -n "$started_kafka" ]; then
    "$commlab" broker kafka stop --dir "$kafka_dir" >/dev/null 2>&1 || true
    started_kafka=""
  fi
}
trap stop_broker EXIT

if [ -z "${AMQP_URL:-}" ]; then
  echo "== starting a private RabbitMQ node for the integration tests"
  started_broker=yes
  if ! broker_output="$("$commlab" broker rabbitmq start --dir "$broker_dir")"; then
    echo "test.sh: the RabbitMQ node did not start; see the output above" >&2
    exit 1
  fi
  AMQP_URL="$(printf '%s\n' "$broker_output" | sed -n 's/^AMQP_URL=//p')"
  echo "AMQP_URL=$AMQP_URL"
fi

KAFKA_MOCK_CONTROL="${KAFKA_MOCK_CONTROL:-}"
if [ -z "${KAFKA_BROKERS:-}" ]; then
  echo "== starting the embedded Kafka broker for the integration tests"
  started_kafka=yes
  if ! kafka_output="$("$commlab" broker kafka start --dir "$kafka_dir")"; then
    echo "test.sh: the embedded Kafka broker did not start; see the output above" >&2
    exit 1
  fi
  KAFKA_BROKERS="$(printf '%s\n' "$kafka_output" | sed -n 's/^KAFKA_BROKERS=//p')"
  KAFKA_MOCK_CONTROL="$(printf '%s\n' "$kafka_output" | sed -n 's/^KAFKA_MOCK_CONTROL=//p')"
  echo "KAFKA_BROKERS=$KAFKA_BROKERS"
fi

echo "== swift test"
AMQP_URL="$AMQP_URL" KAFKA_BROKERS="$KAFKA_BROKERS" KAFKA_MOCK_CONTROL="$KAFKA_MOCK_CONTROL" swift test --skip-build
if [ -n "$started_broker$started_kafka" ]; then
  stop_broker
  unset AMQP_URL KAFKA_BROKERS KAFKA_MOCK_CONTROL
fi

status=0
# Ctrl-C at several points of a run (brokers starting, services starting, a
# stream running, between models): nothing may be left running or written.
echo "== scripts/interrupt-test.sh"
bash scripts/interrupt-test.sh "$commlab" || status=1

# Every part's own suite: each folder with a tests/run_tests.sh.
for script in */tests/run_tests.sh; do
  echo "== $script"
  bash "$script" || status=1
done

# The comparison as a test: it exits non-zero when any model breaks an invariant
# (an accepted order lost, reserved or completed twice, stock not matching, a
# refusal without a reason, a hang, a poison message not dead-lettered). Its
# report goes to a scratch folder, not over the committed COMPARISON.md.
echo "== commlab compare --quick"
release="$(bash scripts/build.sh release | tail -n 1)"
"$release" compare --quick --root . --output .commlab/compare-test-output \
  --work-directory .commlab/compare-test || status=1

# The replicated deployment as a test: B on a three-node RabbitMQ cluster with
# quorum queues, C on the embedded broker as a cluster of three (replication
# factor 3), each with its baseline and the node leading its queue or partition
# lost; every order counted, nothing accepted may be lost.
echo "== commlab compare --quick --deployment replicated"
"$release" compare --quick --deployment replicated --models b c --faults baseline broker_node_lost \
  --root . --output .commlab/compare-replicated-test-output \
  --work-directory .commlab/compare-replicated-test || status=1

# Scale-out as a test: one and two inventory instances per brokered model and a
# member added and killed under load; it exits non-zero when an order was lost,
# duplicated or reserved twice. Its report goes to a scratch folder.
echo "== commlab scale --quick"
"$release" scale --quick --root . --output .commlab/scale-test-output \
  --work-directory .commlab/scale-test || status=1

# The demo page in a real browser (headless Chromium over WebDriver): live
# numbers, "inventory down" for all models and back up, screenshots saved to
# screenshots/demo/ and screenshots/async-queue/rabbitmq-ui.png.
echo "== commlab demo --browser-test"
"$release" demo --browser-test --root . --work-directory .commlab/demo-test || status=1
exit $status
