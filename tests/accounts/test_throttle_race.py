"""The sign-in throttle holds under workers racing: on PostgreSQL, many connections at once
try wrong passwords for one account; no more than the limit are ever checked."""

import threading
from unittest import mock

import pytest
from django.contrib.auth import forms as auth_forms
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from arguments.models import LoginFailure
from tests.factories import UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent connections are what this proves; CI runs it on PostgreSQL",
)

ATTEMPTS = 12


@pytest.mark.django_db(transaction=True)
def test_racing_attempts_never_check_more_passwords_than_the_limit(settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    UserFactory(username="target")
    checked = []
    real_authenticate = auth_forms.authenticate

    def slow_authenticate(*args, **kwargs):
        # A real hasher takes a few hundred milliseconds: the window a race needs.
        checked.append(kwargs.get("username"))
        threading.Event().wait(0.3)
        return real_authenticate(*args, **kwargs)

    barrier = threading.Barrier(ATTEMPTS)
    answers = []

    def attempt():
        try:
            client = Client()
            barrier.wait(timeout=20)
            response = client.post(reverse("login"), {"username": "target", "password": "x"})
            answers.append(response.text)
        finally:
            connections.close_all()

    with mock.patch.object(auth_forms, "authenticate", slow_authenticate):
        threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert len(answers) == ATTEMPTS
    assert len(checked) <= 5, len(checked)
    assert LoginFailure.objects.filter(username="target").count() == len(checked)
    assert sum("Too many failed sign-ins" in text for text in answers) == ATTEMPTS - len(checked)
