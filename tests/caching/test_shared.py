"""Several servers sharing one Redis: what one caches, the others serve; what one counts,
the others see; and an overview wanted by many at once after a change is drawn once."""

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.cache.backends import locmem
from django.db import connection
from django.urls import reverse

from arguments.cache.backend import SharedRedisCache
from arguments.cache.once import computed
from arguments.limits.counters import hit
from arguments.models import Debate
from arguments.overview import selectors, sunburst
from arguments.permissions import Access
from arguments.services.counts import refresh_counts
from tests.factories import ClaimFactory, debate_with_thesis, pro

START = 1_000_000_200.0  # the start of a 600-second window
DRAWING = "overview:sunburst-{max_depth}-{min_arc}".format(**selectors.OVERVIEW)


@pytest.fixture
def open_debate(db):
    debate = debate_with_thesis(slug="open")
    reasons = [ClaimFactory(debate=debate, text=f"Reason number {n}.") for n in range(30)]
    for reason in reasons:
        pro(reason, debate.thesis)
    refresh_counts(debate.pk)
    return debate, reasons


def test_a_page_one_server_rendered_is_served_by_another_from_redis(
    shared, client, open_debate, django_assert_num_queries
):
    debate, _ = open_debate
    url = reverse("arguments:debate", args=[debate.slug])
    first = client.get(url)
    assert first.status_code == 200
    assert computed(caches["pages"], "page") == 1

    shared.server()  # another process: new clients, nothing of the first in memory
    with django_assert_num_queries(1):  # the debate's stamp; the page itself from Redis
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert computed(caches["pages"], "page") == 1


def test_pages_take_no_room_in_the_server_process(shared, client, open_debate):
    debate, reasons = open_debate
    in_memory = sum(len(entries) for entries in locmem._caches.values())
    for reason in reasons:
        url = reverse("arguments:claim", args=[debate.slug, reason.pk])
        assert client.get(url).status_code == 200
    assert sum(len(entries) for entries in locmem._caches.values()) == in_memory
    assert computed(caches["pages"], "page") == len(reasons)
    shared.server()
    url = reverse("arguments:claim", args=[debate.slug, reasons[0].pk])
    assert client.get(url).status_code == 200
    assert computed(caches["pages"], "page") == len(reasons)  # served from Redis


def test_a_limit_counts_the_attempts_made_on_every_server(shared, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (3, 600)}
    assert hit("vote", "user:1", now=START) is None
    shared.server()
    assert hit("vote", "user:1", now=START + 1) is None
    shared.server()
    assert hit("vote", "user:1", now=START + 2) is None
    refusal = hit("vote", "user:1", now=START + 3)
    assert refusal is not None and refusal.retry_after == 597
    assert hit("vote", "user:2", now=START + 3) is None


def test_clearing_one_alias_keeps_the_others(shared):
    caches["pages"].set("page:x", b"page")
    caches["limits"].set("limit:x", 3)
    caches["pages"].clear()
    assert caches["pages"].get("page:x") is None
    assert caches["limits"].get("limit:x") == 3


@pytest.mark.django_db(transaction=True)
def test_after_a_change_eight_readers_at_once_get_an_overview_drawn_once(shared, monkeypatch):
    debate = debate_with_thesis(slug="busy")
    for n in range(12):
        pro(ClaimFactory(debate=debate, text=f"Reason {n}."), debate.thesis)
    refresh_counts(debate.pk)
    access = Access.load(AnonymousUser(), Debate.objects.get(pk=debate.pk))
    assert selectors.drawing(access=access) is not None  # the version before the change

    pro(ClaimFactory(debate=debate, text="A reason added later."), debate.thesis)
    refresh_counts(debate.pk)
    access = Access.load(AnonymousUser(), Debate.objects.get(pk=debate.pk))
    before = computed(caches["default"], DRAWING)

    # The reader who computes holds on until the seven others have found the lock taken.
    waiting = set()
    seen = threading.Condition()
    add = SharedRedisCache.add

    def watched_add(self, key, *args, **kwargs):
        taken = add(self, key, *args, **kwargs)
        if key.endswith(":computing") and not taken:
            with seen:
                waiting.add(threading.get_ident())
                seen.notify_all()
        return taken

    layout = sunburst.layout
    layouts = []

    def slow_layout(*args, **kwargs):
        layouts.append(1)
        with seen:
            assert seen.wait_for(lambda: len(waiting) == 7, timeout=20), "readers did not wait"
        return layout(*args, **kwargs)

    monkeypatch.setattr(SharedRedisCache, "add", watched_add)
    monkeypatch.setattr(sunburst, "layout", slow_layout)
    pictures, errors = [], []
    start = threading.Barrier(8)

    def reader():
        try:
            start.wait(timeout=10)
            pictures.append(selectors.drawing(access=access))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    # Each thread has cache clients of its own (Django's are per thread): eight servers.
    readers = [threading.Thread(target=reader) for _ in range(8)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join(timeout=60)

    assert errors == []
    assert len(layouts) == 1
    assert computed(caches["default"], DRAWING) - before == 1
    assert len(pictures) == 8
    assert all(picture.markup == pictures[0].markup for picture in pictures)
    assert any("A reason added later." in lit for lit, _ in pictures[0].markup)
