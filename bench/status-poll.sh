#!/usr/bin/env bash
# Status polls with 1,000,000 visitors waiting in one queue, against nginx serving a static JSON
# file of the same size, both under `wrk -t2 -c64 -d15s` on this machine, alternated, repeated.
# Also reports the rebuild time and the heap the million visitors take.
# Usage: bench/status-poll.sh [visitors] [rounds]
source "$(dirname "$0")/common.sh"
VISITORS=${1:-1000000}
ROUNDS=${2:-3}
OUT=$RESULTS/status-poll-$(date +%Y%m%d-%H%M%S).txt

fresh_schema
start_server
heap_empty=$(heap_used_mb)
paused_queue '{"name":"drop","release_rate_per_minute":1,"idle_timeout_seconds":86400}'
stop_server

seed_waiting "$queue" "$VISITORS"

started=$(date +%s.%N)
start_server
ready=$(date +%s.%N)
heap_full=$(heap_used_mb)

python3 - "$SECRET" "$queue" "$VISITORS" >"$RESULTS/tokens.txt" <<'PY'
import base64, hashlib, hmac, random, struct, sys
secret, queue, visitors = sys.argv[1].encode(), int(sys.argv[2]), int(sys.argv[3])
key = hmac.new(secret, b"anteroom/queue-token", hashlib.sha256).digest()
random.seed(1)
for _ in range(20000):
    body = struct.pack(">qq", queue, random.randint(1, visitors))
    mac = hmac.new(key, body, hashlib.sha256).digest()[:16]
    print(base64.urlsafe_b64encode(body + mac).rstrip(b"=").decode())
PY
cat >"$RESULTS/status.lua" <<LUA
local tokens = {}
for line in io.lines("$RESULTS/tokens.txt") do tokens[#tokens + 1] = line end
request = function()
  return wrk.format("GET", "/queue_status?token=" .. tokens[math.random(#tokens)])
end
LUA
sample=$(head -1 "$RESULTS/tokens.txt")
curl -sf "http://127.0.0.1:$BENCH_PORT/queue_status?token=$sample" | tee -a "$OUT"; echo | tee -a "$OUT"

start_nginx
# Warm both up: the JIT needs a few seconds of the hot path.
wrk -t2 -c64 -d10s -s "$RESULTS/status.lua" "http://127.0.0.1:$BENCH_PORT" >/dev/null
wrk -t2 -c64 -d5s "http://127.0.0.1:$NGINX_PORT/status.json" >/dev/null

: >"$RESULTS/nginx.rps"; : >"$RESULTS/anteroom.rps"; : >"$RESULTS/anteroom.p99"; : >"$RESULTS/nginx.p99"
for round in $(seq 1 "$ROUNDS"); do
  n=$(wrk -t2 -c64 -d15s --latency "http://127.0.0.1:$NGINX_PORT/status.json")
  a=$(wrk -t2 -c64 -d15s --latency -s "$RESULTS/status.lua" "http://127.0.0.1:$BENCH_PORT")
  echo "$n" | wrk_rps >>"$RESULTS/nginx.rps"
  echo "$n" | wrk_p99_ms >>"$RESULTS/nginx.p99"
  echo "$a" | wrk_rps >>"$RESULTS/anteroom.rps"
  echo "$a" | wrk_p99_ms >>"$RESULTS/anteroom.p99"
  echo "round $round: nginx $(echo "$n" | wrk_rps) req/s, anteroom $(echo "$a" | wrk_rps) req/s" | tee -a "$OUT"
  if echo "$a" | grep -q "Non-2xx"; then echo "$a" | grep "Non-2xx" | tee -a "$OUT"; fi
done

nginx_rps=$(median <"$RESULTS/nginx.rps")
anteroom_rps=$(median <"$RESULTS/anteroom.rps")
{
  echo "visitors waiting:          $VISITORS"
  echo "rebuild to ready:          $(echo "$ready - $started" | bc) s (process start included)"
  echo "heap after GC, empty:      ${heap_empty} MB"
  echo "heap after GC, full:       ${heap_full} MB (+$((heap_full - heap_empty)) MB)"
  echo "nginx median:              $nginx_rps req/s, p99 $(median <"$RESULTS/nginx.p99") ms"
  echo "anteroom median:           $anteroom_rps req/s, p99 $(median <"$RESULTS/anteroom.p99") ms"
  echo "ratio (nginx = 1.0):       $(echo "scale=2; $anteroom_rps / $nginx_rps" | bc)"
} | tee -a "$OUT"
echo "results in $OUT"
