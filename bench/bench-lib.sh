# Shell functions shared by the benchmarks in this folder (sourced, not run): one place for how the product is
# published, how a run is timed and how figures are summarised, so every benchmark measures the same way.
# Expects ROOT (the repository) and WORK (a scratch folder) to be set by the script that sources it.

# sqlite3's command-line shell is the peer of several figures and reads the store in others.
bench_need_sqlite3() {
  command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
}

# One line that says what the figures were measured on (a busy machine makes them no budget figures).
bench_machine() {
  echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
}

# Publishes the host for linux-x64 (ReadyToRun, as README's deploy command does) into $WORK/app and sets BOT.
# The publish log is shown when it fails (a quiet publish that fails would end the script with no word).
bench_publish() {
  echo "== publishing Release for linux-x64 (ReadyToRun, as a deployment would)"
  dotnet publish "$ROOT/src/PlatformBot.Host" -c Release -r linux-x64 --self-contained false -o "$WORK/app" -v quiet -nologo > "$WORK/publish.log" 2>&1 \
    || { cat "$WORK/publish.log"; exit 1; }
  BOT="$WORK/app/platformbot"
}

# bench_time NAME COMMAND...: runs the command once (its output to $WORK/last.out), appends "seconds peak-KB" to
# $WORK/times/NAME, and fails loudly with the command's output when it fails.
bench_time() {
  local name="$1"; shift
  mkdir -p "$WORK/times"
  if ! /usr/bin/time -f "%e %M" -o "$WORK/last.time" "$@" > "$WORK/last.out" 2>&1; then
    echo "FAILED: $name: $*" >&2; tail -20 "$WORK/last.out" >&2; exit 1
  fi
  tail -1 "$WORK/last.time" >> "$WORK/times/$name"
}

# bench_stats FILE COLUMN: "min median max" of one column of a figures file (1 = seconds, 2 = peak KB).
bench_stats() {
  awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR]=$1} END{if(NR==0){print "- - -"; exit} m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; print v[1], m, v[NR]}'
}

# CPU seconds (user+system) of a process, from /proc: the figure a busy machine distorts least.
bench_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14+$15)/hz}' "/proc/$1/stat"; }

# Resident set size of a process in KB, from /proc.
bench_rss() { awk '/^VmRSS:/{print $2}' "/proc/$1/status"; }

# Waits until the host on $1 answers /healthz (up to 120 s); the host's log is shown when it exits or never answers.
bench_wait_healthy() {
  local port="$1" pid="$2" log="$3"
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "the host exited:"; tail -20 "$log"; exit 1; }
    sleep 1
  done
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the host did not become healthy:"; tail -20 "$log"; exit 1; }
}

# Refuses ports already taken (a second benchmark, or a developer's host).
bench_ports_free() {
  for p in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p is in use: set PORT / SINK_PORT" >&2; exit 2; fi
  done
}

# bench_start_host STORE LOG: `platformbot serve` on 127.0.0.1:$PORT over STORE, with a fresh signing secret (SECRET)
# and Slack's Web API and response_url origin pointed at the load generator's sink on $SINK_PORT, so nothing leaves
# the machine; sets HOST_PID and returns once the host answers /healthz.
bench_start_host() {
  SECRET="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  (
    cd "$WORK/app"
    exec env Storage__DataDirectory="$1" \
      Slack__SigningSecret="$SECRET" Slack__BotToken="xoxb-bench-not-a-token" \
      Slack__ApiBaseUrl="http://127.0.0.1:$SINK_PORT/api/" Slack__AdditionalAllowedOrigins__0="http://127.0.0.1:$SINK_PORT" \
      Digests__SchedulerEnabled=false \
      "$BOT" serve --urls "http://127.0.0.1:$PORT"
  ) > "$2" 2>&1 &
  HOST_PID=$!
  bench_wait_healthy "$PORT" "$HOST_PID" "$2"
}
