#!/usr/bin/env bash
# Sets up, builds stt-sim in release mode, and runs it with the given arguments.
#   Tools/run.sh --help
#   Tools/run.sh bench
#
# The release build turns off Swift's *dynamic* exclusivity checks (-enforce-exclusivity=unchecked):
# they guard class-property accesses at run time and cost about 20 % on the packet path. The
# static checks still run at compile time, and every test (debug builds) runs with the dynamic
# checks on, so a violation would fail the suite. It is a build flag, not a manifest setting,
# so packages that depend on these libraries are unaffected. STT_SAFE_BUILD=1 keeps the checks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/setup.sh
flags=(-Xswiftc -enforce-exclusivity=unchecked)
[[ "${STT_SAFE_BUILD:-0}" == 1 ]] && flags=()
swift build -c release --product stt-sim "${flags[@]}" >&2
exec .build/release/stt-sim "$@"
