#!/usr/bin/env bash
# Slack end-to-end benchmark (issue 3). One command: bash bench/slack-benchmark.sh
# - publishes the host (Release) and builds the load generator (bench/PlatformBot.LoadTest)
# - seeds a 100,000-account, 26-week SQLite demo store (a few minutes), or reuses SLACK_BENCH_STORE when it holds one
# - starts `platformbot serve` on loopback with a signing secret and bot token; Slack:ApiBaseUrl and the response_url
#   origin point at the load generator's own sink, so nothing leaves the machine
# - sends REQUESTS signed `/adoption <name>` commands over CONNECTIONS connections (after WARMUP unmeasured ones) and
#   reports requests/s, p50/p90/p99/max of what the user waits for (command sent -> card delivered), and errors
# - the warm-up is reported on its own line: right after start the JIT is still compiling the hot paths' optimized
#   code (tiered compilation), which on two busy cores takes several seconds; the measured run is the steady state a
#   host that has been up for a while serves
# Budget: p99 <= 50 ms, >= 2,000 requests/s with 32 connections, zero errors (2-core machine).
# Settings (environment): SLACK_BENCH_STORE=dir (kept and reused), ACCOUNTS=100000 WEEKS=26 REQUESTS=60000
#   WARMUP=30000 CONNECTIONS=32 PORT=5380 SINK_PORT=5381
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ACCOUNTS="${ACCOUNTS:-100000}"; WEEKS="${WEEKS:-26}"
REQUESTS="${REQUESTS:-60000}"; WARMUP="${WARMUP:-30000}"; CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-5380}"; SINK_PORT="${SINK_PORT:-5381}"
WORK="$(mktemp -d /tmp/platformbot-slack-bench.XXXXXX)"
HOST_PID=""
cleanup() { if [ -n "$HOST_PID" ]; then kill "$HOST_PID" 2>/dev/null || true; wait "$HOST_PID" 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT
. "$ROOT/bench/bench-lib.sh"
bench_need_sqlite3
bench_ports_free "$PORT" "$SINK_PORT"

bench_machine
bench_publish
dotnet build "$ROOT/bench/PlatformBot.LoadTest" -c Release -o "$WORK/load" -v quiet -nologo >/dev/null

STORE="${SLACK_BENCH_STORE:-$WORK/store}"
mkdir -p "$STORE"
if [ -f "$STORE/platformbot.db" ] && [ "$(sqlite3 "$STORE/platformbot.db" 'select count(*) from accounts' 2>/dev/null || echo 0)" -ge "$ACCOUNTS" ]; then
  echo "== reusing the store in $STORE ($(sqlite3 "$STORE/platformbot.db" 'select count(*) from accounts') accounts)"
else
  echo "== seeding $ACCOUNTS accounts x $WEEKS weeks into $STORE (takes a few minutes)"
  rm -f "$STORE"/platformbot.db*
  Storage__DataDirectory="$STORE" "$BOT" demo seed --accounts "$ACCOUNTS" --weeks "$WEEKS" >/dev/null
fi

# The names looked up: 5,000 accounts picked at random (a card each, or a pick list where two accounts share a name),
# plus the quickstart's ambiguous "acme".
{ sqlite3 "$STORE/platformbot.db" "select name from accounts order by random() limit 5000"; echo "acme"; } > "$WORK/names.txt"

echo "== starting platformbot serve on 127.0.0.1:$PORT"
bench_start_host "$STORE" "$WORK/host.log"

echo "== $REQUESTS signed /adoption requests, $CONNECTIONS connections (after $WARMUP warm-up requests)"
# The host's CPU per request is the figure a busy machine distorts least (wall-clock latency and throughput depend on
# what else runs).
HOST_REAL_PID=$(pgrep -P "$HOST_PID" -f platformbot || echo "$HOST_PID")
CPU_BEFORE=$(bench_cpu "$HOST_REAL_PID")
set +e
dotnet "$WORK/load/PlatformBot.LoadTest.dll" --url "http://127.0.0.1:$PORT" --secret "$SECRET" --sink-port "$SINK_PORT" \
  --names "$WORK/names.txt" --connections "$CONNECTIONS" --requests "$REQUESTS" --warmup "$WARMUP"
STATUS=$?
set -e
CPU_AFTER=$(bench_cpu "$HOST_REAL_PID")
echo "== host CPU: $(awk -v a="$CPU_BEFORE" -v b="$CPU_AFTER" -v n="$((REQUESTS + WARMUP))" 'BEGIN{printf "%.1f s for %d requests = %.2f ms per request (warm-up included)", b-a, n, (b-a)*1000/n}')"
echo "== host: $(grep -c 'fail:' "$WORK/host.log" || true) logged failures"
exit $STATUS
