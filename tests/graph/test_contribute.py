"""Proposing claims, links, edits and flags, and who sees what before a moderator decides."""

import json

import pytest
from django.urls import reverse

from arguments.models import Argument, Citation, Claim, Notification, Proposal, Role, Stance, Status
from corpus.models import Excerpt
from tests.factories import (
    ClaimFactory,
    SourceFactory,
    UserFactory,
    debate_with_thesis,
    member,
    pro,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def debate():
    debate = debate_with_thesis(slug="open", title="Open debate")
    pro(ClaimFactory(debate=debate, text="Pressure on Beijing works."), debate.thesis)
    return debate


@pytest.fixture
def author(client, debate):
    user = UserFactory(username="author")
    client.force_login(user)
    return user


def propose_url(claim):
    return reverse("arguments:propose", args=[claim.debate.slug, claim.pk])


def propose(client, claim, text, stance="attack", **extra):
    return client.post(propose_url(claim), {"stance": stance, "text": text, **extra})


def test_anonymous_readers_are_sent_to_sign_in(client, debate):
    response = client.get(propose_url(debate.thesis))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_signed_in_user_proposes_a_con_that_stays_pending(client, debate, author):
    response = propose(client, debate.thesis, "  Pressing   in public hardens Beijing.  ")
    assert response.status_code == 302
    claim = Claim.objects.get(text="Pressing in public hardens Beijing.")
    assert (claim.status, claim.author) == (Status.PENDING, author)
    argument = Argument.objects.get(premise_links__claim=claim)
    assert (argument.stance, argument.target_claim, argument.status) == (
        Stance.ATTACK,
        debate.thesis,
        Status.PENDING,
    )
    proposal = Proposal.objects.get(claim=claim)
    assert proposal.kind == Proposal.Kind.CLAIM and proposal.status == Proposal.State.PENDING


def test_the_author_sees_the_pending_claim_in_place_marked_pending(client, debate, author):
    propose(client, debate.thesis, "Pressing in public hardens Beijing.")
    response = client.get(debate.get_absolute_url())
    assert "Pressing in public hardens Beijing." in response.text
    assert "Pending" in response.text


def test_htmx_proposal_answers_with_a_fragment_and_an_event(client, debate, author):
    response = client.post(
        propose_url(debate.thesis),
        {"stance": "support", "text": "Rights advance trade.", "embedded": "1"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "map-changed" in json.loads(response["HX-Trigger"])
    from_its_own_page = client.post(
        propose_url(debate.thesis), {"stance": "support", "text": "Rights help."}, **HTMX
    )
    assert from_its_own_page["HX-Redirect"] == debate.thesis.get_absolute_url()


def test_a_form_with_errors_keeps_what_was_typed(client, debate, author):
    response = propose(client, debate.thesis, "x" * 501)
    assert response.status_code == 200
    assert "x" * 501 in response.text
    assert "at most 500 characters" in response.text
    assert not Claim.objects.filter(author=author).exists()


def test_evidence_selected_in_the_reader_is_saved_verbatim(client, debate, author):
    source = SourceFactory(slug="letter", debates=[debate])
    start = source.text.index("pressure works")
    response = propose(
        client,
        debate.thesis,
        "Pressure has worked before.",
        stance="support",
        source="letter",
        start=start,
        end=start + len("pressure works"),
    )
    assert response.status_code == 302
    excerpt = Excerpt.objects.get(source=source)
    assert excerpt.quote == "pressure works"
    assert Citation.objects.filter(excerpt=excerpt, claim__author=author).exists()


def test_a_selection_outside_the_text_is_refused_and_nothing_saved(client, debate, author):
    SourceFactory(slug="letter", debates=[debate])
    response = propose(client, debate.thesis, "Claim.", source="letter", start=5, end=99999)
    assert "could not be found in its source" in response.text
    assert not Claim.objects.filter(author=author).exists()
    assert not Excerpt.objects.exists()


def test_the_propose_form_shows_a_passage_picked_in_the_reader(client, debate, author):
    source = SourceFactory(slug="letter", debates=[debate])
    start = source.text.index("pressure works")
    url = f"{propose_url(debate.thesis)}?stance=attack&source=letter&start={start}&end={start + 14}"
    response = client.get(url)
    assert "pressure works" in response.text
    assert f'name="start" value="{start}"' in response.text


def test_daily_limit_explains_when_one_can_propose_again(client, debate, author, settings):
    settings.PROPOSALS_PER_DAY = 2
    propose(client, debate.thesis, "First.")
    propose(client, debate.thesis, "Second.")
    response = propose(client, debate.thesis, "Third, refused.")
    assert response.status_code == 200
    assert "the most allowed" in response.text
    assert "You can propose again after" in response.text
    assert "Third, refused." in response.text
    assert Claim.objects.filter(author=author).count() == 2


def test_similar_claims_appear_while_typing_with_link_this_instead(client, debate, author):
    url = reverse("arguments:similar", args=[debate.slug, debate.thesis.pk])
    response = client.get(url, {"text": "pressure on beijing", "stance": "attack"}, **HTMX)
    assert "Pressure on Beijing works." in response.text
    assert "Link this instead" in response.text


def test_linking_an_existing_claim_makes_a_pending_linked_argument(client, debate, author):
    other = ClaimFactory(debate=debate, text="Engagement keeps channels open.")
    pro(other, debate.thesis)
    works = Claim.objects.get(text="Pressure on Beijing works.")
    url = reverse("arguments:link", args=[debate.slug, other.pk])
    response = client.post(url, {"claim": works.pk, "stance": "attack"})
    assert response.status_code == 302
    argument = Argument.objects.get(target_claim=other, premise_links__claim=works)
    assert argument.status == Status.PENDING
    assert Proposal.objects.get(argument=argument).kind == Proposal.Kind.LINK


def test_a_link_that_would_make_a_cycle_is_refused_with_a_message(client, debate, author):
    works = Claim.objects.get(text="Pressure on Beijing works.")
    url = reverse("arguments:link", args=[debate.slug, works.pk])
    response = client.post(url, {"claim": debate.thesis.pk, "stance": "attack"}, follow=True)
    assert "cycle" in response.text
    assert not Argument.objects.filter(target_claim=works).exists()


def test_an_edit_proposal_and_a_flag_go_to_the_queue(client, debate, author):
    works = Claim.objects.get(text="Pressure on Beijing works.")
    edit = reverse("arguments:edit", args=[debate.slug, works.pk])
    client.post(edit, {"text": "Public pressure on Beijing works.", "reason": "More precise."})
    flag = reverse("arguments:flag", args=[debate.slug, works.pk])
    client.post(flag, {"reason": "duplicate", "duplicate_of": debate.thesis.pk, "note": "same"})
    kinds = set(Proposal.objects.values_list("kind", "status"))
    assert kinds == {(Proposal.Kind.EDIT, "pending"), (Proposal.Kind.FLAG, "pending")}
    assert Claim.objects.get(pk=works.pk).text == "Pressure on Beijing works."


def test_a_duplicate_flag_needs_the_other_claim(client, debate, author):
    works = Claim.objects.get(text="Pressure on Beijing works.")
    flag = reverse("arguments:flag", args=[debate.slug, works.pk])
    response = client.post(flag, {"reason": "duplicate", "note": "kept note"})
    assert "Say which claim this one duplicates." in response.text
    assert "kept note" in response.text
    assert not Proposal.objects.exists()


def test_a_moderators_own_claim_is_approved_at_once(client, debate):
    moderator = member(debate, Role.MODERATOR)
    client.force_login(moderator)
    propose(client, debate.thesis, "Moderators write too.")
    claim = Claim.objects.get(text="Moderators write too.")
    assert claim.status == Status.APPROVED
    assert claim.revisions.count() == 1


def test_restricted_debate_refuses_non_members(client, debate, author):
    debate.writers_restricted = True
    debate.save()
    assert client.get(propose_url(debate.thesis)).status_code == 403
    assert propose(client, debate.thesis, "Not allowed.").status_code == 403
    member(debate, Role.WRITER, username="writer")
    client.force_login(UserFactory(username="writer"))
    assert client.get(propose_url(debate.thesis)).status_code == 200


def test_notifications_count_unread_in_the_header(client, debate, author):
    Notification.objects.create(user=author, message="Your claim was approved.")
    response = client.get("/")
    assert 'aria-label="1 unread"' in response.text
    client.get(reverse("arguments:inbox"))
    assert 'aria-label="1 unread"' not in client.get("/").text


def test_an_argument_link_can_be_flagged_from_the_parent(client, debate, author):
    works = Claim.objects.get(text="Pressure on Beijing works.")
    argument = Argument.objects.get(premise_links__claim=works)
    page = client.get(debate.get_absolute_url())
    assert f"?argument={argument.pk}" in page.text
    flag = reverse("arguments:flag", args=[debate.slug, works.pk])
    client.post(flag, {"reason": "off_topic", "argument": argument.pk, "note": "Not related."})
    proposal = Proposal.objects.get()
    assert (proposal.argument, proposal.claim) == (argument, None)


def test_the_same_proposal_sent_twice_is_saved_once_and_the_second_says_so(client, debate, author):
    propose(client, debate.thesis, "Pressing in public hardens Beijing.")
    again = {"stance": "attack", "text": " Pressing in public  hardens Beijing."}
    response = client.post(propose_url(debate.thesis), again, follow=True)
    assert response.redirect_chain[-1][0] == debate.thesis.get_absolute_url()
    assert "You proposed this con already; it is pending" in response.text
    assert Claim.objects.filter(text="Pressing in public hardens Beijing.").count() == 1
    assert Proposal.objects.filter(kind=Proposal.Kind.CLAIM).count() == 1
    # The same words as a pro, or under another claim, are another proposal.
    propose(client, debate.thesis, "Pressing in public hardens Beijing.", stance="support")
    works = Claim.objects.get(text="Pressure on Beijing works.")
    propose(client, works, "Pressing in public hardens Beijing.")
    assert Claim.objects.filter(text="Pressing in public hardens Beijing.").count() == 3


def test_a_rejected_proposal_may_be_made_again(client, debate, author):
    from arguments.permissions import Access
    from arguments.services import moderate

    propose(client, debate.thesis, "Try again.")
    moderator = member(debate, Role.MODERATOR, username="moderator")
    first = Proposal.objects.get()
    moderate.reject(access=Access(moderator, debate, Role.MODERATOR), proposal=first, reason="No.")
    propose(client, debate.thesis, "Try again.")
    assert Proposal.objects.filter(status=Proposal.State.PENDING).count() == 1


def test_the_same_edit_or_flag_sent_twice_is_kept_once(client, debate, author):
    works = Claim.objects.get(text="Pressure on Beijing works.")
    edit = reverse("arguments:edit", args=[debate.slug, works.pk])
    flag = reverse("arguments:flag", args=[debate.slug, works.pk])
    wording = {"text": "Public pressure on Beijing works.", "reason": "More precise."}
    for url, data, refusal in (
        (edit, wording, "You proposed this wording already"),
        (flag, {"reason": "off_topic", "note": "Off."}, "You proposed this flag already"),
    ):
        client.post(url, data)
        assert refusal in client.post(url, data).text
    assert sorted(Proposal.objects.values_list("kind", flat=True)) == ["edit", "flag"]


def _varies_on_htmx(response):
    return "HX-Request" in response.get("Vary", "")


def test_a_refused_proposal_is_a_non_field_error_of_the_form_shown_once(
    client, debate, author, settings
):
    from arguments.services.propose import TooManyProposals

    settings.PROPOSALS_PER_DAY = 1
    propose(client, debate.thesis, "First.")
    for headers in ({}, {**HTMX}):
        response = client.post(
            propose_url(debate.thesis), {"stance": "attack", "text": "Refused."}, **headers
        )
        [error] = response.context["form"].non_field_errors().as_data()
        assert isinstance(error, TooManyProposals)
        assert response.text.count("the most allowed") == 1
        assert _varies_on_htmx(response)
    assert "<html" not in response.text  # the htmx answer is the form alone


def test_a_repeated_edit_is_a_non_field_error_of_the_form_shown_once(client, debate, author):
    from arguments.services.propose import AlreadyProposed

    works = Claim.objects.get(text="Pressure on Beijing works.")
    edit = reverse("arguments:edit", args=[debate.slug, works.pk])
    wording = {"text": "Public pressure on Beijing works.", "reason": "More precise."}
    client.post(edit, wording)
    response = client.post(edit, wording)
    [error] = response.context["form"].non_field_errors().as_data()
    assert isinstance(error, AlreadyProposed)
    assert response.text.count("You proposed this wording already") == 1


def test_similar_claims_are_a_fragment_that_varies_on_htmx(client, debate, author):
    url = reverse("arguments:similar", args=[debate.slug, debate.thesis.pk])
    for headers in ({}, {**HTMX}):
        response = client.get(url, {"text": "pressure on beijing"}, **headers)
        assert "Pressure on Beijing works." in response.text
        assert "<html" not in response.text
        assert _varies_on_htmx(response) and "Cookie" in response["Vary"]


def test_a_refused_link_answers_htmx_with_a_fragment_and_a_page_with_a_message(
    client, debate, author
):
    works = Claim.objects.get(text="Pressure on Beijing works.")
    url = reverse("arguments:link", args=[debate.slug, works.pk])
    cycle = {"claim": debate.thesis.pk, "stance": "attack"}
    fragment = client.post(url, cycle, **HTMX)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert fragment.text.count("cycle") == 1 and 'class="form-errors"' in fragment.text
    assert _varies_on_htmx(fragment)
    page = client.post(url, cycle)
    assert page.status_code == 302 and _varies_on_htmx(page)
    assert client.get(page["Location"]).text.count("cycle") == 1


def test_a_contribution_goes_back_by_the_path_only_when_it_is_well_formed(client, debate, author):
    works = Claim.objects.get(text="Pressure on Beijing works.")
    url = works.get_absolute_url()
    for path, back in ((f"{debate.thesis.pk}", f"{url}?path={debate.thesis.pk}"), ("1-²", url)):
        response = propose(client, works, f"Reason by {path}.", path=path)
        assert response["Location"] == back
