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

# Builds berth-bench.jar at $1 when it is missing or older than the sources of the modules named
# after it ($ROOT/pom.xml and each module's pom.xml and src). Callers skip it for a prebuilt jar.
build_bench_jar() {
  local jar=$1 module sources=("$ROOT/pom.xml")
  shift
  for module in "$@"; do sources+=("$ROOT/$module/pom.xml" "$ROOT/$module/src"); done
  if [[ ! -f "$jar" ]] || [[ -n "$(find "${sources[@]}" -newer "$jar" -type f -print -quit)" ]]; then
    echo "Building berth-bench.jar ..."
    (cd "$ROOT" && ./mvnw -q -DskipTests package -pl benchmarks -am)
  fi
}

# Sets PIN to the command prefix that runs the generator on the CPUs in $1 (empty: unpinned), after
# checking that taskset exists when $1 or any later argument (the other parties' CPUs) asks for
# pinning. The Java side pins the processes it starts itself (CpuSet).
pin_generator() {
  local generator=$1 cpus
  PIN=()
  for cpus in "$@"; do
    if [[ -n "$cpus" ]]; then
      command -v taskset >/dev/null || { echo "Pinning needs taskset (apt-get install util-linux)." >&2; exit 1; }
      break
    fi
  done
  if [[ -n "$generator" ]]; then PIN=(taskset -c "$generator"); fi
}
