#!/usr/bin/env bash
# Installs the system packages commlab needs, only those that are missing.
# Safe to run repeatedly; needs root (or sudo) only when something is missing.
set -euo pipefail

# kcat and amqp-tools (amqp-publish) are the seeds' own kind of clients: the
# seed-format scenarios talk to commlab's brokers with them.
# libjs-chart.js draws the demo page's charts (served by the demo, no internet);
# chromium and chromium-driver run the demo's browser test over WebDriver.
# iptables brings the embedded Kafka broker back on its clients' address after a crash, and cuts links;
# libnetfilter-queue-dev holds a link's packets for the latency and bandwidth faults.
required=(libsqlite3-dev librabbitmq-dev librdkafka-dev libnetfilter-queue-dev rabbitmq-server wrk kcat
  amqp-tools libjs-chart.js chromium chromium-driver iptables)
# Nice to have: PNG copies of the charts.
optional=(librsvg2-bin)

missing() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

mapfile -t need < <(missing "${required[@]}")
mapfile -t want < <(missing "${optional[@]}")
if [ ${#need[@]} -eq 0 ] && [ ${#want[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-deps: missing packages ${need[*]} ${want[*]}; run as root or install them" >&2
    exit 1
  fi
else
  SUDO=
fi

echo "install-deps: installing ${need[*]} ${want[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
for pkg in "${want[@]}"; do
  $SUDO apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null \
    || echo "install-deps: optional package $pkg not installed; continuing" >&2
done
