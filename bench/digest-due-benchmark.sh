#!/usr/bin/env bash
# `digests send --due` benchmark (issue 15). One command: bash bench/digest-due-benchmark.sh
# - builds bench/PlatformBot.Benchmarks (Release), which runs the real host's services on a temporary SQLite store
# - seeds ACCOUNTS accounts x 13 weeks and SUBSCRIPTIONS subscriptions, all due Monday 09:00 Berlin, in 100 channels
#   (20 channels with 10 each, 80 with 3 or 4); seeding is not timed
# - sends every due digest once (DueDigestSender, as `platformbot digests send --due` does) to a WireMock Slack that
#   answers 429 + Retry-After: 1 to a second message in a channel within one second
# - prints the content build time (data load included), the time to the last headline, the 429 count and the CPU time
# Budget: all content built in <= 5 s; all headlines posted within 2 minutes; zero 429s.
# Settings (environment): ACCOUNTS=100000 SUBSCRIPTIONS=500
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ACCOUNTS="${ACCOUNTS:-100000}"; SUBSCRIPTIONS="${SUBSCRIPTIONS:-500}"
WORK="$(mktemp -d /tmp/platformbot-due-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
. "$ROOT/bench/bench-lib.sh"

bench_machine
# Built in place, not into $WORK: the host under test (WebApplicationFactory) finds its content root from the repository.
dotnet build "$ROOT/bench/PlatformBot.Benchmarks" -c Release -v quiet -nologo > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
/usr/bin/time -f "== process: %e s wall, %U s user, %S s system, %M KB peak RSS" \
  dotnet "$ROOT/bench/PlatformBot.Benchmarks/bin/Release/net10.0/PlatformBot.Benchmarks.dll" digests-due "$ACCOUNTS" "$SUBSCRIPTIONS"
echo "== load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
