#!/usr/bin/env bash
# Checks the Wireshark dissector (Tools/wireshark/sttp.lua) with tshark on the capture of every
# example scenario: the dissector loads, every packet decodes as sttp, nothing is malformed or
# flagged as an error, and tshark's packet count equals the records the run reported. Then the
# same for a decrypted copy (`stt-sim analyze --decrypt-to`), whose frames the dissector parses,
# and for a capture cut by a snap length.
#   Tools/check-wireshark.sh [path/to/stt-sim]     (default: .build/debug/stt-sim)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/debug/stt-sim}
lua=Tools/wireshark/sttp.lua
command -v tshark >/dev/null || { echo "check-wireshark: tshark is not installed (Tools/setup.sh tshark)" >&2; exit 1; }
[[ -x $bin ]] || swift build --product stt-sim >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ts() {
  tshark -X lua_script:"$lua" -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE "$@" 2>"$work/tshark.err"
  if grep -qi "lua" "$work/tshark.err"; then cat "$work/tshark.err" >&2; exit 1; fi
}

failed=0
check() {  # name, capture file, expected record count
  local name=$1 pcap=$2 expected=$3
  local total sttp bad
  total=$(ts -r "$pcap" -T fields -e frame.number | wc -l)
  sttp=$(ts -r "$pcap" -Y 'sttp.handshake || sttp.pn' -T fields -e sttp.type | wc -l)
  # Malformed packets, dissector errors, or a wrong IP/UDP checksum (status 0 = bad).
  local bad_filter='_ws.malformed || _ws.expert.severity >= 8388608'
  bad_filter+=' || ip.checksum.status == 0 || udp.checksum.status == 0'
  bad=$(ts -r "$pcap" -Y "$bad_filter" \
          -T fields -e frame.number | wc -l)
  if [[ $total -ne $expected || $sttp -ne $expected || $bad -ne 0 ]]; then
    echo "FAIL $name: report $expected records, tshark $total packets, $sttp decoded as sttp," \
      "$bad malformed/errors" >&2
    failed=1
  else
    echo "ok   $name: $expected packets, all decoded as sttp, none malformed, checksums valid"
  fi
}
for scenario in Scenarios/*.json; do
  name=$(basename "$scenario" .json)
  case $name in fingerprints|capture-digests|scenario.schema) continue ;; esac
  "$bin" run "$scenario" --pcap "$work/$name.pcap" --keylog "$work/$name.keys" --json >"$work/$name.json" || true
  records=$(python3 -c 'import json,sys
print(sum(f["records"] for f in json.load(open(sys.argv[1]))["capture"]["files"]))' "$work/$name.json")
  check "$name" "$work/$name.pcap" "$records"
done
# Decrypted copies: every protected packet becomes type 0x90 with its frames parsed.
for name in lossy live-video; do
  "$bin" analyze "$work/$name.pcap" --keylog "$work/$name.keys" --decrypt-to "$work/$name-decrypted.pcap" >/dev/null
  records=$(ts -r "$work/$name.pcap" -T fields -e frame.number | wc -l)
  check "$name (decrypted)" "$work/$name-decrypted.pcap" "$records"
  frames=$(ts -r "$work/$name-decrypted.pcap" -Y 'sttp.frame.type == 0x10' -T fields -e frame.number | wc -l)
  [[ $frames -gt 0 ]] || { echo "FAIL $name (decrypted): no STREAM frame shown" >&2; failed=1; }
done
# A capture cut by a snap length: every packet still decodes, the cut ones carry a note, and the
# encrypted length is the datagram's real one (1472-byte datagrams: 1436), not what was captured.
"$bin" run Scenarios/lossy.json --pcap "$work/snap.pcap" --snaplen 80 --json >"$work/snap.json" || true
records=$(python3 -c 'import json,sys
print(sum(f["records"] for f in json.load(open(sys.argv[1]))["capture"]["files"]))' "$work/snap.json")
check "lossy (snap length 80)" "$work/snap.pcap" "$records"
cut=$(ts -r "$work/snap.pcap" -Y 'sttp.captured_length' -T fields -e frame.number | wc -l)
full=$(ts -r "$work/snap.pcap" -Y 'sttp.encrypted_length == 1436' -T fields -e frame.number | wc -l)
if [[ $cut -eq 0 || $full -eq 0 ]]; then
  echo "FAIL lossy (snap length 80): $cut packets flagged as cut, $full with their real encrypted length" >&2
  failed=1
else
  echo "ok   lossy (snap length 80): $cut cut packets flagged, real lengths shown"
fi
exit $failed
