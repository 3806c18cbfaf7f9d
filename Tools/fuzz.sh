#!/usr/bin/env bash
# Tools/fuzz.sh TARGET SECONDS [libFuzzer args...]: libFuzzer fuzzing of stt-sim.
#
#   Tools/fuzz.sh packet 60               # fuzz the wire codecs for a minute
#   Tools/fuzz.sh endpoint 600 -jobs=2 -workers=2
#   Tools/fuzz.sh all 120                 # every target, one after another
#   Tools/fuzz.sh scenario 0 -runs=100000 # SECONDS 0: no time limit (stop by libFuzzer args)
#   .build-fuzz/release/pcap CRASH_FILE    # replay one input (the summary prints this line)
#
# Targets: endpoint, packet, stream-decoder, scenario, pcap (the executables of the Fuzz/
# package, see Fuzz/Package.swift). The script builds Fuzz/ in release mode with
# `-sanitize=fuzzer,address` into the git-ignored scratch path .build-fuzz (a separate package
# and build directory, so the main build never links the fuzzer runtime), copies the committed
# seed corpus Fuzz/Corpus/TARGET to a work directory (so new inputs never dirty the tree), and
# runs the target niced for SECONDS. It prints libFuzzer's final stats line and a summary
# `fuzz TARGET: N executions in S s, C crashes`; on a crash it exits non-zero and prints the
# path of the crashing input (kept in the artifact directory below).
#
# Environment: FUZZ_WORK (default /tmp/stt-fuzz) holds corpora, logs and crash artifacts;
# FUZZ_NO_BUILD=1 skips the build; FUZZ_NICE (default 10) is the nice level. The targets run
# with Fuzz/lsan.supp as LeakSanitizer suppressions and Swift's backtracer off (it fights ASan).
set -euo pipefail
shopt -s nullglob

root=$(cd "$(dirname "$0")/.." && pwd)
targets=(packet stream-decoder scenario pcap endpoint)
work=${FUZZ_WORK:-/tmp/stt-fuzz}
scratch="$root/.build-fuzz"

usage() {
    awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
    exit 2
}

[[ $# -ge 2 ]] || usage
target=$1
seconds=$2
shift 2
[[ $seconds =~ ^[0-9]+$ ]] || usage

build() {
    [[ ${FUZZ_NO_BUILD:-0} == 1 ]] && return
    echo "building Fuzz/ (release, -sanitize=fuzzer,address) in $scratch"
    (cd "$root/Fuzz" && nice -n "${FUZZ_NICE:-10}" swift build -c release --scratch-path "$scratch" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 | tail -n 5) || {
        echo "fuzz.sh: the build failed" >&2
        exit 1
    }
}

# Runs one target; returns 0 without a crash, 1 with one.
run_one() {
    local name=$1
    shift
    local binary="$scratch/release/$name"
    [[ -x $binary ]] || { echo "fuzz.sh: no binary $binary" >&2; return 1; }
    local dir="$work/$name"
    local corpus="$dir/corpus" artifacts="$dir/crashes" log="$dir/fuzz.log"
    mkdir -p "$corpus" "$artifacts"
    rm -f "$dir"/fuzz-*.log
    cp -n "$root/Fuzz/Corpus/$name"/* "$corpus/" 2>/dev/null || true
    local limit=()
    [[ $seconds -gt 0 ]] && limit=(-max_total_time="$seconds")
    # Input size caps where long inputs only repeat work: a datagram's frames fit in 2 KiB, and a
    # few dozen segments exercise every ordering of the decoder. Later arguments override these.
    case $name in
    packet) limit+=(-max_len=2048) ;;
    stream-decoder) limit+=(-max_len=512) ;;
    esac
    local start end status=0
    start=$(date +%s)
    (cd "$dir" && SWIFT_BACKTRACE=enable=no LSAN_OPTIONS="suppressions=$root/Fuzz/lsan.supp:print_suppressions=0" \
        nice -n "${FUZZ_NICE:-10}" "$binary" "${limit[@]}" -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$@" "$corpus" >"$log" 2>&1) || status=$?
    end=$(date +%s)
    # With -jobs/-fork the stats are in fuzz-N.log files; the parent log has the crash lines.
    local stats execs crashes
    local logs=("$log" "$dir"/fuzz-*.log)
    stats=$(cat "${logs[@]}" 2>/dev/null | grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' | tail -n 1 || true)
    execs=$(cat "${logs[@]}" 2>/dev/null | grep -E '^stat::number_of_executed_units' |
        awk '{ s += $2 } END { print s + 0 }' || true)
    crashes=$(cat "${logs[@]}" 2>/dev/null | grep -c 'Test unit written to' || true)
    if [[ -n $stats ]]; then echo "$stats"; fi
    grep -E '^stat::' "$log" | head -n 4 || true
    if [[ $status -ne 0 ]]; then
        cat "${logs[@]}" 2>/dev/null | grep -E 'ERROR: |Fatal error|Test unit written to' | head -n 5 || true
        local unit
        for unit in "$artifacts"/*; do echo "replay: $binary $unit"; done
        [[ $crashes -eq 0 ]] && crashes=1
    fi
    echo "fuzz $name: $execs executions in $((end - start)) s, $crashes crashes  (log: $log)"
    [[ $status -eq 0 ]]
}

build
if [[ $target == all ]]; then
    failed=0
    for t in "${targets[@]}"; do run_one "$t" "$@" || failed=1; done
    exit $failed
fi
[[ " ${targets[*]} " == *" $target "* ]] || { echo "fuzz.sh: unknown target $target" >&2; usage; }
run_one "$target" "$@"
