"""When the database is out of reach the site answers a clean 503, not a traceback."""

from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

from config.settings import database_from_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_lost_database_in_a_view_answers_503_with_retry_after(client, error):
    with mock.patch(
        "arguments.selectors.focus.listed_debates",
        side_effect=error("server closed the connection"),
    ):
        response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"cannot reach its database" in response.content
    assert b"server closed the connection" not in response.content
    assert b"Traceback" not in response.content


def test_a_lost_database_in_middleware_answers_503(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw-reader-1")
    client.force_login(user)
    refused = OperationalError("connection refused")
    with mock.patch.object(SessionStore, "load", side_effect=refused):
        response = client.get("/")

    assert response.status_code == 503


def test_other_errors_stay_500(client):
    with mock.patch("arguments.selectors.focus.listed_debates", side_effect=ValueError("bug")):
        response = client.get("/")

    assert response.status_code == 500
    assert "Retry-After" not in response


def test_postgres_connections_are_checked_before_reuse():
    # A persistent connection killed by a database restart is dropped, not reused forever.
    entry = database_from_url("postgres://u@127.0.0.1:5432/x")
    assert entry["CONN_HEALTH_CHECKS"] is True
    assert entry["CONN_MAX_AGE"] > 0
