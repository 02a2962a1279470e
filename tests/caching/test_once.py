"""compute_once: one computation per key across threads, a bounded wait, and a holder that
dies does not leave the others waiting for ever."""

import threading

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from arguments.cache.once import Unkept, compute_once, computed


@pytest.fixture
def memory():
    cache = LocMemCache("once-tests", {})
    cache.clear()
    yield cache
    cache.clear()


def test_a_value_is_computed_once_then_read(memory):
    calls = []

    def compute():
        calls.append(1)
        return {"drawn": True}

    for _ in range(3):
        assert compute_once(memory, "k", compute, timeout=60, name="t") == {"drawn": True}
    assert len(calls) == 1
    assert computed(memory, "t") == 1


def test_a_falsy_value_is_kept_too(memory):
    calls = []
    for _ in range(2):
        compute_once(memory, "k", lambda: calls.append(1) or [], timeout=60)
    assert calls == [1]


def test_an_unkept_value_is_handed_back_and_computed_again_next_time(memory):
    calls = []

    def compute():
        calls.append(1)
        return Unkept("an error page")

    assert compute_once(memory, "k", compute, timeout=60) == "an error page"
    assert compute_once(memory, "k", compute, timeout=60) == "an error page"
    assert len(calls) == 2
    assert memory.get("k:computing") is None  # the lock went with each computation


def test_threads_of_one_process_wait_for_the_first(memory):
    entered, release = threading.Event(), threading.Event()
    calls, results = [], []

    def compute():
        calls.append(1)
        entered.set()
        release.wait(timeout=10)
        return "value"

    def reader():
        results.append(compute_once(memory, "k", compute, timeout=60, lock_timeout=10))

    first = threading.Thread(target=reader)
    first.start()
    assert entered.wait(timeout=10)
    others = [threading.Thread(target=reader) for _ in range(5)]
    for thread in others:
        thread.start()
    release.set()
    for thread in [first, *others]:
        thread.join(timeout=20)
    assert results == ["value"] * 6
    assert len(calls) == 1


def test_when_the_holder_died_a_waiter_computes_once_its_lock_expires(shared):
    cache = caches["default"]
    assert cache.add("drawing:computing", "a server that died", 1)
    calls = []

    def compute():
        calls.append(1)
        return "drawn by the waiter"

    assert compute_once(cache, "drawing", compute, timeout=60, lock_timeout=5) == (
        "drawn by the waiter"
    )
    assert calls == [1]
    assert cache.get("drawing") == "drawn by the waiter"


def test_a_waiter_gives_up_waiting_after_the_lock_timeout(memory):
    # A lock that never expires (a holder stuck for ever): the wait is still bounded.
    memory.add("k:computing", "stuck", None)
    assert compute_once(memory, "k", lambda: "mine", timeout=60, lock_timeout=1) == "mine"
