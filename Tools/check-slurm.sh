#!/usr/bin/env bash
# Runs a sweep study as a 4-task Slurm job array on a real one-node Slurm cluster on this machine
# (Tools/slurm/local-cluster.sh), merges the shards with `stt-sim campaign merge`, and checks that the
# merged runs.jsonl and summary.csv are byte-identical to a local run of the whole sweep.
#
#   Tools/check-slurm.sh [BIN]     BIN defaults to .build/debug/stt-sim (relative paths are made absolute)
#
# stt-sim takes its shard from SLURM_ARRAY_TASK_ID/MIN/STEP/COUNT itself: the job passes no --shard.
# Needs root and `Tools/setup.sh slurm-wlm munge`. Exits 0 on PASS, 1 on FAIL; prints "SKIP: ..." and
# exits 0 only when Slurm cannot run here at all (not root, or slurm-wlm/munge not installed).
# KEEP=1 keeps the output directory after a PASS (it is always kept after a FAIL).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${1:-$repo/.build/debug/stt-sim}
[[ $bin == /* ]] || bin=$PWD/$bin
cd "$repo"
cluster=$repo/Tools/slurm/local-cluster.sh
study=${STUDY:-Scenarios/studies/loss-sweep.json} # STUDY= picks another study file
tasks=4

fail() { echo "FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

[[ -x $bin ]] || fail "no stt-sim binary at $bin (swift build first, or pass BIN)"
[[ -f $study ]] || fail "no study file $repo/$study"

out=$(mktemp -d "${TMPDIR:-/tmp}/check-slurm.XXXXXX")

# The cluster: started here (and stopped on exit) unless one of local-cluster.sh's is already up.
started=0
stop_cluster() {
  if ((started)); then "$cluster" stop >/dev/null 2>&1 || true; fi
}
trap stop_cluster EXIT
if ! "$cluster" status >/dev/null 2>&1; then
  started=1
  t0=$(now)
  rc=0
  exports=$("$cluster" start 2>"$out/cluster-start.log") || rc=$?
  if ((rc == 77)); then
    # local-cluster.sh's "cannot run here: <reason>", verbatim.
    echo "SKIP: $(sed -n 's/^local-cluster: cannot run here: //p' "$out/cluster-start.log")"
    rm -rf "$out"
    exit 0
  fi
  cat "$out/cluster-start.log" >&2
  ((rc == 0)) || fail "the local Slurm cluster did not start (exit $rc; output above)"
  echo "check-slurm: cluster up in $(since "$t0") s" >&2
else
  exports=$("$cluster" env)
fi
eval "$exports" # export SLURM_CONF=...

# The reference: the whole sweep in one process, outside any array (a surrounding Slurm or k8s job's
# shard variables would otherwise make it run a single shard).
t0=$(now)
env -u SLURM_ARRAY_TASK_ID -u SLURM_ARRAY_TASK_MIN -u SLURM_ARRAY_TASK_MAX -u SLURM_ARRAY_TASK_STEP \
  -u SLURM_ARRAY_TASK_COUNT -u JOB_COMPLETION_INDEX -u STT_SHARD_COUNT \
  "$bin" sweep "$study" -j 1 --out "$out/local" >"$out/local.log" 2>&1 ||
  { cat "$out/local.log" >&2; fail "the local sweep failed (log above; outputs in $out)"; }
local_s=$(since "$t0")

# The array job: each task runs its own shard of the same sweep.
{
  echo '#!/bin/bash'
  echo 'set -euo pipefail'
  echo 'unset JOB_COMPLETION_INDEX STT_SHARD_COUNT  # only the SLURM_ARRAY_* shard variables apply'
  # shellcheck disable=SC2016  # $SLURM_ARRAY_TASK_ID is the job's, expanded when the task runs
  printf 'exec %q sweep %q -j 1 --out %q"/shard-$SLURM_ARRAY_TASK_ID"\n' "$bin" "$study" "$out"
} >"$out/job.sbatch"

t0=$(now)
rc=0
sbatch --wait --array=1-$tasks --chdir="$repo" --job-name=stt-sweep --ntasks=1 --cpus-per-task=1 \
  --output="$out/slurm-%A_%a.out" "$out/job.sbatch" >"$out/sbatch.log" 2>&1 || rc=$?
array_s=$(since "$t0")

show_slurm() {
  local f
  cat "$out/sbatch.log" >&2
  for f in "$out"/slurm-*.out; do
    [[ -e $f ]] || continue
    echo "---- $f" >&2
    tail -n 40 "$f" >&2
  done
}
((rc == 0)) || { show_slurm; fail "sbatch --wait --array=1-$tasks exited $rc (outputs in $out)"; }

shards=("$out"/shard-*)
((${#shards[@]} == tasks)) || { show_slurm; fail "expected $tasks shard directories, found ${#shards[@]}: ${shards[*]}"; }

"$bin" campaign merge "${shards[@]}" --out "$out/merged" >"$out/merge.log" 2>&1 ||
  { cat "$out/merge.log" >&2; fail "campaign merge failed (log above; outputs in $out)"; }

bad=0
for f in runs.jsonl summary.csv; do
  if ! cmp "$out/local/$f" "$out/merged/$f" >&2; then
    bad=1
    echo "---- diff local/$f merged/$f (first 40 lines)" >&2
    diff "$out/local/$f" "$out/merged/$f" | head -n 40 >&2 || true
  fi
done
if ((bad)); then
  show_slurm
  fail "the merged sweep differs from the local run (outputs in $out)"
fi

runs=$(wc -l <"$out/merged/runs.jsonl")
echo "PASS: $study as a $tasks-task Slurm array in ${array_s} s (local run ${local_s} s); merged runs.jsonl ($runs lines) and summary.csv are identical to the local run"
if [[ ${KEEP:-0} == 1 ]]; then echo "check-slurm: outputs kept in $out" >&2; else rm -rf "$out"; fi
