"""The application under gunicorn on loopback, for the benchmark and the load test: the
production profile (DEBUG off) with static files collected, on a free port."""

import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.client import HTTPConnection


def production_env(**extra):
    """The environment of a served run: DEBUG off, a throwaway key, plain HTTP on loopback."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        **extra,
    }


ASGI = ["config.asgi:application", "-k", "uvicorn_worker.UvicornWorker"]


@contextmanager
def gunicorn(*, workers=2, env=None, args=(), log=None, cpus=None, collect=True, asgi=False):
    """Start gunicorn (`workers` sync workers) on a free loopback port; yield (port, process).
    Its output goes to `log` (an open file) when given; `cpus` (a set of core numbers) pins
    it and its workers to those cores; `asgi` serves config.asgi with uvicorn workers (live
    rooms). Stops it on the way out."""
    env = env or production_env()
    if collect:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            check=True,
            env=env,
        )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            *(ASGI if asgi else ["config.wsgi"]),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            *args,
        ],
        env=env,
        stdout=log,
        stderr=log,
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
    )
    try:
        wait_for(port)
        yield port, server
    finally:
        server.terminate()
        server.wait(timeout=20)


def worker_pids(server):
    """The process ids of a gunicorn master's workers (its children), from /proc."""
    path = f"/proc/{server.pid}/task/{server.pid}/children"
    try:
        with open(path) as children:
            return [int(pid) for pid in children.read().split()]
    except OSError:
        return []


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def drive(ports, path, seconds, clients=4):
    """Completed 200 responses per second from `clients` keep-alive connections, spread
    over `ports` (one port or several) in turn."""
    ports = [ports] if isinstance(ports, int) else list(ports)
    deadline = time.monotonic() + seconds
    counts = [0] * clients

    def loop(index):
        conn = HTTPConnection("127.0.0.1", ports[index % len(ports)], timeout=10)
        while time.monotonic() < deadline:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                counts[index] += 1
        conn.close()

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return round(sum(counts) / seconds, 1)


def resident_mb(server):
    """The resident memory of each of a gunicorn master's workers, in MB."""
    sizes = []
    for pid in worker_pids(server):
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return sizes
