"""Live rooms: an event reaches the subscriber who may see the change, and nobody else.

Every test runs on both buses (`live_bus`: in-process and Redis pub/sub). The world is a
public debate and a class split into two groups (tests/groupworld.py): ann writes in group
1, bob in group 2, the teacher moderates both.
"""

import pytest
from django.test import Client
from django.urls import reverse

from arguments.models import Membership, Proposal, Role, Stance
from arguments.permissions import Access
from arguments.services import moderate, propose
from tests import groupworld
from tests.factories import ClaimFactory, UserFactory, pro

from .streams import client_for, events_in, listen

pytestmark = pytest.mark.django_db

SECRET = "Tungsten note: a new pending secret."


@pytest.fixture(scope="module")
def built_world(module_db, django_db_blocker):
    with django_db_blocker.unblock():
        world = groupworld.build()
        writer = UserFactory(username="live_writer")
        Membership.objects.create(debate=world.public, user=writer, role=Role.WRITER)
        moderator = UserFactory(username="live_moderator")
        Membership.objects.create(debate=world.public, user=moderator, role=Role.MODERATOR)
        world.add(writer=writer, moderator=moderator, reader=UserFactory(username="reader"))
        return world


@pytest.fixture
def world(built_world, db):
    return built_world.fresh()


def room(debate, since=None):
    url = reverse("arguments:debate_live", args=[debate.slug])
    return url if since is None else f"{url}?since={since}"


def committed(capture, action):
    """`action` run as a request runs it: its on-commit callbacks (the events) executed."""

    def run():
        with capture(execute=True):
            action()

    return run


def ann_proposes(world, text=SECRET):
    access = Access.load(world.ann, world.one.debate)
    return propose.propose_claim(
        access=access, target=world.one.debate.thesis, stance=Stance.SUPPORT, text=text
    )


def teacher_approves(world):
    proposal = Proposal.objects.get(claim=world.pending)
    moderate.approve(access=Access.load(world.teacher, world.one.debate), proposal=proposal)


def test_a_reader_of_the_debate_hears_an_approval(
    world, live_bus, django_capture_on_commit_callbacks
):
    status, text = listen(
        client_for(world.ann),
        room(world.one.debate),
        during=committed(django_capture_on_commit_callbacks, lambda: teacher_approves(world)),
        until="event: changed",
    )
    assert status == 200
    assert events_in(text) == ["changed"]
    assert f'"debate":{world.one.debate.pk}' in text
    assert groupworld.GROUP_ONE_PENDING not in text  # the event says "changed", no more


def test_a_page_drawn_before_a_change_hears_of_it_at_once(world, live_bus):
    debate = world.one.debate
    status, text = listen(
        client_for(world.ann), room(debate, since=debate.version - 1), until="event: changed"
    )
    assert status == 200 and events_in(text) == ["changed"]
    status, text = listen(client_for(world.ann), room(debate, since=debate.version), seconds=0.5)
    assert status == 200 and events_in(text) == []


def test_a_pending_proposal_tells_the_debates_readers_nothing(
    world, live_bus, django_capture_on_commit_callbacks
):
    def writer_proposes():
        access = Access.load(world.writer, world.public)
        propose.propose_claim(
            access=access, target=world.public.thesis, stance=Stance.ATTACK, text=SECRET
        )

    status, text = listen(
        client_for(None),
        room(world.public),
        during=committed(django_capture_on_commit_callbacks, writer_proposes),
        seconds=1.5,
    )
    assert status == 200
    assert events_in(text) == [] and SECRET not in text
    assert ": keep-alive" in text  # the stream was open all along


def test_outsiders_get_no_stream_of_a_class_debate(world, live_bus):
    for who in (None, world.reader, world.bob):  # anonymous, a stranger, another group
        status, text = listen(client_for(who), room(world.one.debate))
        assert status == 404, who
        assert "event:" not in text and groupworld.GROUP_ONE_MARKER not in text


def test_another_groups_stream_hears_nothing_of_group_one(
    world, live_bus, django_capture_on_commit_callbacks
):
    status, text = listen(
        client_for(world.bob),
        room(world.two.debate),
        during=committed(django_capture_on_commit_callbacks, lambda: teacher_approves(world)),
        seconds=1.5,
    )
    assert status == 200 and events_in(text) == []


def test_the_teachers_queue_hears_a_proposal_without_its_text(
    world, live_bus, django_capture_on_commit_callbacks
):
    status, text = listen(
        client_for(world.teacher),
        reverse("arguments:moderation_live"),
        during=committed(django_capture_on_commit_callbacks, lambda: ann_proposes(world)),
        until="event: queue",
    )
    assert status == 200 and events_in(text) == ["queue"]
    assert f'"debate":{world.one.debate.pk}' in text
    assert SECRET not in text and "Tungsten" not in text


def test_a_moderator_of_another_debate_hears_nothing_of_the_class_queue(
    world, live_bus, django_capture_on_commit_callbacks
):
    status, text = listen(
        client_for(world.moderator),
        reverse("arguments:moderation_live"),
        during=committed(django_capture_on_commit_callbacks, lambda: ann_proposes(world)),
        seconds=1.5,
    )
    assert status == 200 and events_in(text) == []


def test_only_moderators_may_follow_a_queue(world, live_bus):
    for who in (None, world.ann, world.reader):
        status, text = listen(client_for(who), reverse("arguments:moderation_live"))
        assert status == 403, who
        assert "event:" not in text


def test_a_student_hears_the_decision_on_their_proposal_and_another_does_not(
    world, live_bus, django_capture_on_commit_callbacks
):
    inbox = reverse("arguments:inbox_live")
    approve = committed(django_capture_on_commit_callbacks, lambda: teacher_approves(world))
    status, text = listen(client_for(world.ann), inbox, during=approve, until="event: decided")
    assert status == 200 and events_in(text) == ["decided"]
    assert groupworld.GROUP_ONE_PENDING not in text


def test_someone_elses_decision_reaches_no_other_inbox(
    world, live_bus, django_capture_on_commit_callbacks
):
    approve = committed(django_capture_on_commit_callbacks, lambda: teacher_approves(world))
    status, text = listen(
        client_for(world.bob), reverse("arguments:inbox_live"), during=approve, seconds=1.5
    )
    assert status == 200 and events_in(text) == []
    status, _ = listen(client_for(None), reverse("arguments:inbox_live"))
    assert status == 403


def test_one_person_holds_a_bounded_number_of_streams(world, live_bus, settings):
    settings.LIVE_MAX_PER_USER = 1
    url = room(world.public)
    second = {}

    def open_another():
        second["status"], _ = listen(client_for(world.reader), url, seconds=0.1)

    status, _ = listen(client_for(world.reader), url, during=open_another, seconds=0.1)
    assert (status, second["status"]) == (200, 429)
    status, _ = listen(client_for(world.reader), url, seconds=0.1)
    assert status == 200  # the first one, closed, was given back


def test_anonymous_readers_at_one_address_share_a_larger_bound(world, live_bus, settings):
    settings.LIVE_MAX_PER_USER, settings.LIVE_MAX_PER_ADDRESS = 1, 2
    url = room(world.public)
    statuses = []

    def open_more():
        def third():
            statuses.append(listen(client_for(None), url, seconds=0.1)[0])

        statuses.append(listen(client_for(None), url, during=third, seconds=0.1)[0])

    statuses.append(listen(client_for(None), url, during=open_more, seconds=0.1)[0])
    assert statuses == [429, 200, 200]  # innermost first: the third of one address is refused


def test_under_the_wsgi_server_the_stream_answers_at_once(world, live_bus, settings):
    settings.LIVE_WSGI_RETRY_SECONDS = 120
    response = Client().get(room(world.public))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    assert "retry: 120000" in response.content.decode()
    assert not response.streaming
    response = Client().get(room(world.one.debate))
    assert response.status_code == 404  # the permission check comes first here too


def test_a_stream_ends_after_its_time_and_says_bye(world, live_bus, settings):
    settings.LIVE_MAX_SECONDS = 1
    status, text = listen(client_for(world.reader), room(world.public), seconds=3)
    assert status == 200 and text.startswith("retry: ")
    assert text.endswith("event: bye\ndata: bye\n\n")


def test_a_vote_or_a_new_reason_elsewhere_is_heard_only_in_its_own_room(
    world, live_bus, django_capture_on_commit_callbacks
):
    def new_public_reason():
        reason = ClaimFactory(debate=world.public, text="Another public reason.")
        pro(reason, world.public.thesis)
        from arguments.services.counts import refresh_counts

        refresh_counts(world.public.pk)

    status, text = listen(
        client_for(world.ann),
        room(world.one.debate),
        during=committed(django_capture_on_commit_callbacks, new_public_reason),
        seconds=1.5,
    )
    assert status == 200 and events_in(text) == []
