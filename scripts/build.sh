#!/usr/bin/env bash
# Builds commlab (release by default) after installing missing system packages;
# prints the path of the binary on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${1:-release}"
bash scripts/install-deps.sh
echo "building commlab ($configuration)…" >&2
swift build -c "$configuration" --product commlab >&2
echo "$(swift build -c "$configuration" --show-bin-path)/commlab"
