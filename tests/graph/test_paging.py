"""Pages of a claim's children in the focus view, and the page cache's key: a claim with
hundreds of reasons answers with one page of each side, "Show more" appends the next, and
made-up query parameters share the cached page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arguments.selectors.focus import CHILDREN_PAGE
from arguments.selectors.tree import OUTLINE_CHILDREN
from tests.factories import (
    ClaimFactory,
    UserFactory,
    con,
    debate_with_thesis,
    pro,
    signed_in_client,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
PRO_ITEM = re.compile(r'<li class="child child--pro">')
CON_ITEM = re.compile(r'<li class="child child--con">')


def crowded(pros, cons=3, slug="crowded"):
    """A debate whose thesis has `pros` pros ("Pro 0" the oldest) and `cons` cons."""
    debate = debate_with_thesis(slug=slug)
    for number in range(pros):
        pro(ClaimFactory(debate=debate, text=f"Pro {number} of the thesis."), debate.thesis)
    for number in range(cons):
        con(ClaimFactory(debate=debate, text=f"Con {number} of the thesis."), debate.thesis)
    return debate


@pytest.fixture
def many():
    return crowded(CHILDREN_PAGE * 2 + 10)


def listed(text, page):
    """Whether a pro or con starting "`text` of the thesis." is in the lists of `page` (the
    minimap names every child too, in its drawing's titles)."""
    return f">{text} of the thesis.</a>" in page


def url(debate, query=""):
    return reverse("arguments:debate", args=[debate.slug]) + query


def test_a_claim_with_many_children_shows_one_page_of_each_side_with_true_counts(client, many):
    page = client.get(url(many)).text
    assert len(PRO_ITEM.findall(page)) == CHILDREN_PAGE
    assert len(CON_ITEM.findall(page)) == 3
    assert f'Pros <span class="count">{CHILDREN_PAGE * 2 + 10}</span>' in page
    assert listed("Pro 0", page)  # unvoted reasons weigh the same: oldest first
    assert not listed(f"Pro {CHILDREN_PAGE}", page)
    assert f"1–{CHILDREN_PAGE}\n    of {CHILDREN_PAGE * 2 + 10}" in page
    assert 'href="/d/crowded/?pros=2"' in page  # the plain link, without JavaScript
    assert 'hx-get="/d/crowded/?pros=2" hx-target="#pros-list"' in page
    assert 'id="cons-pager"' not in page  # three cons: one page, no pager


def test_the_next_page_link_shows_the_next_children_and_a_way_back(client, many):
    page = client.get(url(many, "?pros=3")).text
    assert len(PRO_ITEM.findall(page)) == 10
    assert listed(f"Pro {CHILDREN_PAGE * 2}", page)
    assert not listed("Pro 0", page)
    assert 'href="/d/crowded/?pros=2"' in page and "← Previous" in page
    assert len(CON_ITEM.findall(page)) == 3  # the other side stays on its own page


def test_show_more_answers_the_next_items_alone_with_their_pager(client, many):
    response = client.get(url(many, "?pros=2"), HTTP_HX_TARGET="pros-list", **HTMX)
    assert response.status_code == 200
    page = response.text
    assert "<article" not in page and 'class="columns"' not in page
    assert len(PRO_ITEM.findall(page)) == CHILDREN_PAGE
    assert listed(f"Pro {CHILDREN_PAGE}", page)
    assert 'id="pros-pager" hx-swap-oob="true"' in page
    assert 'hx-get="/d/crowded/?pros=3"' in page
    assert "← Previous" not in page  # the list on screen already holds page 1


def test_the_pages_follow_the_chosen_order(client, many):
    page = client.get(url(many, "?sort=newest")).text
    newest = CHILDREN_PAGE * 2 + 9
    assert listed(f"Pro {newest}", page)
    assert not listed("Pro 0", page)
    last = client.get(url(many, "?sort=newest&pros=3")).text
    assert listed("Pro 0", last)


@pytest.mark.parametrize(
    ("query", "shown", "first"),
    [
        ("?pros=abc", CHILDREN_PAGE, "Pro 0 "),
        ("?pros=-4", CHILDREN_PAGE, "Pro 0 "),
        ("?pros=0", CHILDREN_PAGE, "Pro 0 "),
        ("?pros=999999999999999999999", 10, f"Pro {CHILDREN_PAGE * 2} "),
        ("?pros=4", 10, f"Pro {CHILDREN_PAGE * 2} "),
        ("?cons=9", CHILDREN_PAGE, "Pro 0 "),
    ],
)
def test_garbage_and_out_of_range_page_numbers_answer_a_page(client, many, query, shown, first):
    response = client.get(url(many, query))
    assert response.status_code == 200
    assert len(PRO_ITEM.findall(response.text)) == shown
    assert listed(first.strip(), response.text)
    assert len(CON_ITEM.findall(response.text)) == 3


def test_a_childs_counts_stay_true_under_paging(client):
    debate = crowded(2, cons=0, slug="counted")
    reason = debate.thesis.arguments.first().premises.first()
    for number in range(CHILDREN_PAGE + 5):
        pro(ClaimFactory(debate=debate, text=f"Under {number}."), reason)
    page = client.get(url(debate)).text
    assert f'aria-label="{CHILDREN_PAGE + 5} pros, 0 cons"' in page


def _queries(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, **headers).status_code == 200
    return len(queries)


def test_the_focus_views_queries_do_not_grow_with_the_children(client):
    few = crowded(CHILDREN_PAGE + 5, slug="few")
    lots = crowded(CHILDREN_PAGE * 6, cons=CHILDREN_PAGE * 2, slug="lots")
    reader = UserFactory(username="reader")
    signed_in = signed_in_client(reader)
    for who in (client, signed_in):
        assert _queries(who, url(few)) == _queries(who, url(lots))
        assert _queries(who, url(few, "?pros=2")) == _queries(who, url(lots, "?pros=2"))
    child = lots.thesis.arguments.first().premises.first()
    child_page = reverse("arguments:claim", args=[lots.slug, child.pk])
    few_child = few.thesis.arguments.first().premises.first()
    few_page = reverse("arguments:claim", args=[few.slug, few_child.pk])
    # Among many siblings: previous and next come from a window, not from every sibling.
    assert _queries(client, f"{child_page}?path={lots.thesis_id}") == _queries(
        client, f"{few_page}?path={few.thesis_id}"
    )


def test_a_child_among_many_siblings_still_links_its_neighbours(client, many):
    arguments = list(many.thesis.arguments.order_by("created", "id"))
    middle = arguments[CHILDREN_PAGE + 3].premises.first()
    before = arguments[CHILDREN_PAGE + 2].premises.first()
    after = arguments[CHILDREN_PAGE + 4].premises.first()
    page = client.get(
        reverse("arguments:claim", args=[many.slug, middle.pk]) + f"?path={many.thesis_id}"
    ).text
    assert f"/c/{before.pk}/" in page and f"/c/{after.pk}/" in page


def test_made_up_parameters_share_the_cached_page(client, many):
    first = client.get(url(many, "?x=1"))
    second = client.get(url(many, "?x=2&utm=whatever"))
    plain = client.get(url(many))
    assert first["ETag"] == second["ETag"] == plain["ETag"]
    assert client.get(url(many, "?pros=2"))["ETag"] != plain["ETag"]
    assert client.get(url(many, "?cons=2"))["ETag"] != plain["ETag"]


def test_made_up_parameters_cost_one_query_once_the_page_is_cached(client, many):
    client.get(url(many))
    assert _queries(client, url(many, "?x=random")) == 1  # the debate's stamp only


def test_show_more_and_the_whole_page_are_cached_apart(client, many):
    whole = client.get(url(many, "?pros=2"), **HTMX)
    more = client.get(url(many, "?pros=2"), HTTP_HX_TARGET="pros-list", **HTMX)
    assert whole["ETag"] != more["ETag"]
    assert 'id="focus"' in whole.text and 'id="focus"' not in more.text
    assert "HX-Target" in more["Vary"]


def test_signed_in_pages_are_private_and_anonymous_ones_kept_by_etag(client, many):
    reader = signed_in_client(UserFactory(username="reader"))
    for path in ("/", url(many), "/inbox/", "/sources/"):
        response = reader.get(path)
        assert response.status_code == 200, path
        assert "private" in response["Cache-Control"], path
    anonymous = client.get(url(many))
    assert anonymous["Cache-Control"] == "no-cache" and anonymous["ETag"]
    assert "private" not in client.get("/").get("Cache-Control", "")


def test_the_outline_shows_a_bounded_number_of_arguments_under_each_claim(client):
    debate = crowded(OUTLINE_CHILDREN + 7, cons=0, slug="wide")
    oldest = debate.thesis.arguments.order_by("created", "id").first().premises.first()
    for number in range(OUTLINE_CHILDREN + 2):
        pro(ClaimFactory(debate=debate, text=f"Below {number}."), oldest)
    outline = client.get(reverse("arguments:outline", args=[debate.slug])).text
    assert outline.count('role="treeitem"') == OUTLINE_CHILDREN * 2
    assert "7 more arguments under this claim" in outline
    assert "2 more arguments under this claim" in outline
    assert f'href="/d/wide/c/{oldest.pk}/?path={debate.thesis_id}"' in outline
    children = reverse("arguments:children", args=[debate.slug, oldest.pk])
    fragment = client.get(f"{children}?path={debate.thesis_id}", **HTMX).text
    assert fragment.count('role="treeitem"') == OUTLINE_CHILDREN
    assert "2 more arguments under this claim" in fragment


def test_the_outlines_queries_do_not_grow_with_the_children(client):
    few, lots = crowded(3, slug="few"), crowded(OUTLINE_CHILDREN * 4, slug="lots")
    outline = "arguments:outline"
    assert _queries(client, reverse(outline, args=[few.slug])) == _queries(
        client, reverse(outline, args=[lots.slug])
    )


def test_a_cached_page_keeps_no_trace_of_parameters_its_view_does_not_read(client, many):
    first = client.get(url(many, "?pros=2&planted=evil-value"))
    assert "evil-value" not in first.text and "planted" not in first.text
    assert 'href="/d/crowded/?pros=3"' in first.text
    again = client.get(url(many, "?pros=2"))
    assert again["ETag"] == first["ETag"] and "planted" not in again.text
