"""Pages hold a live stream only under the ASGI server: under WSGI (`make run`) they render
as before, with nothing to connect to and no extension loaded."""

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient, Client
from django.urls import reverse

from tests.factories import debate_with_thesis, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def debate(db):
    return debate_with_thesis(slug="live-pages", title="Live pages")


def pages(debate, moderator):
    return [
        (None, debate.get_absolute_url()),
        (None, reverse("arguments:outline", args=[debate.slug])),
        (moderator, reverse("arguments:moderation")),
        (moderator, reverse("arguments:inbox")),
    ]


def test_under_asgi_the_four_pages_connect_to_their_stream(debate):
    moderator = member(debate, "moderator")
    for user, url in pages(debate, moderator):
        client = AsyncClient()
        if user:
            client.force_login(user)
        body = async_to_sync(client.get)(url).content.decode()
        assert "sse-connect=" in body and "htmx-ext-sse.js" in body, url


def test_under_wsgi_no_page_opens_a_stream(debate):
    moderator = member(debate, "moderator")
    for user, url in pages(debate, moderator):
        client = Client()
        if user:
            client.force_login(user)
        body = client.get(url).content.decode()
        assert "sse-connect" not in body and "htmx-ext-sse" not in body, url


def test_the_focus_view_names_its_version_so_a_change_in_between_is_not_missed(debate):
    body = async_to_sync(AsyncClient().get)(debate.get_absolute_url()).content.decode()
    live = reverse("arguments:debate_live", args=[debate.slug])
    assert f'sse-connect="{live}?since={debate.version}"' in body
