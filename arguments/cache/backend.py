"""Django's Redis cache, made to outlive Redis: the backend of every cache alias when
CACHE_URL is set (config/settings.py).

Guarantees:
- While Redis is out of reach, a read is a miss, a write does nothing, `add` stores
  nothing (False) and `incr` finds nothing (ValueError, as for a missing key): the site
  keeps serving, computing what it would have read. An alias given a FALLBACK (a number of
  entries) keeps its entries in this process meanwhile instead, so the rate-limit counters
  still count, per process, as they did before the cache was shared.
- A dead Redis costs milliseconds: short socket timeouts, one immediate retry of a broken
  connection (a pooled one that went stale with a restart reconnects), and after a failure
  no call goes to Redis for RETRY_SECONDS (a back-off shared by every alias and thread of
  the process that talks to the same server); the first call after it tries again.
- One WARNING when the server becomes unreachable and one when it is back, per process
  and server, whatever the number of calls in between.
- A Redis that refuses writes (full under the `noeviction` policy, or a read-only
  replica) is still read, but for RETRY_SECONDS after a refusal writes skip it (an alias
  with a FALLBACK skips it altogether, so its counts stay in one place). Logged once per
  process: that is a setting to fix (docs/OPERATIONS.md), not an outage.
- `clear()` deletes the alias's own keys (its KEY_PREFIX), never the whole database: the
  aliases share one database, and the counters must survive a purge of the pages.

`available` says whether the last contact worked, for callers that would otherwise wait
on the cache (`cache.once.compute_once`).
"""

import logging
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("arguments.cache")

CONNECT_TIMEOUT = 0.25  # seconds to open a connection (loopback or a LAN: far less)
SOCKET_TIMEOUT = 0.5  # seconds for one answer; the largest entry is a 4 MB download
RETRY_SECONDS = 2.0  # after a failure, how long calls skip Redis before one tries again
CLEAR_BATCH = 500  # keys per SCAN step and per DELETE when clearing an alias


def redacted(url):
    """The server's address for a log line, without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username or ''}:***@{parts.hostname}" + (
        f":{parts.port}" if parts.port else ""
    )
    return urlunsplit(parts._replace(netloc=netloc))


class _Health:
    """Whether one Redis server answered last time, shared by the process's backends."""

    def __init__(self, server):
        self.server = server
        self.lock = threading.Lock()
        self.down_until = 0.0  # monotonic time before which calls skip the server
        self.down = False
        self.refusing_until = 0.0  # monotonic time before which writes skip the server
        self.refusals_logged = False

    def skipping(self, *, write):
        now = time.monotonic()
        return (self.down and now < self.down_until) or (write and now < self.refusing_until)

    @property
    def available(self):
        return not self.down and time.monotonic() >= self.refusing_until

    def failed(self, error, retry_seconds):
        with self.lock:
            self.down_until = time.monotonic() + retry_seconds
            if self.down:
                return
            self.down = True
        logger.warning(
            "The shared cache at %s is out of reach (%s): serving without it, trying again "
            "every %g s.",
            redacted(self.server),
            error,
            retry_seconds,
        )

    def refused(self, error, retry_seconds):
        with self.lock:
            self.refusing_until = time.monotonic() + retry_seconds
            if self.refusals_logged:
                return
            self.refusals_logged = True
        logger.warning(
            "The shared cache at %s refuses writes (%s): what it cannot keep is built again "
            "each time. Give it a maxmemory-policy such as allkeys-lru.",
            redacted(self.server),
            error,
        )

    def answered(self):
        if not self.down:
            return
        with self.lock:
            if not self.down:
                return
            self.down = False
        logger.warning("The shared cache at %s answers again.", redacted(self.server))


_health = {}
_health_lock = threading.Lock()


def health_of(server):
    with _health_lock:
        return _health.setdefault(server, _Health(server))


class SharedRedisCache(RedisCache):
    """RedisCache whose connection errors and timeouts become misses and no-ops."""

    def __init__(self, server, params):
        import redis
        from redis.backoff import NoBackoff
        from redis.maint_notifications import MaintNotificationsConfig
        from redis.retry import Retry

        params = dict(params)
        options = {
            "socket_connect_timeout": CONNECT_TIMEOUT,
            "socket_timeout": SOCKET_TIMEOUT,
            # Once more at once on a refused or broken connection (a pooled one that went
            # stale when Redis restarted), never after a timeout.
            "retry": Retry(NoBackoff(), 1, supported_errors=(redis.exceptions.ConnectionError,)),
            # A managed cluster's notices of node moves: no use to one server, and asking
            # for them costs a round trip per connection and a warning per connection from
            # a Redis that does not know the command (7 and older).
            "maint_notifications_config": MaintNotificationsConfig(enabled=False),
            **params.get("OPTIONS", {}),
        }
        params["OPTIONS"] = options
        self.retry_seconds = float(params.pop("RETRY_SECONDS", RETRY_SECONDS))
        fallback = params.pop("FALLBACK", None)
        super().__init__(server, params)
        self._errors = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
        self._refusals = (redis.exceptions.OutOfMemoryError, redis.exceptions.ReadOnlyError)
        self._health = health_of(server if isinstance(server, str) else ",".join(server))
        self._fallback = None
        if fallback:
            # LocMemCache shares its storage by name: one per prefix and process.
            self._fallback = LocMemCache(
                f"fallback:{self.key_prefix}", {"OPTIONS": {"MAX_ENTRIES": int(fallback)}}
            )

    @property
    def available(self):
        """Whether Redis took the last call, reads and writes: False while it is away or
        refuses writes."""
        return self._health.available

    def _guarded(self, name, *args, write=True):
        """RedisCache's method `name` on `args`; while Redis is away (for a write, or
        refuses writes), the fallback's, or `_AWAY` when there is none."""
        if not self._health.skipping(write=write or self._fallback is not None):
            method = self._clear_own_keys if name == "clear" else getattr(super(), name)
            try:
                result = method(*args)
            except self._errors as error:
                self._health.failed(error, self.retry_seconds)
            except self._refusals as error:
                self._health.refused(error, self.retry_seconds)
            else:
                self._health.answered()
                return result
        if self._fallback is not None:
            return getattr(self._fallback, name)(*args)
        return _AWAY

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        result = self._guarded("add", key, value, timeout, version)
        return False if result is _AWAY else result

    def get(self, key, default=None, version=None):
        result = self._guarded("get", key, default, version, write=False)
        return default if result is _AWAY else result

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        result = self._guarded("touch", key, timeout, version)
        return False if result is _AWAY else result

    def delete(self, key, version=None):
        result = self._guarded("delete", key, version)
        return False if result is _AWAY else result

    def get_many(self, keys, version=None):
        result = self._guarded("get_many", keys, version, write=False)
        return {} if result is _AWAY else result

    def has_key(self, key, version=None):
        result = self._guarded("has_key", key, version, write=False)
        return False if result is _AWAY else result

    def incr(self, key, delta=1, version=None):
        result = self._guarded("incr", key, delta, version)
        if result is _AWAY:
            raise ValueError(f"Key {key!r} not found: the shared cache is out of reach.")
        return result

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        result = self._guarded("set_many", data, timeout, version)
        return list(data) if result is _AWAY else result

    def delete_many(self, keys, version=None):
        self._guarded("delete_many", keys, version)

    def clear(self):
        if self._fallback is not None:
            self._fallback.clear()
        result = self._guarded("clear")
        return False if result is _AWAY else result

    def _clear_own_keys(self):
        """Delete every key of this alias (its prefix), a batch at a time."""
        client = self._cache.get_client(None, write=True)
        pattern = _glob_escape(f"{self.key_prefix}:") + "*"
        batch = []
        for key in client.scan_iter(match=pattern, count=CLEAR_BATCH):
            batch.append(key)
            if len(batch) >= CLEAR_BATCH:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True


_AWAY = object()


def _glob_escape(text):
    """`text` as a literal in a Redis MATCH pattern."""
    return "".join(f"\\{char}" if char in "*?[]\\" else char for char in text)
