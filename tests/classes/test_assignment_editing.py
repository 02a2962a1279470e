"""Editing an assignment (/assignments/<pk>/edit/): its instructions, dates and sides, the
warnings a past date or a change of sides asks to confirm, and students' own due dates
(extensions), which every write path of a class map honours."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from arguments.classes import rules, services
from arguments.classes.editing import services as editing
from arguments.models import (
    Account,
    Argument,
    Assignment,
    Claim,
    Extension,
    Proposal,
    Side,
    Stance,
    StudentSide,
    Vote,
)
from arguments.permissions import Access
from arguments.services import propose
from tests import classworld
from tests.factories import UserFactory, signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = classworld.build()
    # late: a second student of Class A, pro as well, with no extension
    world.late = UserFactory(username="late")
    services.join(user=world.late, code=world.room.join_code)
    StudentSide.objects.filter(assignment=world.assignment, student=world.late).update(
        side=Side.PRO
    )
    return world


def edit_url(world):
    return reverse("arguments:assignment_edit", args=[world.assignment.pk])


def form_data(world, **changes):
    assignment = world.assignment
    data = {
        "title": assignment.title,
        "instructions": assignment.instructions,
        "opens": timezone.localtime(assignment.opens).strftime("%Y-%m-%dT%H:%M"),
        "due": timezone.localtime(assignment.due).strftime("%Y-%m-%dT%H:%M"),
        "sides": "keep",
    }
    return {**data, **changes}


def local_input(moment):
    return moment.strftime("%Y-%m-%dT%H:%M")


def close(world):
    """The assignment's due date passes (an hour ago)."""
    Assignment.objects.filter(pk=world.assignment.pk).update(
        due=timezone.now() - timedelta(hours=1)
    )
    world.assignment.refresh_from_db()


def extend(world, student, hours=24):
    return Extension.objects.create(
        assignment=world.assignment,
        student=student,
        due=timezone.now() + timedelta(hours=hours),
    )


# The page and who may use it


def test_the_teacher_finds_the_current_values_filled_in(world):
    page = signed_in_client(world.teacher).get(edit_url(world))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["title"].value() == "Argue it"
    assert form["instructions"].value() == "Two claims each."
    assert local_input(timezone.localtime(world.assignment.due)) in page.text
    assert "late" in page.text and "student" in page.text  # the students' due dates


@pytest.mark.parametrize(
    ("who", "status"), [("student", 403), ("other_student", 404), ("stranger", 404)]
)
def test_only_the_class_s_teachers_may_edit(world, who, status):
    client = signed_in_client(getattr(world, who))
    assert client.get(edit_url(world)).status_code == status
    before = world.assignment.due
    posted = client.post(edit_url(world), form_data(world, title="Hijacked"))
    assert posted.status_code == status
    world.assignment.refresh_from_db()
    assert (world.assignment.title, world.assignment.due) == ("Argue it", before)
    extension = reverse("arguments:assignment_extension", args=[world.assignment.pk])
    later = local_input(timezone.now() + timedelta(days=5))
    assert client.post(
        extension, {"extension-student": world.student.pk, "extension-due": later}
    ).status_code == (status)
    assert not Extension.objects.exists()


def test_the_anonymous_are_sent_to_sign_in(client, world):
    response = client.get(edit_url(world))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_teacher_extends_the_deadline_and_changes_the_instructions(world):
    due = timezone.localtime(world.assignment.due) + timedelta(days=3)
    response = signed_in_client(world.teacher).post(
        edit_url(world), form_data(world, due=local_input(due), instructions="Three claims.")
    )
    assert response.status_code == 302
    world.assignment.refresh_from_db()
    assert world.assignment.instructions == "Three claims."
    assert world.assignment.due == due.replace(second=0, microsecond=0)


def test_a_group_s_copy_follows_the_assignment_s_dates(world):
    for number in range(2):
        services.join(user=UserFactory(username=f"g{number}"), code=world.room.join_code)
    groups = services.split_into_groups(assignment=world.assignment, count=2)
    due = timezone.now().replace(second=0, microsecond=0) + timedelta(days=9)
    editing.edit_assignment(
        assignment=world.assignment,
        title="Argue it",
        instructions="New words.",
        opens=world.assignment.opens,
        due=due,
    )
    for group in groups:
        group.refresh_from_db()
        assert (group.due, group.instructions) == (due, "New words.")
        # A group's edit page is its assignment's.
        response = signed_in_client(world.teacher).get(
            reverse("arguments:assignment_edit", args=[group.pk])
        )
        assert response.status_code == 302 and response["Location"] == edit_url(world)


def test_a_due_date_before_the_opening_is_refused_and_the_typing_kept(world):
    opens = timezone.localtime(world.assignment.opens)
    typed = local_input(opens - timedelta(days=1))
    response = signed_in_client(world.teacher).post(
        edit_url(world), form_data(world, due=typed, instructions="Kept words.")
    )
    assert response.status_code == 200
    assert "The due date must come after the opening." in response.text
    assert typed in response.text and "Kept words." in response.text


# Warnings to confirm


def test_a_due_date_already_past_warns_and_saves_only_once_confirmed(world):
    teacher = signed_in_client(world.teacher)
    past = timezone.localtime(timezone.now() - timedelta(minutes=30))
    data = form_data(world, due=local_input(past), instructions="Typed before the warning.")
    opens = timezone.localtime(timezone.now() - timedelta(hours=2))
    data["opens"] = local_input(opens)
    first = teacher.post(edit_url(world), data)
    assert first.status_code == 200
    assert "is already past" in first.text and "Save anyway" in first.text
    assert local_input(past) in first.text and "Typed before the warning." in first.text
    world.assignment.refresh_from_db()
    assert world.assignment.due > timezone.now()  # nothing saved yet
    confirmed = teacher.post(edit_url(world), {**data, "confirmed": "1"})
    assert confirmed.status_code == 302
    world.assignment.refresh_from_db()
    assert world.assignment.due == past.replace(second=0, microsecond=0)
    assert world.assignment.instructions == "Typed before the warning."


def test_changing_sides_after_students_wrote_says_their_work_stays(world):
    teacher = signed_in_client(world.teacher)
    written = Claim.objects.filter(debate=world.debate, author=world.student).count()
    assert written == 2
    first = teacher.post(edit_url(world), form_data(world, sides="free"))
    assert first.status_code == 200
    assert "Students have already written 2 claims here." in first.text
    assert "the new sides apply only to what students add from now on" in first.text
    assert StudentSide.objects.get(assignment=world.assignment, student=world.student).side == (
        Side.PRO
    )
    assert teacher.post(edit_url(world), {**form_data(world, sides="free"), "confirmed": "1"})
    sides = set(StudentSide.objects.filter(assignment=world.assignment).values_list("side"))
    assert sides == {(Side.FREE,)}
    assert Claim.objects.filter(debate=world.debate, author=world.student).count() == 2


def test_keeping_the_sides_and_dates_asks_nothing(world):
    response = signed_in_client(world.teacher).post(edit_url(world), form_data(world))
    assert response.status_code == 302


# Extensions


def test_a_teacher_gives_changes_and_removes_an_extension(world):
    teacher = signed_in_client(world.teacher)
    url = reverse("arguments:assignment_extension", args=[world.assignment.pk])
    later = timezone.localtime(world.assignment.due + timedelta(days=2))
    assert teacher.post(
        url, {"extension-student": world.student.pk, "extension-due": local_input(later)}
    ).status_code
    extension = Extension.objects.get(assignment=world.assignment, student=world.student)
    assert extension.due == later.replace(second=0, microsecond=0)
    assert extension.granted_by == world.teacher
    page = teacher.get(edit_url(world)).text
    assert "extended" in page
    change = teacher.get(edit_url(world), {"student": world.student.pk})
    assert change.context["extension_form"]["student"].value() == world.student.pk
    assert f'value="{local_input(later)}"' in change.text  # their date, to change
    even_later = later + timedelta(days=1)
    teacher.post(
        url, {"extension-student": world.student.pk, "extension-due": local_input(even_later)}
    )
    extension.refresh_from_db()
    assert extension.due == even_later.replace(second=0, microsecond=0)
    remove = reverse("arguments:remove_extension", args=[world.assignment.pk, world.student.pk])
    assert teacher.post(remove).status_code == 302
    assert not Extension.objects.exists()


def test_an_extension_must_give_more_time_to_a_student_of_the_class(world):
    teacher = signed_in_client(world.teacher)
    url = reverse("arguments:assignment_extension", args=[world.assignment.pk])
    earlier = local_input(timezone.localtime(world.assignment.due - timedelta(hours=2)))
    response = teacher.post(url, {"extension-student": world.student.pk, "extension-due": earlier})
    assert response.status_code == 200
    assert "An extension gives more time" in response.text
    assert earlier in response.text  # the form keeps what was typed
    later = local_input(timezone.localtime(world.assignment.due + timedelta(days=1)))
    outsider = teacher.post(
        url, {"extension-student": world.other_student.pk, "extension-due": later}
    )
    assert outsider.status_code == 200 and not Extension.objects.exists()
    with pytest.raises(ValidationError):
        editing.set_extension(
            assignment=world.assignment,
            student_id=world.co_teacher.pk,
            due=world.assignment.due + timedelta(days=1),
            teacher=world.teacher,
        )


def test_a_student_s_due_is_the_later_of_the_two():
    due = datetime(2026, 12, 3, 12, tzinfo=UTC)
    assert rules.due_for(due) == due
    assert rules.due_for(due, due + timedelta(hours=1)) == due + timedelta(hours=1)
    assert rules.due_for(due, due - timedelta(hours=1)) == due


def _write_paths(world, client, debate):
    """Propose, link, vote and flag in the class map over HTTP; their status codes."""
    slug, thesis = debate.slug, debate.thesis
    approved = Argument.objects.filter(debate=debate, status="approved").first()
    return {
        "propose": client.post(
            reverse("arguments:propose", args=[slug, thesis.pk]),
            {"stance": "support", "text": f"A reason from {client.username}."},
        ).status_code,
        "link": client.post(
            reverse("arguments:link", args=[slug, thesis.pk]),
            {"claim": world.approved.pk, "stance": "support"},
        ).status_code,
        "vote": client.post(
            reverse("arguments:vote", args=[slug, approved.pk]), {"value": "3"}
        ).status_code,
        "flag": client.post(
            reverse("arguments:flag", args=[slug, world.approved.pk]),
            {"reason": "off_topic", "note": "Not about it."},
        ).status_code,
    }


def test_after_the_due_date_only_an_extended_student_still_writes(world):
    close(world)
    extend(world, world.student)
    extended, late = signed_in_client(world.student), signed_in_client(world.late)
    extended.username, late.username = "student", "late"
    assert _write_paths(world, late, world.debate) == dict.fromkeys(
        ("propose", "link", "vote", "flag"), 403
    )
    assert _write_paths(world, extended, world.debate) == dict.fromkeys(
        ("propose", "link", "vote", "flag"), 302
    )
    assert Claim.objects.filter(text="A reason from student.").exists()
    assert not Claim.objects.filter(text="A reason from late.").exists()
    assert Vote.objects.filter(user=world.student).exists()
    assert not Vote.objects.filter(user=world.late).exists()
    assert Proposal.objects.filter(author=world.student, kind="flag").exists()
    assert Proposal.objects.filter(author=world.student, kind="link").exists()


def test_an_extension_that_has_run_out_or_was_removed_closes_again(world):
    close(world)
    extension = extend(world, world.student)
    assert Access.load(world.student, world.debate).may_propose
    Extension.objects.filter(pk=extension.pk).update(due=timezone.now() - timedelta(minutes=1))
    assert not Access.load(world.student, world.debate).may_propose
    assert not Access.load(world.student, world.debate).may_flag
    extend_again = Extension.objects.filter(pk=extension.pk)
    extend_again.update(due=timezone.now() + timedelta(hours=1))
    assert Access.load(world.student, world.debate).may_vote
    editing.remove_extension(assignment=world.assignment, student_id=world.student.pk)
    with pytest.raises(PermissionDenied):
        propose.propose_claim(
            access=Access.load(world.student, world.debate),
            target=world.debate.thesis,
            stance=Stance.SUPPORT,
            text="Too late.",
        )


def test_an_extension_does_not_open_an_assignment_early_or_another_student(world):
    Assignment.objects.filter(pk=world.assignment.pk).update(
        opens=timezone.now() + timedelta(hours=1), due=timezone.now() + timedelta(hours=2)
    )
    extend(world, world.student, hours=5)
    assert not Access.load(world.student, world.debate).may_propose
    Assignment.objects.filter(pk=world.assignment.pk).update(
        opens=timezone.now() - timedelta(hours=3), due=timezone.now() - timedelta(hours=2)
    )
    assert Access.load(world.student, world.debate).may_propose
    assert not Access.load(world.late, world.debate).may_propose


def test_an_extension_holds_in_the_student_s_group_copy(world):
    services.join(user=UserFactory(username="g0"), code=world.room.join_code)
    groups = services.split_into_groups(assignment=world.assignment, count=2)
    mine = next(g for g in groups if g.sides.filter(student=world.student).exists())
    Assignment.objects.filter(pk__in=[g.pk for g in groups] + [world.assignment.pk]).update(
        due=timezone.now() - timedelta(hours=1)
    )
    assert not Access.load(world.student, mine.debate).may_propose
    extend(world, world.student)
    assert Access.load(world.student, mine.debate).may_propose


def test_the_map_banner_and_assignment_page_show_the_student_s_own_due_date_and_zone(world):
    close(world)
    due = datetime(2030, 1, 10, 13, 0, tzinfo=UTC)  # 08:00 in New York (EST)
    Extension.objects.create(assignment=world.assignment, student=world.student, due=due)
    Account.objects.create(user=world.student, time_zone="America/New_York")
    student = signed_in_client(world.student)
    page = student.get(world.debate.get_absolute_url()).text
    assert "due <time" in page and "10 Jan, 08:00 EST</time> (your extension)." in page
    assert "The assignment is closed" not in page
    assignment_page = student.get(world.assignment.get_absolute_url()).text
    assert "10 January 2030, 08:00 EST" in assignment_page
    assert "your extension" in assignment_page
    assert "Closed" not in assignment_page
    late_page = signed_in_client(world.late).get(world.debate.get_absolute_url()).text
    assert "The assignment is closed — read only" in late_page


def test_the_teacher_s_date_inputs_are_read_in_their_zone(world):
    Account.objects.filter(user=world.teacher).update(time_zone="Europe/Paris")
    teacher = signed_in_client(world.teacher)
    data = form_data(world)
    data["due"] = "2030-01-10T14:00"  # 14:00 in Paris in winter is 13:00 UTC
    assert teacher.post(edit_url(world), data).status_code == 302
    world.assignment.refresh_from_db()
    assert world.assignment.due == datetime(2030, 1, 10, 13, 0, tzinfo=UTC)
    page = teacher.get(edit_url(world)).text
    assert 'value="2030-01-10T14:00"' in page  # shown back in Paris time
    assert "10 Jan 2030, 14:00 CET" in page
    assert "Europe/Paris" in page
    url = reverse("arguments:assignment_extension", args=[world.assignment.pk])
    teacher.post(url, {"extension-student": world.student.pk, "extension-due": "2030-07-01T09:30"})
    extension = Extension.objects.get(student=world.student)
    assert extension.due == datetime(2030, 7, 1, 7, 30, tzinfo=UTC)  # CEST, two hours ahead


def test_a_new_assignment_s_dates_are_read_in_the_teacher_s_zone_too(world):
    Account.objects.filter(user=world.teacher).update(time_zone="America/New_York")
    debate = services.start_debate(
        classroom=world.room, teacher=world.teacher, title="Second", thesis="A second thesis."
    )
    response = signed_in_client(world.teacher).post(
        reverse("arguments:new_assignment", args=[world.room.pk]),
        {
            "debate": debate.pk,
            "title": "Round two",
            "instructions": "",
            "opens": "2030-01-10T09:00",
            "due": "2030-01-17T17:00",
            "sides": "free",
        },
    )
    assert response.status_code == 302
    made = Assignment.objects.get(debate=debate)
    assert made.opens == datetime(2030, 1, 10, 14, 0, tzinfo=UTC)  # EST: five hours behind
    assert made.due == datetime(2030, 1, 17, 22, 0, tzinfo=UTC)
    page = signed_in_client(world.teacher).get(made.get_absolute_url()).text
    assert "17 January 2030, 17:00 EST" in page


def test_the_students_due_dates_are_paged_and_the_links_stay_on_the_edit_page(world):
    from arguments.views import paging

    for number in range(paging.STUDENT_DUES):
        services.join(user=UserFactory(username=f"z{number:02}"), code=world.room.join_code)
    teacher = signed_in_client(world.teacher)
    first = teacher.get(edit_url(world))
    assert len(first.context["dues"]) == paging.STUDENT_DUES
    assert f'href="{edit_url(world)}?page=2"' in first.text
    second = teacher.get(edit_url(world), {"page": 2})
    assert [row.student.username for row in second.context["dues"]] == ["z48", "z49"]
    url = reverse("arguments:assignment_extension", args=[world.assignment.pk])
    refused = teacher.post(url, {"extension-student": "", "extension-due": ""})
    assert refused.status_code == 200
    assert f'href="{edit_url(world)}?page=2"' in refused.text


def test_the_edit_page_answers_in_the_same_queries_for_more_students(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    teacher = signed_in_client(world.teacher)
    extend(world, world.student)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert teacher.get(edit_url(world)).status_code == 200
        return len(queries)

    few = count()
    for number in range(10):
        joined = UserFactory(username=f"y{number}")
        services.join(user=joined, code=world.room.join_code)
        extend(world, joined)
    assert count() == few
    assert few <= 12, few


def test_the_class_page_shows_an_extended_student_their_own_due_date(world):
    """It compared the assignment's own due date: an extended student read "closed" there
    while their map and assignment page said they could still write."""
    close(world)
    extend(world, world.student)
    url = reverse("arguments:classroom", args=[world.room.pk])
    extended = signed_in_client(world.student).get(url).content.decode()
    assert "(your extension)" in extended
    assert '<span class="tag">closed</span>' not in extended
    other = signed_in_client(world.late).get(url).content.decode()
    assert '<span class="tag">closed</span>' in other
    assert "(your extension)" not in other
