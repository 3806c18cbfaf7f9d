#!/usr/bin/env bash
# Fails when the sans-IO modules read a clock, the system random generator, or do I/O.
# STTCore must be driven entirely through `now:` parameters and an injected generator;
# STTSim and STTScenario must use virtual time and seeded randomness so runs are reproducible.
set -uo pipefail
cd "$(dirname "$0")/.."

status=0
core_pattern='Date\(\)|ContinuousClock|SuspendingClock|SystemRandomNumberGenerator|DispatchQueue|DispatchTime'
core_pattern+='|Thread\.sleep|clock_gettime|gettimeofday|arc4random|/dev/u?random|FileManager|FileHandle'
core_pattern+='|^import (Dispatch|Glibc|Musl|Darwin|NIO[A-Za-z]*|Network)\b'
core_pattern+='|\.random\(\)|Int\.random|UInt64\.random|Bool\.random'
if hits=$(grep -rnE "$core_pattern" Sources/STTCore); then
  echo "check-sans-io: Sources/STTCore must not read a clock, use the system RNG or do I/O:" >&2
  echo "$hits" >&2
  status=1
fi
sim_pattern='Date\(\)|ContinuousClock|SuspendingClock|SystemRandomNumberGenerator|clock_gettime|arc4random|\.random\(\)'
for dir in Sources/STTSim Sources/STTScenario; do
  [[ -d $dir ]] || continue
  if hits=$(grep -rnE "$sim_pattern" "$dir"); then
    echo "check-sans-io: $dir must use virtual time and seeded randomness:" >&2
    echo "$hits" >&2
    status=1
  fi
done
((status == 0)) && echo "check-sans-io: ok (STTCore, STTSim, STTScenario read no clock and no system RNG)"
exit $status
