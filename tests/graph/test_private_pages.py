"""Pages for a signed-in person are `Cache-Control: private`: no shared cache between them
and the site may keep one and hand it to the next reader."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, debate_with_thesis

pytestmark = pytest.mark.django_db


@pytest.fixture
def debate():
    return debate_with_thesis(slug="open", title="Open debate")


def test_signed_in_pages_and_fragments_are_private(client, debate):
    client.force_login(UserFactory(username="reader"))
    for url, headers in [
        (reverse("arguments:home"), {}),
        (debate.get_absolute_url(), {}),
        (debate.get_absolute_url(), {"HTTP_HX_REQUEST": "true"}),
        (reverse("arguments:inbox"), {}),
    ]:
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"], url


def test_anonymous_readers_pages_stay_shareable(client, debate):
    response = client.get(debate.get_absolute_url())
    assert "private" not in response.get("Cache-Control", "")
