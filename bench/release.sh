#!/usr/bin/env bash
# Release throughput on PostgreSQL when the rate allows it: a queue of waiting visitors is
# resumed at 1,000,000 a minute and the released count is sampled from /metrics.
# (With callbacks: bench/callbacks.sh.)
# Usage: bench/release.sh [visitors]
source "$(dirname "$0")/common.sh"
VISITORS=${1:-300000}
OUT=$RESULTS/release-$(date +%Y%m%d-%H%M%S).txt

fresh_schema
start_server
paused_queue '{"name":"drop","release_rate_per_minute":1000000,"idle_timeout_seconds":86400}'
stop_server
seed_waiting "$queue" "$VISITORS"
start_server

released() {
  curl -sf "http://127.0.0.1:$BENCH_PORT/metrics" |
    awk -v q="queue_id=\"$queue\"" '/^queue_users_released_total/ && index($0, q) {print int($2)}'
}
api -X POST "http://127.0.0.1:$BENCH_PORT/queues/$queue/resume" -H "X-API-Key: $key" >/dev/null
start=$(date +%s.%N)
before=$(released)
sleep 10
after=$(released)
end=$(date +%s.%N)
rate=$(echo "($after - $before) / ($end - $start)" | bc)
rows=$(psql_bench -tA -c "SELECT count(*) FROM $SCHEMA.visitors WHERE state = 2")
{
  echo "visitors waiting at start:  $VISITORS"
  echo "released in 10 s:           $((after - before)) ($rate a second; the rate allows 16,666)"
  echo "released rows in the table: $rows"
} | tee -a "$OUT"
