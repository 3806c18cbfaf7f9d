#!/usr/bin/env bash
# Runs a scenario's bounded transfer between two `stt-sim node` processes in separate network
# namespaces joined by a veth pair, shaped with what the kernel offers, and the same scenario in
# the simulator; prints completion time and goodput side by side (with --json, one JSON object).
#
#   sudo Tools/netns/compare.sh --scenario Tools/netns/rate-queue.json [--json]
#   sudo Tools/netns/compare.sh --rate 20mbit --queue-bytes 30000 [--loss 2] [--delay 10ms] [--size 8MiB] [--json]
#
# A scenario here has two endpoints joined by one link and one bounded flow between them; each
# direction of the link is shaped as the scenario says (the flags form shapes the data direction
# only). Shaping uses:
#   - tc netem (rate, delay, loss, queue) when the kernel has it;
#   - otherwise tbf (rate, 3000-byte burst, queue limit in bytes; a packet limit counts 1500 B
#     per packet) and nftables `numgen random` at the receiving side (Bernoulli loss). Delay,
#     jitter, Gilbert-Elliott loss, duplication, reordering and corruption cannot be applied
#     then; the script says which impairments it applied and which it could not.
# Needs root (ip netns, tc, nft). Traffic stays inside the namespaces. Exit 0 on success.
set -euo pipefail
cd "$(dirname "$0")/../.."

scenario="" rate="" queue_bytes=30000 loss=0 delay=0.05ms size=8MiB json=0 bin=""
while (($#)); do
  case $1 in
    --scenario) scenario=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --queue-bytes) queue_bytes=$2; shift 2 ;;
    --loss) loss=$2; shift 2 ;;
    --delay) delay=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --json) json=1; shift ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -n $scenario || -n $rate ]] || { echo "compare.sh: give --scenario FILE or --rate RATE" >&2; exit 2; }
if [[ -z $bin ]]; then
  if [[ -x .build/release/stt-sim ]]; then bin=.build/release/stt-sim
  else swift build --product stt-sim >&2; bin=.build/debug/stt-sim; fi
fi
[[ $(id -u) -eq 0 ]] || { echo "compare.sh: needs root (network namespaces)" >&2; exit 2; }
work=$(mktemp -d)

if [[ -z $scenario ]]; then
  # The flags as a scenario: the data direction shaped, acknowledgements free.
  scenario=$work/flags.json
  python3 - "$scenario" "$rate" "$queue_bytes" "$loss" "$delay" "$size" <<'PY'
import json, re, sys
path, rate, queue, loss, delay, size = sys.argv[1:]
m = re.fullmatch(r'([0-9.]+)\s*(bit|kbit|mbit|gbit)', rate.lower())
bps = float(m.group(1)) * {'bit': 1, 'kbit': 1e3, 'mbit': 1e6, 'gbit': 1e9}[m.group(2)]
link = {"id": "veth", "a": "sender", "b": "receiver", "bandwidth": f"{bps / 1e6}Mbps", "delay": delay,
        "queue": {"bytes": int(queue)}, "reverse": {"bandwidth": "10Gbps", "delay": "0.05ms", "loss": 0, "queue": {"packets": 100000}}}
if float(loss) > 0: link["loss"] = float(loss) / 100
json.dump({"name": "netns-compare", "seed": 1, "duration": "600s", "sharedSeed": "netns_shared_seed_32_bytes_long!",
           "nodes": [{"id": "sender"}, {"id": "receiver", "server": True}], "links": [link],
           "traffic": [{"id": "transfer", "kind": "bounded", "from": "sender", "to": "receiver", "size": size}]},
          open(path, "w"), indent=1)
PY
fi
"$bin" validate "$scenario" >/dev/null

# The scenario's link, direction by direction, as shell assignments.
eval "$(python3 - "$scenario" <<'PY'
import json, re, sys
s = json.load(open(sys.argv[1]))
def fail(msg): print(f'echo "compare.sh: {msg}" >&2; exit 2'); sys.exit()
ends = [n for n in s["nodes"] if n.get("kind", "endpoint") == "endpoint"]
flows = [t for t in s.get("traffic", []) if t.get("kind") == "bounded"]
if len(s["nodes"]) != 2 or len(ends) != 2 or len(s.get("links", [])) != 1 or len(flows) != 1:
    fail("the scenario must have two endpoints, one link and one bounded flow")
link, flow = s["links"][0], flows[0]
def seconds(d):
    m = re.fullmatch(r'\s*([0-9.]+)\s*(ns|us|µs|ms|s|m|h)?\s*', str(d))
    return float(m.group(1)) * {'ns': 1e-9, 'us': 1e-6, 'µs': 1e-6, 'ms': 1e-3, 's': 1, 'm': 60, 'h': 3600, None: 1}[m.group(2)]
def rate(r):
    m = re.fullmatch(r'\s*([0-9.]+)\s*(bps|kbps|Kbps|Mbps|Gbps)\s*', r)
    return float(m.group(1)) * {'bps': 1, 'kbps': 1e3, 'Kbps': 1e3, 'Mbps': 1e6, 'Gbps': 1e9}[m.group(2)]
def size(v):
    if isinstance(v, (int, float)): return int(v)
    m = re.fullmatch(r'\s*([0-9.]+)\s*(B|KB|kB|MB|GB|KiB|MiB|GiB)?\s*', v)
    return int(float(m.group(1)) * {'B': 1, None: 1, 'KB': 1e3, 'kB': 1e3, 'MB': 1e6, 'GB': 1e9, 'KiB': 1024, 'MiB': 1 << 20, 'GiB': 1 << 30}[m.group(2)])
base = {k: v for k, v in link.items() if k not in ("id", "a", "b", "reverse")}
sender_is_a = flow["from"] == link["a"]
for name, params in (("fwd", base), ("rev", {**base, **link.get("reverse", {})})):
    p = dict(params)
    loss = p.get("loss", 0); unsupported = []
    if isinstance(loss, dict):
        if loss.get("model", "bernoulli") != "bernoulli": unsupported.append("gilbert-elliott loss"); loss = 0
        else: loss = loss["p"]
    for k in ("jitter", "duplicate", "reorder", "corrupt"):
        if p.get(k): unsupported.append(k)
    q = p.get("queue", {})
    qbytes = size(q["bytes"]) if "bytes" in q else (int(q["packets"]) * 1500 if "packets" in q else 1 << 24)
    print(f'{name}_rate={int(rate(p["bandwidth"])) if "bandwidth" in p else 0}')
    print(f'{name}_queue={qbytes}')
    print(f'{name}_loss={float(loss) * 100}')
    print(f'{name}_delay_ms={seconds(p.get("delay", "10ms")) * 1000}')
    print(f'{name}_unsupported="{", ".join(unsupported)}"')
print(f'size={size(flow["size"])}')
print(f'segment={size(flow.get("segmentSize", "64KiB"))}')
print(f'sender_is_a={1 if sender_is_a else 0}')
PY
)"

id=$$
a=stt-a-$id b=stt-b-$id va=sttva$id vb=sttvb$id
listener=""
cleanup() {
  [[ -n $listener ]] && kill "$listener" 2>/dev/null || true
  ip netns del "$a" 2>/dev/null || true; ip netns del "$b" 2>/dev/null || true; rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$a"; ip netns add "$b"
ip link add "$va" type veth peer name "$vb"
ip link set "$va" netns "$a"; ip link set "$vb" netns "$b"
ip -n "$a" addr add 10.77.0.1/24 dev "$va"; ip -n "$b" addr add 10.77.0.2/24 dev "$vb"
for ns in "$a" "$b"; do ip -n "$ns" link set lo up; done
ip -n "$a" link set "$va" up; ip -n "$b" link set "$vb" up
# Segmentation offloads would let the veth carry 64 KiB super-packets past the shaper's view.
for pair in "$a $va" "$b $vb"; do set -- $pair; ip netns exec "$1" ethtool -K "$2" tso off gso off gro off >/dev/null 2>&1 || true; done

applied=() missing=()
# shape NS DEV DIRECTION-NAME RATE-BPS QUEUE-BYTES LOSS-PERCENT DELAY-MS UNSUPPORTED PEER-NS SOURCE-IP
shape() {
  local ns=$1 dev=$2 label=$3 rate=$4 queue=$5 loss=$6 delay_ms=$7 unsupported=$8 peer=$9 src=${10}
  [[ -n $unsupported ]] && missing+=("$label: $unsupported")
  if ip netns exec "$ns" tc qdisc add dev "$dev" root netem delay "${delay_ms}ms" loss "${loss}%" \
       $( ((rate > 0)) && echo "rate ${rate}bit" ) limit 100000 2>/dev/null; then
    applied+=("$label: netem rate ${rate} bit/s, delay ${delay_ms} ms, loss ${loss}%")
    return
  fi
  if ((rate >= 1000000000)); then
    applied+=("$label: not shaped (${rate} bit/s is beyond what the test needs)")
  elif ((rate > 0)); then
    ip netns exec "$ns" tc qdisc add dev "$dev" root tbf rate "${rate}bit" burst 3000 limit "$queue"
    applied+=("$label: tbf rate ${rate} bit/s, burst 3000 B, queue ${queue} B")
  fi
  if python3 -c "import sys; sys.exit(0 if float('$loss') > 0 else 1)"; then
    # At the receiving side, after the shaper: the packet used the link, as on a lossy wire.
    # (Dropping in the sender's output hook would make sendmsg fail with EPERM instead.)
    local threshold; threshold=$(python3 -c "print(int(round(float('$loss') * 100)))")
    ip netns exec "$peer" nft add table inet sttloss 2>/dev/null || true
    ip netns exec "$peer" nft add chain inet sttloss in '{ type filter hook prerouting priority 0; }' 2>/dev/null || true
    ip netns exec "$peer" nft add rule inet sttloss in ip saddr "$src" meta l4proto udp numgen random mod 10000 '<' "$threshold" drop
    applied+=("$label: nftables numgen random loss ${loss}%")
  fi
  if python3 -c "import sys; sys.exit(0 if float('$delay_ms') > 0.1 else 1)"; then
    missing+=("$label: delay ${delay_ms} ms (this kernel has no netem; the veth adds ~0.05 ms)")
  fi
}
# The sender runs in namespace a (10.77.0.1); "fwd" is the link's a→b direction.
if ((sender_is_a)); then data=fwd acks=rev; else data=rev acks=fwd; fi
eval "shape \"\$a\" \"\$va\" data \"\${${data}_rate}\" \"\${${data}_queue}\" \"\${${data}_loss}\" \"\${${data}_delay_ms}\" \"\${${data}_unsupported}\" \"\$b\" 10.77.0.1"
eval "shape \"\$b\" \"\$vb\" acks \"\${${acks}_rate}\" \"\${${acks}_queue}\" \"\${${acks}_loss}\" \"\${${acks}_delay_ms}\" \"\${${acks}_unsupported}\" \"\$a\" 10.77.0.2"

head -c "$size" /dev/urandom >"$work/payload.bin"
python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get('sharedSeed', 'shared_secret_32bytes_minimum!'))" "$scenario" >"$work/seed.txt"
timeout 300 ip netns exec "$b" "$bin" node listen --host 10.77.0.2 --port 7000 --shared-seed-file "$work/seed.txt" --exit-after 1 --json \
  >"$work/listen.json" 2>"$work/listen.err" &
listener=$!
sleep 0.5
timeout 300 ip netns exec "$a" "$bin" node send --to 10.77.0.2:7000 --shared-seed-file "$work/seed.txt" --file "$work/payload.bin" \
  --segment-size "$segment" --json >"$work/send.json" 2>"$work/send.err" || { cat "$work/send.err" >&2; exit 1; }
wait "$listener" || { cat "$work/listen.err" >&2; exit 1; }
listener=""

"$bin" run "$scenario" --json >"$work/sim.json" || true

python3 - "$work" "$json" "${#applied[@]}" "${applied[@]}" "${missing[@]}" <<'PY'
import json, sys
work, as_json, n = sys.argv[1], sys.argv[2] == "1", int(sys.argv[3])
applied, missing = sys.argv[4:4 + n], sys.argv[4 + n:]
send = json.load(open(f"{work}/send.json")); listen = json.load(open(f"{work}/listen.json"))["streams"][0]
flow = json.load(open(f"{work}/sim.json"))["flows"][0]
kernel = {"seconds": send["seconds"], "goodputBitsPerSecond": send["goodputBitsPerSecond"],
          "intact": send["sha256"] == listen["sha256"], "bytes": send["bytes"]}
predicted = {"seconds": flow["completionSeconds"], "goodputBitsPerSecond": flow["goodputBitsPerSecond"], "intact": flow["intact"]}
ratio = kernel["goodputBitsPerSecond"] / predicted["goodputBitsPerSecond"]
out = {"applied": applied, "notApplied": missing, "kernel": kernel, "simulator": predicted, "goodputRatio": ratio}
if as_json:
    print(json.dumps(out, indent=1))
else:
    print("impairments applied: " + "; ".join(applied))
    if missing: print("NOT applied (the simulator still models them): " + "; ".join(missing))
    print(f"{'':12}{'completion':>12}{'goodput':>16}  intact")
    print(f"{'kernel':12}{kernel['seconds']:>11.3f}s{kernel['goodputBitsPerSecond']/1e6:>11.2f} Mbit/s  {kernel['intact']}")
    print(f"{'simulator':12}{predicted['seconds']:>11.3f}s{predicted['goodputBitsPerSecond']/1e6:>11.2f} Mbit/s  {predicted['intact']}")
    print(f"kernel / simulator goodput: {ratio:.3f}")
PY
