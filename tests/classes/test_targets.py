"""Targets: what each student should do, counted from their approved claims, shown to the
student on the assignment's page and in the banner above the map."""

import pytest
from django.urls import reverse

from arguments.classes import rules
from arguments.models import Stance
from arguments.permissions import Access
from arguments.services import moderate, propose
from tests import classworld
from tests.factories import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return classworld.build()


def _set(client, world, **targets):
    data = {f"targets-{key}": value for key, value in targets.items()}
    return client.post(reverse("arguments:assignment_targets", args=[world.assignment.pk]), data)


def test_progress_lists_only_the_targets_set_in_order():
    done = rules.progress({"pros": 2, "cons": 0, "quotes": 1}, {"quotes": 2, "pros": 2, "cons": 0})
    assert [(p.key, p.done, p.wanted, p.met) for p in done] == [
        ("pros", 2, 2, True),
        ("quotes", 1, 2, False),
    ]


def test_a_student_s_approved_claims_count_towards_the_targets(world):
    teacher = signed_in_client(world.teacher)
    assert _set(teacher, world, pros=2, cons=1, quotes=1, replies=1).status_code == 302
    world.assignment.refresh_from_db()
    assert world.assignment.targets == {"pros": 2, "cons": 1, "quotes": 1, "replies": 1}
    # The world's student has one approved pro quoting a passage, and one pending pro.
    # A con of a reason below the thesis is a reply to the other side; approve it.
    debate = world.debate
    reason = debate.claims.get(text="Pressure hardens Beijing.")  # the other side's reason
    reply = propose.propose_claim(
        access=Access.load(world.student, debate),
        target=reason,
        stance=Stance.ATTACK,
        text="That reason misreads the letter.",
    )
    moderate.approve(access=Access.load(world.teacher, debate), proposal=reply)

    page = signed_in_client(world.student).get(world.assignment.get_absolute_url()).text
    assert "✓ </span>1 of 1 cons" in page
    assert "1 of 2 pros" in page
    assert "✓ </span>1 of 1 passages quoted" in page
    assert "✓ </span>1 of 1 replies to the other side" in page
    assert "1 waiting for approval" in page


def test_the_banner_above_the_map_says_the_side_and_loads_the_progress(world):
    _set(signed_in_client(world.teacher), world, pros=3)
    student = signed_in_client(world.student)
    page = student.get(world.debate.get_absolute_url(), follow=True).text
    progress = reverse("arguments:assignment_progress", args=[world.assignment.pk])
    assert "You argue <strong>for the thesis</strong>" in page
    assert f'hx-get="{progress}"' in page
    fragment = student.get(progress, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "1 of 3 pros" in fragment.text and "<h1>" not in fragment.text
    # The teacher's map has no student banner; a stranger gets no progress.
    teacher_page = signed_in_client(world.teacher).get(world.debate.get_absolute_url(), follow=True)
    assert "You argue" not in teacher_page.text
    assert signed_in_client(world.other_student).get(progress).status_code == 404


def test_a_target_out_of_range_is_refused_with_a_message_and_nothing_changes(world):
    teacher = signed_in_client(world.teacher)
    response = _set(teacher, world, pros=500, cons=1)
    assert response.status_code == 302
    world.assignment.refresh_from_db()
    assert world.assignment.targets == {}
    page = teacher.get(response["Location"]).text
    assert "A target is a whole number from 0 to 50: pros." in page


def test_students_cannot_set_targets(world):
    response = _set(signed_in_client(world.student), world, pros=1)
    assert response.status_code == 403


def test_the_report_and_its_csv_show_the_targets(world):
    import csv
    import io

    teacher = signed_in_client(world.teacher)
    _set(teacher, world, pros=1, quotes=2)
    report = teacher.get(reverse("arguments:report", args=[world.assignment.pk])).text
    assert "Targets met" in report and "1 of 2" in report
    download = teacher.get(reverse("arguments:report_csv", args=[world.assignment.pk]))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][-2:] == ["Pros", "Passages quoted"]
    mine = next(row for row in rows[1:] if row[1] == world.student.username)
    assert mine[-2:] == ["1", "1"]
