# Shell helpers the benchmark scripts share; sourced, not run: . "$ROOT/benchmarks/lib.sh"

# True if something accepts connections on 127.0.0.1:$1.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Stops process $1 as Ctrl-C would (SIGTERM, so it can drain and stop what it started), waits up
# to $2 seconds (default 30), then kills it. Nothing happens for an empty or finished pid.
stop_process() {
  local pid=$1 seconds=${2:-30}
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((seconds * 2))); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
}
