#!/usr/bin/env bash
# Ctrl-C at any point of a run stops everything the run started. Runs
# `commlab compare` (models B and C, one short segment each) and sends SIGINT
# to its process group — what Ctrl-C in a terminal does — at several points:
# before anything started, while B's broker starts, while its services start,
# during its stream, between B and C, while C's services start, while C's
# groups join. After each, it checks that commlab exited with 130, wrote no
# report, and left no process behind (services, the embedded Kafka broker,
# the RabbitMQ node). One point interrupts `commlab scale` while an inventory
# instance added mid-stream runs. One more interrupts a link fault's window (as
# root, where the lab can cut links): no iptables rule and no cgroup of the
# run may be left. Usage: interrupt-test.sh COMMLAB
set -uo pipefail
commlab="${1:?usage: interrupt-test.sh COMMLAB}"
cd "$(dirname "$0")/.."
scratch="$(pwd)/.commlab/interrupt-test"
rm -rf "$scratch"
mkdir -p "$scratch"

# What is still running of a run whose work folder is $1: any process naming
# the folder on its command line or in its environment, and the RabbitMQ nodes
# whose node.json lies under it (their data may live under /tmp).
leftovers() {
  printf '%s\n' "$1" | python3 -c '
import glob, json, os, sys
work = sys.stdin.readline().strip()
names = set()
for path in glob.glob(work + "/**/node.json", recursive=True):
    try: names.add("RABBITMQ_NODENAME=" + json.load(open(path))["nodeName"])
    except Exception: pass
me = os.getpid()
for pid in filter(str.isdigit, os.listdir("/proc")):
    if int(pid) == me: continue
    try:
        cmdline = open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="replace")
        environ = open(f"/proc/{pid}/environ", "rb").read().decode(errors="replace").split("\0")
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        continue
    if state == "Z": continue
    if work in cmdline or any(work in e for e in environ) or names.intersection(environ):
        print(pid, cmdline.replace("\0", " ")[:160])
'
}

# The data folders under /tmp of the RabbitMQ nodes whose node.json lies under $1 (a node started as root in a
# folder others cannot enter keeps its data there) that are still there.
data_leftovers() {
  printf '%s\n' "$1" | python3 -c '
import glob, json, os, sys
work = sys.stdin.readline().strip()
for path in glob.glob(work + "/**/node.json", recursive=True):
    try: data = json.load(open(path))["dataDirectory"]
    except Exception: continue
    if data.startswith("/tmp/commlab-rabbitmq-") and os.path.exists(data): print(data)
'
}

# The link faults' kernel state a run left: iptables rules tagged commlab-link, cgroups named for its pid.
link_leftovers() {
  local pid="$1"
  [ "$(id -u)" -eq 0 ] || return 0
  for chain in 'mangle OUTPUT' 'filter OUTPUT' 'filter INPUT'; do
    set -- $chain
    iptables -w -t "$1" -S "$2" 2>/dev/null | grep "commlab-link $pid\b"
  done
  find /sys/fs/cgroup -maxdepth 2 -type d -name "commlab-$pid-*" 2>/dev/null
}

# interrupt_at NAME PATTERN DELAY [FAULTS]: starts the run, waits for PATTERN in its output, waits DELAY seconds,
# sends SIGINT.
interrupt_at() {
  local name="$1" pattern="$2" delay="$3" faults="${4:-baseline}" command="${5:-compare}"
  local dir="$scratch/$name"
  mkdir -p "$dir"
  # Made before the run starts, so the wait below never reads a log the background shell has not opened yet.
  : >"$dir/log"
  if [ "$command" = scale ]; then
    setsid "$commlab" scale --quick --models b --root . \
      --output "$dir/out" --work-directory "$dir/work" >"$dir/log" 2>&1 &
  else
    setsid "$commlab" compare --quick --models b c --faults "$faults" --window 2 --root . \
      --output "$dir/out" --work-directory "$dir/work" >"$dir/log" 2>&1 &
  fi
  local pid=$!
  local waited=0
  until grep -qE "$pattern" "$dir/log"; do
    if ! kill -0 "$pid" 2>/dev/null || [ $waited -ge 1200 ]; then
      echo "FAIL $name: the run never printed /$pattern/ (see $dir/log)"
      kill -KILL -- "-$pid" 2>/dev/null
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  sleep "$delay"
  kill -INT -- "-$pid"
  local limit=$((SECONDS + 120))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $limit ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "FAIL $name: commlab still running 120 s after SIGINT"
    kill -KILL -- "-$pid" 2>/dev/null
    return 1
  fi
  wait "$pid"
  local status=$?
  sleep 1
  local left
  left="$(leftovers "$dir/work")"
  local kernel
  kernel="$(link_leftovers "$pid")"
  local data
  data="$(data_leftovers "$dir/work")"
  local ok=1
  [ -z "$data" ] || { echo "FAIL $name: a broker's data folder left behind:"; echo "$data"; ok=0; }
  [ -z "$kernel" ] || { echo "FAIL $name: link-fault state left in the kernel:"; echo "$kernel"; ok=0; }
  [ "$status" -eq 130 ] || { echo "FAIL $name: exit status $status, expected 130"; ok=0; }
  [ -z "$left" ] || { echo "FAIL $name: left running:"; echo "$left"; ok=0; }
  [ ! -e "$dir/out/COMPARISON.json" ] && [ ! -e "$dir/out/SCALE.json" ] || {
    echo "FAIL $name: a report was written"
    ok=0
  }
  if grep -q "could not start" "$dir/log"; then
    echo "FAIL $name: an interrupted start was reported as a model that could not start"
    ok=0
  fi
  if [ $ok -eq 1 ]; then
    echo "ok   $name: exit 130, nothing left running or on disk, no report"
    return 0
  fi
  # Whatever a failed check left behind is stopped here, so one failure does not leak into the next point.
  for p in $(printf '%s\n' "$left" | awk '{print $1}'); do kill -KILL "$p" 2>/dev/null; done
  for d in $data; do rm -rf "$d"; done
  echo "     (log: $dir/log)"
  return 1
}

passed=0
failed=0
point() {
  if interrupt_at "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}
point before-anything '^comparing' 0
point rabbitmq-starting 'rabbitmq: starting node' 0.5
point b-services-starting 'rabbitmq node up' 0.2
point b-streaming 'B: AMQP queue · fault 1' 1
point between-b-and-c 'lost; every check held' 0.3
point kafka-starting 'lost; every check held' 2.5
point c-services-starting 'embedded Kafka broker up' 0.2
point c-groups-joining 'waiting for both consumer groups' 0.1
# commlab scale, while an inventory instance added during the stream runs beside the first.
point b-scaled-out 'membership: 1 instance' 4.5 baseline scale
if [ "$(id -u)" -eq 0 ]; then
  point b-link-cut 'fault 1/1: link partition' 2 link_partition
  point b-link-held 'fault 1/1: link latency' 2 link_latency
fi
echo "interrupt test: $passed passed, $failed failed"
[ $failed -eq 0 ]
