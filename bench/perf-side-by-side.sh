#!/usr/bin/env bash
# Issue 13's measurement, side by side with its peers, in one command:
#   bash bench/perf-side-by-side.sh [ACCOUNTS] [ROUNDS]        (defaults: 230000 accounts, 3 rounds)
# - publishes the host ReadyToRun for linux-x64 and builds the load generator (bench/PlatformBot.LoadTest)
# - generates the data with the demo generator (`platformbot demo seed --accounts ACCOUNTS --weeks WEEKS` into a
#   scratch store, written out as the three CSV files a data team sends: accounts, subscriptions, usage)
# - runs ROUNDS interleaved rounds of: sqlite3 `.import` of each file plus the unique key PlatformBot's store has on
#   it; sqlite3 `.import` of all three; each `platformbot import` (accounts, subscriptions, usage, all three);
#   `platformbot score`; the same scoring in plain SQL (bench/sql-peer/score.sql); `export kpi`; `ask` (CLI start)
# - checks that the SQL peer agrees with the engine on every account (level and each use case's color) and fails
#   loudly, printing the first differences, when it does not
# - runs `serve` on the scored store under signed `/adoption` lookups (exact names, account ids and partial names),
#   reporting requests/s, p99 and the host's RSS after LOAD_SECONDS
# - prints each figure as min/median/max over the rounds, peak RSS, the ratio to its peer and the issue's budget
#   with PASS/FAIL (the budgets are stated for 230,000 accounts on the 2-core machine, quiet: a busy machine's
#   figures are no verdict)
# Settings (environment): WEEKS=4 (about 5.3 usage rows and 1.2 subscriptions per account), DATA_DIR=dir (keeps and reuses
#   the generated files), LOAD=0 skips the lookup load, LOAD_SECONDS=60, LOAD_WARMUP=20000, CONNECTIONS=32,
#   NAMES=4000, PORT=5390, SINK_PORT=5391, KEEP=1 keeps the scratch folder
set -euo pipefail
ACCOUNTS="${1:-230000}"; ROUNDS="${2:-3}"
WEEKS="${WEEKS:-4}"; LOAD="${LOAD:-1}"; LOAD_SECONDS="${LOAD_SECONDS:-60}"; LOAD_WARMUP="${LOAD_WARMUP:-20000}"
CONNECTIONS="${CONNECTIONS:-32}"; NAMES="${NAMES:-4000}"; PORT="${PORT:-5390}"; SINK_PORT="${SINK_PORT:-5391}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/platformbot-side-by-side.XXXXXX)"
HOST_PID=""; SAMPLER_PID=""
cleanup() {
  for pid in "$SAMPLER_PID" "$HOST_PID"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  if [ "${KEEP:-0}" = "1" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
. "$ROOT/bench/bench-lib.sh"
bench_need_sqlite3
[ "$LOAD" = "0" ] || bench_ports_free "$PORT" "$SINK_PORT"

bench_machine
bench_publish
[ "$LOAD" = "0" ] || dotnet build "$ROOT/bench/PlatformBot.LoadTest" -c Release -o "$WORK/load" -v quiet -nologo >/dev/null

# ---- data: the demo generator's population, as the three CSV files of docs/data-formats.md
DATA="${DATA_DIR:-$WORK/data}"
mkdir -p "$DATA"
if [ -f "$DATA/usage.csv" ] && [ "$(cat "$DATA/size" 2>/dev/null)" = "$ACCOUNTS x $WEEKS" ]; then
  echo "== reusing the files in $DATA"
else
  echo "== generating $ACCOUNTS accounts x $WEEKS weeks with the demo generator (seed, then written out as CSV)"
  rm -rf "$DATA/seed"; rm -f "$DATA"/*.csv "$DATA/size"
  Storage__DataDirectory="$DATA/seed" "$BOT" demo seed --accounts "$ACCOUNTS" --weeks "$WEEKS" > "$WORK/seed.log" 2>&1 \
    || { tail -20 "$WORK/seed.log"; exit 1; }
  SEED_DB="$DATA/seed/platformbot.db"
  sqlite3 -csv -header "$SEED_DB" "SELECT account_id, name, segment, region, csm, owner FROM accounts ORDER BY account_id" > "$DATA/accounts.csv"
  sqlite3 -csv -header "$SEED_DB" "SELECT subscription_id, account_id, plan, printf('%.2f', arr_cents / 100.0) AS arr, delivery, customer_since FROM subscriptions ORDER BY subscription_id" > "$DATA/subscriptions.csv"
  # The stored metric vector is already comma-separated in metric_columns order (empty = unknown), cut after its last
  # known cell: padded with empty cells to the header's width. The header names the columns in that order, and the
  # rows go out in date order, as weekly extracts arrive.
  COMMAS=$(sqlite3 "$SEED_DB" "SELECT count(*) - 1 FROM metric_columns")
  { echo "instance_id,subscription_id,instance_type,snapshot_date,$(sqlite3 "$SEED_DB" "SELECT group_concat(name, ',') FROM (SELECT name FROM metric_columns ORDER BY ordinal)")"
    sqlite3 -separator , "$SEED_DB" "SELECT instance_id, subscription_id, instance_type, snapshot_date,
      metrics || substr(printf('%.*c', $COMMAS, ','), 1, $COMMAS - (length(metrics) - length(replace(metrics, ',', ''))))
      FROM usage_rows ORDER BY snapshot_date, instance_id"
  } > "$DATA/usage.csv"
  rm -rf "$DATA/seed"
  echo "$ACCOUNTS x $WEEKS" > "$DATA/size"
fi
rows() { echo $(( $(wc -l < "$1") - 1 )); }
echo "== data: $(rows "$DATA/accounts.csv") accounts, $(rows "$DATA/subscriptions.csv") subscriptions, $(rows "$DATA/usage.csv") usage rows"
AS_OF=$(tail -n +2 "$DATA/usage.csv" | cut -d, -f4 | sort -u | tail -1)
ASK_NAME=$(sed -n 2p "$DATA/accounts.csv" | cut -d, -f2 | tr -d '"')

# ---- the peers' tables: sqlite3 creates them from the header; the key is the one PlatformBot's store has
SQLITE_KEYS_accounts="CREATE UNIQUE INDEX ux_accounts ON accounts(account_id);"
SQLITE_KEYS_subscriptions="CREATE UNIQUE INDEX ux_subscriptions ON subscriptions(subscription_id);"
SQLITE_KEYS_usage="CREATE UNIQUE INDEX ux_usage ON usage(instance_id, snapshot_date);"
peer_args() { # peer_args FILE...: .import of each file into its own table, then each table's unique key
  PEER_ARGS=(".mode csv")
  for f in "$@"; do PEER_ARGS+=(".import $DATA/$f.csv $f"); done
  for f in "$@"; do local keys="SQLITE_KEYS_$f"; PEER_ARGS+=("${!keys}"); done
}

# Stores the imports start from: empty, with the accounts, with accounts and subscriptions (each import is timed on its
# own, into the store it would meet in production).
cd "$WORK" # the verbs run where no appsettings.json or data folder of a developer's is
Storage__DataDirectory="$WORK/base-a" "$BOT" import accounts "$DATA/accounts.csv" >/dev/null
cp -r "$WORK/base-a" "$WORK/base-as"
Storage__DataDirectory="$WORK/base-as" "$BOT" import subscriptions "$DATA/subscriptions.csv" >/dev/null
fresh() { rm -rf "$WORK/$1"; if [ -n "${2:-}" ]; then cp -r "$WORK/$2" "$WORK/$1"; fi; }

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS (load $(cut -d' ' -f1-3 /proc/loadavg))"
  for f in accounts subscriptions usage; do
    rm -f "$WORK/peer.db"*; peer_args "$f"; bench_time "sqlite3 .import $f + key" sqlite3 "$WORK/peer.db" "${PEER_ARGS[@]}"
  done
  rm -f "$WORK/peer.db"*; peer_args accounts subscriptions usage
  bench_time "sqlite3 .import all three + keys" sqlite3 "$WORK/peer.db" "${PEER_ARGS[@]}"

  fresh s; bench_time "import accounts" env Storage__DataDirectory="$WORK/s" "$BOT" import accounts "$DATA/accounts.csv"
  fresh s base-a; bench_time "import subscriptions" env Storage__DataDirectory="$WORK/s" "$BOT" import subscriptions "$DATA/subscriptions.csv"
  fresh s base-as; bench_time "import usage" env Storage__DataDirectory="$WORK/s" "$BOT" import usage "$DATA/usage.csv"
  fresh store
  bench_time "import all three" bash -c "cd '$WORK' && export Storage__DataDirectory='$WORK/store' && '$BOT' import accounts '$DATA/accounts.csv' && '$BOT' import subscriptions '$DATA/subscriptions.csv' && '$BOT' import usage '$DATA/usage.csv'"

  bench_time "score (SQL peer)" sqlite3 "$WORK/store/platformbot.db" -cmd ".parameter set @as_of \"'$AS_OF'\"" ".read $ROOT/bench/sql-peer/score.sql"
  cp "$WORK/last.out" "$WORK/peer-scores.csv"
  bench_time "score" env Storage__DataDirectory="$WORK/store" "$BOT" score --as-of "$AS_OF"
  bench_time "export kpi" env Storage__DataDirectory="$WORK/store" "$BOT" export kpi --as-of "$AS_OF" --format json
  bench_time "ask (CLI start)" env Storage__DataDirectory="$WORK/store" "$BOT" ask "$ASK_NAME"

  if [ "$round" = 1 ]; then
    # The peer must compute what the engine computes, on every account, or its time means nothing.
    env Storage__DataDirectory="$WORK/store" "$BOT" export scores --as-of "$AS_OF" --format csv > "$WORK/engine-scores.csv"
    rm -f "$WORK/compare.db"
    sqlite3 "$WORK/compare.db" ".mode csv" ".import $WORK/engine-scores.csv engine" ".import $WORK/peer-scores.csv peer"
    COMPARED=$(sqlite3 "$WORK/compare.db" "SELECT count(*) FROM engine")
    MISMATCH="FROM engine e LEFT JOIN peer p ON p.account_id = e.account_id
      WHERE p.account_id IS NULL OR e.level <> p.level OR e.scm_color <> p.scm_color OR e.ci_color <> p.ci_color
         OR e.cd_color <> p.cd_color OR e.security_color <> p.security_color"
    DIFFERENT=$(sqlite3 "$WORK/compare.db" "SELECT (SELECT count(*) $MISMATCH)
      + (SELECT count(*) FROM peer p LEFT JOIN engine e ON e.account_id = p.account_id WHERE e.account_id IS NULL)")
    if [ "$DIFFERENT" != "0" ]; then
      echo "FAIL: the SQL peer disagrees with the engine on $DIFFERENT of $COMPARED accounts (as of $AS_OF); the first ones:" >&2
      sqlite3 -header -column "$WORK/compare.db" "SELECT e.account_id, e.level, p.level AS peer_level, e.scm_color AS scm, p.scm_color AS peer_scm,
        e.ci_color AS ci, p.ci_color AS peer_ci, e.cd_color AS cd, p.cd_color AS peer_cd, e.security_color AS sec, p.security_color AS peer_sec
        $MISMATCH LIMIT 10" >&2
      exit 1
    fi
    echo "== the SQL peer agrees with the engine on all $COMPARED accounts (level and every use case's color, as of $AS_OF)"
  fi
done

# ---- lookups: serve on the scored store, signed /adoption with exact names, account ids and partial names
LOAD_LINE=""
if [ "$LOAD" != "0" ]; then
  DB="$WORK/store/platformbot.db"
  # Half exact names, a quarter account ids, a quarter partial names (the name's first word, or its first 5 letters).
  { sqlite3 "$DB" "SELECT name FROM accounts ORDER BY random() LIMIT $((NAMES / 2))"
    sqlite3 "$DB" "SELECT account_id FROM accounts ORDER BY random() LIMIT $((NAMES / 4))"
    sqlite3 "$DB" "SELECT CASE WHEN instr(name, ' ') > 3 THEN substr(name, 1, instr(name, ' ') - 1) ELSE substr(name, 1, 5) END
                   FROM accounts ORDER BY random() LIMIT $((NAMES / 4))"
  } > "$WORK/names.txt"
  echo "== serve on 127.0.0.1:$PORT, $CONNECTIONS connections, $(sort -u "$WORK/names.txt" | wc -l) distinct lookups, ${LOAD_SECONDS} s after $LOAD_WARMUP warm-up requests"
  bench_start_host "$WORK/store" "$WORK/host.log"
  # The host's RSS once a second while the load runs; the figure is the one LOAD_SECONDS after the measured run began.
  ( while kill -0 "$HOST_PID" 2>/dev/null; do echo "$(date +%s) $(bench_rss "$HOST_PID")"; sleep 1; done ) > "$WORK/rss.txt" &
  SAMPLER_PID=$!
  # The load generator runs for a number of requests: a first run (after the warm-up) measures the rate, the
  # measured run is sized to last about LOAD_SECONDS at that rate (its own line says how long it took).
  dotnet "$WORK/load/PlatformBot.LoadTest.dll" --url "http://127.0.0.1:$PORT" --secret "$SECRET" --sink-port "$SINK_PORT" \
    --names "$WORK/names.txt" --connections "$CONNECTIONS" --requests 5000 --warmup "$LOAD_WARMUP" > "$WORK/load-probe.txt" \
    || { cat "$WORK/load-probe.txt"; exit 1; }
  RATE=$(awk '/^throughput/{print $2}' "$WORK/load-probe.txt")
  START=$(date +%s)
  dotnet "$WORK/load/PlatformBot.LoadTest.dll" --url "http://127.0.0.1:$PORT" --secret "$SECRET" --sink-port "$SINK_PORT" \
    --names "$WORK/names.txt" --connections "$CONNECTIONS" --requests $(( RATE * LOAD_SECONDS )) --warmup 0 > "$WORK/load.txt" \
    || { cat "$WORK/load.txt"; exit 1; }
  grep -v '^warm-up' "$WORK/load.txt"
  STEADY_KB=$(awk -v t=$((START + LOAD_SECONDS)) '$1 <= t && $2 != "" {kb=$2} END{print kb+0}' "$WORK/rss.txt")
  PEAK_KB=$(awk '$2 > m {m=$2} END{print m+0}' "$WORK/rss.txt")
  LOAD_LINE="$(awk '/^throughput/{print $2}' "$WORK/load.txt") $(awk '/user waits/{for(i=1;i<=NF;i++) if($i=="p99") print $(i+1)}' "$WORK/load.txt") $STEADY_KB $PEAK_KB"
fi

# ---- summary
T="$WORK/times"
med() { bench_stats "$T/$1" 1 | awk '{print $2}'; }
peak_mb() { bench_stats "$T/$1" 2 | awk '{printf "%.0f", $3 / 1024}'; }
verdict() { awk -v v="$1" -v b="$2" 'BEGIN{print (v <= b) ? "PASS" : "FAIL"}'; }
ratio() { awk -v a="$(med "$1")" -v b="$(med "$2")" 'BEGIN{printf "%.2f", a / b}'; }
line() { # line NAME PEER BUDGET-TEXT VERDICT
  local s; s=$(bench_stats "$T/$1" 1)
  printf "%-34s %-22s %7s MB  %-42s %6s  %-44s %s\n" "$1" "$(echo "$s" | awk '{printf "%.2f / %.2f / %.2f", $1, $2, $3}')" "$(peak_mb "$1")" \
    "${2:+$2 $(bench_stats "$T/$2" 1 | awk '{printf "%.2f", $2}') s}" "${2:+$(ratio "$1" "$2")x}" "$3" "$4"
}
echo
echo "== summary: $ACCOUNTS accounts, $ROUNDS rounds, as of $AS_OF, load at the end $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "   budgets are issue 13's, stated for 230,000 accounts on a quiet 2-core machine"
printf "%-34s %-22s %10s  %-42s %6s  %-44s %s\n" "work" "s min / median / max" "peak RSS" "peer (median)" "ratio" "budget" "verdict"
for f in accounts subscriptions usage; do line "sqlite3 .import $f + key" "" "(peer)" ""; done
line "sqlite3 .import all three + keys" "" "(peer)" ""
line "import accounts" "sqlite3 .import accounts + key" "<= 1.5x sqlite3" "$(verdict "$(ratio "import accounts" "sqlite3 .import accounts + key")" 1.5)"
line "import subscriptions" "sqlite3 .import subscriptions + key" "<= 1.5x sqlite3" "$(verdict "$(ratio "import subscriptions" "sqlite3 .import subscriptions + key")" 1.5)"
line "import usage" "sqlite3 .import usage + key" "<= 1.1x sqlite3, peak RSS <= 200 MB" \
  "time $(verdict "$(ratio "import usage" "sqlite3 .import usage + key")" 1.1), RSS $(verdict "$(peak_mb "import usage")" 200)"
line "import all three" "sqlite3 .import all three + keys" "<= 1.3x sqlite3" "$(verdict "$(ratio "import all three" "sqlite3 .import all three + keys")" 1.3)"
line "score (SQL peer)" "" "(peer; agrees on all $COMPARED accounts)" ""
line "score" "score (SQL peer)" "<= 0.7x SQL peer, peak RSS <= 250 MB" \
  "time $(verdict "$(ratio "score" "score (SQL peer)")" 0.7), RSS $(verdict "$(peak_mb "score")" 250)"
line "export kpi" "" "<= 0.35 s" "$(verdict "$(med "export kpi")" 0.35)"
line "ask (CLI start)" "" "<= 0.35 s" "$(verdict "$(med "ask (CLI start)")" 0.35)"
if [ -n "$LOAD_LINE" ]; then
  read -r RPS P99 STEADY PEAK <<< "$LOAD_LINE"
  printf "%-34s %s requests/s (budget >= 6,000: %s), p99 %s ms (budget <= 12: %s), RSS after %s s (or at the end of a shorter run) %.0f MB (budget <= 300: %s), peak %.0f MB\n" \
    "serve, signed /adoption lookups" "$RPS" "$(verdict 6000 "$RPS")" "$P99" "$(verdict "$P99" 12)" "$LOAD_SECONDS" "$(awk -v k="$STEADY" 'BEGIN{print k/1024}')" \
    "$(verdict "$(awk -v k="$STEADY" 'BEGIN{print k/1024}')" 300)" "$(awk -v k="$PEAK" 'BEGIN{print k/1024}')"
fi
