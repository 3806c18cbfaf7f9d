#!/usr/bin/env bash
# Builds the DocC documentation of the library modules with warnings as errors (an unresolved
# symbol link or an undocumented parameter fails). Archives land in .build/plugins/Swift-DocC.
set -euo pipefail
cd "$(dirname "$0")/.."
for target in STTCore STTSim; do
  swift package generate-documentation --target "$target" --warnings-as-errors >/dev/null 2>"/tmp/docc-$target.log" || {
    grep -E -A3 "^(error|warning)" "/tmp/docc-$target.log" >&2 || cat "/tmp/docc-$target.log" >&2
    echo "check-docs: $target's documentation has warnings" >&2
    exit 1
  }
done
echo "check-docs: ok (STTCore and STTSim documentation build without warnings)"
