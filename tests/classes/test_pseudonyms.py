"""Pseudonym classes: students see teachers as "Teacher" and classmates by pseudonym only;
the roster lists students in the order of their numbers, which say nothing of who joined
when; a class copy of a debate credits none of its claims to the teacher."""

import re

import pytest
from django.urls import reverse

from arguments.classes import services
from arguments.models import Claim, ClassMember, Stance
from arguments.permissions import Access
from arguments.services import propose
from tests import classworld
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = classworld.build()
    services.update_classroom(classroom=world.room, pseudonyms=True)
    return world


def _roster(page):
    """The names in the People table of a class page, in order, with their roles."""
    people = page[page.index('id="people-heading"') :]
    people = people[: people.index("</table>")]
    return re.findall(r"<td>([^<]*)</td>\s*<td>(Teacher|Student)</td>", people)


def test_students_see_teachers_as_teacher_on_the_roster(client, world):
    client.force_login(world.student)
    page = client.get(world.room.get_absolute_url()).content.decode()
    assert _roster(page)[:2] == [("Teacher", "Teacher"), ("Teacher", "Teacher")]
    assert "A classmate" not in page and ">teacher<" not in page and "co_teacher" not in page


def test_students_see_a_teachers_claim_as_by_teacher(client, world):
    reply = propose.propose_claim(
        access=Access.load(world.teacher, world.debate),
        target=world.approved,
        stance=Stance.ATTACK,
        text="A teacher's objection.",
    )
    assert reply.claim.author == world.teacher
    client.force_login(world.student)
    page = client.get(world.approved.get_absolute_url()).content.decode()
    assert "by Teacher" in page
    assert "by teacher" not in page and "A classmate" not in page


def test_roster_follows_the_numbers_and_the_numbers_not_the_joining_order(client, world):
    joined = [UserFactory(username=f"{letter}-pupil") for letter in "mzaqbycxdwev"]
    for user in joined:
        services.join(user=user, code=world.room.join_code)
    client.force_login(world.student)
    page = client.get(world.room.get_absolute_url()).content.decode()
    shown = [name for name, role in _roster(page) if role == "Student"]
    # Each classmate by pseudonym; the viewer's own line says "student · Student N".
    numbers = [int(name.rsplit("Student ", 1)[1]) for name in shown]
    assert len(numbers) == len(joined) + 1 and numbers == sorted(numbers)  # numbered as listed
    assert len(set(numbers)) == len(numbers)
    by_joining = [
        int(ClassMember.objects.get(classroom=world.room, user=u).pseudonym.split()[1])
        for u in joined
    ]
    # Twelve joiners numbered in the order they came would be one chance in 479 million.
    assert by_joining != sorted(by_joining)
    assert not any("pupil" in name for name in shown)
    assert shown.count("student · " + ClassMember.objects.get(user=world.student).pseudonym) == 1


def test_a_pasted_list_is_not_numbered_in_its_order(world):
    names = "\n".join(f"Pupil {letter}" for letter in "ABCDEFGHIJKL")
    sheet = services.create_students(classroom=world.room, names=names)
    numbers = [
        int(ClassMember.objects.get(user__username=username).pseudonym.split()[1])
        for _, username, _ in sheet
    ]
    assert numbers != sorted(numbers)


def test_a_class_copy_credits_no_claim_to_the_teacher(client, world):
    copy = world.debate
    editorial = Claim.objects.filter(debate=world.public, author__isnull=True).count()
    assert editorial >= 3  # the source's thesis and both reasons are editorial
    assert not Claim.objects.filter(debate=copy, author=world.teacher).exists()
    copied_reason = copy.claims.get(text=world.reason.text)
    for viewer in (world.student, world.teacher):
        client.force_login(viewer)
        page = client.get(copy.thesis.get_absolute_url()).content.decode()
        assert "by teacher" not in page and "by Teacher" not in page
        assert copied_reason.text in page


def test_no_page_a_classmate_reads_names_another_student(client, world):
    # zed: a student of the class with a name of his own, whose claim (quoted) is approved
    zed = UserFactory(username="zed.quimby", first_name="Zedekiah", last_name="Quimby")
    services.join(user=zed, code=world.room.join_code)
    debate = world.debate
    parent = debate.claims.get(text=world.reason.text)
    excerpt = world.reason.excerpts.first()
    proposal = propose.propose_claim(
        access=Access.load(zed, debate),
        target=parent,
        stance=Stance.SUPPORT,
        text="Zed's reason: naming prisoners shortens sentences.",
        excerpts=[excerpt],
    )
    from arguments.services import moderate

    moderate.approve(access=Access.load(world.teacher, debate), proposal=proposal)
    claim = proposal.claim
    slug = debate.slug
    urls = [
        world.room.get_absolute_url(),
        world.assignment.get_absolute_url(),
        reverse("arguments:debate", args=[slug]),
        parent.get_absolute_url(),
        claim.get_absolute_url(),
        reverse("arguments:children", args=[slug, parent.pk]),
        reverse("arguments:history", args=[slug, claim.pk]),
        reverse("arguments:outline", args=[slug]),
        reverse("arguments:print", args=[slug]),
        reverse("arguments:overview", args=[slug]),
        reverse("arguments:answers", args=[slug]),
        reverse("arguments:search") + "?q=naming+prisoners",
        reverse("corpus:source", args=[world.source.slug]),
        reverse("arguments:inbox"),
        *(reverse("arguments:export", args=[slug, suffix]) for suffix in ("aif.json", "argdown")),
    ]
    client.force_login(world.student)
    seen = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        text = body.decode().casefold()
        for hidden in ("zed.quimby", "zedekiah", "quimby"):
            assert hidden not in text, (url, hidden)
        if "naming prisoners shortens" in text:
            seen.append(url)
    page = client.get(claim.get_absolute_url()).content.decode()
    pseudonym = ClassMember.objects.get(classroom=world.room, user=zed).pseudonym
    assert f"by {pseudonym}" in page or f"proposed by\n        {pseudonym}" in page
    # The pages did show his claim (so the check above had something to find).
    assert {claim.get_absolute_url(), parent.get_absolute_url()} <= set(seen)
    assert len(seen) >= 10, seen
