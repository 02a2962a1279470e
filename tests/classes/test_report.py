"""The participation report of an assignment split into groups: it counts what each
student wrote in their group's copy, says the group, and ends with the class's total."""

import csv
import io
import random

import pytest
from django.urls import reverse

from arguments.classes import services
from arguments.models import Stance, StudentSide
from arguments.permissions import Access
from arguments.services import propose
from tests import classworld
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = classworld.build()
    for number in range(3):
        services.join(user=UserFactory(username=f"s{number}"), code=world.room.join_code)
    groups = services.split_into_groups(assignment=world.assignment, count=2, rng=random.Random(1))
    # Each student of each group writes one claim in their group's copy.
    for group in groups:
        for side in StudentSide.objects.filter(assignment=group).select_related("student"):
            access = Access.load(side.student, group.debate)
            propose.propose_claim(
                access=access,
                target=group.debate.thesis,
                stance=Stance.SUPPORT if side.side != "con" else Stance.ATTACK,
                text=f"{side.student.username} argues in {group.group_name}.",
            )
    world.groups = groups
    return world


def test_the_main_report_counts_the_work_done_in_the_groups(client, world):
    client.force_login(world.teacher)
    response = client.get(reverse("arguments:report", args=[world.assignment.pk]))
    rows = {row.student.username: row for row in response.context["rows"]}
    assert set(rows) == {"student", "s0", "s1", "s2"}
    for name in ("s0", "s1", "s2"):
        assert rows[name].proposed == 1 and rows[name].pending == 1
    for group in world.groups:
        for student_id in group.sides.values_list("student_id", flat=True):
            row = next(r for r in rows.values() if r.student.pk == student_id)
            assert row.group == group.group_name
    # The student's two claims from before the split, and the one in their group.
    assert rows["student"].proposed == 3
    total = response.context["total"]
    assert total.name == "Class total"
    assert total.proposed == sum(row.proposed for row in rows.values()) == 6
    page = response.content.decode()
    assert "Class total" in page and ">Group<" in page


def test_the_main_reports_csv_has_a_group_column(client, world):
    client.force_login(world.teacher)
    response = client.get(reverse("arguments:report_csv", args=[world.assignment.pk]))
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:5] == ["Student", "Username", "Side", "Group", "Proposed"]
    by_username = {line[1]: line for line in table[1:]}
    assert {line[3] for line in by_username.values()} == {"Group 1", "Group 2"}
    assert by_username["s0"][4] == "1"


def test_a_groups_report_counts_its_own_students_only(client, world):
    client.force_login(world.teacher)
    group = world.groups[0]
    response = client.get(reverse("arguments:report", args=[group.pk]))
    listed = {row.student.pk for row in response.context["rows"]}
    assert listed == set(group.sides.values_list("student_id", flat=True))
    assert all(row.proposed >= 1 for row in response.context["rows"])


def test_the_main_report_of_groups_answers_in_bounded_queries(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.teacher)
    for name in ("report", "report_csv"):
        with django_assert_max_num_queries(10):
            response = client.get(reverse(f"arguments:{name}", args=[world.assignment.pk]))
        assert response.status_code == 200
