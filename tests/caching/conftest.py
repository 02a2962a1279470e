"""The shared cache against a real Redis: the one at 127.0.0.1:6379 (database 13, keys
under a prefix per test process) and, for outages, redis-server processes of the tests'
own. Without Redis these tests skip, and fail instead when REDIS_REQUIRED=1 (as CI sets)."""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from config.settings import caches_from_url

SHARED_URL = "redis://127.0.0.1:6379/13"
RETRY_SECONDS = 0.2  # the back-off after a failure, short so that a test sees recovery


def _missing(reason):
    if os.environ.get("REDIS_REQUIRED") == "1":
        pytest.fail(f"The shared-cache tests are required but cannot run: {reason}")
    pytest.skip(f"{reason} (REDIS_REQUIRED=1 makes this a failure)")


def _answers(port):
    import redis

    try:
        return redis.Redis(port=port, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        return False


def redis_caches(url, retry_seconds=RETRY_SECONDS):
    """CACHES as settings make them from `url`, under key prefixes of this test process,
    with a short back-off."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    entries = caches_from_url(url)
    for alias, entry in entries.items():
        entry["KEY_PREFIX"] = f"test-{worker}:{alias}"
        entry["RETRY_SECONDS"] = retry_seconds
    return entries


def clear_all():
    for alias in ("default", "pages", "exports", "limits"):
        caches[alias].clear()


class Servers:
    """Web servers sharing one cache: each `server()` is a fresh set of cache clients, as
    another process or host would have (their own connections, nothing in memory)."""

    def __init__(self, url, retry_seconds=RETRY_SECONDS):
        self.url = url
        self.settings = redis_caches(url, retry_seconds)
        self._overrides = []

    def server(self):
        override = override_settings(CACHES=self.settings)
        override.enable()
        self._overrides.append(override)

    def close(self, *, clear=True):
        if clear:
            clear_all()
        while self._overrides:
            self._overrides.pop().disable()


@pytest.fixture
def shared():
    """The site's caches on the Redis at 127.0.0.1:6379, emptied before and after."""
    if not _answers(6379):
        _missing("no Redis answers at 127.0.0.1:6379")
    servers = Servers(SHARED_URL)
    servers.server()
    clear_all()
    yield servers
    servers.close()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A redis-server of this test's own, on a free port, stopped and started at will."""

    def __init__(self, binary):
        self.binary = binary
        self.port = _free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):  # at most 5 s
            if _answers(self.port):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        pytest.fail(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis():
    binary = shutil.which("redis-server")
    if binary is None:
        _missing("redis-server is not installed")
    server = OwnRedis(binary)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def on_own_redis(own_redis, request):
    """The site's caches on `own_redis`; a test marked `long_back_off` has them wait a
    minute after a failure, so that what it checks meanwhile does not race the clock."""
    long = request.node.get_closest_marker("long_back_off") is not None
    servers = Servers(own_redis.url, retry_seconds=60 if long else RETRY_SECONDS)
    servers.server()
    yield servers
    servers.close(clear=False)  # its keys go with the process (it saves nothing)
