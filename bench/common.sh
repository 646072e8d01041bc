# Shared by the benchmark scripts: a bench server on loopback over PostgreSQL, stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_PORT=${BENCH_PORT:-18000}
NGINX_PORT=${NGINX_PORT:-18080}
SECRET=bench-secret-key-0123456789abcdef0123456789
ADMIN_PASSWORD=bench-admin-password
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
PG_USER=${PG_USER:-postgres}
SCHEMA=anteroom_bench
RESULTS=bench/results
JAVA=$(ls -d /usr/lib/jvm/temurin-25-jdk-amd64 2>/dev/null || true)
JAVA=${JAVA:+$JAVA/bin/}java
JCMD=${JAVA%java}jcmd
mkdir -p "$RESULTS"

# The jar under test: $BENCH_JAR (to compare two builds), or the project's own.
jar() {
  if [ -n "${BENCH_JAR:-}" ]; then
    echo "$BENCH_JAR"
    return
  fi
  local jar
  jar=$(ls target/anteroom-*.jar 2>/dev/null | grep -v original | head -1 || true)
  if [ -z "$jar" ]; then
    ./mvnw -q -B -DskipTests package >/dev/null
    jar=$(ls target/anteroom-*.jar | grep -v original | head -1)
  fi
  echo "$jar"
}

psql_bench() {
  psql -h 127.0.0.1 -U "$PG_USER" -d test -v ON_ERROR_STOP=1 -q "$@"
}

fresh_schema() {
  psql_bench -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE; CREATE SCHEMA $SCHEMA;" 2>/dev/null
}

SERVER_PID=""
start_server() {
  local log=$RESULTS/server.log
  DB_URL="$PG_URL?currentSchema=$SCHEMA" DB_USER=$PG_USER SECRET_KEY=$SECRET \
    ADMIN_PASSWORD=$ADMIN_PASSWORD PORT=$BENCH_PORT ANTEROOM_DATA_DIR=$RESULTS/data \
    "$JAVA" ${JAVA_OPTS:-} -jar "$(jar)" >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do
    if curl -sf "http://127.0.0.1:$BENCH_PORT/health" >/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "the bench server did not start; see $log" >&2
  exit 1
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

NGINX_DIR=""
start_nginx() {
  NGINX_DIR=$(mktemp -d)
  printf '%s' '{"status":"waiting","position":123456,"eta_seconds":2058,"poll_after_seconds":30,"queue_id":4503599627370495,"redirect_url":null}' \
    >"$NGINX_DIR/status.json"
  cat >"$NGINX_DIR/nginx.conf" <<CONF
worker_processes 2;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { root $NGINX_DIR; default_type application/json; }
  }
}
CONF
  nginx -c "$NGINX_DIR/nginx.conf"
}

stop_nginx() {
  if [ -n "$NGINX_DIR" ] && [ -f "$NGINX_DIR/nginx.pid" ]; then
    nginx -c "$NGINX_DIR/nginx.conf" -s stop 2>/dev/null || true
  fi
}

cleanup() {
  stop_server
  stop_nginx
}
trap cleanup EXIT

api() {
  curl -sf "$@"
}

admin_token() {
  api "http://127.0.0.1:$BENCH_PORT/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"admin@anteroom.local\",\"password\":\"$ADMIN_PASSWORD\"}" |
    python3 -c 'import sys,json;print(json.load(sys.stdin)["access_token"])'
}

json_field() {
  python3 -c "import sys,json;print(json.load(sys.stdin)[\"$1\"])"
}

# Creates an application and a paused queue with the given settings; sets $key and $queue.
paused_queue() {
  local token
  token=$(admin_token)
  key=$(api "http://127.0.0.1:$BENCH_PORT/applications" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"name":"bench"}' | json_field secret_key)
  queue=$(api "http://127.0.0.1:$BENCH_PORT/queues" -H "X-API-Key: $key" \
    -H 'Content-Type: application/json' -d "$1" | json_field id)
  api -X POST "http://127.0.0.1:$BENCH_PORT/queues/$queue/pause" -H "X-API-Key: $key" >/dev/null
}

# Writes $2 waiting visitors of queue $1 straight into the database (the server must be down).
seed_waiting() {
  psql_bench -c "INSERT INTO $SCHEMA.visitors (queue_id, seq, priority, state, joined_at)
    SELECT $1, s, 0, 1, $(($(date +%s) * 1000)) FROM generate_series(1, $2) s;"
}

median() {
  sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}

# Requests per second from wrk's output.
wrk_rps() {
  awk '/Requests\/sec/ {print $2}'
}

# The 99th percentile latency in milliseconds from wrk --latency output.
wrk_p99_ms() {
  awk '/ 99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}'
}

heap_used_mb() {
  "$JCMD" "$SERVER_PID" GC.run >/dev/null
  sleep 1
  "$JCMD" "$SERVER_PID" GC.heap_info | awk '/used/ && /total/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub(/K,?/,"",v); print int(v/1024); exit}}'
}
