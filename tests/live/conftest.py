"""Live streams on both buses: the in-process one (the default) and Redis pub/sub on the
Redis at 127.0.0.1:6379 (database 11; pub/sub ignores the number, so every test run names
its channels under a prefix of its own). Without Redis the Redis half skips, and fails
instead when REDIS_REQUIRED=1 (as CI sets)."""

import os
import uuid

import pytest

REDIS_URL = "redis://127.0.0.1:6379/11"


def _redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        return False


def missing(reason):
    """Skip for want of Redis, or fail when REDIS_REQUIRED=1 (as CI sets)."""
    if os.environ.get("REDIS_REQUIRED") == "1":
        pytest.fail(f"The live tests on Redis are required but cannot run: {reason}.")
    pytest.skip(f"{reason} (REDIS_REQUIRED=1 makes this a failure)")


@pytest.fixture(params=["local", "redis"])
def live_bus(request, settings):
    """The bus the live views and services use for this test: "local" or "redis"."""
    settings.CACHE_URL = ""
    settings.LIVE_REDIS_URL = ""
    settings.LIVE_CHANNEL_PREFIX = f"test-live-{uuid.uuid4().hex}:"
    settings.LIVE_HEARTBEAT_SECONDS = 1
    settings.LIVE_MAX_SECONDS = 20
    if request.param == "redis":
        if not _redis_answers():
            missing("no Redis at 127.0.0.1:6379")
        settings.LIVE_REDIS_URL = REDIS_URL
    return request.param


def run_async(make_coroutine):
    """Run `make_coroutine()` to its end in a thread of its own, with an event loop of its
    own: the browser tests' Playwright keeps a loop running in the main thread for the
    session, where async_to_sync refuses to run."""
    import asyncio
    import threading

    outcome = {}

    def target():
        try:
            outcome["value"] = asyncio.run(make_coroutine())
        except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(60)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
