#!/usr/bin/env bash
# Every test: unit tests (swift test), then each part's scenario suite against
# real processes (and, for parts B and C, real brokers).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

echo "== swift test"
swift build --build-tests
swift test --skip-build

status=0
for part in sync-rest; do
  echo "== $part/tests/run_tests.sh"
  bash "$part/tests/run_tests.sh" || status=1
done
exit $status
