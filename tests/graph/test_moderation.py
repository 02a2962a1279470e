"""Moderators decide: approve, edit then approve, reject with a reason, merge, bulk, revert."""

import pytest
from django.urls import reverse

from arguments.models import (
    Argument,
    Citation,
    Claim,
    ClaimRevision,
    Decision,
    Notification,
    Proposal,
    Role,
    Stance,
    Status,
)
from arguments.permissions import Access
from arguments.services import moderate, propose
from tests.factories import ClaimFactory, UserFactory, debate_with_thesis, member, pro

pytestmark = pytest.mark.django_db


@pytest.fixture
def debate():
    return debate_with_thesis(slug="open")


@pytest.fixture
def moderator(debate):
    return member(debate, Role.MODERATOR, username="moderator")


@pytest.fixture
def author():
    return UserFactory(username="author")


def proposal_by(author, debate, text="Pressure hardens Beijing.", stance=Stance.ATTACK):
    return propose.propose_claim(
        access=Access(author, debate), target=debate.thesis, stance=stance, text=text
    )


def decide(client, proposal, **data):
    return client.post(reverse("arguments:decide", args=[proposal.pk]), data)


def test_the_queue_lists_pending_items_oldest_first_for_moderators_only(client, debate, author):
    first = proposal_by(author, debate, "First proposal.")
    second = proposal_by(author, debate, "Second proposal.")
    client.force_login(author)
    assert client.get(reverse("arguments:moderation")).status_code == 403
    client.force_login(member(debate, Role.MODERATOR, username="m"))
    response = client.get(reverse("arguments:moderation"))
    assert [p.pk for p in response.context["page"].object_list] == [first.pk, second.pk]


def test_queue_filters_by_kind_author_and_debate(client, debate, author, moderator):
    proposal_by(author, debate)
    other = UserFactory(username="other")
    works = ClaimFactory(debate=debate)
    propose.flag(access=Access(other, debate), reason="off_topic", claim=works)
    client.force_login(moderator)
    url = reverse("arguments:moderation")
    assert client.get(url, {"kind": "flag"}).context["page"].paginator.count == 1
    assert client.get(url, {"author": "AUTHOR"}).context["page"].paginator.count == 1
    assert client.get(url, {"debate": debate.pk}).context["page"].paginator.count == 2
    assert client.get(url, {"flag_reason": "abusive"}).context["page"].paginator.count == 0


def test_approving_a_claim_makes_it_public_and_tells_the_author(client, debate, author, moderator):
    proposal = proposal_by(author, debate)
    client.force_login(moderator)
    assert decide(client, proposal, action="approve").status_code == 302
    claim = Claim.objects.get(pk=proposal.claim_id)
    assert claim.status == Status.APPROVED
    assert Argument.objects.get(pk=proposal.argument_id).status == Status.APPROVED
    assert list(Decision.objects.filter(proposal=proposal).values_list("action", flat=True)) == [
        "submitted",
        "approved",
    ]
    notification = Notification.objects.get(user=author)
    assert "approved" in notification.message and notification.read_at is None
    revision = claim.revisions.get()
    assert (revision.author, revision.approved_by) == (author, moderator)


def test_edit_then_approve_keeps_both_wordings_in_the_history(client, debate, author, moderator):
    proposal = proposal_by(author, debate, "Pressure hardens beijing")
    client.force_login(moderator)
    decide(client, proposal, action="approve", text="Public pressure hardens Beijing's stance.")
    claim = Claim.objects.get(pk=proposal.claim_id)
    assert claim.text == "Public pressure hardens Beijing's stance."
    assert list(claim.revisions.values_list("text", flat=True)) == [
        "Pressure hardens beijing",
        "Public pressure hardens Beijing's stance.",
    ]
    assert Decision.objects.filter(proposal=proposal, action="edited").exists()


def test_rejecting_needs_a_reason_that_the_author_then_reads(client, debate, author, moderator):
    proposal = proposal_by(author, debate)
    client.force_login(moderator)
    decide(client, proposal, action="reject", reason="")
    assert Proposal.objects.get(pk=proposal.pk).status == "pending"
    decide(client, proposal, action="reject", reason="Not one proposition.")
    claim = Claim.objects.get(pk=proposal.claim_id)
    assert claim.status == Status.REJECTED
    client.force_login(author)
    page = client.get(claim.get_absolute_url())
    assert page.status_code == 200
    assert "Not one proposition." in page.text
    client.force_login(UserFactory(username="stranger"))
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_a_second_decision_is_told_who_decided_first(client, debate, author, moderator):
    proposal = proposal_by(author, debate)
    other = member(debate, Role.MODERATOR, username="second")
    moderate.approve(access=Access(other, debate, Role.MODERATOR), proposal=proposal)
    client.force_login(moderator)
    response = decide(client, proposal, action="reject", reason="No.")
    followed = client.get(response["Location"])
    assert "Already approved by second" in followed.text
    assert Claim.objects.get(pk=proposal.claim_id).status == Status.APPROVED
    with pytest.raises(moderate.AlreadyDecided):
        moderate.reject(
            access=Access(moderator, debate, Role.MODERATOR), proposal=proposal, reason="x"
        )


def test_approving_an_edit_changes_the_wording_and_records_why(client, debate, author, moderator):
    claim = ClaimFactory(debate=debate, text="Old wording.")
    pro(claim, debate.thesis)
    proposal = propose.propose_edit(
        access=Access(author, debate), claim=claim, text="New wording.", reason="Clearer."
    )
    client.force_login(moderator)
    decide(client, proposal, action="approve")
    claim.refresh_from_db()
    assert claim.text == "New wording."
    assert list(claim.revisions.values_list("text", "reason")) == [
        ("Old wording.", "Original wording"),
        ("New wording.", "Clearer."),
    ]
    history = client.get(reverse("arguments:history", args=[debate.slug, claim.pk]))
    assert "<del>Old</del>" in history.text and "<ins>New</ins>" in history.text


def test_a_moderator_reverts_to_an_earlier_wording(client, debate, author, moderator):
    claim = ClaimFactory(debate=debate, text="Old wording.")
    proposal = propose.propose_edit(
        access=Access(author, debate), claim=claim, text="Worse wording.", reason="Why not."
    )
    moderate.approve(access=Access(moderator, debate, Role.MODERATOR), proposal=proposal)
    original = claim.revisions.get(text="Old wording.")
    client.force_login(moderator)
    client.post(reverse("arguments:revert", args=[debate.slug, claim.pk, original.pk]))
    claim.refresh_from_db()
    assert claim.text == "Old wording."
    assert claim.revisions.count() == 3
    client.force_login(author)
    refused = client.post(reverse("arguments:revert", args=[debate.slug, claim.pk, original.pk]))
    assert refused.status_code == 403


def test_merging_a_duplicate_moves_its_edges_to_the_kept_claim(debate, author, moderator):
    kept = ClaimFactory(debate=debate, text="Pressure works.")
    pro(kept, debate.thesis)
    duplicate = ClaimFactory(debate=debate, text="Pressure does work.")
    pro(duplicate, debate.thesis)  # the same edge as kept's: withdrawn on merge
    reason = ClaimFactory(debate=debate, text="China released prisoners when pressed.")
    pro(reason, duplicate)
    Citation.objects.create(claim=duplicate, excerpt=_excerpt())
    flag = propose.flag(
        access=Access(author, debate), reason="duplicate", claim=duplicate, duplicate_of=kept
    )
    moderate.approve(access=Access(moderator, debate, Role.MODERATOR), proposal=flag)
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Status.REJECTED, kept)
    assert Argument.objects.filter(target_claim=kept, premise_links__claim=reason).exists()
    assert Argument.objects.filter(premise_links__claim=duplicate, status="approved").count() == 0
    assert kept.citations.count() == 1
    assert Decision.objects.filter(proposal=flag, action="merged").exists()


def _excerpt():
    from corpus.models import Excerpt
    from tests.factories import SourceFactory

    excerpt = Excerpt.locate(SourceFactory(), "pressure works")
    excerpt.save()
    return excerpt


def test_upholding_a_flag_takes_the_claim_off_the_map(debate, author, moderator):
    abusive = ClaimFactory(debate=debate, text="Something abusive.")
    pro(abusive, debate.thesis)
    flag = propose.flag(access=Access(author, debate), reason="abusive", claim=abusive)
    moderate.approve(access=Access(moderator, debate, Role.MODERATOR), proposal=flag)
    assert Claim.objects.get(pk=abusive.pk).status == Status.REJECTED
    assert ClaimRevision.objects.count() == 0


def test_bulk_approve_and_reject(client, debate, author, moderator):
    first, second = proposal_by(author, debate, "One."), proposal_by(author, debate, "Two.")
    client.force_login(moderator)
    url = reverse("arguments:decide_many")
    refused = client.post(url, {"selected": [first.pk], "action": "reject", "reason": ""})
    assert refused.status_code == 302
    assert Proposal.objects.get(pk=first.pk).status == "pending"
    client.post(url, {"selected": [first.pk, second.pk], "action": "approve"})
    assert set(Proposal.objects.values_list("status", flat=True)) == {"approved"}


def test_a_moderator_of_one_debate_cannot_decide_in_another(client, debate, author):
    other = debate_with_thesis(slug="other")
    outsider = member(other, Role.MODERATOR, username="outsider")
    proposal = proposal_by(author, debate)
    client.force_login(outsider)
    assert decide(client, proposal, action="approve").status_code == 403
    assert client.get(reverse("arguments:moderation_item", args=[proposal.pk])).status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).status == "pending"


def test_staff_moderate_every_debate(client, debate, author):
    proposal = proposal_by(author, debate)
    client.force_login(UserFactory(username="staff", is_staff=True))
    decide(client, proposal, action="approve")
    assert Proposal.objects.get(pk=proposal.pk).status == "approved"


def test_pending_links_count_when_refusing_cycles(debate, author, moderator):
    from django.core.exceptions import ValidationError

    first = ClaimFactory(debate=debate, text="A")
    second = ClaimFactory(debate=debate, text="B")
    pro(first, debate.thesis)
    propose.propose_link(
        access=Access(author, debate), claim=first, target=second, stance=Stance.SUPPORT
    )
    # The pending link already puts A under B, so B may not go under A, even for a moderator,
    # or approving both would close a cycle.
    access = Access(moderator, debate, Role.MODERATOR)
    with pytest.raises(ValidationError, match="cycle"):
        propose.propose_link(access=access, claim=second, target=first, stance=Stance.ATTACK)


def test_owner_manages_members_and_others_cannot(client, debate):
    owner = UserFactory(username="owner")
    debate.owner = owner
    debate.save()
    UserFactory(username="newbie")
    client.force_login(owner)
    url = reverse("arguments:members", args=[debate.slug])
    client.post(url, {"action": "add", "username": "NEWBIE", "role": "moderator"})
    membership = debate.members.get(user__username="newbie")
    assert membership.role == "moderator"
    missing = client.post(url, {"action": "add", "username": "ghost", "role": "writer"})
    assert "There is no user called “ghost”." in missing.text
    assert 'value="ghost"' in missing.text
    client.post(url, {"action": "set", "membership": membership.pk, "role": "viewer"})
    assert debate.members.get().role == "viewer"
    client.post(url, {"action": "remove", "membership": membership.pk})
    assert not debate.members.exists()
    client.force_login(UserFactory(username="newbie"))
    assert client.get(url).status_code == 403


def test_queue_items_are_decided_in_place_with_htmx(client, debate, author, moderator):
    proposal = proposal_by(author, debate, "Decide me in place.")
    client.force_login(moderator)
    response = client.post(
        reverse("arguments:decide", args=[proposal.pk]),
        {"action": "reject", "reason": "Off topic here."},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"proposal-{proposal.pk}",
    )
    assert response.status_code == 200
    assert (
        f'<li class="queue__item queue__item--decided" id="proposal-{proposal.pk}">'
        in response.text
    )
    assert "rejected by moderator" in response.text
    again = client.post(
        reverse("arguments:decide", args=[proposal.pk]),
        {"action": "approve"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"proposal-{proposal.pk}",
    )
    assert "Already rejected by moderator" in again.text


PAIRS = [
    ("Public pressure hardens Beijing's position.", "Public pressure hardens Beijing further."),
    ("Trade sanctions hurt American farmers.", "Trade sanctions mostly hurt farmers."),
    ("Tibet deserves religious freedom.", "Tibetans deserve religious freedom."),
    ("Visa bans target individual officials.", "Visa bans target officials personally."),
    ("Quiet diplomacy freed several prisoners.", "Quiet diplomacy has freed prisoners."),
    ("Xinjiang camps demand an inquiry.", "The Xinjiang camps demand an international inquiry."),
]


def test_queue_items_show_similar_claims_in_few_queries(
    client, debate, author, moderator, django_assert_max_num_queries
):
    for existing, proposed in PAIRS:
        pro(ClaimFactory(debate=debate, text=existing), debate.thesis)
        proposal_by(author, debate, proposed)
    client.force_login(moderator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("arguments:moderation"))
    items = response.context["page"].object_list
    assert [[c.text for c in p.similar][0] for p in items] == [pair[0] for pair in PAIRS]
    assert "Similar claims already in the map" in response.text


def decision_url(proposal):
    return reverse("arguments:decide", args=[proposal.pk])


def test_a_decision_answers_each_swap_target_and_a_plain_post_and_varies_on_htmx(
    client, debate, author, moderator
):
    client.force_login(moderator)
    cases = [
        ({"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "proposal-{pk}"}, '<li class="queue__item'),
        ({"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "decision"}, '<div class="decision-result"'),
    ]
    for number, (headers, opening) in enumerate(cases):
        proposal = proposal_by(author, debate, f"Decide me, {number}.")
        headers = {name: value.format(pk=proposal.pk) for name, value in headers.items()}
        response = client.post(decision_url(proposal), {"action": "approve"}, **headers)
        assert response.text.lstrip().startswith(opening)
        assert "approved by moderator" in response.text
        assert "HX-Request" in response["Vary"]
    proposal = proposal_by(author, debate, "Decide me on the page.")
    response = decide(client, proposal, action="approve", next="/")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert "HX-Request" in response["Vary"]


def test_a_refused_decision_keeps_the_services_error_in_the_form(client, debate, author, moderator):
    proposal = proposal_by(author, debate, "Merge me.")
    elsewhere = debate_with_thesis(slug="elsewhere")
    client.force_login(moderator)
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "decision"}
    merge = {"action": "merge", "kept": elsewhere.thesis.pk}
    response = client.post(decision_url(proposal), merge, **htmx)
    [error] = response.context["form"].non_field_errors().as_data()
    assert error.message == "Choose another claim of this debate to keep."
    assert response.text.count("Choose another claim of this debate to keep.") == 1
    page = decide(client, proposal, action="reject", reason=" ", next="/")
    assert client.get(page["Location"]).text.count("Give a reason: the author will read it.") == 1
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.State.PENDING
