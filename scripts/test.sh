#!/usr/bin/env bash
# Every test: unit and integration tests (swift test; the AMQP ones against a
# private RabbitMQ node started here, or the broker AMQP_URL names), then each
# part's scenario suite against real processes and brokers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

echo "== swift build --build-tests"
swift build --build-tests
commlab="$(swift build --show-bin-path)/commlab"

broker_dir=.commlab/test-rabbitmq
started_broker=""
stop_broker() {
  if [ -n "$started_broker" ]; then
    "$commlab" broker rabbitmq stop --dir "$broker_dir" >/dev/null 2>&1 || true
    started_broker=""
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

echo "== swift test"
AMQP_URL="$AMQP_URL" swift test --skip-build
if [ -n "$started_broker" ]; then
  stop_broker
  unset AMQP_URL
fi

status=0
for part in sync-rest async-queue; do
  echo "== $part/tests/run_tests.sh"
  bash "$part/tests/run_tests.sh" || status=1
done
exit $status
