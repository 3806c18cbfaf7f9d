#!/usr/bin/env bash
# Regenerates Scenarios/fingerprints.json, the golden fingerprint of every example scenario at
# its own seed. Run it on purpose, after a change that is meant to alter behaviour, and review
# the diff: the regression test compares against these values and never updates them itself.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product stt-sim >&2
python3 - <<'PY'
import json, subprocess, glob, os
out = {}
for path in sorted(glob.glob("Scenarios/*.json")):
    name = os.path.basename(path)[:-5]
    if name in ("fingerprints", "scenario.schema"):
        continue
    report = json.loads(subprocess.run([".build/debug/stt-sim", "run", path, "--json"], capture_output=True, check=False).stdout)
    out[name] = report["fingerprint"]
    print(f"{name}: {report['fingerprint']}")
with open("Scenarios/fingerprints.json", "w") as f:
    json.dump(out, f, indent=2, sort_keys=True)
    f.write("\n")
PY
