#!/usr/bin/env python3
"""Three Anteroom nodes (packaged jars) on loopback ports sharing one PostgreSQL schema.

1. positions: joins, cancels and polls through random nodes; every waiting visitor's position is
   the same on every node and equals a brute-force model of the joins made (priority first, then
   order of joining), and a visitor's position never goes up from one poll to the next.
2. one place per person, the line's limit: racing joins through all nodes with repeated visitor
   ids and a max_size; each id holds one place, exactly max_size wait.
3. failover: joins through all nodes while the pacing node is killed with SIGKILL (and restarted)
   and once stopped with SIGSTOP for 10 s; then, from the database: every acknowledged join is
   there, nobody released twice, no second above 2 x ceil(rate/60) + 1 releases, no gap between
   releases above 5 s, the total within 1% of the plan.

4. with --outage: PostgreSQL stopped for 30 s (pg_ctlcluster): every node keeps answering polls
   from memory (positions frozen, not marked as such), joins answer 503; once it is back, joins,
   readiness and releases resume without a restart.

Bounded: every wait has a deadline; the nodes are stopped on exit. Needs python3, psql and the
jar (`./mvnw package`). Usage: deploy/cluster/check.py [--seconds 90] [--rate 1200] [--kills 3]
[--outage]
"""
import argparse
import glob
import json
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECRET = "cluster-check-secret-0123456789abcdef0123456789"
ADMIN_PASSWORD = "cluster-check-admin-password"
PG_USER = os.environ.get("PG_USER", "postgres")
PG_URL = os.environ.get("PG_URL", "jdbc:postgresql://127.0.0.1:5432/test")
LAST_LINE = threading.local()  # the Anteroom-Line of this thread's last answer
SCHEMA = [None]  # the schema of this run, once made
JAVA = next(
    (p for p in ["/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"] if os.path.exists(p)), "java"
)


def fail(message):
    print("FAILED: " + message, flush=True)
    raise SystemExit(1)


def psql(sql, schema=None):
    env = dict(os.environ)
    if schema or SCHEMA[0]:
        env["PGOPTIONS"] = "-c search_path=" + (schema or SCHEMA[0])
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", PG_USER, "-d", "test", "-At", "-v", "ON_ERROR_STOP=1",
         "-c", sql],
        check=True, capture_output=True, text=True, env=env,
    )
    return [line.split("|") for line in out.stdout.splitlines() if line]


def http(method, url, body=None, headers=None, timeout=10):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            LAST_LINE.value = int(answer.headers.get("Anteroom-Line") or 0)
            text = answer.read().decode()
            return answer.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None, None


class Node:
    def __init__(self, number, jar, schema, work):
        self.number = number
        self.port = 18100 + number
        self.jar = jar
        self.schema = schema
        self.work = work
        self.process = None
        self.url = "http://127.0.0.1:%d" % self.port
        self.avoid_until = 0

    def start(self):
        env = dict(os.environ)
        env.update(
            CLUSTER_MODE="true",
            DB_URL="%s?currentSchema=%s" % (PG_URL, self.schema),
            DB_USER=PG_USER,
            SECRET_KEY=SECRET,
            ADMIN_PASSWORD=ADMIN_PASSWORD,
            PORT=str(self.port),
            ANTEROOM_DATA_DIR=os.path.join(self.work, "node%d" % self.number),
        )
        log = open(os.path.join(self.work, "node%d.log" % self.number), "a")
        self.process = subprocess.Popen(
            [JAVA, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", self.jar],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )

    def wait_ready(self, seconds=120):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.process.poll() is not None:
                fail("node %d exited at start; see %s" % (self.number, self.work))
            status, _ = http("GET", self.url + "/health/readiness", timeout=2)
            if status == 200:
                return
            time.sleep(0.5)
        fail("node %d was not ready within %d s" % (self.number, seconds))

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def signal(self, sig):
        if self.alive():
            os.kill(self.process.pid, sig)

    def kill(self):
        self.signal(signal.SIGKILL)
        if self.process:
            self.process.wait(timeout=30)

    def stop(self):
        if self.alive():
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Cluster:
    def __init__(self, nodes):
        self.nodes = nodes

    def any(self):
        """A node to send a request to, as a load balancer would: one that answered lately."""
        now = time.time()
        up = [n for n in self.nodes if n.alive() and n.avoid_until <= now]
        return random.choice(up or [n for n in self.nodes if n.alive()])

    def owner_pid(self, app):
        rows = psql(
            "SELECT holder FROM application_leases WHERE application_id = %d AND expires_at >"
            " CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)" % app
        )
        if not rows:
            return None
        match = re.search(r"pid (\d+)", rows[0][0])
        return int(match.group(1)) if match else None

    def node_of(self, pid):
        return next((n for n in self.nodes if n.alive() and n.process.pid == pid), None)


def admin_setup(cluster, rate, **queue):
    node = cluster.nodes[0]
    status, login = http("POST", node.url + "/auth/login",
                         {"email": "admin@anteroom.local", "password": ADMIN_PASSWORD})
    if status != 200:
        fail("login: %s %s" % (status, login))
    token = {"Authorization": "Bearer " + login["access_token"]}
    status, app = http("POST", node.url + "/applications", {"name": "cluster-" + uuid.uuid4().hex[:6]},
                       token)
    if status != 201:
        fail("application: %s %s" % (status, app))
    keys = {"X-API-Key": app["secret_key"]}
    body = {"name": "q-" + uuid.uuid4().hex[:6], "release_rate_per_minute": rate,
            "idle_timeout_seconds": 86400}
    body.update(queue)
    status, created = http("POST", node.url + "/queues", body, keys)
    if status != 201:
        fail("queue: %s %s" % (status, created))
    return app["id"], keys, created["id"]


def poll(node, token, line=0):
    """A status poll that sends back the Anteroom-Line of the previous answer, as the client does."""
    url = node.url + "/queue_status?token=" + urllib.request.quote(token)
    if line:
        url += "&line=%d" % line
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, json.loads(answer.read().decode()), int(
                answer.headers.get("Anteroom-Line") or 0)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), 0
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None, None, 0


def join(node, keys, queue_id, visitor_id=None, priority=0, with_line=False, timeout=10):
    body = {"queue_id": queue_id, "priority": priority}
    if visitor_id:
        body["visitor_id"] = visitor_id
    status, answer = http("POST", node.url + "/join", body, keys, timeout)
    if with_line:
        return status, answer, LAST_LINE.value
    return status, answer


def check_positions(cluster, seed):
    print("positions: joins, cancels and polls through random nodes", flush=True)
    rng = random.Random(seed)
    app, keys, queue_id = admin_setup(cluster, 60)
    http("POST", cluster.nodes[0].url + "/queues/%d/pause" % queue_id, None, keys)
    time.sleep(6)  # every node re-reads the queues within a few seconds
    live = []  # (priority, order of joining, token)
    joined = []  # (priority, order of joining, Anteroom-Line of the join's answer) of everyone
    order = 0
    last_seen = {}
    for step in range(400):
        roll = rng.random()
        node = cluster.any()
        if roll < 0.55 or not live:
            priority = rng.choice([0, 0, 1, 2])
            status, answer, line = join(node, keys, queue_id, "p-%d" % step, priority, True)
            if status != 201:
                fail("join through node %d: %s %s" % (node.number, status, answer))
            live.append((priority, order, answer["token"]))
            joined.append((priority, order, line))
            last_seen[answer["token"]] = (answer["position"], line, order)
            order += 1
            expected = sorted(live, key=lambda e: (-e[0], e[1])).index(live[-1]) + 1
            if answer["position"] != expected:
                fail("join answered position %s, the model says %d" % (answer["position"], expected))
        elif roll < 0.75:
            entry = rng.choice(live)
            status, answer = http("POST", node.url + "/cancel", {"token": entry[2]})
            if status != 200 or answer.get("status") != "cancelled":
                fail("cancel through node %d: %s %s" % (node.number, status, answer))
            live.remove(entry)
        else:
            entry = rng.choice(live)
            before = last_seen.get(entry[2], (None, 0, order))
            status, answer, line = poll(node, entry[2], before[1])
            if status != 200:
                fail("poll through node %d: %s %s" % (node.number, status, answer))
            position = answer["position"]
            # a higher priority joining after the state the previous answer reflected (its line;
            # the join's own answer gives a line at or past the join) may push the place back,
            # even one who left again (a node may answer from between the two); nothing else may
            ahead_since = any(p > entry[0] and l > before[1] for p, _, l in joined)
            if before[0] is not None and position > before[0] and not ahead_since:
                for other in cluster.nodes:
                    print("  node %d: %s" % (other.number, poll(other, entry[2])), flush=True)
                print("  entry %s, before %s, line now %d" % (entry, before, line))
                fail("a position went up from %d to %d (node %d), nobody of higher priority"
                     " joined meanwhile" % (before[0], position, node.number))
            last_seen[entry[2]] = (position, line, order)
    time.sleep(1)
    model = sorted(live, key=lambda e: (-e[0], e[1]))
    checked = 0
    for place, entry in enumerate(model, start=1):
        for node in cluster.nodes:
            status, answer, _ = poll(node, entry[2])
            if status != 200 or answer["position"] != place:
                fail("node %d gives position %s, the model %d" % (
                    node.number, answer and answer.get("position"), place))
            checked += 1
    waiting = int(psql("SELECT COUNT(*) FROM visitors WHERE queue_id = %d AND state = 1"
                       % queue_id)[0][0])
    if waiting != len(model):
        fail("%d waiting in the database, the model has %d" % (waiting, len(model)))
    print("  ok: %d positions checked on %d nodes, all equal to the model"
          % (checked, len(cluster.nodes)), flush=True)


def check_one_place_per_person(cluster):
    print("one place per person and the limit, racing through all nodes", flush=True)
    limit = 100
    app, keys, queue_id = admin_setup(cluster, 60, max_size=limit)
    http("POST", cluster.nodes[0].url + "/queues/%d/pause" % queue_id, None, keys)
    time.sleep(6)  # every node re-reads the queues within a few seconds
    tokens = {}
    lock = threading.Lock()
    refused = [0]

    def worker(number):
        rng = random.Random(number)
        for _ in range(60):
            visitor = "v-%d" % rng.randrange(160)
            status, answer = join(cluster.any(), keys, queue_id, visitor)
            with lock:
                if status in (200, 201):
                    tokens.setdefault(visitor, set()).add(answer["token"])
                else:
                    refused[0] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    waiting = int(psql("SELECT COUNT(*) FROM visitors WHERE queue_id = %d" % queue_id)[0][0])
    if waiting != limit:
        fail("%d visitors in a line of at most %d" % (waiting, limit))
    doubled = {v: t for v, t in tokens.items() if len(t) > 1}
    if doubled:
        fail("visitor ids with more than one place: %s" % list(doubled)[:5])
    if len(tokens) != limit:
        fail("%d visitor ids hold a place, expected %d" % (len(tokens), limit))
    if refused[0] == 0:
        fail("no join was refused although more ids than places raced")
    print("  ok: %d places, one per id, %d joins refused as the line was full" % (limit, refused[0]),
          flush=True)


def check_failover(cluster, seconds, rate, kills, stop_once):
    print("failover: %d s at %d a minute, %d kills of the pacing node%s"
          % (seconds, rate, kills, ", one SIGSTOP of 10 s" if stop_once else ""), flush=True)
    app, keys, queue_id = admin_setup(cluster, rate)
    # paused at first, so a line of people forms: the plan is the rate, only while people wait
    http("POST", cluster.nodes[0].url + "/queues/%d/pause" % queue_id, None, keys)
    time.sleep(6)
    acked = []
    lock = threading.Lock()
    running = threading.Event()
    running.set()
    per_second = rate / 60.0 * 1.5

    def feeder(number):
        rng = random.Random(1000 + number)
        n = 0
        next_at = time.time()
        while running.is_set():
            next_at += 4 / per_second
            visitor = "f%d-%d" % (number, n)
            n += 1
            node = cluster.any()
            status, answer = join(node, keys, queue_id, visitor, timeout=2)
            if status in (200, 201):
                with lock:
                    acked.append(visitor)
            elif status is None or status >= 500:
                # taken out of rotation for a while, as a load balancer's health check would
                node.avoid_until = time.time() + 5
            delay = next_at - time.time()
            if delay > 0:
                time.sleep(delay)

    feeders = [threading.Thread(target=feeder, args=(i,)) for i in range(4)]
    for f in feeders:
        f.start()
    time.sleep(10)
    status, _ = http("POST", cluster.nodes[0].url + "/queues/%d/resume" % queue_id, None, keys)
    if status != 200:
        fail("resume: %s" % status)
    started = time.time()
    events = []
    plan = sorted(random.Random(5).sample(range(10, max(11, seconds - 15)), min(kills + 1, seconds // 10)))
    stop_at = plan.pop() if stop_once and plan else None
    for at in sorted(plan + ([stop_at] if stop_at else [])):
        delay = started + at - time.time()
        if delay > 0:
            time.sleep(delay)
        pid = cluster.owner_pid(app)
        node = cluster.node_of(pid) if pid else None
        if node is None:
            events.append("t=%ds: no pacing node to disturb" % at)
            continue
        if at == stop_at:
            node.signal(signal.SIGSTOP)
            events.append("t=%ds: SIGSTOP node %d" % (at, node.number))
            time.sleep(10)
            node.signal(signal.SIGCONT)
        else:
            node.kill()
            events.append("t=%ds: SIGKILL node %d" % (at, node.number))
            time.sleep(2)
            node.start()
    remaining = started + seconds - time.time()
    if remaining > 0:
        time.sleep(remaining)
    running.clear()
    for f in feeders:
        f.join(30)
    ended = time.time()
    for line in events:
        print("  " + line, flush=True)
    for node in cluster.nodes:
        if node.alive():
            node.wait_ready(120)
    time.sleep(2)
    rows = psql("SELECT visitor_key, released_at, joined_at FROM visitors WHERE queue_id = %d"
                % queue_id)
    present = {r[0] for r in rows}
    missing = [v for v in acked if v not in present]
    if missing:
        fail("%d acknowledged joins are missing, e.g. %s" % (len(missing), missing[:3]))
    twice = psql("SELECT seq FROM line_events WHERE queue_id = %d AND kind IN (2, 3)"
                 " GROUP BY seq HAVING COUNT(*) > 1" % queue_id)
    if twice:
        fail("visitors released twice: %s" % twice[:5])
    released = sorted(int(r[1]) for r in rows if r[1])
    window_start = int(started * 1000) + 2000
    window_end = int(ended * 1000) - 1000
    in_window = [t for t in released if window_start <= t < window_end]
    cap = 2 * math.ceil(rate / 60) + 1
    counts = {}
    for t in in_window:
        counts[t // 1000] = counts.get(t // 1000, 0) + 1
    busiest = max(counts.values()) if counts else 0
    gaps = [b - a for a, b in zip(in_window, in_window[1:])]
    longest_gap = max(gaps) if gaps else 0
    planned = rate / 60.0 * (window_end - window_start) / 1000.0
    off = (len(in_window) - planned) / planned
    print("  acknowledged joins %d, all present; released %d in the window, plan %.0f (%+.2f%%);"
          " busiest second %d (cap %d); longest gap %.1f s"
          % (len(acked), len(in_window), planned, off * 100, busiest, cap, longest_gap / 1000.0),
          flush=True)
    if busiest > cap:
        fail("a second released %d, above 2 x ceil(rate/60) + 1 = %d" % (busiest, cap))
    if longest_gap > 5000:
        fail("releases stopped for %.1f s" % (longest_gap / 1000.0))
    if abs(off) > 0.01:
        fail("released %d, the plan %.0f: off by more than 1%%" % (len(in_window), planned))
    print("  ok", flush=True)


def measure_lag(cluster, samples=200):
    """Copy lag: from a change acknowledged by one node to another node's copy showing it."""
    print("copy lag: %d changes through node 1, watched on node 2, joins running meanwhile"
          % samples, flush=True)
    app, keys, queue_id = admin_setup(cluster, 60)
    _, _, busy_queue = admin_setup(cluster, 60)
    http("POST", cluster.nodes[0].url + "/queues/%d/pause" % queue_id, None, keys)
    time.sleep(6)
    one, two = cluster.nodes[0], cluster.nodes[1]
    status, watched = join(one, keys, queue_id, "watched")
    if status != 201:
        fail("join: %s %s" % (status, watched))
    running = threading.Event()
    running.set()

    def load():
        n = 0
        while running.is_set():
            join(cluster.any(), keys, busy_queue, None, timeout=5)
            n += 1

    loaders = [threading.Thread(target=load) for _ in range(2)]
    for t in loaders:
        t.start()
    lags = []
    try:
        for i in range(samples):
            # a higher priority joins ahead (the watched visitor moves to 2), then leaves (back to 1)
            t0 = time.time()
            status, ahead = join(one, keys, queue_id, "ahead-%d" % i, priority=9)
            acked = time.time()
            if status != 201:
                fail("join ahead: %s %s" % (status, ahead))
            for expected, change in ((2, None), (1, ahead["token"])):
                if change:
                    http("POST", one.url + "/cancel", {"token": change})
                    acked = time.time()
                deadline = acked + 10
                while True:
                    _, answer, _ = poll(two, watched["token"])
                    if answer and answer.get("position") == expected:
                        lags.append(time.time() - acked)
                        break
                    if time.time() > deadline:
                        fail("node 2 did not show the change within 10 s")
    finally:
        running.clear()
        for t in loaders:
            t.join(10)
    lags.sort()
    p50 = lags[len(lags) // 2] * 1000
    p99 = lags[min(len(lags) - 1, int(len(lags) * 0.99))] * 1000
    print("  copy lag over %d changes: p50 %.1f ms, p99 %.1f ms, max %.1f ms (each includes one"
          " poll's round trip)" % (len(lags), p50, p99, lags[-1] * 1000), flush=True)


def postgres(action):
    version = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action],
                   check=True, capture_output=True)
    if action == "start":
        deadline = time.time() + 60
        while subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode != 0:
            if time.time() > deadline:
                fail("PostgreSQL did not come back")
            time.sleep(0.5)


def check_outage(cluster, seconds=30):
    print("PostgreSQL stopped for %d s" % seconds, flush=True)
    app, keys, queue_id = admin_setup(cluster, 60)
    http("POST", cluster.nodes[0].url + "/queues/%d/pause" % queue_id, None, keys)
    time.sleep(6)
    tokens = []
    for i in range(10):
        status, answer = join(cluster.any(), keys, queue_id, "o-%d" % i)
        if status != 201:
            fail("join before the outage: %s %s" % (status, answer))
        tokens.append(answer["token"])
    time.sleep(1)
    postgres("stop")
    try:
        deadline = time.time() + seconds
        polls = refused = 0
        while time.time() < deadline:
            for node in cluster.nodes:
                for place, token in enumerate(tokens, start=1):
                    status, answer, _ = poll(node, token)
                    if status != 200 or answer["position"] != place:
                        fail("during the outage node %d answered %s %s for place %d"
                             % (node.number, status, answer, place))
                    polls += 1
                asked = time.time()
                status, answer = join(node, keys, queue_id, None, timeout=15)
                took = time.time() - asked
                if status != 503 or took > 5:
                    fail("a join during the outage answered %s %s after %.1f s (node %d)"
                         % (status, answer, took, node.number))
                refused += 1
            time.sleep(1)
    finally:
        postgres("start")
    print("  during: %d polls answered from memory (positions frozen, not marked), %d joins"
          " refused with 503" % (polls, refused), flush=True)
    deadline = time.time() + 60
    while True:
        answers = [join(node, keys, queue_id, None, timeout=5)[0] for node in cluster.nodes]
        ready = [http("GET", node.url + "/health/readiness", timeout=5)[0] for node in cluster.nodes]
        if all(a == 201 for a in answers) and all(r == 200 for r in ready):
            break
        if time.time() > deadline:
            fail("60 s after PostgreSQL came back: joins %s, readiness %s" % (answers, ready))
        time.sleep(1)
    http("POST", cluster.nodes[0].url + "/queues/%d/resume" % queue_id, None, keys)
    deadline = time.time() + 30
    while True:
        status, answer, _ = poll(cluster.any(), tokens[0])
        if status == 200 and answer["status"] == "released":
            break
        if time.time() > deadline:
            fail("the first in line was not released within 30 s of the resume: %s" % answer)
        time.sleep(0.5)
    print("  ok: joins, readiness and releases back without a restart", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jar", default=None)
    parser.add_argument("--seconds", type=int, default=90)
    parser.add_argument("--rate", type=int, default=1200)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--no-stop", action="store_true")
    parser.add_argument("--outage", action="store_true",
                        help="also stop PostgreSQL for 30 s (nothing else may use it meanwhile)")
    parser.add_argument("--only", choices=["positions", "people", "failover", "outage", "lag"])
    args = parser.parse_args()
    jar = args.jar or next(
        (j for j in sorted(glob.glob(os.path.join(ROOT, "target", "anteroom-*.jar")))
         if "original" not in j), None)
    if not jar:
        fail("no jar: run ./mvnw package first")
    schema = "anteroom_cluster_" + uuid.uuid4().hex[:10]
    psql("CREATE SCHEMA " + schema, "public")
    SCHEMA[0] = schema
    work = tempfile.mkdtemp(prefix="anteroom-cluster-")
    nodes = [Node(i, jar, schema, work) for i in (1, 2, 3)]
    cluster = Cluster(nodes)
    ok = False
    try:
        nodes[0].start()
        nodes[0].wait_ready()  # the first runs the migrations
        for node in nodes[1:]:
            node.start()
        for node in nodes[1:]:
            node.wait_ready()
        if args.only in (None, "positions"):
            check_positions(cluster, 42)
        if args.only in (None, "people"):
            check_one_place_per_person(cluster)
        if args.only in (None, "failover"):
            check_failover(cluster, args.seconds, args.rate, args.kills, not args.no_stop)
        if args.only in (None, "lag"):
            measure_lag(cluster)
        if args.only == "outage" or (args.only is None and args.outage):
            check_outage(cluster)
        ok = True
    finally:
        for node in nodes:
            node.stop()
        if ok:
            shutil.rmtree(work, ignore_errors=True)
            psql("DROP SCHEMA IF EXISTS %s CASCADE" % schema, "public")
        else:
            print("logs kept in " + work, flush=True)
    print("cluster check passed", flush=True)


if __name__ == "__main__":
    main()
