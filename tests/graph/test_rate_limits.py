"""Rate limits on votes, proposals, links, flags and what-ifs: a refusal says what and for how
long, keeps what was typed, and costs nothing (no vote, no proposal, no computation)."""

import pytest
from django.urls import reverse

from arguments.models import Argument, Claim, Proposal, Vote
from arguments.services.counts import touch
from arguments.services.evaluate import evaluate_debate
from tests.factories import ClaimFactory, UserFactory, con, debate_with_thesis, pro

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def debate():
    debate = debate_with_thesis(slug="open", title="Open debate")
    reason = ClaimFactory(debate=debate, text="Pressure has freed prisoners before.")
    objection = ClaimFactory(debate=debate, text="Public pressure hardens Beijing.")
    pro(reason, debate.thesis)
    con(objection, debate.thesis)
    evaluate_debate(debate_id=debate.pk)
    return debate


@pytest.fixture
def voter(client):
    user = UserFactory(username="voter")
    client.force_login(user)
    return user


def allow(settings, action, attempts):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, action: (attempts, 600)}


def vote_url(debate, text):
    argument = Argument.objects.get(premise_links__claim__text=text)
    return reverse("arguments:vote", args=[debate.slug, argument.pk])


def test_votes_over_the_limit_get_a_429_with_retry_after_that_htmx_shows(
    client, debate, voter, settings
):
    allow(settings, "vote", 2)
    url = vote_url(debate, "Pressure has freed prisoners before.")
    assert client.post(url, {"value": "3"}, **HTMX).status_code == 200
    assert client.post(url, {"value": "4"}, **HTMX).status_code == 200
    refused = client.post(url, {"value": "1"}, **HTMX)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 600
    assert refused["HX-Retarget"] == "#notices"
    assert "You have rated reasons too often; try again in" in refused.text
    assert Vote.objects.get().value == 4  # the refused vote changed nothing


def test_the_page_has_the_region_and_htmx_swaps_a_429_into_it(client, debate, voter):
    page = client.get(debate.get_absolute_url())
    assert 'id="notices"' in page.text
    assert '{"code": "429", "swap": true, "error": false}' in page.text


def test_votes_without_javascript_over_the_limit_return_to_the_claim_saying_why(
    client, debate, voter, settings
):
    allow(settings, "vote", 1)
    url = vote_url(debate, "Pressure has freed prisoners before.")
    client.post(url, {"value": "3"})
    refused = client.post(url, {"value": "1"}, follow=True)
    assert "You have rated reasons too often" in refused.text
    assert Vote.objects.get().value == 3


def test_proposals_over_the_limit_show_the_form_again_with_the_text(
    client, debate, voter, settings
):
    allow(settings, "propose", 1)
    url = reverse("arguments:propose", args=[debate.slug, debate.thesis.pk])
    client.post(url, {"stance": "attack", "text": "The first one goes through."})
    refused = client.post(url, {"stance": "attack", "text": "Keep this typed text."})
    assert refused.status_code == 429
    assert "You have proposed claims too often; try again in" in refused.text
    assert "Keep this typed text." in refused.text
    assert not Claim.objects.filter(text="Keep this typed text.").exists()


def test_links_count_as_proposals(client, debate, voter, settings):
    allow(settings, "propose", 1)
    objection = Claim.objects.get(text="Public pressure hardens Beijing.")
    reason = Claim.objects.get(text="Pressure has freed prisoners before.")
    url = reverse("arguments:link", args=[debate.slug, objection.pk])
    client.post(url, {"claim": reason.pk, "stance": "attack"})
    refused = client.post(url, {"claim": reason.pk, "stance": "support"}, **HTMX)
    assert refused.status_code == 429
    assert "You have proposed claims too often" in refused.text
    assert Proposal.objects.filter(kind=Proposal.Kind.LINK).count() == 1


def test_flags_over_the_limit_keep_the_note(client, debate, voter, settings):
    allow(settings, "flag", 1)
    reason = Claim.objects.get(text="Pressure has freed prisoners before.")
    url = reverse("arguments:flag", args=[debate.slug, reason.pk])
    client.post(url, {"reason": "off_topic", "note": "first"})
    refused = client.post(url, {"reason": "abusive", "note": "a note worth keeping"})
    assert refused.status_code == 429
    assert "You have flagged too often" in refused.text
    assert "a note worth keeping" in refused.text
    assert Proposal.objects.filter(kind=Proposal.Kind.FLAG).count() == 1


def test_what_if_is_computed_once_per_version_for_anonymous_readers(client, debate, settings):
    allow(settings, "what_if", 1)
    reason = Claim.objects.get(text="Pressure has freed prisoners before.")
    url = reverse("arguments:what_if", args=[debate.slug, reason.pk])
    first = client.get(url)
    again = client.get(url)  # from the page cache: no computation, nothing counted
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    touch(debate.pk)  # the debate changed: computed again, and now over the limit
    refused = client.get(url)
    assert refused.status_code == 429
    assert "You have asked what if too often" in refused.text


def test_what_if_is_limited_for_signed_in_readers(client, debate, voter, settings):
    allow(settings, "what_if", 2)
    reason = Claim.objects.get(text="Pressure has freed prisoners before.")
    url = reverse("arguments:what_if", args=[debate.slug, reason.pk])
    assert [client.get(url, **HTMX).status_code for _ in range(3)] == [200, 200, 429]
