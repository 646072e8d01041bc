#!/usr/bin/env bash
# Durable joins per second on PostgreSQL (every 201 is a committed row) against pgbench's
# single-row insert transactions into a table of the same shape, both with 64 clients on this
# machine, alternated, repeated.
# Usage: bench/joins.sh [rounds]
source "$(dirname "$0")/common.sh"
ROUNDS=${1:-3}
OUT=$RESULTS/joins-$(date +%Y%m%d-%H%M%S).txt

fresh_schema
BASE=${SCHEMA}_baseline
psql_bench -c "DROP SCHEMA IF EXISTS $BASE CASCADE; CREATE SCHEMA $BASE;" 2>/dev/null
psql_bench -c "CREATE TABLE $BASE.insert_baseline (queue_id BIGINT NOT NULL, seq BIGINT NOT NULL,
  priority SMALLINT NOT NULL, state SMALLINT NOT NULL, visitor_key VARCHAR(200), metadata VARCHAR(4000),
  joined_at BIGINT NOT NULL, PRIMARY KEY (queue_id, seq)); CREATE SEQUENCE $BASE.baseline_seq;"
cat >"$RESULTS/insert.sql" <<SQL
INSERT INTO $BASE.insert_baseline (queue_id, seq, priority, state, joined_at)
  VALUES (1, nextval('$BASE.baseline_seq'), 0, 1, 0);
SQL

start_server
paused_queue '{"name":"drop","release_rate_per_minute":1,"idle_timeout_seconds":86400}'
cat >"$RESULTS/join.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = "$key"
wrk.body = '{"queue_id":$queue}'
local created = 0
response = function(status) if status == 201 then created = created + 1 end end
LUA
wrk -t2 -c64 -d10s -s "$RESULTS/join.lua" "http://127.0.0.1:$BENCH_PORT/join" >/dev/null

: >"$RESULTS/pgbench.tps"; : >"$RESULTS/joins.rps"
for round in $(seq 1 "$ROUNDS"); do
  p=$(pgbench -h 127.0.0.1 -U "$PG_USER" -n -c 64 -j 2 -T 15 -f "$RESULTS/insert.sql" test 2>&1)
  j=$(wrk -t2 -c64 -d15s --latency -s "$RESULTS/join.lua" "http://127.0.0.1:$BENCH_PORT/join")
  echo "$p" | awk '/^tps/ {print $3}' >>"$RESULTS/pgbench.tps"
  echo "$j" | wrk_rps >>"$RESULTS/joins.rps"
  echo "round $round: pgbench $(echo "$p" | awk '/^tps/ {print $3}') tx/s, joins $(echo "$j" | wrk_rps)/s, join p99 $(echo "$j" | wrk_p99_ms) ms" | tee -a "$OUT"
  if echo "$j" | grep -q "Non-2xx"; then echo "$j" | grep "Non-2xx" | tee -a "$OUT"; fi
done
rows=$(psql_bench -tA -c "SELECT count(*) FROM $SCHEMA.visitors")
{
  echo "pgbench median:     $(median <"$RESULTS/pgbench.tps") single-row insert tx/s"
  echo "joins median:       $(median <"$RESULTS/joins.rps") durable joins/s"
  echo "ratio (pgbench=1):  $(echo "scale=2; $(median <"$RESULTS/joins.rps") / $(median <"$RESULTS/pgbench.tps")" | bc)"
  echo "visitor rows:       $rows"
} | tee -a "$OUT"
echo "results in $OUT"
