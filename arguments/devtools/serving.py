"""The application under gunicorn on loopback, for the benchmark and the load test: the
production profile (DEBUG off) with static files collected, on a free port."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager


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


@contextmanager
def gunicorn(*, workers=2, env=None, args=(), log=None):
    """Start gunicorn (`workers` sync workers) on a free loopback port; yield (port, process).
    Its output goes to `log` (an open file) when given. Stops it on the way out."""
    env = env or production_env()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], check=True, env=env
    )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
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
