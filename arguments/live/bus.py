"""Publish and subscribe: how events reach the servers holding the subscribers' streams.

With `LIVE_REDIS_URL` (or a Redis `CACHE_URL`) events go through Redis pub/sub, so a change
made on one server reaches streams held by every other; without, an in-process bus serves
the subscribers of this one process (a single server, or the tests). Channels are named
`LIVE_CHANNEL_PREFIX` + a name from `events` (`debate:<id>`, `queue`, `user:<id>`).

Publishing never breaks a write: a Redis that is away loses the event (logged once a
minute), and pages still show the change on their next load. Services call `announce`,
which publishes once the transaction commits, once per channel and kind however many
rows the transaction wrote.
"""

import asyncio
import contextlib
import logging
import threading
import time

from django.conf import settings
from django.db import transaction

from arguments.live import events

log = logging.getLogger(__name__)

_QUEUE_SIZE = 100
RESUBSCRIBE_PAUSE = 0.5  # seconds between attempts to subscribe again while Redis is away


def redis_url():
    """The Redis the live events travel through, or "" for the in-process bus."""
    url = settings.LIVE_REDIS_URL or settings.CACHE_URL
    return url if url.startswith(("redis://", "rediss://", "unix://")) else ""


def get_bus():
    url, prefix = redis_url(), settings.LIVE_CHANNEL_PREFIX
    key = (url, prefix)
    with _lock:
        bus = _buses.get(key)
        if bus is None:
            bus = _buses[key] = RedisBus(url, prefix) if url else LocalBus(prefix)
        return bus


_lock = threading.Lock()
_buses = {}


def publish(channel, item):
    """Send `item` (an `events.event`) on `channel` now; never raises."""
    get_bus().publish(channel, item)


class _Announcement:
    """An on-commit callback publishing one event; later announcements of the same channel
    and kind in the transaction update it instead of adding another."""

    def __init__(self, channel, item):
        self.channel, self.item = channel, item
        self.key = (channel, item["kind"], item["debate"])

    def __call__(self):
        publish(self.channel, self.item)


def announce(channel, item, *, using=None):
    """Publish `item` on `channel` when the current transaction commits (at once outside
    one). Rolled back, nothing is sent: an event never tells of a change nobody can see."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        key = (channel, item["kind"], item["debate"])
        # The same when made under the same enclosing blocks (the announcing service's own
        # block aside): a test's outer block holding its world's announcements, never
        # committed, does not swallow the ones its test makes.
        enclosing = set(connection.savepoint_ids[:-1])
        for sids, callback, _ in connection.run_on_commit:
            same = isinstance(callback, _Announcement) and callback.key == key
            if same and enclosing <= sids:
                callback.item = {**item, "version": _later(callback.item, item)}
                return
    transaction.on_commit(_Announcement(channel, item), using=using)


def _later(earlier, item):
    """The version after `item`, announced after `earlier` in one transaction: its own when
    known, else one more than the earlier's (`counts.touch` adds one and names none)."""
    if item["version"] is not None:
        return item["version"]
    if earlier["version"] is not None and item["kind"] == "changed":
        return earlier["version"] + 1
    return None


class _Warner:
    """Logs a failure at most once a minute, so an outage is seen but not repeated per event."""

    def __init__(self):
        self.last = 0.0

    def __call__(self, message, *args):
        now = time.monotonic()
        if now - self.last >= 60:
            self.last = now
            log.warning(message, *args)


class LocalBus:
    """Subscribers of this process only; publishing may come from any thread."""

    def __init__(self, prefix):
        self.prefix = prefix
        self._subscribers = {}
        self._guard = threading.Lock()

    def publish(self, channel, item):
        with self._guard:
            subscribers = list(self._subscribers.get(channel, ()))
        for subscription in subscribers:
            subscription.deliver(item)

    async def subscribe(self, channels):
        subscription = _LocalSubscription(self, tuple(channels))
        with self._guard:
            for channel in subscription.channels:
                self._subscribers.setdefault(channel, set()).add(subscription)
        return subscription

    def _drop(self, subscription):
        with self._guard:
            for channel in subscription.channels:
                subscribers = self._subscribers.get(channel, set())
                subscribers.discard(subscription)
                if not subscribers:
                    self._subscribers.pop(channel, None)


class _LocalSubscription:
    def __init__(self, bus, channels):
        self.bus, self.channels = bus, channels
        self.loop = asyncio.get_running_loop()
        self.queue = asyncio.Queue(maxsize=_QUEUE_SIZE)

    def deliver(self, item):
        try:
            self.loop.call_soon_threadsafe(self._put, item)
        except RuntimeError:  # the subscriber's loop has closed
            self.bus._drop(self)

    def _put(self, item):
        if self.queue.full():  # a slow reader misses old events, not new ones
            self.queue.get_nowait()
        self.queue.put_nowait(item)

    async def get(self, timeout):
        """The next event, or None after `timeout` seconds without one."""
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None

    async def close(self):
        self.bus._drop(self)


class RedisBus:
    """Redis pub/sub: `publish` with the synchronous client (services run in threads),
    subscriptions with redis.asyncio, one connection each."""

    def __init__(self, url, prefix):
        self.url, self.prefix = url, prefix
        self._client = None
        self._warn = _Warner()

    def _sync_client(self):
        if self._client is None:
            import redis

            self._client = redis.Redis.from_url(
                self.url, socket_timeout=0.5, socket_connect_timeout=0.5
            )
        return self._client

    def publish(self, channel, item):
        try:
            self._sync_client().publish(self.prefix + channel, events.encode(item))
        except Exception as error:  # noqa: BLE001 - an outage loses the event, not the write
            self._warn("Live events: could not publish to Redis (%s); events are lost.", error)

    async def subscribe(self, channels):
        subscription = _RedisSubscription(self, tuple(channels))
        await subscription.open()
        return subscription


class _RedisSubscription:
    def __init__(self, bus, channels):
        self.bus, self.channels = bus, channels
        self.client = self.pubsub = None

    async def open(self):
        import redis.asyncio

        self.client = redis.asyncio.Redis.from_url(self.bus.url, socket_connect_timeout=1)
        self.pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        try:
            await self.pubsub.subscribe(*(self.bus.prefix + c for c in self.channels))
        except BaseException:
            await self.close()
            raise

    async def get(self, timeout):
        """The next event within `timeout` seconds, else None. While Redis is away the
        stream stays open (heartbeats go on) and the subscription is made again, every
        RESUBSCRIBE_PAUSE seconds, until Redis answers; what was published meanwhile is
        lost, as pub/sub keeps nothing."""
        import redis

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (left := deadline - loop.time()) > 0:
            try:
                if self.pubsub is None:
                    await self.open()
                message = await self.pubsub.get_message(
                    ignore_subscribe_messages=True, timeout=left
                )
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as error:
                with contextlib.suppress(Exception):  # closing a dead connection
                    await self.close()
                self.client = self.pubsub = None
                self.bus._warn("Live events: Redis is away (%s); listening again soon.", error)
                await asyncio.sleep(min(RESUBSCRIBE_PAUSE, max(0.0, deadline - loop.time())))
                continue
            if message is None or message.get("type") != "message":
                continue
            item = events.decode(message["data"])
            if item is not None:
                return item
        return None

    async def close(self):
        if self.pubsub is not None:
            await self.pubsub.aclose()
        if self.client is not None:
            await self.client.aclose()


# What the services announce (each on commit, once per transaction).


def debate_changed(debate_id, version=None):
    """The map the debate's readers see changed (its version moved)."""
    item = events.event(debate=debate_id, kind="changed", version=version)
    announce(events.debate_channel(debate_id), item)


def queue_changed(debate_id):
    """A proposal arrived at, or left, the debate's moderation queue."""
    announce(events.QUEUE_CHANNEL, events.event(debate=debate_id, kind="queue"))


def decided(user_id, debate_id):
    """A moderator decided one of `user_id`'s proposals in the debate."""
    announce(events.user_channel(user_id), events.event(debate=debate_id, kind="decided"))
