import pytest
from django.core import mail
from django.urls import reverse

from arguments.models import LoginFailure
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-password-123"


def test_sign_up_creates_the_account_and_signs_in(client):
    response = client.post(
        reverse("signup"),
        {"username": "newcomer", "password1": "Tiananmen-1989!", "password2": "Tiananmen-1989!"},
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "newcomer"


def test_sign_up_errors_keep_what_was_typed(client):
    response = client.post(
        reverse("signup"),
        {"username": "newcomer", "email": "n@example.org", "password1": "a", "password2": "b"},
    )
    assert response.status_code == 200
    assert 'value="newcomer"' in response.text
    assert 'value="n@example.org"' in response.text
    assert "didn’t match" in response.text or "didn't match" in response.text


def test_sign_in_and_sign_out(client):
    UserFactory(username="reader")
    response = client.post(reverse("login"), {"username": "reader", "password": PASSWORD})
    assert response.status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert not client.get("/").context["user"].is_authenticated


def test_too_many_failures_lock_the_account_with_a_clear_message(client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    UserFactory(username="reader")
    for _ in range(3):
        client.post(reverse("login"), {"username": "reader", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "reader", "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed sign-ins" in response.text
    assert "Try again in" in response.text
    assert not response.context["user"].is_authenticated


def test_a_successful_sign_in_clears_the_account_failures(client):
    UserFactory(username="reader")
    client.post(reverse("login"), {"username": "reader", "password": "wrong"})
    client.post(reverse("login"), {"username": "reader", "password": PASSWORD})
    assert not LoginFailure.objects.filter(username="reader").exists()


def test_sign_in_rotates_the_session(client):
    UserFactory(username="reader")
    client.get(reverse("login"))
    client.session["marker"] = 1
    before = client.session.session_key
    client.post(reverse("login"), {"username": "reader", "password": PASSWORD})
    assert client.session.session_key != before


def test_password_change_and_reset_by_mail(client):
    user = UserFactory(username="reader", email="reader@example.org")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Another-good-one-42",
            "new_password2": "Another-good-one-42",
        },
    )
    assert response.status_code == 302
    client.post(reverse("logout"))
    client.post(reverse("password_reset"), {"email": "reader@example.org"})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_next_parameter_cannot_send_the_user_elsewhere(client):
    response = client.post(
        reverse("signup") + "?next=https://evil.example/",
        {
            "username": "newcomer",
            "password1": "Tiananmen-1989!",
            "password2": "Tiananmen-1989!",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/"
