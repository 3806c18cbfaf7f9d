#!/usr/bin/env bash
# Runs one bounded transfer between two `stt-sim node` processes in separate network namespaces
# joined by a veth pair, shaped with what the kernel offers, and the same case in the simulator;
# prints both results side by side (and, with --json, one JSON object).
#
#   Tools/netns/compare.sh --rate 20mbit --queue-bytes 30000 [--loss 2] [--delay 10ms] [--size 8MiB] [--json]
#
# Shaping of the data direction (sender → receiver; acknowledgements travel unshaped):
#   - tc netem (rate, delay, loss, queue limit) when the kernel has it;
#   - otherwise tbf (rate, burst, queue limit in bytes) and nftables `numgen random` (loss);
#     delay cannot be emulated then and the script says so (the veth adds ~0.05 ms).
# Needs root (ip netns, tc, nft). Traffic stays inside the namespaces. Exit 0 on success.
set -euo pipefail
cd "$(dirname "$0")/../.."

rate=20mbit queue_bytes=30000 loss=0 delay=0ms size=8MiB json=0 bin=""
while (($#)); do
  case $1 in
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
if [[ -z $bin ]]; then
  if [[ -x .build/release/stt-sim ]]; then bin=.build/release/stt-sim
  else swift build --product stt-sim >&2; bin=.build/debug/stt-sim; fi
fi
[[ $(id -u) -eq 0 ]] || { echo "compare.sh: needs root (network namespaces)" >&2; exit 2; }

id=$$
a=stt-a-$id b=stt-b-$id va=sttva$id vb=sttvb$id
work=$(mktemp -d)
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
ip netns exec "$a" ethtool -K "$va" tso off gso off gro off >/dev/null 2>&1 || true

applied=()
if ip netns exec "$a" tc qdisc add dev "$va" root netem rate "$rate" delay "$delay" loss "${loss}%" limit 1000 2>/dev/null; then
  applied+=("netem: rate $rate, delay $delay, loss $loss%, limit 1000 packets")
  netem=1
else
  netem=0
  # burst: at least one MTU-sized packet; the queue limit in bytes, as the simulator's.
  ip netns exec "$a" tc qdisc add dev "$va" root tbf rate "$rate" burst 3000 limit "$queue_bytes"
  applied+=("tbf: rate $rate, burst 3000 B, queue $queue_bytes B")
  if [[ $loss != 0 ]]; then
    # At the receiver's ingress, after the shaper: the packet used the link, as on a lossy
    # wire. (Dropping in the sender's output hook would make sendmsg fail with EPERM instead.)
    ip netns exec "$b" nft add table inet sttloss
    ip netns exec "$b" nft add chain inet sttloss in '{ type filter hook prerouting priority 0; }'
    # numgen random mod 10000 < loss*100: loss in percent with two decimals.
    threshold=$(python3 -c "print(int(round(float('$loss') * 100)))")
    ip netns exec "$b" nft add rule inet sttloss in ip saddr 10.77.0.1 udp dport 7000 numgen random mod 10000 '<' "$threshold" drop
    applied+=("nftables numgen random at the receiver: loss $loss% of data packets")
  fi
  [[ $delay == 0ms || $delay == 0 ]] || applied+=("delay $delay NOT applied (this kernel has no netem)")
fi

bytes=$(python3 -c "
import re,sys
m=re.fullmatch(r'([0-9.]+)\s*(B|KiB|MiB|GiB)?','$size'); n=float(m.group(1)); u={'B':1,'KiB':1024,'MiB':1<<20,'GiB':1<<30}[m.group(2) or 'B']; print(int(n*u))")
head -c "$bytes" /dev/urandom >"$work/payload.bin"
echo "netns_shared_seed_32_bytes_long!" >"$work/seed.txt"

timeout 300 ip netns exec "$b" "$bin" node listen --host 10.77.0.2 --port 7000 --shared-seed-file "$work/seed.txt" --exit-after 1 --json \
  >"$work/listen.json" 2>"$work/listen.err" &
listener=$!
sleep 0.5
timeout 300 ip netns exec "$a" "$bin" node send --to 10.77.0.2:7000 --shared-seed-file "$work/seed.txt" --file "$work/payload.bin" --json \
  >"$work/send.json" 2>"$work/send.err" || { cat "$work/send.err" >&2; exit 1; }
wait "$listener" || { cat "$work/listen.err" >&2; exit 1; }

# The simulator's prediction for the same case: one link, data direction shaped, ACKs free.
rate_bps=$(python3 -c "
import re
m=re.fullmatch(r'([0-9.]+)\s*(bit|kbit|mbit|gbit)','$rate'.lower()); print(float(m.group(1))*{'bit':1,'kbit':1e3,'mbit':1e6,'gbit':1e9}[m.group(2)])")
python3 - "$work" "$rate_bps" "$queue_bytes" "$loss" "$delay" "$size" "$netem" <<'PY'
import json, sys
work, rate, queue, loss, delay, size, netem = sys.argv[1:]
link = {"id": "veth", "a": "sender", "b": "receiver", "bandwidth": f"{float(rate)/1e6}Mbps",
        "delay": delay if netem == "1" else "0.05ms",
        "reverse": {"bandwidth": "10Gbps", "loss": 0, "delay": "0.05ms"}}
if netem == "1": link["queue"] = {"packets": 1000}
else: link["queue"] = {"bytes": int(queue)}
if float(loss) > 0: link["loss"] = float(loss) / 100
scenario = {"name": "netns-compare", "seed": 1, "duration": "600s", "sharedSeed": "netns_shared_seed_32_bytes_long!",
            "nodes": [{"id": "sender"}, {"id": "receiver", "server": True}], "links": [link],
            "traffic": [{"id": "transfer", "kind": "bounded", "from": "sender", "to": "receiver", "size": size}]}
json.dump(scenario, open(f"{work}/scenario.json", "w"), indent=1)
PY
"$bin" run "$work/scenario.json" --json >"$work/sim.json"

python3 - "$work" "$json" "${applied[@]}" <<'PY'
import json, sys
work, as_json, applied = sys.argv[1], sys.argv[2] == "1", sys.argv[3:]
send = json.load(open(f"{work}/send.json")); listen = json.load(open(f"{work}/listen.json"))[0]
sim = json.load(open(f"{work}/sim.json")); flow = sim["flows"][0]
kernel = {"seconds": send["seconds"], "goodputBitsPerSecond": send["goodputBitsPerSecond"],
          "intact": send["sha256"] == listen["sha256"], "bytes": send["bytes"]}
predicted = {"seconds": flow["completionSeconds"], "goodputBitsPerSecond": flow["goodputBitsPerSecond"], "intact": flow["intact"]}
ratio = kernel["goodputBitsPerSecond"] / predicted["goodputBitsPerSecond"]
out = {"applied": applied, "kernel": kernel, "simulator": predicted, "goodputRatio": ratio}
if as_json:
    print(json.dumps(out, indent=1))
else:
    print("impairments applied: " + "; ".join(applied))
    print(f"{'':12}{'completion':>12}{'goodput':>16}  intact")
    print(f"{'kernel':12}{kernel['seconds']:>11.3f}s{kernel['goodputBitsPerSecond']/1e6:>11.2f} Mbit/s  {kernel['intact']}")
    print(f"{'simulator':12}{predicted['seconds']:>11.3f}s{predicted['goodputBitsPerSecond']/1e6:>11.2f} Mbit/s  {predicted['intact']}")
    print(f"kernel / simulator goodput: {ratio:.3f}")
PY
