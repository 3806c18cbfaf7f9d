#!/usr/bin/env bash
# Times the sim-bulk-100mb case as users see it, whole processes: `stt-sim run` of
# Scenarios/bench/bulk-100mb.json against ns-3 3.37's bulk anchor on the same case
# (`bulk --rate=100Mbps --delay=20ms --loss=0.01 --bytes=100000000`), alternating the two so both
# see the same machine. Prints each run, then the medians of wall time and peak RSS and the ratios.
#
#   Tools/bench/time-bulk.sh [ROUNDS]            (default 5)
#   STT_SIM=path/to/stt-sim NS3_BULK=path/to/bulk Tools/bench/time-bulk.sh
#
# stt-sim defaults to the release build (built if missing); ns-3's bulk to $NS3_ANCHOR_OUT/bulk or
# /tmp/ns3-anchor/bulk, built with ../shared/anchors/ns3/build.sh when that script is there.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "time-bulk: ROUNDS must be a positive whole number (got \"$rounds\")" >&2; exit 2; }
stt=${STT_SIM:-.build/release/stt-sim}
ns3=${NS3_BULK:-${NS3_ANCHOR_OUT:-/tmp/ns3-anchor}/bulk}
scenario=Scenarios/bench/bulk-100mb.json
if [[ ! -x $stt ]]; then
  echo "time-bulk: building stt-sim (release)" >&2
  swift build -c release -Xswiftc -enforce-exclusivity=unchecked --product stt-sim >&2
fi
if [[ ! -x $ns3 ]]; then
  if [[ -x ../shared/anchors/ns3/build.sh ]]; then
    echo "time-bulk: building the ns-3 anchors (../shared/anchors/ns3/build.sh)" >&2
    ../shared/anchors/ns3/build.sh >&2
  fi
  [[ -x $ns3 ]] || { echo "time-bulk: no ns-3 bulk program at $ns3 (set NS3_BULK)" >&2; exit 1; }
fi
command -v /usr/bin/time >/dev/null || { echo "time-bulk: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
measure() {  # label, command...: prints "label wall_seconds peak_kib"
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null || { echo "time-bulk: $label failed" >&2; exit 1; }
  echo "$label $(cat "$out")"
}
results=()
for ((i = 1; i <= rounds; i++)); do
  results+=("$(measure stt-sim "$stt" run "$scenario" --quiet)")
  results+=("$(measure ns-3 "$ns3" --rate=100Mbps --delay=20ms --loss=0.01 --bytes=100000000)")
  printf '%s\n%s\n' "${results[-2]}" "${results[-1]}" | awk '{printf "round '"$i"' %-8s wall %6.3f s  peak %6.1f MiB\n", $1, $2, $3 / 1024}'
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
rows = [line.split() for line in sys.stdin if line.strip()]
def med(label, column): return statistics.median(float(r[column]) for r in rows if r[0] == label)
sw, nw = med("stt-sim", 1), med("ns-3", 1)
sm, nm = med("stt-sim", 2) / 1024, med("ns-3", 2) / 1024
print(f"median wall: stt-sim {sw:.3f} s, ns-3 {nw:.3f} s: stt-sim is {nw / sw:.2f}x as fast")
print(f"median peak RSS: stt-sim {sm:.1f} MiB, ns-3 {nm:.1f} MiB: ratio {sm / nm:.2f}")
'
