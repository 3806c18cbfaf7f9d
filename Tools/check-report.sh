#!/usr/bin/env bash
# Checks the HTML reports in headless Chromium (Tools/report/chromium-check.py, over the DevTools
# pipe): for every example scenario, a simulated run's report; for lossy, also a real-socket run's
# report and reports from captures of both modes (with and without the key log). Each must load
# with no exception, no console error and no network request; the chosen ones must carry their
# charts' series, and their time-sequence graph must zoom. Screenshots go to $REPORT_SHOTS (if set).
#   Tools/check-report.sh [path/to/stt-sim]     (default: .build/debug/stt-sim)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/debug/stt-sim}
check=Tools/report/chromium-check.py
command -v chromium >/dev/null || { echo "check-report: chromium is not installed (Tools/setup.sh chromium)" >&2; exit 1; }
[[ -x $bin ]] || swift build --product stt-sim >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shots=${REPORT_SHOTS:-$work}
failed=0
flow='--expect goodput:goodput --expect time-sequence:sent,acknowledged'
sender="$flow --expect window:congestion\ window,bytes\ in\ flight --expect rtt:smoothed,minimum --expect pacing:pacing\ rate"

verify() {  # name, report, expectations...
  local name=$1 report=$2
  shift 2
  if python3 "$check" "$report" --screenshot "$shots/$name.png" "$@" >"$work/$name.log" 2>&1; then
    echo "ok   $name: $(tail -1 "$work/$name.log" | sed 's/^chromium-check: //')"
  else
    echo "FAIL $name:" >&2
    cat "$work/$name.log" >&2
    failed=1
  fi
}

for scenario in Scenarios/*.json; do
  name=$(basename "$scenario" .json)
  case $name in fingerprints|capture-digests|scenario.schema) continue ;; esac
  "$bin" run "$scenario" --quiet --report "$work/$name.html" || true
  case $name in
    lossy) eval verify "$name" "$work/$name.html" --expect topology: "$sender" --expect queue:queue --expect drops:loss ;;
    live-video) eval verify "$name" "$work/$name.html" --expect topology: "$sender" --expect latency-cdf:latency ;;
    many-nodes) verify "$name" "$work/$name.html" --expect topology: --no-zoom ;;
    *) verify "$name" "$work/$name.html" --expect topology: --no-zoom ;;
  esac
done
# Real sockets, and captures of both modes.
"$bin" run Scenarios/lossy.json --quiet --transport udp --report "$work/lossy-udp.html" \
  --pcap "$work/udp.pcap" --keylog "$work/udp.keys" || true
eval verify lossy-udp "$work/lossy-udp.html" --expect topology: "$sender"
"$bin" run Scenarios/lossy.json --quiet --pcap "$work/sim.pcap" --keylog "$work/sim.keys" || true
for mode in sim udp; do
  "$bin" analyze "$work/$mode.pcap" --keylog "$work/$mode.keys" --report "$work/capture-$mode.html" >/dev/null
  eval verify "capture-$mode" "$work/capture-$mode.html" "$flow" --expect rtt:estimated
  "$bin" analyze "$work/$mode.pcap" --report "$work/capture-$mode-nokeys.html" >/dev/null
  verify "capture-$mode-nokeys" "$work/capture-$mode-nokeys.html" --expect goodput:goodput --expect time-sequence:sent
done
if ((failed)); then echo "check-report: FAILED" >&2; exit 1; fi
echo "check-report: every report opens offline, error-free, with its charts"
