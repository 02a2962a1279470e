"""Grading an assignment: points or a rubric, hidden until released, in the report and CSV."""

import csv
import io

import pytest
from django.urls import reverse

from arguments.classes.grading import rubrics
from arguments.models import Grade, Notification
from tests import classworld
from tests.factories import signed_in_client

pytestmark = pytest.mark.django_db

RUBRIC = "Claims: Unclear (0) | Clear (2) | Clear and single (3)\nEvidence: None | Some | Tied"


@pytest.fixture
def world():
    return classworld.build()


def _teacher(world):
    return signed_in_client(world.teacher)


def _set_rubric(client, world, text=RUBRIC):
    url = reverse("arguments:grading", args=[world.assignment.pk])
    return client.post(url, {"mode": "rubric", "rubric": text})


def _grade_url(world, user=None):
    return reverse("arguments:grade", args=[world.assignment.pk, (user or world.student).pk])


def test_a_rubric_is_read_line_by_line_with_its_points():
    criteria = rubrics.parse(RUBRIC)
    assert [c.name for c in criteria] == ["Claims", "Evidence"]
    assert [(level.label, level.points) for level in criteria[0].levels] == [
        ("Unclear", 0),
        ("Clear", 2),
        ("Clear and single", 3),
    ]
    # A level without points gives its place in the line.
    assert [level.points for level in criteria[1].levels] == [0, 1, 2]
    assert rubrics.parse(rubrics.written(criteria)) == criteria
    assert rubrics.total(criteria, [2, None]) == (3, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Claims Unclear | Clear", "Line 1: write the criterion's name, a colon"),
        ("A: x | y\nClaims: only one level", "Line 2 (Claims): give at least two levels"),
        ("Claims: a | | b", "give at least two levels"),
        ("Claims: (1) | b", "a level needs words"),
        ("Claims: a (500) | b", "at most 100 points"),
        ("A: x | y\na: x | y", "Two criteria have the same name"),
    ],
)
def test_a_rubric_that_cannot_be_read_names_its_line(text, message):
    with pytest.raises(rubrics.RubricError, match=message.replace("(", r"\(").replace(")", r"\)")):
        rubrics.parse(text)


def test_the_teacher_grades_with_a_rubric_and_the_student_sees_it_only_once_released(world):
    teacher = _teacher(world)
    assert _set_rubric(teacher, world).status_code == 302
    response = teacher.post(
        _grade_url(world), {"level_0": "2", "level_1": "1", "comment": "Good <b>quotes</b>."}
    )
    assert response.status_code == 302
    grade = Grade.objects.get(assignment=world.assignment, student=world.student)
    assert (grade.points, grade.levels) == (4, [2, 1])

    student = signed_in_client(world.student)
    page = student.get(world.assignment.get_absolute_url())
    assert "Your grade" not in page.text and "Good" not in page.text

    released = teacher.post(
        reverse("arguments:release_grades", args=[world.assignment.pk]), {"action": "release"}
    )
    assert released.status_code == 302
    notice = Notification.objects.get(user=world.student, message__contains="released")
    assert notice.message == "Your teacher released your grade on “Argue it”."
    assert notice.url == world.assignment.get_absolute_url()
    page = student.get(world.assignment.get_absolute_url())
    assert "Your grade: 4 out of 5" in page.text
    assert "Clear and single (3)" in page.text and "Some (1)" in page.text
    assert "Good &lt;b&gt;quotes&lt;/b&gt;." in page.text

    # Releasing again tells nobody twice; hiding takes the grade back from the page.
    teacher.post(reverse("arguments:release_grades", args=[world.assignment.pk]), {})
    assert (
        Notification.objects.filter(user=world.student, message__contains="released").count() == 1
    )
    teacher.post(
        reverse("arguments:release_grades", args=[world.assignment.pk]), {"action": "hide"}
    )
    assert "Your grade" not in student.get(world.assignment.get_absolute_url()).text


def test_points_out_of_a_maximum_and_a_wrong_number_keeps_what_was_typed(world):
    teacher = _teacher(world)
    url = reverse("arguments:grading", args=[world.assignment.pk])
    assert teacher.post(url, {"mode": "points", "max_points": "20"}).status_code == 302
    response = teacher.post(_grade_url(world), {"points": "25", "comment": "Keep this comment."})
    assert response.status_code == 400
    assert "less than or equal to 20" in response.text
    assert "Keep this comment." in response.text
    assert not Grade.objects.exists()
    assert teacher.post(_grade_url(world), {"points": "17"}).status_code == 302
    assert Grade.objects.get().points == 17


def test_a_bad_rubric_is_shown_again_with_its_line_and_nothing_is_saved(world):
    response = _set_rubric(_teacher(world), world, "Claims: Unclear (0) | Clear (1)\nEvidence")
    assert response.status_code == 400
    assert "Line 2: write the criterion" in response.text
    assert "Claims: Unclear (0) | Clear (1)" in response.text
    world.assignment.refresh_from_db()
    assert world.assignment.rubric == []


def test_a_starter_rubric_fills_the_box_and_keeps_the_maximum_typed(world):
    url = reverse("arguments:grading", args=[world.assignment.pk])
    response = _teacher(world).post(url, {"starter": "evidence", "max_points": "12"})
    assert response.status_code == 200
    assert "Quotes: None (0)" in response.text
    assert 'value="12"' in response.text


def test_the_way_of_grading_is_fixed_once_a_student_is_graded(world):
    teacher = _teacher(world)
    _set_rubric(teacher, world)
    teacher.post(_grade_url(world), {"level_0": "1", "level_1": "0"})
    response = _set_rubric(teacher, world, "Other: a | b")
    assert response.status_code == 400
    assert "can no longer change" in response.text


def test_only_the_class_s_teachers_open_the_grading_pages(world):
    urls = [
        reverse("arguments:grading", args=[world.assignment.pk]),
        reverse("arguments:grades", args=[world.assignment.pk]),
        _grade_url(world),
    ]
    student, outsider = signed_in_client(world.student), signed_in_client(world.other_student)
    for url in urls:
        assert student.get(url).status_code == 403
        assert outsider.get(url).status_code == 404
        assert signed_in_client(world.co_teacher).get(url).status_code in (200, 302)
    release = reverse("arguments:release_grades", args=[world.assignment.pk])
    assert student.post(release, {"action": "release"}).status_code == 403
    # A teacher cannot grade someone who is not a student of the class.
    _set_rubric(_teacher(world), world)
    assert _teacher(world).get(_grade_url(world, world.other_student)).status_code == 404


def test_the_report_and_its_csv_carry_the_grade_and_each_criterion(world):
    teacher = _teacher(world)
    _set_rubric(teacher, world)
    teacher.post(_grade_url(world), {"level_0": "1", "level_1": "2"})
    report = teacher.get(reverse("arguments:report", args=[world.assignment.pk]))
    assert "4 / 5" in report.text
    download = teacher.get(reverse("arguments:report_csv", args=[world.assignment.pk]))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    header = rows[0]
    assert header[-4:] == ["Grade", "Out of", "Claims", "Evidence"]
    mine = next(row for row in rows[1:] if row[1] == world.student.username)
    assert mine[-4:] == ["4", "5", "2", "2"]


def test_save_and_grade_the_next_student_follows_the_sheet_s_order(
    world, django_assert_max_num_queries
):
    from arguments.classes import services
    from tests.factories import UserFactory

    last = UserFactory(username="zoe")
    services.join(user=last, code=world.room.join_code)
    teacher = _teacher(world)
    _set_rubric(teacher, world)
    data = {"level_0": "1", "level_1": "1", "then": "next"}
    response = teacher.post(_grade_url(world), data)
    assert response["Location"] == _grade_url(world, last)
    response = teacher.post(_grade_url(world, last), data)
    assert response["Location"] == reverse("arguments:grades", args=[world.assignment.pk])
    # The student's report row (the report's queries), their grade, and the class's order
    # for "next" in one query (it read the whole report again for it).
    with django_assert_max_num_queries(12):
        assert teacher.get(_grade_url(world)).status_code == 200
