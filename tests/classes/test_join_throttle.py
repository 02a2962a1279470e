"""Guessing class codes: wrong codes are throttled per user and per address, with a clear
message; codes are long enough that guessing from many addresses is hopeless too."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from arguments.classes import services
from arguments.models import ClassMember, Classroom, JoinFailure
from tests import classworld
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return classworld.build()


def guess(client, code, **extra):
    return client.post(reverse("arguments:join"), {"code": code}, **extra)


def test_wrong_codes_are_refused_after_the_limit_with_a_clear_message(client, world, settings):
    settings.JOIN_FAILURES_PER_USER = 10
    guesser = UserFactory(username="guesser")
    client.force_login(guesser)
    for number in range(10):
        assert "No class has this code" in guess(client, f"ZZZZZZ{number}").text
    response = guess(client, world.room.join_code)
    assert response.status_code == 200
    assert "Too many wrong class codes. Try again in 15 minute(s)" in response.text
    assert f'value="{world.room.join_code}"' in response.text
    assert not ClassMember.objects.filter(user=guesser).exists()
    assert JoinFailure.objects.filter(user=guesser).count() == 10  # refusals not counted


def test_a_right_code_is_not_counted_as_a_guess(world):
    newcomer = UserFactory(username="newcomer")
    services.join(user=newcomer, code=world.room.join_code, address="198.51.100.7")
    assert not JoinFailure.objects.exists()


def test_a_suspect_address_still_lets_a_student_without_wrong_codes_join(world, settings):
    settings.JOIN_FAILURES_PER_ADDRESS = 5
    address = "198.51.100.7"
    for number in range(5):
        with pytest.raises(ValidationError, match="No class has this code"):
            services.join(user=UserFactory(username=f"g{number}"), code="ZZZZ", address=address)
    # A classmate behind the same NAT, no wrong code yet: in.
    services.join(
        user=UserFactory(username="classmate"), code=world.room.join_code, address=address
    )
    # One who has just typed a wrong code there waits.
    clumsy = UserFactory(username="clumsy")
    with pytest.raises(ValidationError, match="No class has this code"):
        services.join(user=clumsy, code="ZZZZ", address=address)
    with pytest.raises(ValidationError, match="from your network. Try again in 15 minute"):
        services.join(user=clumsy, code=world.room.join_code, address=address)
    services.join(user=clumsy, code=world.room.join_code, address="203.0.113.9")


def test_a_class_made_before_keeps_its_six_character_code(world):
    Classroom.objects.filter(pk=world.room.pk).update(join_code="ABCDEF")
    newcomer = UserFactory(username="newcomer")
    assert services.join(user=newcomer, code="abc-def") == world.room


def test_new_class_codes_are_ten_characters(world):
    assert len(world.room.join_code) == 10
    assert len(services.regenerate_code(classroom=world.room)) == 10


def test_the_class_page_shows_the_code_in_groups_that_join_as_typed(client, world):
    code = world.room.join_code
    client.force_login(world.teacher)
    shown = f"{code[:5]}-{code[5:]}"
    assert (
        f'<strong class="join-code">{shown}</strong>'
        in client.get(world.room.get_absolute_url()).text
    )
    newcomer = UserFactory(username="newcomer")
    assert services.join(user=newcomer, code=shown) == world.room
