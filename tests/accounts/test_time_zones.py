"""Time zones: each account has one (the browser's at sign-up, changed on its settings
page); every date that matters is shown in the reader's zone, named; the dates a user types
are read in it."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from arguments.accounts.models import valid_time_zone
from arguments.models import Account
from arguments.templatetags.dates import when
from tests.factories import UserFactory, signed_in_client

pytestmark = pytest.mark.django_db

PASSWORD = "Tiananmen-1989!"
MOMENT = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)


def sign_up(client, **extra):
    data = {"username": "newcomer", "password1": PASSWORD, "password2": PASSWORD, **extra}
    return client.post(reverse("signup"), data)


def test_sign_up_keeps_the_browser_s_time_zone(client):
    page = client.get(reverse("signup")).text
    assert 'name="time_zone"' in page and "data-browser-time-zone" in page
    assert "js/timezone.js" in page  # an external script fills it: CSP forbids inline ones
    assert sign_up(client, time_zone="Asia/Tokyo").status_code == 302
    assert Account.objects.get(user__username="newcomer").time_zone == "Asia/Tokyo"
    settings_page = client.get(reverse("account_settings")).text
    assert '<option value="Asia/Tokyo" selected>' in settings_page


@pytest.mark.parametrize(
    "sent", ["", "Mars/Olympus", "../../etc/passwd", "/etc/passwd", "zone.tab", "\U0001f600" * 64]
)
def test_sign_up_with_no_or_an_unknown_zone_reads_dates_in_utc(client, sent):
    assert sign_up(client, time_zone=sent).status_code == 302
    assert not Account.objects.filter(user__username="newcomer").exclude(time_zone="").exists()
    assert "It is now" in client.get(reverse("account_settings")).text
    assert " UTC." in client.get(reverse("account_settings")).text


def test_the_settings_page_changes_the_zone_and_dates_follow(client):
    user = UserFactory(username="reader")
    client = signed_in_client(user)
    response = client.post(reverse("account_settings"), {"time_zone": "Europe/Paris"})
    assert response.status_code == 302
    assert Account.objects.get(user=user).time_zone == "Europe/Paris"
    page = client.get(reverse("account_settings")).text
    assert "Time zone saved: dates are now shown in Europe/Paris." in page
    assert " CET." in page or " CEST." in page


def test_the_settings_page_refuses_an_unknown_zone_and_keeps_the_old_one(client):
    user = UserFactory(username="reader")
    Account.objects.create(user=user, time_zone="Asia/Tokyo")
    client = signed_in_client(user)
    response = client.post(reverse("account_settings"), {"time_zone": "Mars/Olympus"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert Account.objects.get(user=user).time_zone == "Asia/Tokyo"


def test_the_zone_is_read_again_at_sign_in(client):
    user = UserFactory(username="reader")
    Account.objects.create(user=user, time_zone="America/New_York")
    client.post(reverse("login"), {"username": "reader", "password": "a-good-password-123"})
    page = client.get(reverse("account_settings")).text
    assert '<option value="America/New_York" selected>' in page
    assert " EST." in page or " EDT." in page


def test_the_zone_is_not_left_active_for_the_next_request(client):
    user = UserFactory(username="reader")
    Account.objects.create(user=user, time_zone="Asia/Tokyo")
    signed_in_client(user).get(reverse("account_settings"))
    assert timezone.get_current_timezone_name() == "UTC"
    stranger = UserFactory(username="stranger")  # no zone of their own: UTC
    assert " UTC." in signed_in_client(stranger).get(reverse("account_settings")).text


def test_the_model_refuses_a_name_zoneinfo_does_not_know():
    valid_time_zone("Europe/Paris")
    for wrong in ("Europe/Atlantis", "zone.tab", "Europe//Paris", "\U0001f600" * 64, "a\x00"):
        with pytest.raises(ValidationError):
            valid_time_zone(wrong)
    account = Account(user=UserFactory(), time_zone="Nowhere/Land")
    with pytest.raises(ValidationError):
        account.full_clean()


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("UTC", "3 Dec 2026, 13:00 UTC"),
        ("Europe/Paris", "3 Dec 2026, 14:00 CET"),
        ("America/Sao_Paulo", "3 Dec 2026, 10:00 UTC-03"),
        ("Asia/Kathmandu", "3 Dec 2026, 18:45 UTC+05:45"),
    ],
)
def test_when_shows_a_moment_in_the_reader_s_zone_and_names_it(zone, shown):
    with timezone.override(zone):
        assert when(MOMENT) == shown
        rendered = Template("{% load dates %}{{ moment|when:'j M, H:i' }}").render(
            Context({"moment": MOMENT})
        )
        assert rendered == shown.replace(" 2026", "")
    assert when(None) == ""


def test_a_claims_history_names_the_readers_zone(seed):
    """The history and the moderation item showed bare times, in the reader's zone but
    without saying which."""
    from arguments.models import ClaimRevision, Debate

    reader = UserFactory(username="kolkata")
    Account.objects.update_or_create(user=reader, defaults={"time_zone": "Asia/Kolkata"})
    debate = Debate.objects.get(slug="us-china-human-rights")
    ClaimRevision.objects.create(claim=debate.thesis, text=debate.thesis.text)
    url = reverse("arguments:history", args=[debate.slug, debate.thesis_id])
    page = signed_in_client(reader).get(url).content.decode()
    meta = page.split('class="revision__meta">', 1)[1].split("</p>", 1)[0]
    assert meta.split(" — ")[0].endswith(" IST"), meta  # India Standard Time, named
