#!/usr/bin/env bash
# Builds Tools/ns3/cc-anchor (ns-3 3.37 TCP on the congestion-control matrix's paths) into
# $NS3_ANCHOR_OUT (default /tmp/ns3-anchor), where `stt-sim bench --filter cc` looks for it.
# Installs Debian's libns3-dev first when it is missing (root or sudo needed). The flags are spelled
# out because the package's pkg-config output is broken (see ../shared/anchors/ns3/RESULTS.md).
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
out=${NS3_ANCHOR_OUT:-/tmp/ns3-anchor}
mkdir -p "$out"
if [[ ! -f /usr/include/ns3/core-module.h ]]; then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libns3-dev >/dev/null
fi
${CXX:-g++} ${CXXFLAGS:--O2 -std=c++17} -I/usr/include -o "$out/cc-anchor" "$src/cc-anchor.cc" \
  -lns3-point-to-point-layout -lns3-point-to-point -lns3-applications -lns3-internet \
  -lns3-traffic-control -lns3-network -lns3-core
echo "built $out/cc-anchor"
