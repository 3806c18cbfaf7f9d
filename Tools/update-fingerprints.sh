#!/usr/bin/env bash
# Regenerates Scenarios/fingerprints.json, the golden fingerprint of every example scenario at
# its own seed, and Scenarios/capture-digests.json, the SHA-256 of each one's default capture
# (`--pcap`: every endpoint, tx, one file), and the corpus's recorded outputs. Run it on purpose,
# after a change that is meant to alter behaviour, and review
# the diff: the regression test compares against these values and never updates them itself.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product stt-sim >&2
python3 - <<'PY'
import json, subprocess, glob, os, hashlib, tempfile
out = {}
digests = {}
pcap = os.path.join(tempfile.mkdtemp(), "capture.pcap")
for path in sorted(glob.glob("Scenarios/*.json")):
    name = os.path.basename(path)[:-5]
    if name in ("fingerprints", "capture-digests", "scenario.schema"):
        continue
    report = json.loads(subprocess.run([".build/debug/stt-sim", "run", path, "--json", "--pcap", pcap],
                                       capture_output=True, check=False).stdout)
    out[name] = report["fingerprint"]
    with open(pcap, "rb") as f:
        digests[name] = hashlib.sha256(f.read()).hexdigest()
    print(f"{name}: {report['fingerprint']} capture {digests[name]}")
with open("Scenarios/fingerprints.json", "w") as f:
    json.dump(out, f, indent=2, sort_keys=True)
    f.write("\n")
with open("Scenarios/capture-digests.json", "w") as f:
    json.dump(digests, f, indent=2, sort_keys=True)
    f.write("\n")
PY
# The corpus's recorded outputs (reports, traces, captures, key logs) change with behaviour too.
python3 Tools/corpus/check.py record --bin .build/debug/stt-sim >/dev/null
echo "recorded the corpus outputs (Tests/Corpus/Expected)"
