"""The rate-limit counters: fixed windows in the "limits" cache, per action and person."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from arguments.limits.counters import Refusal, check, hit
from config.settings import env_rate
from tests.factories import UserFactory

START = 1_000_000_200.0  # the start of a 600-second window (1_000_000_200 = 1_666_667 × 600)


@pytest.fixture
def tight(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (3, 600)}


def test_attempts_over_the_limit_are_refused_until_the_window_ends(tight):
    assert [hit("vote", "user:1", now=START + n) for n in range(3)] == [None, None, None]
    refusal = hit("vote", "user:1", now=START + 100)
    assert refusal == Refusal(action="vote", retry_after=500)
    assert hit("vote", "user:1", now=START + 599.5).retry_after == 1
    assert hit("vote", "user:1", now=START + 600) is None  # the next window


def test_people_and_actions_are_counted_apart(tight, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "flag": (1, 600)}
    for _ in range(3):
        hit("vote", "user:1", now=START)
    assert hit("vote", "user:1", now=START) is not None
    assert hit("vote", "user:2", now=START) is None
    assert hit("flag", "user:1", now=START) is None


def test_a_limit_of_zero_attempts_is_no_limit(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (0, 60)}
    assert all(hit("vote", "user:1", now=START) is None for _ in range(1000))


def test_the_message_names_what_was_done_and_the_wait():
    assert (
        Refusal("vote", 181).message == "You have rated reasons too often; try again in 4 minutes."
    )
    assert Refusal("signup", 60).message.endswith("try again in 1 minute.")
    assert Refusal("what_if", 1).message.endswith("try again in 1 second.")
    assert Refusal("export", 42).message.endswith("try again in 42 seconds.")


@pytest.mark.django_db
def test_signed_in_people_count_by_account_and_others_by_address(tight):
    factory = RequestFactory()
    first, second = UserFactory(username="first"), UserFactory(username="second")
    same_address = []
    for user in (first, second):
        request = factory.post("/", REMOTE_ADDR="203.0.113.9")
        request.user = user
        same_address.append(request)
    for _ in range(3):
        assert check(same_address[0], "vote") is None
    assert check(same_address[0], "vote") is not None
    assert check(same_address[1], "vote") is None  # another account behind the same address

    from django.contrib.auth.models import AnonymousUser

    anonymous = factory.post("/", REMOTE_ADDR="203.0.113.9")
    anonymous.user = AnonymousUser()
    elsewhere = factory.post("/", REMOTE_ADDR="198.51.100.7")
    elsewhere.user = AnonymousUser()
    for _ in range(3):
        assert check(anonymous, "vote") is None
    assert check(anonymous, "vote") is not None
    assert check(elsewhere, "vote") is None


@pytest.mark.django_db
def test_an_extra_key_is_counted_with_the_person(tight):
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    request.user = UserFactory(username="someone")
    for n in range(3):
        assert check(request, "vote", f"email:{n}@example.org", "email:same@example.org") is None
    assert check(request, "vote", "email:new@example.org") is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("60/10m", (60, 600)), ("5/h", (5, 3600)), ("0/d", (0, 86400)), ("30/45s", (30, 45))],
)
def test_rates_are_read_from_the_environment(monkeypatch, text, expected):
    monkeypatch.setenv("RATE_LIMIT_TEST", text)
    assert env_rate("RATE_LIMIT_TEST", "1/s") == expected


@pytest.mark.parametrize("text", ["60", "60/", "ten/m", "5/2w", "-1/m", "5/0m", "5/m10"])
def test_a_mistyped_rate_stops_the_program_naming_the_variable(monkeypatch, text):
    monkeypatch.setenv("RATE_LIMIT_TEST", text)
    with pytest.raises(ImproperlyConfigured, match="RATE_LIMIT_TEST"):
        env_rate("RATE_LIMIT_TEST", "1/s")
