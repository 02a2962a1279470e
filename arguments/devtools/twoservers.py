"""`manage.py loadtest --two-servers`: two app servers (gunicorn with uvicorn workers, the
ASGI server live rooms need) on two ports behind one PostgreSQL and one Redis of the run's
own (a `redis-server` it starts on a free port and stops by process id), each server pinned
to a core of its own as if it were a machine of its own.

1. The overview after a change: the debate is touched, then 16 readers, half on each
   server, ask for its overview at the same moment; the shared cache's counters
   (arguments/cache/once.py) say how many times each drawing was computed.
2. Throughput of the deep focus page (anonymous readers, as the benchmark measures it):
   one server alone, then both, from the same keep-alive clients in the same run.
3. Memory: distinct claim pages of a generated debate asked of both servers; each
   worker's resident memory before, and after every batch.
4. The users: the load test's simulated users dealt over both servers, Redis killed
   (SIGKILL) part way and started again later; the run's report as every scenario's,
   with the outage as its fault window. Meanwhile LIVE_LISTENERS readers hold the debate's
   live stream on server B while a probe approves a reason on server A every PROBE_EVERY
   seconds (devtools/livewatch.py): the delivery time of each. The overview check then
   runs again.
"""

import os
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from http.client import HTTPConnection

import redis
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from arguments.devtools import livewatch, loadtest
from arguments.devtools.generate import deep_claim, generate_debate
from arguments.devtools.serving import (
    drive,
    free_port,
    gunicorn,
    production_env,
    resident_mb,
    wait_for,
)
from arguments.models import Debate
from arguments.selectors.paths import encode_path

MEMORY_SLUG = "load-two-servers-pages"
MEMORY_CLAIMS = 1200
MEMORY_BATCHES = (0, 200, 400, 800)  # pages asked of each server, cumulative
BURST_READERS = 16
THROUGHPUT_SECONDS = 10
THROUGHPUT_CLIENTS = 8
REDIS_DOWN_AT, REDIS_UP_AT = 0.4, 0.7  # shares of the users' run
LIVE_LISTENERS = 50  # readers holding the debate's live stream on server B
PROBE_EVERY = 3.0  # seconds between the probe's approvals on server A
POOL_SIZE = 10  # database connections per worker process (DATABASE_POOL_SIZE)


class RedisProcess:
    """A redis-server of the run's own on a free loopback port, keeping nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.port)
        return self

    def kill(self):
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def computed(self, prefix):
        """{name: computations} of the counters whose name starts with `prefix`."""
        client = redis.Redis(port=self.port)
        found = {}
        for key in client.scan_iter(match=f"*:computed:{prefix}*"):
            name = key.decode().split(":computed:", 1)[1]
            found[name] = int(client.get(key) or 0)
        client.close()
        return found


def run(*, options, accounts, plan, clock, faults, debate, log_file, stderr, password):
    """The four phases; returns (users' log, outcome, the two-server facts)."""
    cores = sorted(os.sched_getaffinity(0))
    pins = [{cores[0]}, {cores[-1]}]
    workers = max(1, options["workers"] // 2)
    facts = {"workers_per_server": workers, "pinned": [sorted(p) for p in pins]}
    pages = generate_pages_debate()
    with ExitStack() as stack:
        cache = RedisProcess().start()
        stack.callback(cache.stop)
        env = production_env(
            PROPOSALS_PER_DAY="100000",
            RATE_LIMIT_PROPOSE="1000/h",
            CACHE_URL=cache.url,
            DATABASE_POOL_SIZE=str(POOL_SIZE),
        )
        server_log = stack.enter_context(log_file.open("w", encoding="utf-8"))
        servers = []
        for index, cpus in enumerate(pins):
            port, server = stack.enter_context(
                gunicorn(
                    workers=workers,
                    env=env,
                    log=server_log,
                    cpus=cpus,
                    collect=index == 0,
                    asgi=True,
                    args=("--graceful-timeout", "5"),
                )
            )
            servers.append((port, server))
        ports = [port for port, _ in servers]
        facts["ports"] = ports
        stderr.write("Two servers: the overview after a change…")
        facts["overview_before"] = overview_burst(cache, ports, debate)
        stderr.write("Two servers: throughput of the deep focus page…")
        facts["throughput"] = throughput(ports, debate)
        stderr.write("Two servers: memory over distinct pages…")
        facts["memory"] = memory(servers, pages)
        stderr.write(f"Two servers: {len(accounts)} users for {options['duration']} s…")
        outage = threading.Thread(
            target=redis_outage, args=(cache, faults, clock, options["duration"]), daemon=True
        )
        listeners = [
            livewatch.Listener(ports[-1], debate.slug, clock) for _ in range(LIVE_LISTENERS)
        ]
        writer, moderator = livewatch.probe_accounts(debate, password)
        probe = livewatch.Probe(
            port=ports[0],
            clock=clock,
            plan=plan,
            writer=writer,
            moderator=moderator,
            debate=debate,
        )
        if not probe.sign_in():
            raise RuntimeError("The live probe's accounts could not sign in.")
        for listener in listeners:
            listener.thread.start()
        probing = threading.Thread(
            target=lambda: probe.run(clock() + options["duration"], PROBE_EVERY), daemon=True
        )

        def set_off(now):
            outage.start()
            probing.start()

        log, outcome = loadtest.run_users(
            port=ports,
            accounts=accounts,
            plan=plan,
            clock=clock,
            duration=options["duration"],
            on_start=set_off,
        )
        outage.join()
        probing.join()
        time.sleep(2)  # the last approval's events still on their way
        for listener in listeners:
            listener.close()
        facts["live"] = livewatch.delivery(probe.approvals, listeners, faults.windows)
        facts["overview_after"] = overview_burst(cache, ports, debate)
    connection.close()
    return log, outcome, facts


def generate_pages_debate():
    debate = Debate.objects.filter(slug=MEMORY_SLUG).first()
    if debate is None:
        debate = generate_debate(claims=MEMORY_CLAIMS, seed=2, slug=MEMORY_SLUG)
    return [
        reverse("arguments:claim", args=[debate.slug, pk])
        for pk in debate.claims.filter(status="approved")
        .order_by("pk")
        .values_list("pk", flat=True)
    ]


def _get(port, path):
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        conn.close()


def overview_burst(cache, ports, debate):
    """Touch the debate (a new version), then BURST_READERS readers at once, dealt over the
    servers; how many times each overview drawing was computed for that version."""
    before = cache.computed("overview:")
    Debate.objects.filter(pk=debate.pk).update(updated=timezone.now())
    url = reverse("arguments:overview", args=[debate.slug])
    gate = threading.Barrier(BURST_READERS)
    statuses = []

    def read(index):
        gate.wait()
        statuses.append(_get(ports[index % len(ports)], url))

    threads = [threading.Thread(target=read, args=(i,)) for i in range(BURST_READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = cache.computed("overview:")
    computed = {name: after.get(name, 0) - before.get(name, 0) for name in after}
    return {
        "readers": BURST_READERS,
        "answered_200": statuses.count(200),
        "computed": {name: n for name, n in sorted(computed.items()) if n},
    }


def throughput(ports, debate):
    claim_id, path = deep_claim(debate)
    url = reverse("arguments:claim", args=[debate.slug, claim_id]) + f"?path={encode_path(path)}"
    for port in ports:  # the first answer computes and caches the page
        _get(port, url)
    one = drive(ports[:1], url, THROUGHPUT_SECONDS, clients=THROUGHPUT_CLIENTS)
    two = drive(ports, url, THROUGHPUT_SECONDS, clients=THROUGHPUT_CLIENTS)
    return {
        "url": url,
        "one_server_rps": one,
        "two_servers_rps": two,
        "ratio": round(two / one, 2) if one else None,
    }


def memory(servers, pages):
    """Each server's workers' resident memory (MB) after 0, 200, 400 and 800 distinct
    pages, each page asked of every server."""
    rows = []
    asked = 0
    with ThreadPoolExecutor(max_workers=4) as pool:
        for target in MEMORY_BATCHES:
            batch = [(port, path) for path in pages[asked:target] for port, _ in servers]
            list(pool.map(lambda pair: _get(*pair), batch))
            asked = max(asked, target)
            rows.append(
                {
                    "pages": target,
                    "workers_mb": [[round(mb, 1) for mb in resident_mb(s)] for _, s in servers],
                }
            )
    return rows


def redis_outage(cache, faults, clock, duration):
    """Kill Redis at REDIS_DOWN_AT of the run, start it again at REDIS_UP_AT."""
    start = clock()
    time.sleep(max(0.0, duration * REDIS_DOWN_AT))
    begin = clock()
    cache.kill()
    time.sleep(max(0.0, start + duration * REDIS_UP_AT - clock()))
    cache.start()
    faults.windows.append(loadtest.Window("Redis down", begin, clock()))
    faults.notes.append(
        f"Redis killed (SIGKILL) {begin - start:.1f} s into the run and started again, empty, "
        f"at {clock() - start:.1f} s"
    )


def render(facts):
    """The two-server facts as Markdown lines, below the users' table."""
    o, t = facts["overview_before"], facts["throughput"]
    after = facts["overview_after"]
    lines = [
        "",
        f"Two servers, {facts['workers_per_server']} uvicorn workers each, pinned to cores "
        f"{facts['pinned'][0]} and {facts['pinned'][1]}; one Redis of the run's own "
        f"(`CACHE_URL`) and one PostgreSQL, at most {POOL_SIZE} connections per worker "
        "(`DATABASE_POOL_SIZE`). The users were dealt over both servers in turn.",
        "",
        f"- Overview after a change: {o['readers']} readers at once, half on each server, "
        f"{o['answered_200']} answered 200; computed {_computed(o['computed'])}.",
        f"- The same after Redis came back (empty): {after['answered_200']} answered 200; "
        f"computed {_computed(after['computed'])}.",
        _live_line(facts["live"]),
        f"- Deep focus page, anonymous, {THROUGHPUT_CLIENTS} keep-alive clients for "
        f"{THROUGHPUT_SECONDS} s each: one server {t['one_server_rps']} a second, both "
        f"{t['two_servers_rps']} a second ({t['ratio']}×; target ≥ 1.7×).",
        "",
        "| distinct pages asked | workers' resident memory, server A (MB) | server B (MB) |",
        "|---:|---|---|",
    ]
    for row in facts["memory"]:
        a, b = (", ".join(f"{mb:g}" for mb in w) for w in row["workers_mb"])
        lines.append(f"| {row['pages']} | {a} | {b} |")
    lines.append("")
    return "\n".join(lines) + "\n"


def _live_line(live):
    return (
        f"- Live updates: {live['listeners']} anonymous readers held the debate's live stream "
        f"on server B ({live['listening']} connected); a moderator approved a new reason on "
        f"server A every {PROBE_EVERY:g} s ({live['approvals']} approvals outside the Redis "
        f"outage, {live['approvals_during_faults']} overlapping it or its 2 s after, whose "
        f"events are lost by design): {live['deliveries']} deliveries, {live['missed']} "
        "never heard. From the "
        f"approval done (its answer) to the event: p50 {live['p50_ms']} ms, p95 "
        f"{live['p95_ms']} ms, longest {live['max_ms']} ms (target p95 under 1 s); from the "
        f"moderator's click, its wait in server A's queue included: p50 "
        f"{live['from_sending_p50_ms']} ms, p95 {live['from_sending_p95_ms']} ms."
    )


def _computed(counts):
    if not counts:
        return "nothing (every answer from the cache)"
    return ", ".join(f"{name} {n} time{'s' if n != 1 else ''}" for name, n in counts.items())


def missed(facts):
    """The issue's targets that this run missed."""
    out = []
    for when in ("overview_before", "overview_after"):
        over = {name: n for name, n in facts[when]["computed"].items() if n != 1}
        if over:
            out.append(f"overview computed more than once ({when}): {over}")
    live = facts["live"]
    if live["missed"] or not live["deliveries"]:
        out.append(f"{live['missed']} live deliveries never heard (outside the Redis outage)")
    if live["p95_ms"] is not None and live["p95_ms"] >= 1000:
        out.append(f"live delivery p95 {live['p95_ms']} ms (target under 1 s)")
    ratio = facts["throughput"]["ratio"]
    if ratio is None or ratio < 1.7:
        out.append(f"two servers' throughput {ratio}× one server's (target ≥ 1.7×)")
    return out
