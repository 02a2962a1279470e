"""Readers' pages for people who are not signed in: ETags, 304s and the page cache, which
must never serve a stale page or one meant for someone else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arguments.models import Debate, Stance
from arguments.permissions import Access
from arguments.services import moderate, propose
from arguments.services.vote import cast_vote
from tests.factories import ClaimFactory, UserFactory, debate_with_thesis, pro

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_debate():
    debate = debate_with_thesis(slug="open", owner=UserFactory(username="owner"))
    reason = ClaimFactory(debate=debate, text="Pressure has freed prisoners.")
    link = pro(reason, debate.thesis)
    return {"debate": debate, "reason": reason, "link": link}


def pages(debate, reason):
    return [
        reverse("arguments:debate", args=[debate.slug]),
        reverse("arguments:claim", args=[debate.slug, reason.pk]) + f"?path={debate.thesis_id}",
        reverse("arguments:outline", args=[debate.slug]),
        reverse("arguments:children", args=[debate.slug, reason.pk]),
    ]


def test_anonymous_pages_carry_an_etag_and_answer_304_with_one_query(client, open_debate):
    for url in pages(open_debate["debate"], open_debate["reason"]):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first["Cache-Control"] == "no-cache"
        assert "Cookie" in first["Vary"] and "HX-Request" in first["Vary"]
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again["ETag"] == first["ETag"]
        assert len(queries) == 1, url


def test_a_cached_page_costs_one_query_and_is_the_same_page(client, open_debate):
    url = pages(open_debate["debate"], open_debate["reason"])[0]
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert len(queries) == 1
    assert second.content == first.content


def test_fragments_and_pages_are_cached_apart(client, open_debate):
    url = pages(open_debate["debate"], open_debate["reason"])[1]
    page = client.get(url)
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert page["ETag"] != fragment["ETag"]
    assert "<html" in page.text and "<html" not in fragment.text


def test_any_change_readers_see_gives_a_new_etag_and_a_fresh_page(client, open_debate):
    debate, link = open_debate["debate"], open_debate["link"]
    url = pages(debate, open_debate["reason"])[0]
    before = client.get(url)
    cast_vote(access=Access(UserFactory(username="voter"), debate), argument=link, value=2)
    after_vote = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after_vote.status_code == 200
    assert "from 1 vote" in after_vote.text
    author = UserFactory(username="author")
    proposal = propose.propose_claim(
        access=Access(author, debate), target=debate.thesis, stance=Stance.ATTACK, text="A con."
    )
    moderate.approve(access=Access(debate.owner, debate), proposal=proposal)
    after_approval = client.get(url, HTTP_IF_NONE_MATCH=after_vote["ETag"])
    assert after_approval.status_code == 200
    assert "A con." in after_approval.text


def test_signed_in_readers_are_never_served_from_the_cache(client, open_debate):
    debate = open_debate["debate"]
    url = pages(debate, open_debate["reason"])[0]
    client.get(url)  # an anonymous copy is cached
    author = UserFactory(username="author")
    propose.propose_claim(
        access=Access(author, debate), target=debate.thesis, stance=Stance.ATTACK, text="Mine."
    )
    client.force_login(author)
    own = client.get(url)
    assert "ETag" not in own
    assert "Mine." in own.text  # the author's own pending claim, on a page of their own
    client.logout()
    client.cookies.clear()
    assert "Mine." not in client.get(url).text


def test_pages_of_class_debates_are_not_cached_and_stay_hidden(client, open_debate):
    Debate.objects.filter(pk=open_debate["debate"].pk).update(visibility="class")
    response = client.get(pages(open_debate["debate"], open_debate["reason"])[0])
    assert response.status_code == 404
    assert "ETag" not in response


def test_a_reader_with_a_message_waiting_gets_a_page_of_their_own(client, open_debate):
    url = pages(open_debate["debate"], open_debate["reason"])[0]
    client.get(url)
    client.cookies["messages"] = "anything"
    assert "ETag" not in client.get(url)


def test_the_sort_choice_is_part_of_the_key(client, open_debate):
    url = pages(open_debate["debate"], open_debate["reason"])[0]
    default = client.get(url)["ETag"]
    client.cookies["sort"] = "newest"
    assert client.get(url)["ETag"] != default


def test_anonymous_pages_carry_no_csrf_token_to_share(client, open_debate):
    response = client.get(pages(open_debate["debate"], open_debate["reason"])[0])
    assert "X-CSRFToken" not in response.text
    assert "csrftoken" not in response.cookies
