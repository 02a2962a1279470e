"""Redis going away under a running site, and coming back: pages keep answering, the
outage is logged once and the recovery once, and the cache serves again by itself."""

import logging
import re
import socket
import time

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse

from arguments.cache.backend import SharedRedisCache, redacted
from arguments.limits.counters import hit
from arguments.services.counts import refresh_counts
from tests.caching.conftest import RETRY_SECONDS
from tests.factories import ClaimFactory, debate_with_thesis, pro

pytestmark = pytest.mark.django_db
START = 1_000_000_200.0  # the start of a 600-second window


@pytest.fixture
def debate():
    debate = debate_with_thesis(slug="open")
    pro(ClaimFactory(debate=debate, text="Pressure has freed prisoners."), debate.thesis)
    refresh_counts(debate.pk)
    return debate


def lines(caplog, words):
    return [r for r in caplog.records if r.name == "arguments.cache" and words in r.getMessage()]


def without_nonce(response):
    """The page's bytes but its CSP nonce, which differs between two renderings."""
    return re.sub(rb'nonce="[^"]*"', b"", response.content)


def past_the_back_off():
    time.sleep(RETRY_SECONDS * 1.5)


def test_pages_answer_while_redis_is_away_and_are_cached_again_when_it_returns(
    on_own_redis, own_redis, client, debate, caplog, django_assert_num_queries
):
    caplog.set_level(logging.WARNING, logger="arguments.cache")
    url = reverse("arguments:debate", args=[debate.slug])
    page = client.get(url)
    assert page.status_code == 200
    with django_assert_num_queries(1):  # from Redis
        assert client.get(url).content == page.content

    own_redis.stop()
    for _ in range(3):
        during = client.get(url)
        assert during.status_code == 200
        assert without_nonce(during) == without_nonce(page)
        past_the_back_off()  # each request tries Redis again, and fails again
    assert len(lines(caplog, "out of reach")) == 1
    assert f"127.0.0.1:{own_redis.port}" in lines(caplog, "out of reach")[0].getMessage()
    assert lines(caplog, "answers again") == []

    own_redis.start()  # empty: it saves nothing
    past_the_back_off()
    assert without_nonce(client.get(url)) == without_nonce(page)  # rendered, and kept again
    assert len(lines(caplog, "answers again")) == 1
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200
    assert len(lines(caplog, "out of reach")) == 1


def test_after_a_failure_calls_skip_redis_until_the_back_off_ends(own_redis):
    cache = SharedRedisCache(own_redis.url, {"KEY_PREFIX": "backoff", "RETRY_SECONDS": 60})
    own_redis.stop()
    assert cache.get("x") is None
    assert not cache.available
    own_redis.start()
    # Within the back-off nothing goes to Redis: what is set meanwhile is dropped.
    cache.set("x", 1)
    assert cache.get("x") is None
    assert not cache.available
    cache._health.down_until = 0  # as when the back-off's minute has passed
    cache.set("x", 2)
    assert cache.available
    assert cache.get("x") == 2


def test_drawings_are_computed_when_redis_is_away(on_own_redis, own_redis, client, debate):
    url = reverse("arguments:overview", args=[debate.slug])
    assert client.get(url).status_code == 200
    own_redis.stop()
    assert client.get(url).status_code == 200  # nobody waits on a lock that is not there
    assert not caches["default"].available


def test_rate_limits_count_in_the_process_while_redis_is_away(on_own_redis, own_redis, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (3, 600)}
    assert hit("vote", "user:1", now=START) is None
    own_redis.stop()
    assert [hit("vote", "user:1", now=START + n) for n in range(1, 4)] == [None, None, None]
    assert hit("vote", "user:1", now=START + 4) is not None  # counted here meanwhile
    assert hit("vote", "user:2", now=START + 4) is None


@pytest.mark.long_back_off
def test_a_full_redis_drops_writes_and_still_serves(
    on_own_redis, own_redis, client, debate, caplog, settings
):
    caplog.set_level(logging.WARNING, logger="arguments.cache")
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (2, 600)}
    caches["default"].set("before", "kept")
    full = redis.Redis(port=own_redis.port)
    full.config_set("maxmemory-policy", "noeviction")
    full.config_set("maxmemory", 1)  # every write is now over the limit
    url = reverse("arguments:debate", args=[debate.slug])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    caches["default"].set("after", "dropped")
    assert caches["default"].get("after") is None
    assert caches["default"].get("before") == "kept"  # reads go on
    assert not caches["default"].available  # so nobody waits for a lock it cannot take
    assert len(lines(caplog, "refuses writes")) == 1
    assert [hit("vote", "user:1", now=START) for _ in range(3)][-1] is not None  # in process


def test_the_log_never_shows_the_password_of_the_cache():
    assert redacted("redis://:s3cret@cache.local:6380/2") == "redis://:***@cache.local:6380/2"
    assert redacted("redis://cache.local:6380/2") == "redis://cache.local:6380/2"


def test_a_redis_that_never_answers_is_a_miss_after_one_short_timeout():
    # A host that takes the connection and then says nothing (hung, or a black hole).
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        cache = SharedRedisCache(url, {"KEY_PREFIX": "silent", "RETRY_SECONDS": 60})
        assert cache.get("x", "missing") == "missing"
        assert not cache.available
        cache.set("x", 1)  # within the back-off: not sent
        assert cache.get("x") is None
