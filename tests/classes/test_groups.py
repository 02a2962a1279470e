"""Groups of an assignment: kept apart from each other until the teacher shows every
group's map, and placed by the teacher (a late joiner goes to the smallest group)."""

import random

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arguments.classes import grouping, selectors, services
from arguments.models import StudentSide
from arguments.permissions import Access
from tests import groupworld
from tests.factories import UserFactory, signed_in_client

pytestmark = pytest.mark.django_db

MARKER = groupworld.GROUP_ONE_MARKER


@pytest.fixture(scope="module")
def built_world(module_db, django_db_blocker):
    with django_db_blocker.unblock():
        return groupworld.build()


@pytest.fixture
def world(built_world, db):
    return built_world.fresh()


def group_one_pages(world):
    """Every page of group 1's map, by label."""
    debate, claim = world.one.debate, world.approved
    slug = debate.slug
    return {
        "map": debate.get_absolute_url(),
        "claim": reverse("arguments:claim", args=[slug, claim.pk]),
        "outline": reverse("arguments:outline", args=[slug]),
        "print": reverse("arguments:print", args=[slug]),
        "export": reverse("arguments:export", args=[slug, "aif.json"]),
        "assignment": world.one.get_absolute_url(),
    }


def test_a_student_of_another_group_reads_nothing_of_a_groups_map(world):
    """Bug 3: bob (group 2) opened group 1's map, outline, print page and exports by URL."""
    bob, ann = signed_in_client(world.bob), signed_in_client(world.ann)
    for label, url in group_one_pages(world).items():
        assert ann.get(url).status_code == 200, label
        response = bob.get(url)
        assert response.status_code == 404, label
        assert MARKER not in response.content.decode(), label


def test_search_and_the_source_reader_keep_a_groups_work_to_it(world):
    """Bug 3: bob found group 1's quoted reason through search and the "cited by" list."""
    search = reverse("arguments:search")
    reader = reverse("corpus:source", args=[world.source.slug])
    for who, finds in ((world.ann, True), (world.teacher, True), (world.bob, False)):
        client = signed_in_client(who)
        found = client.get(search, {"q": groupworld.GROUP_ONE_WORD}).content.decode()
        assert (MARKER in found) is finds, who
        assert (MARKER in client.get(reader).content.decode()) is finds, who


def test_the_library_counts_a_groups_quotes_only_for_it(world):
    library = reverse("corpus:sources")
    counts = {
        who.username: signed_in_client(who).get(library).content.decode().count("2 quoted")
        for who in (world.ann, world.bob)
    }
    assert counts == {"ann": 1, "bob": 0}


def test_showing_every_map_lets_the_class_read_but_not_write_in_other_groups(world):
    grouping.show_groups(assignment=world.assignment, shown=True)
    bob = signed_in_client(world.bob)
    for label, url in group_one_pages(world).items():
        assert bob.get(url).status_code == 200, label
    access = Access.load(world.bob, world.one.debate)
    assert access.may_read and not access.may_propose
    found = bob.get(reverse("arguments:search"), {"q": groupworld.GROUP_ONE_WORD})
    assert MARKER in found.content.decode()
    assert groupworld.GROUP_ONE_PENDING not in found.content.decode()
    grouping.show_groups(assignment=world.assignment, shown=False)
    assert bob.get(world.one.debate.get_absolute_url()).status_code == 404


def test_the_teacher_switches_showing_every_map_from_the_assignment_page(world):
    teacher = signed_in_client(world.teacher)
    url = reverse("arguments:assignment_groups", args=[world.assignment.pk])
    assert teacher.post(url, {"action": "show"}).status_code == 302
    world.assignment.refresh_from_db()
    assert world.assignment.groups_shown
    page = teacher.get(world.assignment.get_absolute_url()).content.decode()
    assert "Keep the groups apart again" in page
    student = signed_in_client(world.bob)
    assert student.post(url, {"action": "hide"}).status_code == 403
    world.assignment.refresh_from_db()
    assert world.assignment.groups_shown


def test_a_student_who_joins_after_the_split_goes_to_the_smallest_group(world):
    """Bug 4: a late joiner had a side but no group, so could write nowhere."""
    StudentSide.objects.create(assignment=world.two, student=UserFactory(), side="free")
    late = UserFactory(username="late")
    services.join(user=late, code=world.room.join_code)
    assert StudentSide.objects.filter(assignment=world.one, student=late).exists()
    assert not StudentSide.objects.filter(assignment=world.two, student=late).exists()
    assert Access.load(late, world.one.debate).may_propose
    page = signed_in_client(late).get(world.assignment.get_absolute_url()).content.decode()
    assert "go to Group 1" in page


def test_bulk_accounts_made_after_the_split_are_dealt_into_the_groups(world):
    services.create_students(classroom=world.room, names="Cy One\nDee Two")
    sizes = [world.one.sides.count(), world.two.sides.count()]
    assert sizes == [2, 2]


def test_the_teacher_sees_unplaced_students_and_places_one_in_a_click(world):
    """Bug 4: the teacher neither saw an unplaced student nor could place him."""
    StudentSide.objects.filter(assignment=world.two, student=world.bob).delete()
    teacher = signed_in_client(world.teacher)
    page = teacher.get(world.assignment.get_absolute_url()).content.decode()
    assert "Not in a group (1)" in page and "Place in Group 2" in page
    student_page = signed_in_client(world.bob).get(world.assignment.get_absolute_url())
    assert "has not placed you in one yet" in student_page.content.decode()
    assert "add one for your side" not in student_page.content.decode()
    place = reverse("arguments:assignment_place", args=[world.assignment.pk])
    response = teacher.post(place, {"student": world.bob.pk, "group": world.two.pk})
    assert response.status_code == 302
    assert Access.load(world.bob, world.two.debate).may_propose
    page = teacher.get(world.assignment.get_absolute_url()).content.decode()
    assert "Every student is in a group" in page


def test_moving_a_student_takes_them_out_of_the_old_group(world):
    group = grouping.place_student(
        assignment=world.assignment, student_id=world.ann.pk, group_id=world.two.pk
    )
    assert group == world.two
    assert not world.one.sides.filter(student=world.ann).exists()
    assert Access.load(world.ann, world.two.debate).may_propose
    # ann's own claims in group 1 stay hers to read; the rest of that map no longer is
    assert not Access.load(world.ann, world.one.debate).may_read


@pytest.mark.parametrize(
    "student, group, message",
    [
        ("stranger", "two", "not a student of this class"),
        ("bob", "assignment", "one of this assignment's groups"),
        ("bob", None, "one of this assignment's groups"),
    ],
)
def test_placing_refuses_what_is_not_a_student_or_a_group(world, student, group, message):
    people = {"stranger": UserFactory(), "bob": world.bob}
    group_id = getattr(world, group).pk if group else None
    with pytest.raises(ValidationError, match=message):
        grouping.place_student(
            assignment=world.assignment, student_id=people[student].pk, group_id=group_id
        )


def test_placing_is_refused_on_an_assignment_not_split(world):
    with pytest.raises(ValidationError, match="not split"):
        grouping.place_student(assignment=world.one, student_id=world.ann.pk, group_id=world.two.pk)


def test_splitting_by_hand_leaves_every_student_unplaced(world):
    assignment = services.create_assignment(
        classroom=world.room,
        debate=services.start_debate(
            classroom=world.room, teacher=world.teacher, title="Second", thesis="A thesis."
        ),
        title="By hand",
        instructions="",
        opens=world.assignment.opens,
        due=world.assignment.due,
    )
    client = signed_in_client(world.teacher)
    url = reverse("arguments:assignment_groups", args=[assignment.pk])
    client.post(url, {"count": "2", "members": "by_hand"})
    groups = list(assignment.groups.all())
    assert len(groups) == 2
    assert not StudentSide.objects.filter(assignment__in=groups).exists()
    page = client.get(assignment.get_absolute_url()).content.decode()
    assert "Not in a group (2)" in page


def test_splitting_at_random_deals_every_student(world):
    assignment = services.create_assignment(
        classroom=world.room,
        debate=services.start_debate(
            classroom=world.room, teacher=world.teacher, title="Third", thesis="A thesis."
        ),
        title="At random",
        instructions="",
        opens=world.assignment.opens,
        due=world.assignment.due,
    )
    groups = services.split_into_groups(assignment=assignment, count=2, rng=random.Random(2))
    placed = StudentSide.objects.filter(assignment__in=groups)
    assert sorted(placed.values_list("student__username", flat=True)) == ["ann", "bob"]


def test_a_moved_student_keeps_the_side_their_group_gave_them(world):
    services.set_sides(assignment=world.one, sides={world.ann.pk: "con"})
    grouping.place_student(
        assignment=world.assignment, student_id=world.ann.pk, group_id=world.two.pk
    )
    assert world.two.sides.get(student=world.ann).side == "con"


def test_the_groups_page_answers_in_the_same_queries_for_more_students(world):
    client = signed_in_client(world.teacher)
    url = world.assignment.get_absolute_url()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
        services.create_students(classroom=world.room, names="Eve\nFay\nGus\nHal")
    assert counts[0] == counts[1]


def test_dealing_the_unplaced_fills_the_smallest_groups_first(world):
    services.create_students(classroom=world.room, names="Ivy\nJo\nKim")  # 2 + 2 placed
    StudentSide.objects.filter(assignment__group_of=world.assignment).exclude(
        student__in=[world.ann, world.bob]
    ).delete()
    StudentSide.objects.filter(assignment=world.one, student=world.ann).delete()
    client = signed_in_client(world.teacher)
    url = reverse("arguments:assignment_place", args=[world.assignment.pk])
    response = client.post(url, {"action": "deal"}, follow=True)
    assert "4 student(s) dealt into the groups at random." in response.content.decode()
    sizes = sorted([world.one.sides.count(), world.two.sides.count()])
    assert sizes == [2, 3]
    assert "Every student is in a group" in response.content.decode()


def test_students_who_left_the_class_hold_no_place_in_a_group(world):
    """A removed student's row stays (what they wrote stays in the group's map), but it
    neither makes their group look bigger to a late joiner nor lists them in it."""

    def joined(name, group):
        student = UserFactory(username=name)
        services.join(user=student, code=world.room.join_code)
        grouping.place_student(
            assignment=world.assignment, student_id=student.pk, group_id=group.pk
        )
        return student

    for name in ("carl", "dee"):
        services.remove_student(classroom=world.room, user_id=joined(name, world.one).pk)
    eve = joined("eve", world.two)
    # Group 1: ann, and the two who left; group 2: bob and eve.
    late = UserFactory(username="late")
    services.join(user=late, code=world.room.join_code)
    assert StudentSide.objects.filter(assignment=world.one, student=late).exists()
    _, access = selectors.load_assignment(user=world.teacher, pk=world.assignment.pk)
    listed = {
        group.assignment.pk: sorted(student_id for _, _, student_id in group.students)
        for group in selectors.groups(assignment=world.assignment, access=access)
    }
    assert listed == {
        world.one.pk: sorted([world.ann.pk, late.pk]),
        world.two.pk: sorted([world.bob.pk, eve.pk]),
    }


def test_a_placed_students_page_of_the_split_assignment_opens_their_groups_map(world):
    # Its one big button opened the class's original map, read-only for students since the
    # split, while they write in their group's copy.
    page = signed_in_client(world.ann).get(world.assignment.get_absolute_url()).text
    mine = world.one.debate.get_absolute_url()
    assert f'<a class="button" href="{mine}">Open your group\'s map' in page
    assert f'class="button" href="{world.assignment.debate.get_absolute_url()}"' not in page
    teacher = signed_in_client(world.teacher).get(world.assignment.get_absolute_url()).text
    assert f'class="button" href="{world.assignment.debate.get_absolute_url()}"' in teacher
