#!/usr/bin/env bash
# Installs what stt-sim needs beyond Swift: libpcap's and libcrypto's headers (and pkg-config).
# Safe to run again: it installs only what is missing. Needs root (or sudo) when it installs.
set -euo pipefail

need=()
pkg-config --exists libpcap 2>/dev/null || need+=(libpcap-dev)
pkg-config --exists libcrypto 2>/dev/null || need+=(libssl-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
for extra in "$@"; do
  dpkg -s "$extra" >/dev/null 2>&1 || need+=("$extra")
done

if ((${#need[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "setup: installing ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (install Swift 6.1 or later)" >&2; exit 1; }
