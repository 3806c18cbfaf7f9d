#!/usr/bin/env bash
# Sets up, builds stt-sim in release mode, and runs it with the given arguments.
#   Tools/run.sh --help
#   Tools/run.sh bench
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/setup.sh
swift build -c release --product stt-sim >&2
exec .build/release/stt-sim "$@"
