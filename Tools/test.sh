#!/usr/bin/env bash
# Sets up and runs every check CI runs: dependencies, the sans-IO check, and the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/setup.sh
bash Tools/check-sans-io.sh
python3 Tools/check-schema.py
swift build --build-tests
swift test --skip-build
