"""Every list is a page at a time, with the page size fixed by the server: the home page,
the library, a claim's history, the inbox, the members, the moderation queue and search
results. A page number that is garbage or past the end answers a page, never an error."""

import re

import pytest
from django.urls import reverse

from arguments.models import ClaimRevision, Debate, Membership, Notification, Role
from arguments.views import paging
from tests.factories import (
    ClaimFactory,
    DebateFactory,
    SourceFactory,
    UserFactory,
    debate_with_thesis,
    member,
    signed_in_client,
)

pytestmark = pytest.mark.django_db

GARBAGE = ["abc", "-1", "0", "99999999999999999999999", "1.5", "%00"]


def count(pattern, page):
    return len(re.findall(pattern, page))


def test_the_home_page_lists_one_page_of_debates_and_links_the_next(client):
    for number in range(paging.HOME + 5):
        DebateFactory(title=f"Public debate {number:02d}", visibility=Debate.Visibility.PUBLIC)
    first = client.get("/").text
    assert count(r'<li class="debate-card', first) == paging.HOME
    assert 'href="/?page=2"' in first and "Page 1 of 2" in first
    second = client.get("/?page=2").text
    assert count(r'<li class="debate-card', second) == 5
    assert 'href="/?page=1"' in second
    for value in GARBAGE:
        assert client.get(f"/?page={value}").status_code == 200, value


def test_the_library_lists_one_page_of_sources(client):
    debate = debate_with_thesis()
    for number in range(paging.SOURCES + 2):
        SourceFactory(title=f"Letter {number}", debates=[debate])
    first = client.get("/sources/").text
    assert count(r'<li class="source-card">', first) == paging.SOURCES
    assert 'href="/sources/?page=2"' in first
    assert count(r'<li class="source-card">', client.get("/sources/?page=9").text) == 2


def test_a_claims_history_pages_its_wordings_and_diffs_across_the_page_break(client):
    debate = debate_with_thesis(slug="worded", visibility=Debate.Visibility.PUBLIC)
    claim = ClaimFactory(debate=debate, text="Wording 0")
    for number in range(paging.HISTORY + 3):
        ClaimRevision.objects.create(claim=claim, text=f"Wording {number}")
    url = reverse("arguments:history", args=[debate.slug, claim.pk])
    first = client.get(url).text
    assert count(r'<li class="revision">', first) == paging.HISTORY
    assert first.count('<span class="tag">current</span>') == 1
    second = client.get(f"{url}?page=2").text
    assert count(r'<li class="revision">', second) == 3
    assert '<span class="tag">current</span>' not in second
    # The oldest wording on page 1 is compared with the newest of page 2.
    oldest_on_first = paging.HISTORY + 3 - paging.HISTORY
    assert f"<del>{oldest_on_first - 1}</del> <ins>{oldest_on_first}</ins>" in first


def test_the_inbox_pages_decisions_and_marks_only_the_shown_ones_read():
    reader = UserFactory(username="reader")
    for number in range(paging.INBOX + 4):
        Notification.objects.create(user=reader, message=f"Decision {number}")
    client = signed_in_client(reader)
    page = client.get("/inbox/").text
    assert count(r'<li class="inbox__item', page) == paging.INBOX
    assert 'href="/inbox/?page=2"' in page
    assert Notification.objects.filter(user=reader, read_at__isnull=True).count() == 4
    assert count(r'<li class="inbox__item', client.get("/inbox/?page=2").text) == 4
    assert client.get("/inbox/?proposals=zzz&page=-3").status_code == 200


def test_the_members_page_lists_one_page_of_members():
    debate = debate_with_thesis(slug="crowd")
    owner = member(debate, Role.OWNER, username="owner")
    for number in range(paging.MEMBERS + 1):
        Membership.objects.create(
            debate=debate, user=UserFactory(username=f"z-member-{number:03d}"), role=Role.VIEWER
        )
    client = signed_in_client(owner)
    url = reverse("arguments:members", args=[debate.slug])
    first = client.get(url).text
    assert count(r"<td>z-member-", first) == paging.MEMBERS - 1  # the owner sorts first
    assert f'href="{url}?page=2"' in first
    assert count(r"<td>z-member-", client.get(f"{url}?page=2").text) == 2


@pytest.mark.parametrize("value", GARBAGE)
def test_the_moderation_queue_answers_any_page_number(value):
    debate = debate_with_thesis(slug="moderated")
    moderator = member(debate, Role.MODERATOR, username="moderator")
    response = signed_in_client(moderator).get(f"/moderation/?page={value}")
    assert response.status_code == 200


def test_search_results_come_a_page_at_a_time(client):
    from arguments.search.selectors import RESULT_LIMIT

    debate = debate_with_thesis(slug="searched", visibility=Debate.Visibility.PUBLIC)
    for number in range(RESULT_LIMIT + 7):
        ClaimFactory(debate=debate, text=f"Sanctions number {number} bite hard.")
    first = client.get("/search/?q=sanctions").text
    assert count(r'<li class="hit">', first) == RESULT_LIMIT
    assert 'href="/search/?q=sanctions&amp;page=2"' in first
    second = client.get("/search/?q=sanctions&page=2").text
    assert count(r'<li class="hit">', second) == 7
    assert f"{RESULT_LIMIT + 1}–{RESULT_LIMIT + 7} shown" in second
    assert client.get("/search/?q=sanctions&page=abc").status_code == 200
    assert f"{RESULT_LIMIT + 1}–" in client.get("/search/?q=sanctions&page=50").text
