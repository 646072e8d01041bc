#!/usr/bin/env bash
# Proves the deployment files on this machine (run by .ci/run after the tests; runnable alone):
#   1. lint: Dockerfile (dockerfilelint), compose.yaml + .env.example (dclint), the GitHub
#      workflows (action-validator), the Kubernetes manifests (kubectl kustomize, then each object
#      validated against the Kubernetes schemas by kubernetes-models);
#   2. the image: built with podman on a local stand-in for eclipse-temurin (no Docker Hub here:
#      a debootstrap Debian + this machine's JDK at /opt/java/openjdk, cached), then run: /health on
#      8000 with the embedded database, a non-root uid, data kept in the volume across a restart,
#      production without SECRET_KEY refused, and PostgreSQL through DB_URL;
#   3. several nodes: two containers of the image with CLUSTER_MODE=true started at once on a fresh
#      PostgreSQL schema: both ready, a join through one polled through the other at the same
#      position, the pacing node killed (SIGKILL) and the other releasing within 5 s, the killed
#      one restarted and taking over when the other is stopped (SIGTERM hands the pacing back).
# A tool that is missing is installed; what cannot be done fails loudly (never a silent skip).
# Env: ANTEROOM_DEPLOY_CACHE (default /var/cache/anteroom-deploy), DEPLOY_CHECK_ONLY=lint|image|
#      cluster (image builds the image and runs 2 and 3; cluster builds it and runs 3 only),
#      ANTEROOM_TEST_PG_URL-like PG settings: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres),
#      PGDATABASE (test).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=${ANTEROOM_DEPLOY_CACHE:-/var/cache/anteroom-deploy}
ONLY=${DEPLOY_CHECK_ONLY:-all}
# The JDK laid into the stand-in base image: ANTEROOM_STANDIN_JDK, else the newest JDK 21+ under
# /usr/lib/jvm (Temurin's layout as the official image has it).
first_jdk() {
  local candidate
  for candidate in /usr/lib/jvm/temurin-2[5-9]-jdk-* /usr/lib/jvm/temurin-2[1-4]-jdk-* \
    /usr/lib/jvm/java-2[1-9]-openjdk-*; do
    if [ -x "$candidate/bin/java" ]; then
      echo "$candidate"
      return
    fi
  done
}
JDK_HOME=${ANTEROOM_STANDIN_JDK:-$(first_jdk)}
BASE_TAG=docker.io/library/eclipse-temurin
BASE_VERSION=25
IMAGE=localhost/anteroom:check
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGDATABASE=${PGDATABASE:-test}
RUN_ID="$$-$RANDOM"
STARTED=$(date +%s)
CONTAINERS=()
VOLUMES=()
SCHEMAS=()

say() { printf '== %s (%ss)\n' "$*" "$(($(date +%s) - STARTED))"; }
fail() {
  printf '\ndeploy/check.sh: FAILED: %s\n' "$*" >&2
  exit 1
}
cleanup() {
  local c v s
  # -v: the anonymous volumes the image declares go with their containers
  for c in "${CONTAINERS[@]}"; do podman rm -f -v -t 2 "$c" >/dev/null 2>&1 || true; done
  for v in "${VOLUMES[@]}"; do podman volume rm -f "$v" >/dev/null 2>&1 || true; done
  for s in "${SCHEMAS[@]}"; do
    psql -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

# --- tools -----------------------------------------------------------------------------------
apt_install() {
  # root here and in .ci/run; a GitHub runner is a user with sudo
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo -n true 2>/dev/null || fail "$* missing, and neither root nor sudo: install the Debian packages $* (apt-get install $*)"
    sudo="sudo -n"
  fi
  say "installing $*"
  # Only the tools are wanted: a package's own service (haproxy, prometheus) must not start and
  # hold ports (policy-rc.d answering 101 refuses every start).
  local policy=/usr/sbin/policy-rc.d own_policy=false ok=true
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && own_policy=true
  fi
  { $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "$@"; } >"$CACHE/apt.log" 2>&1 || ok=false
  if $own_policy; then $sudo rm -f "$policy"; fi
  if ! $ok; then
    tail -20 "$CACHE/apt.log" >&2
    fail "could not install the Debian packages $* (log above)"
  fi
}
need_cmd() { # command package
  command -v "$1" >/dev/null 2>&1 || apt_install "$2"
  command -v "$1" >/dev/null 2>&1 || fail "$1 still missing after installing $2"
}
mkdir -p "$CACHE" || fail "cannot create the cache folder $CACHE (set ANTEROOM_DEPLOY_CACHE)"

NODE_DIR="$CACHE/node-tools"
NODE_TOOLS=(dclint@3 @action-validator/cli@0.6 @action-validator/core@0.6 dockerfilelint@1
  kubernetes-models@4 @kubernetes-models/prometheus-operator@4 js-yaml@4)
node_tools() {
  need_cmd node nodejs
  need_cmd npm npm
  local stamp="$NODE_DIR/.stamp-$(printf '%s ' "${NODE_TOOLS[@]}" | md5sum | cut -c1-12)"
  if [ ! -e "$stamp" ]; then
    say "installing the npm tools into $NODE_DIR"
    mkdir -p "$NODE_DIR"
    [ -f "$NODE_DIR/package.json" ] || echo '{"private":true}' >"$NODE_DIR/package.json"
    if ! timeout 300 npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error \
      "${NODE_TOOLS[@]}" >"$CACHE/npm.log" 2>&1; then
      tail -20 "$CACHE/npm.log" >&2
      fail "npm could not install ${NODE_TOOLS[*]} (log above)"
    fi
    touch "$stamp"
  fi
  export PATH="$NODE_DIR/node_modules/.bin:$PATH"
}

# --- 1. lint ---------------------------------------------------------------------------------
lint() {
  node_tools
  need_cmd kubectl kubernetes-client
  need_cmd haproxy haproxy
  need_cmd promtool prometheus

  say "Dockerfile: dockerfilelint"
  dockerfilelint Dockerfile || fail "dockerfilelint rejects the Dockerfile"

  say "compose.yaml, compose.cluster.yaml: dclint"
  [ -f compose.yaml ] || fail "compose.yaml is missing"
  [ -f compose.cluster.yaml ] || fail "compose.cluster.yaml is missing"
  [ -f .env.example ] || fail ".env.example is missing"
  dclint compose.yaml || fail "dclint rejects compose.yaml"
  dclint compose.cluster.yaml || fail "dclint rejects compose.cluster.yaml"
  # every variable the compose files read is documented in .env.example, and .env.example holds no
  # value for a secret
  local var missing=""
  for var in $(grep -ohE '\$\{[A-Z_][A-Z0-9_]*' compose.yaml compose.cluster.yaml | cut -c3- | sort -u); do
    grep -qE "^#? ?$var=" .env.example || missing="$missing $var"
  done
  [ -z "$missing" ] || fail "the compose files read variables .env.example does not document:$missing"
  if grep -nE '^(SECRET_KEY|ADMIN_PASSWORD|ANTEROOM_METRICS_TOKEN|POSTGRES_PASSWORD|GRAFANA_ADMIN_PASSWORD|SMTP_PASS|DB_PASSWORD)=.+' .env.example; then
    fail ".env.example gives a value to a secret (above): leave secrets empty there"
  fi

  say "compose.cluster.yaml: several nodes behind HAProxy (the override against compose.yaml, haproxy -c, promtool)"
  NODE_PATH="$NODE_DIR/node_modules" node deploy/validate-compose-cluster.mjs compose.yaml compose.cluster.yaml \
    || fail "compose.cluster.yaml does not make compose.yaml's Anteroom several nodes (above)"
  haproxy -c -f deploy/haproxy/haproxy.cfg >/dev/null || fail "haproxy -c rejects deploy/haproxy/haproxy.cfg"
  promtool check config --syntax-only deploy/prometheus/prometheus.cluster.yml >/dev/null \
    || fail "promtool rejects deploy/prometheus/prometheus.cluster.yml"

  say "GitHub workflows: action-validator"
  local wf
  for wf in .github/workflows/*.yml; do
    [ -f "$wf" ] || fail "no workflow under .github/workflows"
    action-validator "$wf" || fail "action-validator rejects $wf"
  done

  say "Kubernetes: kubectl kustomize + kubernetes-models"
  # the base: one node on the embedded database (Recreate); production: three on PostgreSQL
  # (CLUSTER_MODE=true, RollingUpdate, preStop, anti-affinity; validate.mjs says what it checks)
  local overlay expected out
  for overlay in deploy/kubernetes/base:single deploy/kubernetes/overlays/production:cluster:3; do
    expected=${overlay#*:}
    overlay=${overlay%%:*}
    out="$CACHE/rendered-$(basename "$overlay").yaml"
    kubectl kustomize "$overlay" >"$out" || fail "kubectl kustomize $overlay failed"
    NODE_PATH="$NODE_DIR/node_modules" node deploy/kubernetes/validate.mjs "$out" "$expected" \
      || fail "the objects rendered from $overlay do not validate"
  done
}

# --- 2. the image ----------------------------------------------------------------------------
standin_base() {
  if podman image exists "$BASE_TAG:$BASE_VERSION-jre" && podman image exists "$BASE_TAG:$BASE_VERSION-jdk"; then
    return
  fi
  [ -x "$JDK_HOME/bin/java" ] || fail "no JDK at $JDK_HOME to build the stand-in $BASE_TAG:$BASE_VERSION-jre (set ANTEROOM_STANDIN_JDK)"
  need_cmd debootstrap debootstrap
  if [ ! -d "$CACHE/rootfs" ]; then
    say "debootstrap a Debian bookworm minbase root filesystem (first run only: minutes)"
    rm -rf "$CACHE/rootfs-tmp"
    timeout 900 debootstrap --variant=minbase bookworm "$CACHE/rootfs-tmp" http://deb.debian.org/debian \
      >"$CACHE/debootstrap.log" 2>&1 || {
      tail -20 "$CACHE/debootstrap.log" >&2
      fail "debootstrap could not build the stand-in root filesystem (log above)"
    }
    mv "$CACHE/rootfs-tmp" "$CACHE/rootfs"
  fi
  say "importing the stand-in $BASE_TAG:$BASE_VERSION-jre (this machine's JDK at /opt/java/openjdk)"
  # the official image's layout: the JDK/JRE at /opt/java/openjdk, JAVA_HOME and PATH set
  local tarball="$CACHE/standin.tar"
  rm -rf "$CACHE/standin" && mkdir -p "$CACHE/standin/opt/java"
  cp -a "$JDK_HOME" "$CACHE/standin/opt/java/openjdk"
  tar -C "$CACHE/rootfs" --exclude=./var/cache/apt/archives --exclude=./var/lib/apt/lists -cf "$tarball" .
  tar -C "$CACHE/standin" -rf "$tarball" ./opt/java/openjdk
  rm -rf "$CACHE/standin"
  podman import \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=en_US.UTF-8' \
    --change 'CMD ["jshell"]' \
    "$tarball" "$BASE_TAG:$BASE_VERSION-jre" >"$CACHE/import.log" 2>&1 || fail "podman import of the stand-in failed"
  rm -f "$tarball"
  # the stand-in holds a whole JDK, so it serves as the build stages' image too
  podman tag "$BASE_TAG:$BASE_VERSION-jre" "$BASE_TAG:$BASE_VERSION-jdk"
}

PODMAN_RUN=(podman run --runtime=runc --cgroup-manager=cgroupfs --network=host --health-interval=disable
  --ulimit nofile=20000:20000 --ulimit nproc=4096:4096)
PORT=8000
BASE_URL=""

# start NAME [podman run options...]: a detached container of the image, removed at the end
start() {
  local name=$1
  shift
  CONTAINERS+=("$name")
  "${PODMAN_RUN[@]}" -d --name "$name" "$@" "$IMAGE" >/dev/null || fail "podman run $name failed"
}
# wait_health NAME SECONDS: until /health answers 200; fails with the container's log otherwise
wait_health() {
  local name=$1 limit=$2 t0 code
  t0=$(date +%s%N)
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE_URL/health" || true)
    [ "$code" = 200 ] && break
    if [ "$(podman inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" != true ]; then
      podman logs "$name" 2>&1 | tail -40 >&2
      fail "container $name stopped before /health answered 200 (log above)"
    fi
    if [ $((($(date +%s%N) - t0) / 1000000000)) -ge "$limit" ]; then
      podman logs "$name" 2>&1 | tail -40 >&2
      fail "container $name: /health did not answer 200 within ${limit}s (last: $code; log above)"
    fi
    sleep 0.2
  done
  LAST_START_MS=$((($(date +%s%N) - t0) / 1000000))
}
stop() { podman stop -t 20 "$1" >/dev/null || fail "podman stop $1 failed"; }
rand_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
# new_schema PREFIX: a fresh PostgreSQL schema, dropped at the end, in NEW_SCHEMA
new_schema() {
  pg_isready -q -t 10 || fail "PostgreSQL does not answer at $PGHOST:$PGPORT (start it: .ci/run does)"
  NEW_SCHEMA="$1_$(rand_hex 5)"
  SCHEMAS+=("$NEW_SCHEMA")
  psql -q -v ON_ERROR_STOP=1 -c "CREATE SCHEMA $NEW_SCHEMA" || fail "cannot create schema $NEW_SCHEMA"
}
json() { jq -er "$1" || fail "unexpected answer (wanted $1)"; }

# the image, built from target/anteroom-*.jar on the stand-in base
build_image() {
  need_cmd podman podman
  need_cmd runc runc
  need_cmd curl curl
  need_cmd jq jq
  need_cmd psql postgresql-client
  standin_base

  local jar
  jar=$(ls target/anteroom-*.jar 2>/dev/null | grep -v -- '-plain' | head -n 1 || true)
  if [ -z "$jar" ]; then
    say "no target/anteroom-*.jar: ./mvnw -q -o -DskipTests package"
    ./mvnw -q -o -DskipTests package || fail "./mvnw package failed: the image needs the jar"
  fi

  say "podman build (JAR_FROM=prebuilt, on the stand-in base)"
  timeout 600 podman build --format docker --isolation=chroot --pull=never --build-arg JAR_FROM=prebuilt \
    -t "$IMAGE" -f Dockerfile . >"$CACHE/build.log" 2>&1 || {
    tail -30 "$CACHE/build.log" >&2
    fail "podman build failed (log above)"
  }
  # The previous build of the same tag, and the build's intermediate stages, are now untagged:
  # without this every run would leave half a gigabyte behind.
  podman image prune -f >/dev/null 2>&1 || true
  IMAGE_SIZE_MB=$(($(podman image inspect -f '{{.Size}}' "$IMAGE") / 1000000))
  BASE_SIZE_MB=$(($(podman image inspect -f '{{.Size}}' "$BASE_TAG:$BASE_VERSION-jre") / 1000000))
  say "image $IMAGE: ${IMAGE_SIZE_MB} MB (stand-in base ${BASE_SIZE_MB} MB, so Anteroom's layers add $((IMAGE_SIZE_MB - BASE_SIZE_MB)) MB)"
}

image() {
  if ss -ltn 2>/dev/null | grep -qE '[:.]8000\s'; then
    [ "${CI:-}" != true ] || fail "port 8000 is taken on this machine: the container (host network) cannot answer on it"
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    echo "   port 8000 is taken here: the containers listen on $PORT instead (PORT=$PORT)"
  fi
  BASE_URL="http://127.0.0.1:$PORT"
  local port_env=()
  [ "$PORT" = 8000 ] || port_env=(-e "PORT=$PORT")

  # --- embedded database, non-root, data across a restart ---
  local data="anteroom-check-data-$RUN_ID" first="anteroom-check-1-$RUN_ID"
  local second="anteroom-check-2-$RUN_ID" password="deploy-check-password-$RUN_ID"
  VOLUMES+=("$data")
  podman volume create "$data" >/dev/null
  say "start on the embedded database (volume $data)"
  start "$first" "${port_env[@]}" -v "$data:/app/data" -e "ADMIN_PASSWORD=$password"
  wait_health "$first" 120
  FIRST_START_MS=$LAST_START_MS
  echo "   /health 200 after ${FIRST_START_MS} ms (first start: creates the database)"
  local uid
  uid=$(podman exec "$first" id -u) || fail "podman exec id -u failed"
  [ "$uid" != 0 ] || fail "the container runs as root"
  echo "   runs as uid $uid"
  local token app
  token=$(curl -sf --max-time 10 "$BASE_URL/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"admin@anteroom.local\",\"password\":\"$password\"}" | json .access_token)
  app=$(curl -sf --max-time 10 "$BASE_URL/applications" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"name":"deploy-check"}' | json .id)
  echo "   created application $app"
  stop "$first"

  say "restart: a new container on the same volume"
  start "$second" "${port_env[@]}" -v "$data:/app/data"
  wait_health "$second" 120
  RESTART_MS=$LAST_START_MS
  echo "   /health 200 after ${RESTART_MS} ms"
  token=$(curl -sf --max-time 10 "$BASE_URL/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"admin@anteroom.local\",\"password\":\"$password\"}" | json .access_token)
  local name
  name=$(curl -sf --max-time 10 "$BASE_URL/applications/$app" -H "Authorization: Bearer $token" | json .name)
  [ "$name" = deploy-check ] || fail "after the restart application $app is '$name', not deploy-check"
  echo "   application $app and the admin's password survived the restart"
  stop "$second"

  # --- production without SECRET_KEY ---
  say "production mode without SECRET_KEY must refuse to start"
  local refused="anteroom-check-refused-$RUN_ID" rc log
  start "$refused" "${port_env[@]}" -e ANTEROOM_PROFILE=production -e "ADMIN_PASSWORD=$password"
  rc=$(timeout 120 podman wait "$refused") || fail "the production container without SECRET_KEY did not stop within 120s"
  log=$(podman logs "$refused" 2>&1)
  [ "$rc" != 0 ] || fail "the production container without SECRET_KEY exited 0"
  grep -q 'SECRET_KEY is not set, and ANTEROOM_PROFILE=production requires it' <<<"$log" || {
    tail -30 <<<"$log" >&2
    fail "the production container without SECRET_KEY stopped ($rc) without saying why"
  }
  echo "   exited $rc: SECRET_KEY is not set, and ANTEROOM_PROFILE=production requires it."

  # --- PostgreSQL through DB_URL ---
  say "PostgreSQL through DB_URL ($PGHOST:$PGPORT/$PGDATABASE)"
  new_schema anteroom_deploy_check
  local schema=$NEW_SCHEMA
  local pg="anteroom-check-pg-$RUN_ID"
  start "$pg" "${port_env[@]}" -e ANTEROOM_PROFILE=production \
    -e "SECRET_KEY=deploy-check-secret-key-$(rand_hex 16)" \
    -e "ADMIN_PASSWORD=$password" -e ANTEROOM_METRICS_TOKEN=deploy-check-metrics-token \
    -e "DB_URL=jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE?currentSchema=$schema" \
    -e "DB_USER=$PGUSER" -e "DB_PASSWORD=${PGPASSWORD:-}"
  wait_health "$pg" 120
  local tables
  tables=$(psql -At -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = '$schema'")
  [ "${tables:-0}" -gt 5 ] || fail "the container answered /health but schema $schema holds $tables tables"
  curl -sf --max-time 10 -o /dev/null -H 'Authorization: Bearer deploy-check-metrics-token' \
    "$BASE_URL/metrics" || fail "/metrics with the token did not answer 200"
  echo "   /health 200 in production on PostgreSQL; schema $schema holds $tables tables; /metrics 200 with the token"
  stop "$pg"

  # --- HEALTHCHECK command runs in the image (no curl or wget in the base) ---
  say "the image's HEALTHCHECK command"
  local hc="anteroom-check-hc-$RUN_ID"
  start "$hc" "${port_env[@]}" -v "$data:/app/data"
  wait_health "$hc" 120
  podman healthcheck run "$hc" >/dev/null 2>&1 || {
    podman inspect -f '{{json .State.Health}}' "$hc" >&2 || true
    fail "the image's HEALTHCHECK fails against a healthy container"
  }
  echo "   podman healthcheck run: healthy"
  stop "$hc"

  printf 'IMAGE_SIZE_MB=%s\nBASE_SIZE_MB=%s\nFIRST_START_MS=%s\nRESTART_MS=%s\n' \
    "$IMAGE_SIZE_MB" "$BASE_SIZE_MB" "$FIRST_START_MS" "$RESTART_MS" >"$CACHE/last-measurements"
}

# --- 3. several nodes ------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# wait_ready NAME URL SECONDS: until URL/health/readiness answers 200
wait_ready() {
  local name=$1 url=$2 limit=$3 t0 code
  t0=$(date +%s)
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/health/readiness" || true)
    [ "$code" = 200 ] && return
    if [ "$(podman inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" != true ]; then
      podman logs "$name" 2>&1 | tail -40 >&2
      fail "container $name stopped before it was ready (log above)"
    fi
    if [ $(($(date +%s) - t0)) -ge "$limit" ]; then
      podman logs "$name" 2>&1 | tail -40 >&2
      fail "container $name: /health/readiness did not answer 200 within ${limit}s (last: $code; log above)"
    fi
    sleep 0.2
  done
}
# until_ms SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds, then prints the
# milliseconds that took; fails (status 1) once SECONDS have passed
until_ms() {
  local limit=$(($1 * 1000)) t0
  shift
  t0=$(now_ms)
  until "$@"; do
    [ $(($(now_ms) - t0)) -lt "$limit" ] || return 1
    sleep 0.1
  done
  echo $(($(now_ms) - t0))
}

cluster() {
  say "several nodes: two containers with CLUSTER_MODE=true, started at once on a fresh schema"
  new_schema anteroom_deploy_cluster
  local schema=$NEW_SCHEMA a="anteroom-check-node-a-$RUN_ID" b="anteroom-check-node-b-$RUN_ID"
  local password="deploy-check-password-$RUN_ID" secret="deploy-check-secret-key-$(rand_hex 16)"
  local -A url
  local node
  for node in "$a" "$b"; do
    local port
    port=$(free_port)
    url[$node]="http://127.0.0.1:$port"
    # --hostname: a node names itself by HOSTNAME in the lease it holds; readiness is polled
    # here, so no HEALTHCHECK timer (podman would try systemd for one)
    # JAVA_TOOL_OPTIONS: two nodes start at once on a machine of 2 cores; the image's own flags
    # are proven above, these start with less compiling and a heap that fits the test
    start "$node" --hostname "$node" --no-healthcheck -e PORT="$port" -e CLUSTER_MODE=true \
      -e "JAVA_TOOL_OPTIONS=-Xms128m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp" \
      -e ANTEROOM_PROFILE=production -e "SECRET_KEY=$secret" -e "ADMIN_PASSWORD=$password" \
      -e "DB_URL=jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE?currentSchema=$schema" \
      -e "DB_USER=$PGUSER" -e "DB_PASSWORD=${PGPASSWORD:-}"
  done
  local t0
  t0=$(date +%s)
  for node in "$a" "$b"; do
    wait_ready "$node" "${url[$node]}" 120
    curl -sf --max-time 5 "${url[$node]}/health/readiness" | jq -e '.components.lines.status == "UP"' >/dev/null \
      || fail "$node: /health/readiness has no lines component UP"
  done
  echo "   both ready (lines UP) $(($(date +%s) - t0)) s after they started"

  # as the README's walk-through: an application and a paused queue, so that a line forms
  local A=${url[$a]} B=${url[$b]} token app key queue
  token=$(curl -sf --max-time 10 "$A/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"admin@anteroom.local\",\"password\":\"$password\"}" | json .access_token)
  app=$(curl -sf --max-time 10 "$A/applications" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"name":"deploy-cluster"}')
  key=$(json .secret_key <<<"$app")
  app=$(json .id <<<"$app")
  queue=$(curl -sf --max-time 10 "$A/queues" -H "X-API-Key: $key" -H 'Content-Type: application/json' \
    -d '{"name":"deploy-cluster","release_rate_per_minute":120}' | json .id)
  curl -sf --max-time 10 -o /dev/null -X POST "$A/queues/$queue/pause" -H "X-API-Key: $key" \
    || fail "pausing queue $queue failed"
  # 239 joins in one curl, then one more whose answer and Anteroom-Line are kept: two minutes of
  # releases at 120 a minute, more than the kill, the restart and the handover below take
  local joins=() i
  for i in $(seq 239); do joins+=("$A/join"); done
  curl -sf --max-time 60 -H "X-API-Key: $key" -H 'Content-Type: application/json' \
    -d "{\"queue_id\":$queue}" "${joins[@]}" >/dev/null || fail "joins through $a failed"
  local headers="$CACHE/join-headers" joined visitor position line
  joined=$(curl -sf --max-time 10 -D "$headers" "$A/join" -H "X-API-Key: $key" \
    -H 'Content-Type: application/json' -d "{\"queue_id\":$queue}") || fail "a join through $a failed"
  visitor=$(json .token <<<"$joined")
  position=$(json .position <<<"$joined")
  line=$(tr -d '\r' <"$headers" | awk 'tolower($1) == "anteroom-line:" {print $2}')
  [ "$position" = 240 ] || fail "the 240th join through $a answered position $position"
  [ -n "$line" ] || fail "a join through $a answered no Anteroom-Line header"
  # the other node learns of the queue within a few seconds (it re-reads the queues); the poll
  # sends the line back as the client does, so it is answered from a copy at least that recent
  local ms
  polled_at_same_position() {
    [ "$(curl -s --max-time 2 "$B/queue_status?token=$visitor&line=$line" | jq -r .position 2>/dev/null)" = "$position" ]
  }
  ms=$(until_ms 20 polled_at_same_position) \
    || fail "$b does not give the visitor who joined through $a position $position within 20 s: $(curl -s "$B/queue_status?token=$visitor&line=$line")"
  echo "   240 joins through $a; the last, position $position, polled through $b at position $position (after $ms ms)"

  sql() { PGOPTIONS="-c search_path=$schema" psql -At -v ON_ERROR_STOP=1 -c "$1"; }
  released_after() { [ "$(sql "SELECT count(*) FROM visitors WHERE queue_id = $queue AND released_at > $1")" -gt 0 ]; }
  # the node holding the application's pacing lease now: the holder starts with its HOSTNAME
  pacer() {
    sql "SELECT holder FROM application_leases WHERE application_id = $app AND expires_at > CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)" \
      | awk '{print $1}'
  }
  holds() { [ "$(pacer)" = "$1" ]; }
  curl -sf --max-time 10 -o /dev/null -X POST "$B/queues/$queue/resume" -H "X-API-Key: $key" \
    || fail "resuming queue $queue through $b failed"
  ms=$(until_ms 20 released_after 0) || fail "no visitor released within 20 s of resuming"
  local paces other
  paces=$(pacer)
  case "$paces" in
    "$a") other=$b ;;
    "$b") other=$a ;;
    *) fail "the application's pacing lease is held by '$paces', neither node" ;;
  esac
  echo "   releasing $ms ms after the resume, paced by $paces"

  say "SIGKILL the pacing node: the other releases within 5 s"
  # Timed as the cluster check times failover: the gap between the last release before the kill
  # and the first after it, from the release times the nodes wrote (the polling here adds nothing)
  local killed_at dead_at gap
  killed_at=$(now_ms)
  podman kill -s KILL "$paces" >/dev/null || fail "podman kill $paces failed"
  dead_at=$(now_ms)
  ms=$(until_ms 8 holds "$other") \
    || fail "$other did not take the pacing lease within 8 s of killing $paces (held by '$(pacer)')"
  until_ms 5 released_after "$dead_at" >/dev/null || fail "$other took the lease but released nobody within 5 s"
  gap=$(sql "SELECT MIN(released_at) FILTER (WHERE released_at > $dead_at)
      - GREATEST(MAX(released_at) FILTER (WHERE released_at <= $dead_at), 0) FROM visitors WHERE queue_id = $queue")
  [ "$gap" -le 5000 ] \
    || fail "no release for $gap ms around the kill of $paces ($other held the lease $ms ms after the kill)"
  curl -sf --max-time 5 -o /dev/null "${url[$other]}/queue_status?token=$visitor" \
    || fail "$other does not answer polls after $paces was killed"
  echo "   $other held the lease $ms ms after the kill; releases stopped for $gap ms"

  say "restart the killed node; SIGTERM the pacing one: the restarted one takes over"
  t0=$(date +%s)
  podman start "$paces" >/dev/null || fail "podman start $paces failed"
  wait_ready "$paces" "${url[$paces]}" 120
  echo "   $paces ready again $(($(date +%s) - t0)) s after its restart"
  local stopped_at took_at released rc
  stopped_at=$(now_ms)
  podman kill -s TERM "$other" >/dev/null || fail "podman kill -s TERM $other failed"
  # 2 s: were the lease left to run out (3 s from a renewal at most 1 s old) it would take 2-4 s
  ms=$(until_ms 2 holds "$paces") \
    || fail "$paces did not hold the lease within 2 s of SIGTERM to $other (held by '$(pacer)'): a stopping node hands its leases back at once"
  took_at=$(now_ms)
  released=$(until_ms 3 released_after "$took_at") || fail "$paces took the lease over but released nobody within 3 s"
  rc=$(timeout 40 podman wait "$other") || fail "$other did not stop within 40 s of SIGTERM"
  echo "   $paces held the lease $ms ms after the SIGTERM and released $released ms later; $other exited $rc after $((($(now_ms) - stopped_at) / 1000)) s"
  stop "$paces"
}

case "$ONLY" in
  lint) lint ;;
  image)
    build_image
    image
    cluster
    ;;
  cluster)
    build_image
    cluster
    ;;
  # not `lint && image`: a function on the left of && runs with errexit off
  all)
    lint
    build_image
    image
    cluster
    ;;
  *) fail "DEPLOY_CHECK_ONLY must be lint, image, cluster or all, not $ONLY" ;;
esac
say "deploy/check.sh: all checks passed"
