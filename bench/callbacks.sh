#!/usr/bin/env bash
# Callbacks end to end on PostgreSQL: two lines of waiting visitors released at 1,000,000 a minute,
# one in an application without a callback URL, one whose callbacks go to a fast local receiver
# (nginx answering 204 with keep-alive). Measures release throughput with callbacks off and on,
# and callbacks delivered per second from release to 2xx. Each round starts from a fresh schema.
# Baseline, in the same round: wrk POSTing a callback-sized body to the same receiver over 16
# keep-alive connections (Anteroom's default per-host bound), what the receiver can take.
# Usage: bench/callbacks.sh [visitors per line] [rounds]
source "$(dirname "$0")/common.sh"
VISITORS=${1:-150000}
ROUNDS=${2:-3}
OUT=$RESULTS/callbacks-$(date +%Y%m%d-%H%M%S).txt
export ANTEROOM_ALLOW_PRIVATE_CALLBACKS=true

start_receiver() {
  NGINX_DIR=$(mktemp -d)
  cat >"$NGINX_DIR/nginx.conf" <<CONF
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /hook { return 204; }
  }
}
CONF
  nginx -c "$NGINX_DIR/nginx.conf"
}

# The sum of a metric's samples for one queue.
metric() {
  curl -sf "http://127.0.0.1:$BENCH_PORT/metrics" |
    awk -v m="$1" -v q="queue_id=\"$2\"" '$1 ~ "^"m"[{]" && index($0, q) {s += $2} END {print int(s)}'
}

new_queue() {
  local token=$1 body=$2 key
  key=$(api "http://127.0.0.1:$BENCH_PORT/applications" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "$body" | json_field secret_key)
  local q
  q=$(api "http://127.0.0.1:$BENCH_PORT/queues" -H "X-API-Key: $key" -H 'Content-Type: application/json' \
    -d '{"name":"drop","release_rate_per_minute":1000000,"idle_timeout_seconds":86400}' | json_field id)
  api -X POST "http://127.0.0.1:$BENCH_PORT/queues/$q/pause" -H "X-API-Key: $key" >/dev/null
  echo "$q $key"
}

# Resumes a queue and answers releases per second over 10 s.
release_rate() {
  local q=$1 key=$2 before after start end
  api -X POST "http://127.0.0.1:$BENCH_PORT/queues/$q/resume" -H "X-API-Key: $key" >/dev/null
  start=$(date +%s.%N)
  before=$(metric queue_users_released_total "$q")
  sleep 10
  after=$(metric queue_users_released_total "$q")
  end=$(date +%s.%N)
  api -X POST "http://127.0.0.1:$BENCH_PORT/queues/$q/pause" -H "X-API-Key: $key" >/dev/null
  echo "($after - $before) / ($end - $start)" | bc
}

# POSTs per second the receiver takes from wrk alone (the server is down meanwhile).
receiver_rate() {
  local script
  script=$(mktemp --suffix=.lua)
  cat >"$script" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.rep("x", 400)
LUA
  wrk -t1 -c16 -d10s -s "$script" "http://127.0.0.1:$NGINX_PORT/hook" | wrk_rps | cut -d. -f1
  rm -f "$script"
}

start_receiver
echo "visitors per line: $VISITORS; rounds: $ROUNDS" | tee -a "$OUT"
for round in $(seq 1 "$ROUNDS"); do
  fresh_schema
  start_server
  token=$(admin_token)
  read -r off off_key < <(new_queue "$token" '{"name":"bench-off"}')
  read -r on on_key < <(new_queue "$token" \
    "{\"name\":\"bench-on\",\"callback_url\":\"http://127.0.0.1:$NGINX_PORT/hook\"}")
  stop_server
  seed_waiting "$off" "$VISITORS"
  seed_waiting "$on" "$VISITORS"
  baseline=$(receiver_rate)
  start_server

  rate_off=$(release_rate "$off" "$off_key")
  start=$(date +%s.%N)
  rate_on=$(release_rate "$on" "$on_key")
  released=$(metric queue_users_released_total "$on")
  # Deliveries keep going after the pause: wait (at most 5 minutes) until every released visitor's
  # callback has had its 2xx.
  for _ in $(seq 1 3000); do
    delivered=$(metric callback_success_total "$on")
    [ "$delivered" -ge "$released" ] && break
    sleep 0.1
  done
  end=$(date +%s.%N)
  delivery_rate=$(echo "$delivered / ($end - $start)" | bc)
  failures=$(metric callback_failure_total "$on")
  stop_server
  {
    echo "round $round: release/s without callbacks $rate_off, with callbacks $rate_on" \
      "(ratio $(echo "scale=2; $rate_on / $rate_off" | bc));" \
      "$delivered of $released callbacks delivered, $delivery_rate a second end to end" \
      "(receiver alone under wrk: $baseline POSTs a second, ratio" \
      "$(echo "scale=3; $delivery_rate / $baseline" | bc)); $failures final failures"
  } | tee -a "$OUT"
  echo "$rate_off $rate_on $delivery_rate $baseline" >>"$OUT.raw"
done
{
  echo "median release/s without callbacks: $(awk '{print $1}' "$OUT.raw" | median)"
  echo "median release/s with callbacks:    $(awk '{print $2}' "$OUT.raw" | median)"
  echo "median callbacks delivered/s:       $(awk '{print $3}' "$OUT.raw" | median)"
  echo "median receiver POSTs/s under wrk:  $(awk '{print $4}' "$OUT.raw" | median)"
} | tee -a "$OUT"
