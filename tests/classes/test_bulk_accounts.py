"""The bulk-accounts sheet: sending the same names again (a reload of the sheet, a second
click) makes no account twice and shows no password again; the sheet stays out of every
cache, htmx's history included."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from arguments.classes import services
from arguments.models import ClassMember
from tests import classworld

pytestmark = pytest.mark.django_db

NAMES = "Zoe Test\nYan Test\n"


@pytest.fixture
def world():
    return classworld.build()


def _students(world):
    return set(
        ClassMember.objects.filter(classroom=world.room, role="student").values_list(
            "user__username", flat=True
        )
    )


def test_reloading_the_sheet_makes_no_duplicate_accounts_and_shows_no_password(client, world):
    client.force_login(world.teacher)
    url = reverse("arguments:bulk_students", args=[world.room.pk])
    first = client.post(url, {"names": NAMES})
    assert [row[1] for row in first.context["sheet"]] == ["zoe.test", "yan.test"]
    before = _students(world)
    again = client.post(url, {"names": NAMES})  # what the browser sends on a reload
    assert again.status_code == 200
    assert _students(world) == before
    assert not get_user_model().objects.filter(username__in=["zoe.test2", "yan.test2"]).exists()
    kept = [("Zoe Test", "zoe.test", None), ("Yan Test", "yan.test", None)]
    assert again.context["sheet"] == kept
    page = again.content.decode()
    for _, _, password in first.context["sheet"]:
        assert password not in page
    assert "2 of these names already had an account in this class" in page


def test_a_second_list_adds_only_the_new_names(world):
    services.create_students(classroom=world.room, names=NAMES)
    sheet = services.create_students(classroom=world.room, names="yan test\nXia Test\nXia Test")
    assert [(username, password is None) for _, username, password in sheet] == [
        ("yan.test", True),
        ("xia.test", False),
        ("xia.test2", False),  # two students of that name: two accounts
    ]


def test_the_password_sheet_is_kept_out_of_htmx_history_and_every_cache(client, world):
    client.force_login(world.teacher)
    url = reverse("arguments:bulk_students", args=[world.room.pk])
    response = client.post(url, {"names": NAMES})
    assert response["Cache-Control"] == "no-store"
    assert 'hx-history="false"' in response.content.decode()
