"""Single flight: a value computed once across every thread, worker and server sharing a
cache, however many readers ask for it at the same moment.

`compute_once(cache, key, compute, timeout=…, lock_timeout=…)`:
- a hit is returned as it is (one cache read);
- on a miss, `cache.add` of a lock key decides who computes: the winner computes, stores
  the value and releases the lock; the others poll for the value, at most `lock_timeout`
  seconds (growing pauses, so a few dozen reads at most). If the lock disappears without
  a value (its holder died, or computed something not to keep), the next poller to take it
  computes. Past `lock_timeout` a waiter computes on its own: waiting is bounded.
- with the cache out of reach (`available` is False on the shared backend) nobody waits:
  every caller computes, as without a cache.
- `compute` may return `Unkept(value)`: the value is handed back but not stored (a page
  that turned out to be an error or to set a cookie).

Each computation adds one to a counter in the cache (`computed(cache, name)` reads it),
and logs a DEBUG line on the "arguments.cache" logger: the load test reports "computed
exactly once" from it.
"""

import logging
import secrets
import time
from dataclasses import dataclass

logger = logging.getLogger("arguments.cache")

FIRST_PAUSE = 0.02  # seconds before a waiter first looks again; doubled up to LONGEST_PAUSE
LONGEST_PAUSE = 0.25
COUNTER_SECONDS = 7 * 86400
_MISSING = object()


@dataclass(frozen=True)
class Unkept:
    """A computed value to hand back without storing it."""

    value: object


def _counter_key(name):
    return f"computed:{name}"


def computed(cache, name):
    """How many times values counted under `name` were computed (since the counter began,
    or expired a week after its last computation)."""
    return cache.get(_counter_key(name)) or 0


def _count(cache, name, key):
    counter = _counter_key(name)
    cache.add(counter, 0, COUNTER_SECONDS)
    try:
        cache.incr(counter)
    except ValueError:  # evicted in between, or the cache is away: counted from here
        cache.add(counter, 1, COUNTER_SECONDS)
    logger.debug("computed %s (%s)", name, key)


def _compute_and_keep(cache, key, compute, timeout, name):
    value = compute()
    _count(cache, name, key)
    if isinstance(value, Unkept):
        return value.value
    cache.set(key, value, timeout)
    return value


def compute_once(cache, key, compute, *, timeout, lock_timeout=30, name="value"):
    """The value under `key`, computed by `compute()` and kept `timeout` seconds when no
    one has yet; see the module's docstring. `name` names the counter of computations."""
    found = cache.get(key, _MISSING)
    if found is not _MISSING:
        return found
    lock = f"{key}:computing"
    token = secrets.token_hex(8)
    if cache.add(lock, token, lock_timeout) or not getattr(cache, "available", True):
        return _release_after(cache, lock, token, key, compute, timeout, name)
    deadline = time.monotonic() + lock_timeout
    pause = FIRST_PAUSE
    while time.monotonic() < deadline:
        time.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE)
        found = cache.get(key, _MISSING)
        if found is not _MISSING:
            return found
        if not getattr(cache, "available", True):
            break
        if cache.add(lock, token, lock_timeout):  # the holder is gone: take over
            return _release_after(cache, lock, token, key, compute, timeout, name)
    return _compute_and_keep(cache, key, compute, timeout, name)


def _release_after(cache, lock, token, key, compute, timeout, name):
    try:
        # Read again under the lock: the last holder may have stored the value and let
        # go between our miss and our taking the lock.
        found = cache.get(key, _MISSING)
        if found is not _MISSING:
            return found
        return _compute_and_keep(cache, key, compute, timeout, name)
    finally:
        # Only our own lock: if computing outlasted it, another may hold it by now. (Read
        # then delete is not atomic; at worst a second computation, never a wrong value.)
        if cache.get(lock) == token:
            cache.delete(lock)
