#!/usr/bin/env bash
# Import budget benchmark (issue: foundation). One command: bash bench/import-benchmark.sh [ROWS]
# - generates ROWS usage rows (default 1,000,000) with every model input column, plus their accounts and subscriptions
# - imports them with the Release build of `platformbot import` into a fresh SQLite store, measuring time and peak RSS
# - loads the same file with the sqlite3 command-line `.import` into a table with the same columns and key
# - then times `score` (100,000 accounts) and `export kpi` on a 100,000-account demo store (SCORE=0 to skip)
set -euo pipefail
ROWS="${1:-1000000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/platformbot-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
. "$ROOT/bench/bench-lib.sh"
bench_need_sqlite3
bench_publish
# Every bundled scoring model ships with the binary (ADR 0020): `platformbot models` must find each one by name.
for model in "$ROOT"/src/PlatformBot.Scoring/Models/*.json; do
  name=$(basename "$model" .json)
  [ -f "$WORK/app/models/$name.json" ] || { echo "publish output lacks models/$name.json" >&2; exit 1; }
  (cd "$WORK" && Scoring__Model="$name" "$BOT" models | grep -q "^\* $name ") || { echo "Scoring:Model=$name is not selectable" >&2; exit 1; }
done

INSTANCES=$(( ROWS / 10 )); [ "$INSTANCES" -lt 1 ] && INSTANCES=1
WEEKS=$(( (ROWS + INSTANCES - 1) / INSTANCES ))
echo "== generating $ROWS usage rows ($INSTANCES instances x $WEEKS weeks)"
awk -v n="$INSTANCES" 'BEGIN{print "account_id,name,segment,region,csm,owner"; for(i=1;i<=n;i++) printf "A-%07d,Company %d,smb,emea,jo@example.com,sam@example.com\n", i, i}' > "$WORK/accounts.csv"
awk -v n="$INSTANCES" 'BEGIN{print "subscription_id,account_id,plan,arr,delivery,customer_since"; for(i=1;i<=n;i++) printf "S-%07d,A-%07d,ultimate,%d.50,saas,2022-01-01\n", i, i, 1000+i}' > "$WORK/subscriptions.csv"
HEADER="instance_id,subscription_id,instance_type,snapshot_date,billable_users,licensed_users,active_users_28d,git_operation_users_28d,ci_builds_28d,deployment_users_28d,deployments_28d,successful_deployments_28d,failed_deployments_28d,secure_scanner_users_28d,ci_internal_pipelines_28d,sast_scans_28d,dast_scans_28d,dependency_scanning_scans_28d,container_scanning_scans_28d,secret_detection_scans_28d,coverage_fuzzing_scans_28d,api_fuzzing_scans_28d"
awk -v n="$INSTANCES" -v w="$WEEKS" -v rows="$ROWS" -v header="$HEADER" 'BEGIN{
  print header; srand(7); c=0;
  for(k=0;k<w;k++){ d=sprintf("2026-%02d-%02d", 1+int(k/4)%12, 1+(k%4)*7);
    for(i=1;i<=n && c<rows;i++){ b=50+int(rand()*950); c++;
      printf "i-%07d,S-%07d,production,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d\n", i,i,d,b,b+20,int(b*0.8),int(b*rand()),int(b*rand()*60),int(b*rand()*0.3),int(b*rand()*10),int(b*rand()*9),int(b*rand()),int(b*rand()*0.4),int(b*rand()*5),int(rand()*300),int(rand()*50),int(rand()*200),int(rand()*100),int(rand()*100),0,0 } } }' > "$WORK/usage.csv"
ls -la "$WORK"/*.csv | awk '{print $5, $9}'

export Storage__DataDirectory="$WORK/base"
"$BOT" import accounts "$WORK/accounts.csv"
"$BOT" import subscriptions "$WORK/subscriptions.csv"
export Storage__DataDirectory="$WORK/store"
for run in 1 2 3; do
  rm -rf "$WORK/store"; cp -r "$WORK/base" "$WORK/store"
  echo "== platformbot import usage ($ROWS rows, run $run, fresh store with the accounts and subscriptions)"
  /usr/bin/time -f "wall %e s, peak RSS %M KB" "$BOT" import usage "$WORK/usage.csv" 2>&1
done

COLS="instance_id TEXT NOT NULL, subscription_id TEXT NOT NULL, instance_type TEXT, snapshot_date TEXT NOT NULL"
for c in $(echo "$HEADER" | cut -d, -f5- | tr ',' ' '); do COLS="$COLS, $c INTEGER"; done
for run in 1 2 3; do
  echo "== sqlite3 .import of the same file (same columns, key (instance_id, snapshot_date), run $run)"
  rm -f "$WORK/baseline.db"*
  sqlite3 "$WORK/baseline.db" "CREATE TABLE usage ($COLS, PRIMARY KEY (instance_id, snapshot_date));"
  /usr/bin/time -f "wall %e s, peak RSS %M KB" sqlite3 "$WORK/baseline.db" ".mode csv" ".import --skip 1 $WORK/usage.csv usage" 2>&1
done
echo "rows in baseline: $(sqlite3 "$WORK/baseline.db" 'select count(*) from usage')"

if [ "${SCORE:-1}" != "0" ]; then
  # DEMO_STORE=/path reuses (or creates and keeps) a seeded 100,000-account store: seeding takes minutes.
  DEMO="${DEMO_STORE:-$WORK/demo}"
  export Storage__DataDirectory="$DEMO"
  if [ ! -f "$DEMO/platformbot.db" ]; then
    echo "== demo seed: 100,000 accounts, 26 weeks (also shows that --accounts 100000 works)"
    /usr/bin/time -f "wall %e s, peak RSS %M KB" "$BOT" demo seed --accounts 100000 --weeks 26 | tail -1
  fi
  AS_OF=$("$BOT" export kpi --format json 2>/dev/null | sed -n 's/.*"as_of": "\(.*\)".*/\1/p' | head -1)
  for run in 1 2 3; do
    echo "-- platformbot score --as-of $AS_OF (run $run)"
    /usr/bin/time -f "wall %e s, peak RSS %M KB" "$BOT" score --as-of "$AS_OF"
  done
  for run in 1 2 3; do
    echo "-- platformbot export kpi --as-of $AS_OF (run $run, whole process)"
    /usr/bin/time -f "wall %e s, peak RSS %M KB" "$BOT" export kpi --as-of "$AS_OF" --format json >/dev/null
  done
fi
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
