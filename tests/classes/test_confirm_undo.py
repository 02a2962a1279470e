"""A class's destructive changes ask first, say what will happen, and can be undone where
that is possible: unarchive from the message, add a removed student back."""

import pytest
from django.urls import reverse

from arguments.classes import services
from arguments.models import ClassMember, RemovedStudent, StudentSide
from arguments.permissions import Access
from tests import classworld

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return classworld.build()


@pytest.fixture
def teacher(client, world):
    client.force_login(world.teacher)
    return client


def settings_url(world):
    return reverse("arguments:classroom_settings", args=[world.room.pk])


def test_archive_without_confirmation_asks_first_and_changes_nothing(teacher, world):
    response = teacher.post(settings_url(world), {"action": "archive"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "arguments:confirm_class_change", args=[world.room.pk, "archive"]
    )
    world.room.refresh_from_db()
    assert not world.room.archived


def test_the_archive_page_says_what_happens_and_works_without_javascript(teacher, world):
    page = teacher.get(reverse("arguments:confirm_class_change", args=[world.room.pk, "archive"]))
    text = page.content.decode()
    assert "no longer write, vote" in text and "unarchive the class at any time" in text
    assert 'name="confirm" value="yes"' in text and 'name="action" value="archive"' in text
    assert "csrfmiddlewaretoken" in text


def test_archive_then_undo_from_the_message(teacher, world):
    response = teacher.post(
        settings_url(world), {"action": "archive", "confirm": "yes"}, follow=True
    )
    world.room.refresh_from_db()
    assert world.room.archived
    text = response.content.decode()
    assert "The class is archived" in text
    assert 'name="action" value="unarchive"' in text and ">Undo</button>" in text
    # Shown once: the next visit has no offer.
    assert ">Undo</button>" not in teacher.get(world.room.get_absolute_url()).content.decode()
    teacher.post(settings_url(world), {"action": "unarchive"})
    world.room.refresh_from_db()
    assert not world.room.archived


def test_a_new_code_asks_first_and_says_the_old_one_stops_working(teacher, world):
    old = world.room.join_code
    page = teacher.get(
        reverse("arguments:confirm_class_change", args=[world.room.pk, "regenerate"])
    )
    assert world.room.shown_join_code in page.content.decode()
    assert "stop working at once" in page.content.decode()
    teacher.post(settings_url(world), {"action": "regenerate"})
    world.room.refresh_from_db()
    assert world.room.join_code == old
    response = teacher.post(
        settings_url(world), {"action": "regenerate", "confirm": "yes"}, follow=True
    )
    world.room.refresh_from_db()
    assert world.room.join_code != old
    assert "The old code and link no longer work" in response.content.decode()


def test_unknown_changes_have_no_confirm_page(teacher, world):
    assert (
        teacher.get(
            reverse("arguments:confirm_class_change", args=[world.room.pk, "nuke"])
        ).status_code
        == 404
    )


def test_students_get_no_confirm_pages(client, world):
    client.force_login(world.student)
    url = reverse("arguments:confirm_class_change", args=[world.room.pk, "archive"])
    assert client.get(url).status_code == 403


def test_removing_a_student_asks_first_then_says_what_happens_to_their_work(teacher, world):
    student = world.student
    remove = reverse("arguments:remove_student", args=[world.room.pk, student.pk])
    assert teacher.post(remove).status_code == 302
    assert ClassMember.objects.filter(classroom=world.room, user=student).exists()
    confirm = teacher.get(
        reverse("arguments:confirm_remove_student", args=[world.room.pk, student.pk])
    ).content.decode()
    assert "What they wrote stays" in confirm and "add them back" in confirm
    response = teacher.post(remove, {"confirm": "yes"}, follow=True)
    text = response.content.decode()
    assert not ClassMember.objects.filter(classroom=world.room, user=student).exists()
    assert "student was removed from the class" in text and "What they wrote stays" in text
    assert "Add them back" in text
    assert not Access.load(student, world.debate).may_read


def test_a_removed_student_is_added_back_as_they_were(teacher, world):
    services.update_classroom(classroom=world.room, pseudonyms=True)
    student = world.student
    pseudonym = ClassMember.objects.get(classroom=world.room, user=student).pseudonym
    sides = list(StudentSide.objects.filter(student=student).values_list("assignment_id", "side"))
    remove = reverse("arguments:remove_student", args=[world.room.pk, student.pk])
    teacher.post(remove, {"confirm": "yes"})
    assert RemovedStudent.objects.filter(classroom=world.room, user=student).exists()
    back = reverse("arguments:add_back_student", args=[world.room.pk, student.pk])
    response = teacher.post(back, follow=True)
    assert f"student ({pseudonym}) is back in the class" in response.content.decode()
    member = ClassMember.objects.get(classroom=world.room, user=student)
    assert (member.role, member.pseudonym) == ("student", pseudonym)
    assert (
        list(StudentSide.objects.filter(student=student).values_list("assignment_id", "side"))
        == sides
    )
    assert Access.load(student, world.debate).may_propose
    assert not RemovedStudent.objects.filter(classroom=world.room, user=student).exists()


def test_only_removed_students_are_added_back(teacher, world):
    back = reverse("arguments:add_back_student", args=[world.room.pk, world.stranger.pk])
    response = teacher.post(back, follow=True)
    assert "was not removed from this class" in response.content.decode()
    assert not ClassMember.objects.filter(classroom=world.room, user=world.stranger).exists()


def test_removing_a_teacher_is_refused_with_a_message(teacher, world):
    remove = reverse("arguments:remove_student", args=[world.room.pk, world.co_teacher.pk])
    assert (
        teacher.get(
            reverse("arguments:confirm_remove_student", args=[world.room.pk, world.co_teacher.pk])
        ).status_code
        == 404
    )
    response = teacher.post(remove, {"confirm": "yes"}, follow=True)
    assert "not a student of this class" in response.content.decode()


def test_with_htmx_the_question_comes_as_a_fragment_beside_the_button(teacher, world):
    url = reverse("arguments:confirm_class_change", args=[world.room.pk, "archive"])
    page = teacher.get(world.room.get_absolute_url()).content.decode()
    assert f'hx-get="{url}"' in page and 'id="class-confirm"' in page
    fragment = teacher.get(url, HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "<html" not in text and 'class="confirm-box"' in text
    assert 'name="confirm" value="yes"' in text and "csrfmiddlewaretoken" in text
    assert "HX-Request" in fragment["Vary"]
    whole = teacher.get(url).content.decode()
    assert "<html" in whole and 'class="confirm-box"' not in whole
