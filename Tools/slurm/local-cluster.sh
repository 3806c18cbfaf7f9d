#!/usr/bin/env bash
# A real one-node Slurm cluster on this machine, for trying stt-sim's array sharding.
#
#   Tools/slurm/local-cluster.sh start    # munged (if none answers), slurmctld, slurmd; waits for the node
#   Tools/slurm/local-cluster.sh status   # exit 0 when our daemons run and the node answers
#   Tools/slurm/local-cluster.sh env      # prints the export line below
#   Tools/slurm/local-cluster.sh stop     # cancels its jobs, stops only the daemons it started
#
# The configuration lives in a private state directory, ${STT_SLURM_DIR:-/tmp/stt-slurm}, not in
# /etc/slurm, so sbatch/sinfo/squeue need it named:  export SLURM_CONF=$STT_SLURM_DIR/slurm.conf
# (`start` and `env` print that line on stdout, everything else goes to stderr, so
#  eval "$(Tools/slurm/local-cluster.sh start)"  starts the cluster and sets it in your shell).
#
# Needs root and Debian's slurm-wlm and munge packages (Tools/setup.sh slurm-wlm munge); installs nothing.
# Exit codes: 0 done, 1 failed, 77 cannot run here at all (not root, or Slurm/munge not installed).
# Environment: STT_SLURM_DIR (state dir), STT_SLURM_PORT (slurmctld port, slurmd uses +1; default 6817),
#              STT_SLURM_TIMEOUT (seconds to wait for the node; default 60).
set -euo pipefail

DIR=${STT_SLURM_DIR:-/tmp/stt-slurm}
PORT=${STT_SLURM_PORT:-6817}
TIMEOUT=${STT_SLURM_TIMEOUT:-60}
CONF=$DIR/slurm.conf
PIDS=$DIR/pids
export SLURM_CONF=$CONF

say() { echo "local-cluster: $*" >&2; }
die() { say "error: $*"; exit 1; }
cannot() { say "cannot run here: $*"; exit 77; }

# pid_of NAME: the recorded pid of a daemon we started, if that process still runs that program.
pid_of() {
  local file=$PIDS/$1 pid comm
  [[ -s $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  # Guards against a recycled pid: the process must still be the daemon we recorded.
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  [[ $comm == "$1" ]] || return 1
  echo "$pid"
}

# stop_daemon NAME: TERM, wait up to 10 s, then KILL; forgets the pid either way.
stop_daemon() {
  local pid i
  if pid=$(pid_of "$1"); then
    say "stopping $1 (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then
      say "$1 (pid $pid) ignored TERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$PIDS/$1"
}

munge_works() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }

node_state() { sinfo -h -N -n "$(hostname)" -o %t 2>/dev/null | head -n1; }

tails() {
  local f
  # The daemons' stderr: the same lines as their log files, plus what comes before those open.
  for f in "$DIR"/log/*.out; do
    [[ -s $f ]] || continue
    echo "---- tail of $f" >&2
    tail -n 20 "$f" >&2
  done
}

need_tools() {
  [[ $(id -u) -eq 0 ]] || cannot "must run as root (uid $(id -u))"
  local t missing=()
  for t in munged munge unmunge slurmctld slurmd sinfo sbatch scancel squeue setpriv; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  ((${#missing[@]} == 0)) || cannot "not on PATH: ${missing[*]} (apt-get install -y slurm-wlm munge)"
  id munge >/dev/null 2>&1 || cannot "no 'munge' user (apt-get install -y munge)"
}

start_munge() {
  if munge_works; then
    pid_of munged >/dev/null || say "using the munged that is already running"
    return
  fi
  rm -f "$PIDS/munged"
  if [[ ! -s /etc/munge/munge.key ]]; then
    say "creating /etc/munge/munge.key"
    install -d -m 700 -o munge -g munge /etc/munge
    head -c 1024 /dev/urandom >/etc/munge/munge.key
    chown munge:munge /etc/munge/munge.key
    chmod 400 /etc/munge/munge.key
  fi
  install -d -m 755 -o munge -g munge /run/munge
  install -d -m 700 -o munge -g munge /var/log/munge /var/lib/munge
  # setpriv execs munged in place, so $! is munged's own pid; --force clears a stale socket.
  setpriv --reuid=munge --regid=munge --init-groups \
    munged --foreground --force </dev/null >>"$DIR/log/munged.out" 2>&1 &
  local pid=$! i
  echo "$pid" >"$PIDS/munged"
  for ((i = 0; i < 50; i++)); do
    munge_works && { say "munged started (pid $pid)"; return; }
    alive "$pid" || break
    sleep 0.1
  done
  tails
  tail -n 20 /var/log/munge/munged.log >&2 2>/dev/null || true
  die "munged did not start (munge -n | unmunge fails)"
}

write_conf() {
  local host cpus mem
  host=$(hostname)
  cpus=$(nproc)
  # 90% of the memory the kernel reports, in MiB: slurmd drains a node that has less than configured.
  mem=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  cat >"$CONF" <<EOF
# Written by Tools/slurm/local-cluster.sh: one node, everything on loopback, state in $DIR.
ClusterName=stt
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/pgid
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
# No 3 s batching of batch-job starts: an array's later tasks start as soon as a CPU frees.
SchedulerParameters=batch_sched_delay=0
# sbatch --wait polls every 2 s while MinJobAge/2 <= 2 (it backs off to 8 s and more otherwise);
# 4 s still keeps a finished job in slurmctld for longer than one poll.
MinJobAge=4
MailProg=/bin/true
ReturnToService=2
SlurmdParameters=config_overrides
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

start() {
  need_tools
  if status >/dev/null 2>&1; then
    say "already running ($DIR)"
    echo "export SLURM_CONF=$CONF"
    return
  fi
  # Leftovers of an earlier run: stop whatever of ours still runs, then start from clean state.
  stop_daemon slurmd
  stop_daemon slurmctld
  mkdir -p "$DIR" "$PIDS" "$DIR/log" "$DIR/run"
  rm -rf "$DIR/state" "$DIR/spool" "$DIR/run"/*
  mkdir -p "$DIR/state" "$DIR/spool"
  : >"$DIR/log/slurmctld.log"
  : >"$DIR/log/slurmd.log"
  local port
  for port in "$PORT" "$((PORT + 1))"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      die "port $port is in use (another Slurm?); set STT_SLURM_PORT to a free pair of ports"
    fi
  done
  start_munge
  write_conf

  # setsid: the daemons outlive this shell and its terminal's signals; `stop` ends them by pid.
  # -c: start without the previous run's jobs (the state dir was cleared anyway).
  setsid slurmctld -D -c -f "$CONF" </dev/null >"$DIR/log/slurmctld.out" 2>&1 &
  local ctld=$!
  echo "$ctld" >"$PIDS/slurmctld"
  setsid slurmd -D -f "$CONF" </dev/null >"$DIR/log/slurmd.out" 2>&1 &
  local d=$!
  echo "$d" >"$PIDS/slurmd"
  say "slurmctld pid $ctld, slurmd pid $d; waiting for node $(hostname)"

  local t0=$SECONDS state=""
  while ((SECONDS - t0 < TIMEOUT)); do
    # Our own children, just started: liveness is enough (pid_of would fail until they have exec'd).
    alive "$ctld" || fail_start "slurmctld exited"
    alive "$d" || fail_start "slurmd exited"
    state=$(node_state || true)
    if [[ $state == idle ]]; then
      say "node $(hostname) idle after $((SECONDS - t0)) s; $(nproc) CPUs, partition 'local'"
      echo "export SLURM_CONF=$CONF"
      return
    fi
    sleep 0.5
  done
  fail_start "node $(hostname) not idle after ${TIMEOUT} s (last sinfo state: '${state:-none}')"
}

alive() { [[ -e /proc/$1 ]] && ! grep -q '^State:.*zombie' "/proc/$1/status" 2>/dev/null; }

# fail_start WHY: shows the logs' tails, stops what this start started, exits 1.
fail_start() {
  tails
  say "error: $1 (logs above, in $DIR/log)"
  stop_daemon slurmd
  stop_daemon slurmctld
  stop_daemon munged
  exit 1
}

stop() {
  if pid_of slurmctld >/dev/null && [[ -r $CONF ]]; then
    # Jobs' slurmstepd processes outlive slurmd: cancel them while the controller still answers.
    local jobs
    jobs=$(squeue -h -o %A 2>/dev/null || true)
    if [[ -n $jobs ]]; then
      say "cancelling jobs: $(echo "$jobs" | tr '\n' ' ')"
      # shellcheck disable=SC2086  # one job id a word
      scancel $jobs 2>/dev/null || true
      local i
      for ((i = 0; i < 50; i++)); do
        [[ -z $(squeue -h -o %A 2>/dev/null || true) ]] && break
        sleep 0.2
      done
    fi
  fi
  stop_daemon slurmd
  stop_daemon slurmctld
  stop_daemon munged
  say "stopped ($DIR kept for its logs)"
}

status() {
  local ok=0 name pid state
  for name in slurmctld slurmd munged; do
    if pid=$(pid_of "$name"); then
      say "$name running (pid $pid)"
    elif [[ $name == munged ]] && munge_works; then
      say "munged: not ours, but munge answers"
    else
      say "$name not running"
      ok=1
    fi
  done
  if ((ok == 0)); then
    state=$(node_state || true)
    say "node $(hostname): ${state:-no answer from slurmctld}"
    [[ -n $state ]] || ok=1
  fi
  return "$ok"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
