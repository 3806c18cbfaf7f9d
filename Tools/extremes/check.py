#!/usr/bin/env python3
"""Property test: scenario files at the extremes of every field never crash `stt-sim run`.

Each draw takes an example or corpus scenario (together they use every field), and sets each
field the committed JSON Schema (Scenarios/scenario.schema.json) describes, with probability
--rate, to an extreme of its range: the minimum or maximum of a whole number or a number, 0 or
1 for a probability, the shortest and longest duration, the slowest and fastest rate, the
smallest and largest size, any value of an enumeration. Every file is run with `stt-sim run
FILE` in a child process with a wall-time cap. A run must end with exit 0, 1 or 2, and
with a message when it is not 0; a signal (a trap) or another exit code is a failure, and its
file is kept with the command that replays it. A run that reaches the cap is reported, not
failed: extremes such as a 1 TiB transfer at 10 Tbit/s are valid and merely long.

    python3 Tools/extremes/check.py --bin .build/debug/stt-sim [--count 40] [--seed 1] [--out DIR]
"""
import argparse
import copy
import glob
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
NOT_SCENARIOS = ("fingerprints.json", "capture-digests.json", "scenario.schema.json")
# The reader's limits (ScenarioLimits): durations up to 10^6 s, rates 1 bit/s to 10 Tbit/s.
DURATIONS = ["0s", "1ns", "1000000s"]
RATES = ["1bps", "10000Gbps"]


def bases():
    paths = glob.glob(os.path.join(ROOT, "Scenarios", "*.json"))
    paths += glob.glob(os.path.join(ROOT, "Tests", "Corpus", "Scenarios", "*.json"))
    return sorted(p for p in paths if not p.endswith(NOT_SCENARIOS))


class Schema:
    def __init__(self, path):
        with open(path) as f:
            self.root = json.load(f)

    def resolve(self, s):
        while "$ref" in s:
            s = self.root["$defs"][s["$ref"].split("/")[-1]]
        return s

    def object_for(self, schema, value):
        """The object schema that describes `value` (a oneOf picks the one whose consts match)."""
        schema = self.resolve(schema)
        if "oneOf" not in schema:
            return schema
        for option in schema["oneOf"]:
            option = self.resolve(option)
            props = option.get("properties", {})
            consts = {k: p["const"] for k, p in props.items() if "const" in p}
            if isinstance(value, dict) and consts and all(value.get(k) == c for k, c in consts.items()):
                return option
        return None

    def extreme(self, schema, value, rng):
        """An extreme value of a leaf's type, or None when the leaf is not a bounded kind."""
        schema = self.resolve(schema)
        if "oneOf" in schema:
            options = [self.resolve(o) for o in schema["oneOf"]]
            options = [o for o in options if o.get("type") != "object" and "properties" not in o]
            return self.extreme(rng.choice(options), value, rng) if options else None
        if "enum" in schema:
            return rng.choice(schema["enum"])
        kind = schema.get("type")
        if kind == "integer":
            low = schema.get("minimum", 0)
            high = schema.get("maximum", 2**63 - 1)
            return rng.choice([low, high])
        if kind == "number":
            low = schema.get("minimum", schema.get("exclusiveMinimum"))
            high = schema.get("maximum", 1e300)
            if "exclusiveMinimum" in schema:
                low = low + max(abs(low), 1) * 1e-9
            return rng.choice([low, high])
        if kind == "string" and "pattern" in schema:
            pattern = schema["pattern"]
            if "bps" in pattern:
                return rng.choice(RATES)
            if "ms" in pattern:
                return rng.choice(DURATIONS)
        return None

    def mutate(self, schema, value, rng, rate):
        schema = self.resolve(schema)
        if isinstance(value, dict):
            obj = self.object_for(schema, value)
            if obj is None:
                return value
            props = obj.get("properties", {})
            for key in list(value):
                # A jitter distribution or loss model chooses which other fields are required.
                if key in props and key not in ("$schema", "seed", "distribution", "model"):
                    value[key] = self.mutate(props[key], value[key], rng, rate)
            return value
        if isinstance(value, list):
            items = schema.get("items")
            if items is None:
                return value
            return [self.mutate(items, v, rng, rate) for v in value]
        if rng.random() < rate:
            new = self.extreme(schema, value, rng)
            if new is not None:
                return new
        return value


def run(binary, path, cap, workdir):
    # In a scratch folder: a scenario's capture settings may name relative output files.
    try:
        r = subprocess.run(
            [os.path.abspath(binary), "run", path], capture_output=True, timeout=cap, check=False, cwd=workdir)
    except subprocess.TimeoutExpired:
        return None, ""
    return r.returncode, (r.stdout + r.stderr).decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "debug", "stt-sim"))
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rate", type=float, default=0.25, help="chance that a field is set to an extreme")
    ap.add_argument("--cap", type=float, default=20, help="wall seconds per run")
    ap.add_argument("--out", default=None, help="keep every drawn file here (failures are always kept)")
    args = ap.parse_args()
    schema = Schema(os.path.join(ROOT, "Scenarios", "scenario.schema.json"))
    files = bases()
    out = args.out or tempfile.mkdtemp(prefix="stt-extremes-")
    os.makedirs(out, exist_ok=True)
    failures, capped, outcomes = [], 0, {}
    for draw in range(args.count):
        rng = random.Random(args.seed * 1_000_003 + draw)
        base = rng.choice(files)
        with open(base) as f:
            scenario = json.load(f)
        mutated = schema.mutate(schema.root, copy.deepcopy(scenario), rng, args.rate)
        path = os.path.join(out, f"draw-{args.seed}-{draw}.json")
        with open(path, "w") as f:
            json.dump(mutated, f, indent=1)
        # Relative files (delivery traces) resolve against the scenario file's folder.
        if "deliveryTrace" in json.dumps(mutated):
            path_in_place = os.path.join(os.path.dirname(base), f".extreme-{args.seed}-{draw}.json")
            os.replace(path, path_in_place)
            path = path_in_place
        status, output = run(args.bin, path, args.cap, out)
        if status is None:
            capped += 1
        else:
            outcomes[status] = outcomes.get(status, 0) + 1
            if status not in (0, 1, 2) or (status != 0 and not output.strip()):
                kept = os.path.join(out, f"failure-{args.seed}-{draw}.json")
                with open(kept, "w") as f:
                    json.dump(mutated, f, indent=1)
                failures.append((kept, status, output.strip().splitlines()[-1:] or [""]))
        if path.startswith(os.path.dirname(base)) and os.path.basename(path).startswith(".extreme-"):
            os.remove(path)
    summary = ", ".join(f"exit {k}: {v}" for k, v in sorted(outcomes.items()))
    print(f"extremes: {args.count} draws (seed {args.seed}): {summary}; reached the {args.cap:g}s cap: {capped}")
    for kept, status, last in failures:
        print(f"FAIL exit {status}: {last[0][:200]}\n  replay: {args.bin} run {kept}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
