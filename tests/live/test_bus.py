"""The event format and the bus: one event per change and commit, none on rollback, and
on Redis an event published by one server reaches a subscriber held by another."""

import uuid

import pytest
from django.db import transaction

from arguments.live import bus, events
from arguments.live.bus import RedisBus
from arguments.models import Proposal, Stance
from arguments.permissions import Access
from arguments.services import moderate, propose
from tests.factories import debate_with_proposals

from .conftest import REDIS_URL, _redis_answers, missing, run_async


def test_an_event_says_which_debate_and_what_kind_only():
    item = events.event(debate=7, kind="changed", version=12)
    assert events.decode(events.encode(item)) == {"debate": 7, "kind": "changed", "version": 12}
    assert (
        events.sse(item) == 'event: changed\ndata: {"debate":7,"kind":"changed","version":12}\n\n'
    )
    with pytest.raises(ValueError):
        events.event(debate=7, kind="claim text")


@pytest.mark.parametrize(
    "text", ["", "not json", "[]", '{"kind": "changed"}', '{"debate": 1, "kind": "other"}']
)
def test_a_stray_message_on_a_channel_is_no_event(text):
    assert events.decode(text) is None


@pytest.fixture
def published(monkeypatch):
    """What the services publish once their transactions commit (real commits)."""
    sent = []
    monkeypatch.setattr(bus, "publish", lambda channel, item: sent.append((channel, item)))
    return sent


@pytest.fixture
def moderated(transactional_db):
    return debate_with_proposals(
        reason_text="A live reason.", pending_text="A live pending con.", rejected_text="No."
    )


def test_an_approval_is_announced_once_per_kind_after_commit(moderated, published):
    proposal = Proposal.objects.get(claim=moderated.pending)
    published.clear()
    moderate.approve(access=Access.load(moderated.moderator, moderated.debate), proposal=proposal)
    debate, author = moderated.debate, moderated.author
    debate.refresh_from_db()
    assert sorted(published, key=lambda sent: sent[1]["kind"]) == [
        (
            f"debate:{debate.pk}",
            {"debate": debate.pk, "kind": "changed", "version": debate.version},
        ),
        (f"user:{author.pk}", {"debate": debate.pk, "kind": "decided", "version": None}),
    ]  # no "queue": a decision leaves the card answered in place, not fetched away


def test_a_rolled_back_write_announces_nothing(moderated, published):
    published.clear()
    with transaction.atomic():
        access = Access.load(moderated.author, moderated.debate)
        propose.propose_claim(
            access=access, target=moderated.debate.thesis, stance=Stance.ATTACK, text="Gone."
        )
        transaction.set_rollback(True)
    assert published == []


def test_on_redis_one_servers_event_reaches_anothers_subscriber():
    if not _redis_answers():
        missing("no Redis at 127.0.0.1:6379")
    prefix = f"test-live-{uuid.uuid4().hex}:"
    publisher, holder = RedisBus(REDIS_URL, prefix), RedisBus(REDIS_URL, prefix)
    item = events.event(debate=3, kind="queue")

    async def run():
        subscription = await holder.subscribe([events.QUEUE_CHANNEL])
        try:
            publisher.publish("elsewhere", events.event(debate=3, kind="changed"))
            publisher.publish(events.QUEUE_CHANNEL, item)
            return await subscription.get(2), await subscription.get(0.3)
        finally:
            await subscription.close()

    assert run_async(run) == (item, None)


def test_publishing_to_a_redis_that_is_away_loses_the_event_not_the_write(caplog):
    away = RedisBus("redis://127.0.0.1:1/0", "test-live-away:")
    away.publish(events.QUEUE_CHANNEL, events.event(debate=1, kind="queue"))
    away.publish(events.QUEUE_CHANNEL, events.event(debate=1, kind="queue"))
    assert [r.levelname for r in caplog.records if "Live events" in r.message] == ["WARNING"]


def test_the_bus_is_redis_only_with_a_redis_address(settings):
    settings.LIVE_REDIS_URL, settings.CACHE_URL = "", ""
    assert isinstance(bus.get_bus(), bus.LocalBus)
    settings.CACHE_URL = REDIS_URL
    assert isinstance(bus.get_bus(), RedisBus)


def test_a_subscription_listens_again_once_redis_comes_back():
    """Redis killed under a held stream, then started again (empty): the stream's
    subscription comes back by itself and hears what is published after the return."""
    import shutil

    from arguments.devtools.twoservers import RedisProcess

    if shutil.which("redis-server") is None:
        missing("redis-server is not installed")
    server = RedisProcess().start()
    prefix = f"test-live-{uuid.uuid4().hex}:"
    publisher, holder = RedisBus(server.url, prefix), RedisBus(server.url, prefix)
    item = events.event(debate=5, kind="changed", version=2)

    async def run():
        subscription = await holder.subscribe([events.debate_channel(5)])
        try:
            server.kill()
            assert await subscription.get(0.5) is None  # away: nothing, and no error
            server.start()
            heard = None
            for _ in range(20):  # it may take a pause or two to subscribe again
                publisher.publish(events.debate_channel(5), item)
                heard = await subscription.get(0.3)
                if heard is not None:
                    break
            return heard
        finally:
            await subscription.close()

    try:
        assert run_async(run) == item
    finally:
        server.stop()
