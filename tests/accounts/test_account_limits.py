"""Sign-up and password reset are rate limited: per address, and a reset also per e-mail
address asked for, so that no one's mailbox can be filled with reset mail."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def allow(settings, action, attempts):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, action: (attempts, 3600)}


def sign_up(client, username):
    password = "a-long-and-unusual-passphrase-71"
    return client.post(
        reverse("signup"),
        {"username": username, "email": "", "password1": password, "password2": password},
    )


def test_sign_ups_from_one_address_over_the_limit_keep_the_name(client, settings):
    allow(settings, "signup", 2)
    for name in ("first", "second"):
        assert sign_up(client, name).status_code == 302
        client.logout()
    refused = sign_up(client, "third-keeps-this")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "You have signed up too often; try again in" in refused.text
    assert 'value="third-keeps-this"' in refused.text
    assert not get_user_model().objects.filter(username="third-keeps-this").exists()


def test_sign_ups_from_another_address_are_not_refused(client, settings):
    allow(settings, "signup", 1)
    sign_up(client, "first")
    client.logout()
    password = "a-long-and-unusual-passphrase-71"
    response = client.post(
        reverse("signup"),
        {"username": "other", "password1": password, "password2": password},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302


def test_password_resets_for_one_email_are_limited_from_any_address(client, settings):
    allow(settings, "password_reset", 2)
    UserFactory(username="target", email="target@example.org")
    url = reverse("password_reset")
    for number in range(2):
        response = client.post(
            url, {"email": "Target@example.org"}, REMOTE_ADDR=f"198.51.100.{number}"
        )
        assert response.status_code == 302
    refused = client.post(url, {"email": "target@example.org"}, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert "You have asked for a password reset too often; try again in" in refused.text
    assert 'value="target@example.org"' in refused.text
    assert len(mail.outbox) == 2


def test_password_resets_from_one_address_are_limited_whatever_the_email(client, settings):
    allow(settings, "password_reset", 2)
    url = reverse("password_reset")
    for number in range(2):
        assert client.post(url, {"email": f"n{number}@example.org"}).status_code == 302
    assert client.post(url, {"email": "n9@example.org"}).status_code == 429
