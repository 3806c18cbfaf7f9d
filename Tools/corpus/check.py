#!/usr/bin/env python3
"""Records or checks the outputs of every example scenario and every corpus scenario: the
`--json` report, the `--trace` JSON Lines, the captures written with `--pcap-direction both
--pcap-per-node`, and the key log. A refactor must leave all of them byte-identical (the
report through the declared rename map, Tests/Corpus/report-renames.json).

    python3 Tools/corpus/check.py record [--bin PATH]   # write Tests/Corpus/Expected/
    python3 Tools/corpus/check.py check  [--bin PATH]   # compare, list every difference, exit 1 on any
"""
import argparse
import concurrent.futures
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXPECTED = os.path.join(ROOT, "Tests", "Corpus", "Expected")
RENAMES = os.path.join(ROOT, "Tests", "Corpus", "report-renames.json")
NOT_SCENARIOS = ("fingerprints.json", "capture-digests.json", "scenario.schema.json")


def scenarios():
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "Scenarios", "*.json"))):
        if not path.endswith(NOT_SCENARIOS):
            out.append(("examples", path))
    for path in sorted(glob.glob(os.path.join(ROOT, "Tests", "Corpus", "Scenarios", "*.json"))):
        out.append(("corpus", path))
    return out


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def run_one(binary, group, path):
    work = tempfile.mkdtemp(prefix="corpus-")
    try:
        trace = os.path.join(work, "trace.jsonl")
        cmd = [binary, "run", path, "--json", "--trace", trace, "--pcap", os.path.join(work, "capture.pcap"),
               "--pcap-direction", "both", "--pcap-per-node", "--keylog", os.path.join(work, "keys.log")]
        proc = subprocess.run(cmd, capture_output=True, cwd=work, timeout=1800)
        text = proc.stdout.decode()
        report = json.loads(text) if text.strip().startswith("{") else None
        report = json.loads(json.dumps(report).replace(work, "<dir>"))
        if report is not None:
            report.pop("wallSeconds", None)
        lines = 0
        if os.path.exists(trace):
            with open(trace, "rb") as f:
                lines = sum(1 for _ in f)
        captures = {name: sha256(os.path.join(work, name)) for name in sorted(os.listdir(work))
                    if name.endswith(".pcap")}
        keys = os.path.join(work, "keys.log")
        return {
            "exit": proc.returncode,
            "stderr": proc.stderr.decode().replace(work, "<dir>").replace(ROOT, "<root>") if report is None else "",
            "report": report,
            "trace": {"sha256": sha256(trace) if os.path.exists(trace) else None, "lines": lines},
            "captures": captures,
            "keylog": sha256(keys) if os.path.exists(keys) else None,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def expected_path(group, path):
    return os.path.join(EXPECTED, group, os.path.basename(path))


def rename(value, renames):
    """Applies {"from": "a.b", "to": "a.c"} renames (a path of keys; [] walks into every list
    element) to a recorded report, so that a declared rename is not a difference."""
    def walk(node, parts, apply):
        if not parts:
            return
        head, rest = parts[0], parts[1:]
        if head == "[]":
            for item in node if isinstance(node, list) else []:
                walk(item, rest, apply)
        elif isinstance(node, dict):
            if not rest:
                apply(node, head)
            elif head in node:
                walk(node[head], rest, apply)
    for r in renames.get("renamed", []):
        src, dst = r["from"].split("."), r["to"].split(".")
        assert src[:-1] == dst[:-1], "renames stay within one object"
        walk(value, src, lambda obj, key: obj.__setitem__(dst[-1], obj.pop(key)) if key in obj else None)
    return value


def drop_added(value, renames):
    """Removes fields the new report declares as added (they did not exist when recorded)."""
    for added in renames.get("added", []):
        parts = added.split(".")

        def walk(node, parts):
            head, rest = parts[0], parts[1:]
            if head == "[]":
                for item in node if isinstance(node, list) else []:
                    walk(item, rest)
            elif isinstance(node, dict):
                if not rest:
                    node.pop(head, None)
                elif head in node:
                    walk(node[head], rest)
        walk(value, parts)
    return value


def differences(name, want, got, renames):
    out = []
    if want["exit"] != got["exit"]:
        out.append(f"{name}: exit {got['exit']}, recorded {want['exit']}")
    if want["report"] is not None:
        want_report = rename(json.loads(json.dumps(want["report"])), renames)
        got_report = drop_added(json.loads(json.dumps(got["report"])), renames) if got["report"] else None
        if want_report != got_report:
            a = json.dumps(want_report, indent=1, sort_keys=True).splitlines()
            b = json.dumps(got_report, indent=1, sort_keys=True).splitlines()
            import difflib
            diff = list(difflib.unified_diff(a, b, "recorded", "now", lineterm="", n=1))[:40]
            out.append(f"{name}: --json report differs\n    " + "\n    ".join(diff))
    if want["trace"] != got["trace"]:
        out.append(f"{name}: --trace differs (recorded {want['trace']}, now {got['trace']})")
    if want["captures"] != got["captures"]:
        changed = sorted(k for k in set(want["captures"]) | set(got["captures"])
                         if want["captures"].get(k) != got["captures"].get(k))
        out.append(f"{name}: captures differ: {', '.join(changed[:10])}")
    if want["keylog"] != got["keylog"]:
        out.append(f"{name}: key log differs")
    if want.get("stderr") != got.get("stderr"):
        out.append(f"{name}: error output differs: {got.get('stderr')!r} (recorded {want.get('stderr')!r})")
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["record", "check"])
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "stt-sim"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", help="only scenarios whose file name contains this")
    args = parser.parse_args()
    args.bin = os.path.abspath(args.bin)
    todo = [(g, p) for g, p in scenarios() if not args.only or args.only in os.path.basename(p)]
    renames = json.load(open(RENAMES)) if os.path.exists(RENAMES) else {}
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = pool.map(lambda gp: (gp, run_one(args.bin, *gp)), todo)
        for (group, path), got in results:
            name = f"{group}/{os.path.basename(path)}"
            target = expected_path(group, path)
            if args.mode == "record":
                # Recorded in the corpus's format: fields declared as added later are left out.
                if got["report"] is not None:
                    got["report"] = drop_added(got["report"], renames)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "w") as f:
                    json.dump(got, f, indent=1, sort_keys=True)
                    f.write("\n")
                print(f"recorded {name}: exit {got['exit']}, {got['trace']['lines']} trace lines, "
                      f"{len(got['captures'])} captures")
                continue
            if not os.path.exists(target):
                failures.append(f"{name}: nothing recorded (run `check.py record`)")
                continue
            diff = differences(name, json.load(open(target)), got, renames)
            failures += diff
            print(("FAIL " if diff else "ok   ") + name)
    if args.mode == "check":
        if failures:
            print("\n".join(failures[:30]), file=sys.stderr)
            print(f"corpus: {len(failures)} differences", file=sys.stderr)
            sys.exit(1)
        print(f"corpus: all {len(todo)} scenarios byte-identical (report, trace, captures, key log)")


if __name__ == "__main__":
    main()
