"""Pending and rejected proposals reach their author and the moderators, and nobody else:
not in the tree, the outline, fragments, counts, the source reader or suggestions."""

import pytest
from django.test import Client
from django.urls import reverse

from arguments.services.counts import refresh_counts
from corpus.models import Source
from tests.factories import debate_with_proposals, signed_in_client

pytestmark = pytest.mark.django_db

PENDING = "Quiet diplomacy achieves more than public pressure."
REJECTED = "Human rights talk is always hypocritical."
ROLES = ["anonymous", "stranger", "author", "moderator"]
SEES_PENDING = {"author", "moderator"}
SEES_REJECTED = {"author"}


@pytest.fixture
def world():
    return debate_with_proposals(
        reason_text="Public pressure has freed prisoners.",
        pending_text=PENDING,
        rejected_text=REJECTED,
    )


def client_for(world, role):
    return signed_in_client(world.person(role))


def pages(world):
    debate, reason = world.debate, world.reason
    thesis = debate.thesis
    return {
        "focus of the parent": reverse("arguments:claim", args=[debate.slug, reason.pk]),
        "focus fragment": (
            reverse("arguments:claim", args=[debate.slug, reason.pk]),
            {"HTTP_HX_REQUEST": "true"},
        ),
        "outline": reverse("arguments:outline", args=[debate.slug]),
        "children fragment": (
            reverse("arguments:children", args=[debate.slug, reason.pk])
            + f"?path={thesis.pk}-{reason.pk}",
            {"HTTP_HX_REQUEST": "true"},
        ),
        "children page": reverse("arguments:children", args=[debate.slug, reason.pk]),
        "source reader": reverse("corpus:source", args=["letter"]),
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_view_that_lists_claims_shows_proposals_only_to_who_may_see_them(world, role):
    client = client_for(world, role)
    for name, page in pages(world).items():
        url, headers = page if isinstance(page, tuple) else (page, {})
        response = client.get(url, **headers)
        assert response.status_code == 200, name
        assert (PENDING in response.text) == (role in SEES_PENDING), (name, role)
        assert (REJECTED in response.text) == (role in SEES_REJECTED), (name, role)


@pytest.mark.parametrize("role", ROLES)
def test_counts_include_only_what_the_reader_may_see(world, role):
    client = client_for(world, role)
    debate = world.debate
    focus = client.get(debate.get_absolute_url()).context["focus"]
    [reason] = focus.pros
    expected = 1 * (role in SEES_PENDING) + 1 * (role in SEES_REJECTED)
    assert reason.premises[0].con_count == expected
    refresh_counts(debate.pk)  # the fixture's approved claims come from factories
    home = client.get("/").context["debates"]
    assert [d.claim_count for d in home] == [2]  # public numbers: approved claims only
    listing = client.get(reverse("corpus:sources")).context["sources"]
    assert [s.excerpt_count for s in listing] == [1 + expected]


@pytest.mark.parametrize("role", ROLES)
def test_a_proposal_page_and_its_history_open_only_for_who_may_see_it(world, role):
    client = client_for(world, role)
    debate = world.debate
    for claim, allowed in ((world.pending, SEES_PENDING), (world.rejected, SEES_REJECTED)):
        for name in ("arguments:claim", "arguments:history"):
            response = client.get(reverse(name, args=[debate.slug, claim.pk]))
            assert response.status_code == (200 if role in allowed else 404), (name, role)


@pytest.mark.parametrize("role", ["stranger", "author", "moderator"])
def test_similar_claims_suggest_only_visible_claims(world, role):
    client = client_for(world, role)
    debate, reason = world.debate, world.reason
    url = reverse("arguments:similar", args=[debate.slug, reason.pk])
    response = client.get(url, {"text": "quiet diplomacy achieves more"})
    assert (PENDING in response.text) == (role in SEES_PENDING)


def test_the_source_library_counts_no_hidden_passage_for_anonymous(world):
    assert Source.objects.count() == 1
    response = Client().get(reverse("corpus:sources"))
    assert "1 quoted passage" in response.text
