#!/usr/bin/env bash
# Sets up and runs every check CI runs: dependencies (libpcap, tshark), the sans-IO check, the
# scenario schema check, the test suite, the corpus of recorded outputs (reports, traces,
# captures: Tools/corpus/check.py), the Wireshark dissector check on every example's capture, the
# HTML reports in headless Chromium (Tools/check-report.sh), a swarm of random scenarios, a sweep on
# a real Slurm array, and the real-socket tests under ThreadSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/setup.sh tshark tcpdump iproute2 nftables ethtool chromium slurm-wlm munge
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
# Campaigns: a few hundred swarm seeds (a failure prints its replay command), and a sweep as a
# real 4-task Slurm array merged and compared with a local run.
.build/debug/stt-sim swarm --seeds 1..300 --out .build/ci-swarm
bash Tools/check-slurm.sh .build/debug/stt-sim
# Data races on the real-socket paths (the UDP suite and the command-line tests that bind ports)
# and in the campaign runner's worker pool.
bash Tools/sanitize.sh thread 'STTUDPTests|UDPTransportCommandTests|NodeCommandTests|CampaignCommandTests'

