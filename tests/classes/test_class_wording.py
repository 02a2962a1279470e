"""A class says where it stands: an archived or closed assignment reads so on its page and
above its map, students stop flagging with it, a teacher's feedback reaches the student's
inbox, a class copy is told apart from its original, and the copy form tells nothing about
claims it would not copy."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from arguments.classes import services
from arguments.models import Account, Assignment, Notification, Proposal, Role, Stance, Status
from arguments.permissions import Access
from arguments.services import propose
from tests.factories import ClaimFactory, UserFactory, World, debate_with_thesis, member, pro

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    public = debate_with_thesis(slug="open", title="Shared title")
    pro(ClaimFactory(debate=public, text="Pressure has freed prisoners."), public.thesis)
    # Teaches Class A; owns its copy of the public debate.
    teacher = UserFactory(username="teacher")
    Account.objects.create(user=teacher, is_teacher=True)
    # A student of Class A, on its assignment.
    student = UserFactory(username="student")
    room = services.create_classroom(teacher=teacher, name="Class A")
    services.join(user=student, code=room.join_code)
    copy = services.copy_debate(classroom=room, teacher=teacher, source=public)
    now = timezone.now()
    assignment = services.create_assignment(
        classroom=room,
        debate=copy,
        title="Argue it",
        instructions="",
        opens=now - timedelta(hours=2),
        due=now + timedelta(days=1),
    )
    # Moderates the public debate only.
    moderator = member(public, Role.MODERATOR, username="moderator")
    return World(
        public=public,
        copy=copy,
        room=room,
        assignment=assignment,
        teacher=teacher,
        student=student,
        moderator=moderator,
    )


def close(assignment):
    now = timezone.now()
    Assignment.objects.filter(pk=assignment.pk).update(
        opens=now - timedelta(days=2), due=now - timedelta(days=1)
    )


def archive(room):
    services.update_classroom(classroom=room, archived=True)


@pytest.mark.parametrize("end", [close, archive])
def test_a_student_cannot_flag_once_the_assignment_is_over(client, world, end):
    claim = world.copy.claims.get(text="Pressure has freed prisoners.")
    assert Access.load(world.student, world.copy).may_flag
    end(world.room if end is archive else world.assignment)
    assert not Access.load(world.student, world.copy).may_flag
    client.force_login(world.student)
    url = reverse("arguments:flag", args=[world.copy.slug, claim.pk])
    assert client.post(url, {"reason": "off_topic", "note": ""}).status_code == 403
    assert not Proposal.objects.filter(kind=Proposal.Kind.FLAG).exists()
    page = client.get(reverse("arguments:claim", args=[world.copy.slug, claim.pk])).text
    assert url not in page


def test_an_archived_class_assignment_does_not_say_open(client, world):
    archive(world.room)
    client.force_login(world.student)
    text = client.get(world.assignment.get_absolute_url()).text
    assert "Archived class: read-only" in text
    assert ">Open</span>" not in text
    assert "add one for your side" not in text


def test_a_closed_assignment_does_not_invite_a_claim_and_its_map_says_closed(client, world):
    client.force_login(world.student)
    map_url = world.copy.get_absolute_url()
    assert "read only" not in client.get(map_url).text
    close(world.assignment)
    text = client.get(world.assignment.get_absolute_url()).text
    assert "add one for your side" not in text
    assert "the assignment is closed — read only" in text
    assert "The assignment is closed — read only." in client.get(map_url).text
    client.force_login(world.teacher)
    assert "The assignment is closed — read only for students." in client.get(map_url).text


def test_private_feedback_sends_the_student_a_notice(world):
    claim = ClaimFactory(debate=world.copy, author=world.student, text="My own claim here.")
    services.give_feedback(
        access=Access.load(world.teacher, world.copy),
        claim=claim,
        text="Cite a source.",
        url=world.assignment.get_absolute_url(),
    )
    [notice] = Notification.objects.filter(user=world.student)
    assert notice.message == "Your teacher left feedback on your claim “My own claim here.”."
    assert notice.url == world.assignment.get_absolute_url()
    assert "Cite a source." not in notice.message


def test_a_class_copy_names_its_class_in_the_moderation_filter_and_in_search(client, world):
    staff = UserFactory(username="staff", is_staff=True)
    client.force_login(staff)
    queue = client.get(reverse("arguments:moderation")).text
    assert ">Shared title (class: Class A)</option>" in queue
    assert ">Shared title</option>" in queue
    client.force_login(world.teacher)
    found = client.get(reverse("arguments:search"), {"q": "prisoners"}).text
    assert "Shared title (class: Class A)</a>" in found
    assert ">Shared title</a>" in found


def test_the_copy_form_answers_pending_and_rejected_ids_as_missing_ones(client, world):
    thesis = world.public.thesis
    pending = propose.propose_claim(
        access=Access(UserFactory(), world.public),
        target=thesis,
        stance=Stance.ATTACK,
        text="Pending and not public.",
    ).claim
    rejected = ClaimFactory(debate=world.public, text="Rejected.", status=Status.REJECTED)
    client.force_login(world.teacher)
    url = reverse("arguments:new_class_debate", args=[world.room.pk])
    answers = set()
    for claim_id in (pending.pk, rejected.pk, 987654):
        response = client.post(url, {"source": world.public.pk, "root": str(claim_id)})
        assert response.status_code == 200
        [error] = response.context["form"].non_field_errors()
        answers.add(error)
    assert answers == {"That claim number is not in the chosen debate."}
