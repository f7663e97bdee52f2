#!/usr/bin/env bash
# Runs the benchmarks side by side with the official line-bot-sdk (installs PostgreSQL and Redis with apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
install_if_changed bench -e ".[test,bench]"
start_postgres
# A fresh database each run: one left by an older schema would answer every stored delivery with a 500.
$SUDO runuser -u postgres -- dropdb --if-exists linebot_bench
$SUDO runuser -u postgres -- createdb -O linebot linebot_bench
apt_install redis-server
redis-cli -p 6392 ping >/dev/null 2>&1 || redis-server --port 6392 --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >/dev/null
export DATABASE_URL="postgres://linebot:linebot@127.0.0.1:5432/linebot_bench" REDIS_URL="redis://127.0.0.1:6392/3"
BENCHES="${BENCHES:-webhook_parse import_time webhook_server reply_latency multicast_return multicast_fanout async_push}"
rm -f bench/results/{webhook_server,reply_latency,multicast_return,multicast_fanout}.json  # the summary: this run's only
for bench in $BENCHES; do
  echo "== bench/$bench"
  .venv/bin/python -m "bench.$bench" "$@"
done
echo "== summary"
.venv/bin/python -m bench.summary
