#!/usr/bin/env bash
# Profiles the status poll or the join with JFR under wrk load; prints the hottest frames.
# Usage: bench/profile.sh [status|join]
source "$(dirname "$0")/common.sh"
WHAT=${1:-status}
fresh_schema
start_server
paused_queue '{"name":"p","release_rate_per_minute":1,"idle_timeout_seconds":86400}'
for i in $(seq 1 200); do api "http://127.0.0.1:$BENCH_PORT/join" -H "X-API-Key: $key" -H 'Content-Type: application/json' -d "{\"queue_id\":$queue}" | json_field token; done > $RESULTS/ptokens.txt
if [ "$WHAT" = join ]; then
cat > $RESULTS/p.lua <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = "$key"
wrk.body = '{"queue_id":$queue}'
request = function() return wrk.format(nil, "/join") end
LUA
else
cat > $RESULTS/p.lua <<LUA
local tokens = {}
for line in io.lines("$RESULTS/ptokens.txt") do tokens[#tokens + 1] = line end
request = function() return wrk.format("GET", "/queue_status?token=" .. tokens[math.random(#tokens)]) end
LUA
fi
wrk -t2 -c64 -d10s -s $RESULTS/p.lua "http://127.0.0.1:$BENCH_PORT" | grep Requests
$JCMD $SERVER_PID JFR.start name=p settings=profile filename=$PWD/$RESULTS/p.jfr > /dev/null
wrk -t2 -c64 -d15s -s $RESULTS/p.lua "http://127.0.0.1:$BENCH_PORT" | grep Requests
$JCMD $SERVER_PID JFR.stop name=p > /dev/null
"${JAVA%java}jfr" print --events jdk.ExecutionSample "$RESULTS/p.jfr" >"$RESULTS/samples.txt"
python3 - "$RESULTS/samples.txt" <<'PY'
import collections, re, sys
text = open(sys.argv[1]).read()
top, inclusive = collections.Counter(), collections.Counter()
for event in text.split("jdk.ExecutionSample"):
    frames = re.findall(r"^\s+([\w$.<>]+)\(", event, re.M)
    if frames:
        top[frames[0]] += 1
        inclusive.update(set(frames))
total = sum(top.values())
print("samples", total)
for frame, count in top.most_common(25):
    print(f"{count * 100 / total:5.1f}% self {frame}")
for frame, count in inclusive.most_common(80):
    if "anteroom" in frame or "jackson" in frame or "springframework.web" in frame or "postgresql" in frame:
        print(f"{count * 100 / total:5.1f}% incl {frame}")
PY
