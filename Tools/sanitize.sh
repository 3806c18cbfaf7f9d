#!/usr/bin/env bash
# Runs the test suite (or the tests matching FILTER) under a sanitizer, in its own build
# directory (.build-address, .build-thread) so the normal build is untouched:
#
#   Tools/sanitize.sh address [FILTER]    AddressSanitizer: out-of-bounds, use-after-free
#   Tools/sanitize.sh thread  [FILTER]    ThreadSanitizer: data races (the real-UDP tests matter most)
#
# The command-line tests run the sanitized stt-sim binary from the same build directory, so the
# real-socket runs (`--transport udp`, `stt-sim node`) are checked too. Any report fails the run
# (halt_on_error). Exit code: swift test's.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-}
filter=${2:-}
case $kind in
  address | thread) ;;
  *) echo "usage: Tools/sanitize.sh address|thread [FILTER]" >&2; exit 2 ;;
esac
bash Tools/setup.sh
args=(--sanitize="$kind" --scratch-path ".build-$kind")
# Leak checking is off: the Swift runtime's caches (metadata, type descriptors) live until exit
# and LeakSanitizer reports them; what we hunt is memory misuse and races.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
start=$(date +%s)
swift build --build-tests "${args[@]}"
# The kernel comparison is skipped: it measures goodput, and instrumented binaries are slower
# than the simulated ones they are compared with (it passes in the plain suite).
swift test --skip-build "${args[@]}" ${filter:+--filter "$filter"} --skip NetnsComparisonTests
echo "sanitize $kind${filter:+ ($filter)}: passed in $(($(date +%s) - start)) s"
