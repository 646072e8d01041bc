#!/usr/bin/env bash
# Time of POST /queues/{id}/simulate for a 24-hour projection at 10,000 arrivals a minute, over
# HTTP on loopback, repeated; the issue asks for under a second.
# Usage: bench/simulate.sh [rounds]
source "$(dirname "$0")/common.sh"
ROUNDS=${1:-5}
OUT=$RESULTS/simulate-$(date +%Y%m%d-%H%M%S).txt

fresh_schema
start_server
# The simulation ignores pausing: it projects the queue's settings.
paused_queue '{"name":"drop","release_rate_per_minute":6000,"max_active_users":50000}'
body='{"arrivals_per_minute":10000,"minutes":1440,"abandon_rate":0.02}'
: >"$RESULTS/simulate.s"
for round in $(seq 0 "$ROUNDS"); do
  seconds=$(curl -sf -o "$RESULTS/projection.json" -w '%{time_total}' \
    "http://127.0.0.1:$BENCH_PORT/queues/$queue/simulate" -H "X-API-Key: $key" \
    -H 'Content-Type: application/json' -d "$body")
  # Round 0 warms the JIT up and is not counted.
  if [ "$round" -gt 0 ]; then echo "$seconds" >>"$RESULTS/simulate.s"; fi
  echo "round $round: $seconds s, $(wc -c <"$RESULTS/projection.json") bytes" | tee -a "$OUT"
done
echo "median: $(median <"$RESULTS/simulate.s") s for 1,440 projected minutes" | tee -a "$OUT"
