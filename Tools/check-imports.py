#!/usr/bin/env python3
"""Checks that Package.swift tells the truth about module edges.

1. Every module a target's files import (plain, @testable, @preconcurrency, ...) is a dependency
   the target declares, and every dependency it declares is imported by one of its files (test
   targets included; a target that only needs another built, such as the CLI tests needing the
   executable, names it in ALLOWED_UNIMPORTED with the reason).
2. Every import is an edge the module diagram at the top of Package.swift allows: a line
   `//   STTSim → STTCore, Crypto, ...` per target (several lines add up). A target missing from the
   diagram may import what it declares; STTCore, STTSim and STTScenario must be in it.

    python3 Tools/check-imports.py                 # this package
    python3 Tools/check-imports.py --self-test     # the fixture package must be rejected
"""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
FIXTURE = os.path.join(ROOT, "Tools", "fixtures", "import-check")
SYSTEM = {"Foundation", "FoundationEssentials", "FoundationNetworking", "Dispatch", "Glibc", "Musl", "Darwin",
          "XCTest", "Testing", "Synchronization", "Swift", "_Concurrency", "os", "Observation"}
MUST_BE_IN_DIAGRAM = {"STTCore", "STTSim", "STTScenario"}
ALLOWED_UNIMPORTED = {
    # The CLI tests run the built executable; they import nothing of it.
    ("STTSimCLITests", "stt-sim"),
}
IMPORT = re.compile(r"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*import\s+(?:(?:typealias|struct|class|enum|protocol|"
                    r"let|var|func)\s+)?([A-Za-z_][A-Za-z0-9_]*)")
EDGE = re.compile(r"^//\s+([A-Za-z_][A-Za-z0-9_-]*)\s*(?:→|->)\s*(.*)$")


def module_name(target):
    return target.replace("-", "_")


def manifest(package):
    out = subprocess.run(["swift", "package", "--package-path", package, "dump-package"], capture_output=True,
                         text=True)
    if out.returncode != 0:
        sys.exit(f"check-imports: swift package dump-package failed in {package}:\n{out.stderr}")
    return json.loads(out.stdout)


def diagram(package):
    """Allowed edges per target, from the `//   A → B, C` lines of Package.swift."""
    edges = {}
    with open(os.path.join(package, "Package.swift")) as f:
        for line in f:
            m = EDGE.match(line.rstrip())
            if m:
                targets = [t.strip() for t in m.group(2).split(",") if t.strip()]
                edges.setdefault(m.group(1), set()).update(module_name(t) for t in targets)
    return edges


def imports(directory):
    found = {}
    for base, _, files in os.walk(directory):
        for name in sorted(files):
            if not name.endswith(".swift"):
                continue
            path = os.path.join(base, name)
            with open(path, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    m = IMPORT.match(line)
                    if m:
                        found.setdefault(m.group(1), []).append(f"{os.path.relpath(path, ROOT)}:{number}")
    return found


def check(package):
    data = manifest(package)
    edges = diagram(package)
    problems = []
    for name in sorted(MUST_BE_IN_DIAGRAM & {t["name"] for t in data["targets"]} - set(edges)):
        problems.append(f"{name}: not in the module diagram of Package.swift (a line `//   {name} → ...`)")
    for target in data["targets"]:
        if target["type"] == "system":
            continue
        name = target["name"]
        default = "Tests" if target["type"] == "test" else "Sources"
        directory = os.path.join(package, target.get("path") or os.path.join(default, name))
        declared = {}
        for dependency in target["dependencies"]:
            kind, value = next(iter(dependency.items()))
            declared[module_name(value[0])] = value[0]
        used = imports(directory)
        own = module_name(name)
        for module, places in sorted(used.items()):
            if module in SYSTEM or module == own:
                continue
            if module not in declared:
                problems.append(f"{name}: imports {module} ({places[0]}) but Package.swift does not declare it")
            if name in edges and module not in edges[name]:
                problems.append(f"{name}: imports {module} ({places[0]}), an edge the module diagram forbids")
        for module, spelled in sorted(declared.items()):
            if module not in used and (name, spelled) not in ALLOWED_UNIMPORTED:
                problems.append(f"{name}: declares {spelled} in Package.swift but no file of it imports it")
    return problems


def main():
    if "--self-test" in sys.argv:
        problems = check(FIXTURE)
        expected = ["Leaf: imports Missing", "Leaf: declares Unused", "Core: imports Leaf"]
        absent = [e for e in expected if not any(p.startswith(e) for p in problems)]
        if absent:
            sys.exit(f"check-imports: the fixture should be rejected for {absent}; got {problems}")
        print(f"check-imports: self-test ok (the fixture is rejected {len(problems)} times)")
        return
    problems = check(ROOT)
    if problems:
        print("check-imports: Package.swift and the imports disagree:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        sys.exit(1)
    print("check-imports: ok (every import declared, every dependency imported, the module diagram holds)")


if __name__ == "__main__":
    main()
