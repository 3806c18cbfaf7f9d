#!/usr/bin/env bash
# Sets up and runs every check CI runs: dependencies (libpcap, tshark), the sans-IO check, the
# scenario schema check, the test suite, the corpus of recorded outputs (reports, traces,
# captures: Tools/corpus/check.py), the Wireshark dissector check on every example's capture, and the
# HTML reports in headless Chromium (Tools/check-report.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/setup.sh tshark tcpdump iproute2 nftables ethtool chromium
bash Tools/check-sans-io.sh
python3 Tools/check-imports.py --self-test
python3 Tools/check-imports.py
swift format lint --strict --recursive Sources Tests Package.swift
python3 Tools/check-schema.py
swift build --build-tests
swift test --skip-build
python3 Tools/corpus/check.py check --bin .build/debug/stt-sim
bash Tools/check-wireshark.sh .build/debug/stt-sim
bash Tools/check-report.sh .build/debug/stt-sim
bash Tools/check-docs.sh
