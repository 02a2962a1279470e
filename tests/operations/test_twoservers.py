"""The two-server load test's own parts (the run itself is `make loadtest
LOADTEST_ARGS=--two-servers`, not CI): its Redis of its own, the counters it reads there,
and the targets it judges."""

import os
import shutil

import pytest
import redis

from arguments.devtools import twoservers


@pytest.fixture
def redis_server_here():
    if shutil.which("redis-server") is None:
        if os.environ.get("REDIS_REQUIRED") == "1":
            pytest.fail("redis-server is required (REDIS_REQUIRED=1) but not installed")
        pytest.skip("redis-server is not installed (REDIS_REQUIRED=1 makes this a failure)")


def facts(*, computed_before, computed_after, ratio):
    return {
        "workers_per_server": 2,
        "pinned": [[0], [1]],
        "overview_before": {"readers": 16, "answered_200": 16, "computed": computed_before},
        "overview_after": {"readers": 16, "answered_200": 16, "computed": computed_after},
        "throughput": {"one_server_rps": 100.0, "two_servers_rps": 100.0 * ratio, "ratio": ratio},
        "live": {
            "listeners": 50,
            "listening": 50,
            "approvals": 10,
            "approvals_during_faults": 3,
            "deliveries": 500,
            "missed": 0,
            "p50_ms": 40.0,
            "p95_ms": 120.0,
            "max_ms": 300.0,
            "from_sending_p50_ms": 90.0,
            "from_sending_p95_ms": 400.0,
        },
        "memory": [
            {"pages": 0, "workers_mb": [[70.0, 71.5], [70.2, 70.9]]},
            {"pages": 800, "workers_mb": [[72.0, 72.5], [71.0, 71.9]]},
        ],
    }


def test_the_targets_are_once_per_drawing_and_a_throughput_ratio():
    met = facts(
        computed_before={"overview:camps": 1}, computed_after={"overview:camps": 1}, ratio=1.8
    )
    assert twoservers.missed(met) == []
    twice = facts(computed_before={"overview:camps": 2}, computed_after={}, ratio=1.8)
    assert twoservers.missed(twice) == [
        "overview computed more than once (overview_before): {'overview:camps': 2}"
    ]
    slow = facts(computed_before={"overview:camps": 1}, computed_after={}, ratio=1.2)
    assert twoservers.missed(slow) == ["two servers' throughput 1.2× one server's (target ≥ 1.7×)"]


def test_the_report_gives_each_batch_of_pages_its_memory_row():
    text = twoservers.render(
        facts(computed_before={"overview:sunburst": 1}, computed_after={}, ratio=1.8)
    )
    assert "| 0 | 70, 71.5 | 70.2, 70.9 |" in text
    assert "| 800 | 72, 72.5 | 71, 71.9 |" in text
    assert "computed overview:sunburst 1 time." in text
    assert "computed nothing (every answer from the cache)." in text
    assert "(1.8×; target ≥ 1.7×)" in text


def test_its_redis_counts_computations_and_comes_back_empty_after_a_kill(redis_server_here):
    cache = twoservers.RedisProcess().start()
    try:
        client = redis.Redis(port=cache.port)
        client.set("ledger:default:1:computed:overview:camps", 3)
        client.set("ledger:default:1:computed:page", 9)
        assert cache.computed("overview:") == {"overview:camps": 3}
        cache.kill()
        with pytest.raises(redis.exceptions.ConnectionError):
            client.ping()
        cache.start()
        assert redis.Redis(port=cache.port).ping()
        assert cache.computed("overview:") == {}
    finally:
        cache.stop()


def test_live_delivery_is_timed_from_the_approval_to_the_first_event_of_its_version():
    from arguments.devtools import livewatch
    from arguments.devtools.loadtest import Window

    class Heard:
        opened, error = True, None

        def __init__(self, heard):
            self.heard = heard

    # Approvals sent at 10 s (version 5), 20 s (version 7, during the outage) and 30 s (9),
    # each answered 0.1 s later.
    approvals = [(10.0, 5, 10.1), (20.0, 7, 20.1), (30.0, 9, 30.1)]
    # One more sent before the outage and answered as Redis went away: counted with it.
    approvals.append((18.0, 6, 19.5))
    quick = Heard([(10.2, 5), (30.1, 9)])
    late = Heard([(10.9, 4), (11.0, 6), (32.0, 9)])  # an older version first: not it
    deaf = Heard([(10.4, 5)])
    found = livewatch.delivery(approvals, [quick, late, deaf], [Window("Redis down", 19, 25)])
    assert found["approvals"] == 2 and found["approvals_during_faults"] == 2
    assert found["deliveries"] == 5 and found["missed"] == 1
    assert found["from_sending_p95_ms"] == 2000.0
    assert found["from_sending_p50_ms"] == 400.0
    assert found["max_ms"] == 1900.0  # from the answer; an event before it counts as 0
    assert found["p50_ms"] == 300.0
