"""Every decision is shown as what it was: a queue card keeps its buttons when a reason is
missing, a merge reads as a merge, a flag is upheld or dismissed, a flagged link is named by
its claims, and the author's notice quotes whole words."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from arguments.models import Notification, Proposal, Role, Stance
from arguments.permissions import Access
from arguments.services import moderate, propose
from tests.factories import ClaimFactory, UserFactory, debate_with_thesis, member, pro

pytestmark = pytest.mark.django_db

QUEUE_CARD = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def debate():
    return debate_with_thesis(slug="open")


@pytest.fixture
def moderator(debate):
    # Decides every proposal of `debate`.
    return member(debate, Role.MODERATOR, username="moderator")


@pytest.fixture
def author():
    # Proposes and flags; moderates nothing.
    return UserFactory(username="author")


def proposal_by(author, debate, text="Pressure hardens Beijing."):
    return propose.propose_claim(
        access=Access(author, debate), target=debate.thesis, stance=Stance.ATTACK, text=text
    )


def from_card(client, proposal, **data):
    url = reverse("arguments:decide", args=[proposal.pk])
    return client.post(url, data, HTTP_HX_TARGET=f"proposal-{proposal.pk}", **QUEUE_CARD)


def from_item_page(client, proposal, **data):
    url = reverse("arguments:decide", args=[proposal.pk])
    return client.post(url, data, HTTP_HX_TARGET="moderation-item", **QUEUE_CARD)


def test_a_card_rejected_without_a_reason_stays_whole_and_says_what_is_missing(
    client, debate, author, moderator
):
    proposal = proposal_by(author, debate, "Keep my card on the page.")
    client.force_login(moderator)
    response = from_card(client, proposal, action="reject", reason="")
    text = response.text
    assert f'class="queue__item" id="proposal-{proposal.pk}"' in text
    assert "Keep my card on the page." in text
    assert 'value="approve"' in text and 'value="reject"' in text
    assert "Type a reason in “Reason (for rejections)” at the top of the queue" in text
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.State.PENDING


def test_a_merge_is_shown_as_a_merge_everywhere(client, debate, author, moderator):
    kept = ClaimFactory(debate=debate, text="Pressure works on Beijing.")
    pro(kept, debate.thesis)
    proposal = proposal_by(author, debate, "Pressure does work on Beijing.")
    client.force_login(moderator)
    response = from_item_page(client, proposal, action="merge", kept=kept.pk)
    text = response.text
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.State.MERGED
    assert "New claim merged into “Pressure works on Beijing.” by moderator" in text
    assert "approved" not in text.lower()
    # The header, the decision and the history agree; the form is gone.
    assert '<span class="status status--merged">Merged</span>' in text
    assert "Merged into another claim by moderator" in " ".join(text.split())
    assert 'name="action"' not in text
    page = client.get(reverse("arguments:moderation_item", args=[proposal.pk]))
    assert 'name="action"' not in page.text and "status--pending" not in page.text
    [notice] = Notification.objects.filter(user=author)
    assert notice.message == (
        "“Pressure does work on Beijing.” was merged into “Pressure works on Beijing.”."
    )


def test_an_approval_on_the_item_page_replaces_the_form_with_the_decision(
    client, debate, author, moderator
):
    proposal = proposal_by(author, debate, "Approve me on my page.")
    client.force_login(moderator)
    text = from_item_page(client, proposal, action="approve").text
    assert 'id="moderation-item"' in text
    assert "New claim approved by moderator: “Approve me on my page.”." in text
    assert '<span class="status status--approved">Approved</span>' in text
    assert "<form" not in text


def test_a_refused_decision_on_the_item_page_keeps_what_was_typed(
    client, debate, author, moderator
):
    proposal = proposal_by(author, debate, "Edit me, then fail.")
    client.force_login(moderator)
    text = from_item_page(
        client, proposal, action="merge", kept="", text="A better wording I typed."
    ).text
    assert "Give the number of the claim to keep." in text
    assert ">A better wording I typed.</textarea>" in text
    assert 'name="action"' in text


def test_dismissing_a_flag_says_dismissed_and_upholding_says_upheld(
    client, debate, author, moderator
):
    flagged = ClaimFactory(debate=debate, text="Flag me twice.")
    pro(flagged, debate.thesis)
    dismissed = propose.flag(access=Access(author, debate), reason="off_topic", claim=flagged)
    client.force_login(moderator)
    text = from_card(client, dismissed, action="reject", reason="It is on topic.").text
    assert "Flag dismissed by moderator" in text and "rejected" not in text
    upheld = propose.flag(access=Access(UserFactory(), debate), reason="abusive", claim=flagged)
    assert "Flag upheld by moderator" in from_card(client, upheld, action="approve").text


@pytest.mark.parametrize(
    ("count", "action", "said"),
    [(1, "reject", "1 item rejected."), (2, "approve", "2 items approved.")],
)
def test_bulk_decisions_are_counted_in_words(
    client, debate, author, moderator, count, action, said
):
    ids = [proposal_by(author, debate, f"Bulk number {n}.").pk for n in range(count)]
    client.force_login(moderator)
    response = client.post(
        reverse("arguments:decide_many"), {"selected": ids, "action": action, "reason": "No."}
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [said]


def test_a_flagged_link_is_named_by_its_claims_in_the_queue_and_on_its_page(
    client, debate, author, moderator
):
    reason = ClaimFactory(debate=debate, text="Sanctions froze officials' assets.")
    link = pro(reason, debate.thesis)
    flag = propose.flag(access=Access(author, debate), reason="off_topic", argument=link)
    client.force_login(moderator)
    queue = client.get(reverse("arguments:moderation")).text
    assert f"argument #{link.pk}" not in queue
    assert "Flag on a link" in queue and "Sanctions froze officials&#x27; assets." in queue
    assert debate.thesis.text.replace("'", "&#x27;") in queue
    page = client.get(reverse("arguments:moderation_item", args=[flag.pk])).text
    assert "Sanctions froze officials&#x27; assets." in page


def test_a_notice_quotes_whole_words_and_says_the_wording_was_edited(debate, author, moderator):
    words = "Quiet diplomacy " * 8 + "eventually freed several prisoners of conscience."
    proposal = proposal_by(author, debate, words)
    moderate.approve(
        access=Access(moderator, debate, Role.MODERATOR),
        proposal=proposal,
        text="Quiet diplomacy freed prisoners.",
    )
    [notice] = Notification.objects.filter(user=author)
    assert "edited by a moderator" in notice.message
    assert "now “Quiet diplomacy freed prisoners.”" in notice.message
    quoted = notice.message.split("“", 1)[1].split("”", 1)[0]
    cut = quoted.removesuffix("…")
    assert cut != quoted and words.startswith(cut) and words[len(cut)] == " "


def test_quoted_cuts_at_a_word_boundary():
    assert moderate.quoted("Short enough.") == "“Short enough.”"
    assert moderate.quoted("one two three four", limit=10) == "“one two…”"
    assert moderate.quoted("x" * 30, limit=10) == "“" + "x" * 10 + "…”"


def test_the_inbox_cuts_between_words_and_names_a_dismissed_flag(client, debate, author, moderator):
    words = "Sanctions on officials " * 5 + "changed nothing in Xinjiang at all."
    proposal_by(author, debate, words)
    flagged = ClaimFactory(debate=debate, text="Flag me in the inbox.")
    pro(flagged, debate.thesis)
    flag = propose.flag(access=Access(author, debate), reason="off_topic", claim=flagged)
    moderate.reject(
        access=Access(moderator, debate, Role.MODERATOR), proposal=flag, reason="On topic."
    )
    client.force_login(author)
    text = client.get(reverse("arguments:inbox")).text
    cut = moderate.shortened(words, 90)
    assert cut.endswith("…") and words[len(cut) - 1] == " "
    assert f">{cut}</a>" in text
    assert '<span class="status status--rejected">Dismissed</span>' in text


def test_a_second_decision_on_the_item_page_is_told_and_shows_the_first(
    client, debate, author, moderator
):
    proposal = proposal_by(author, debate, "Decided twice.")
    moderate.approve(access=Access(moderator, debate, Role.MODERATOR), proposal=proposal)
    other = member(debate, Role.MODERATOR, username="other")
    client.force_login(other)
    text = from_item_page(client, proposal, action="reject", reason="Late.").text
    assert "Already approved by moderator" in text
    assert "New claim approved by moderator: “Decided twice.”." in text
    assert 'name="action"' not in text


def test_the_class_queue_names_copies_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    from arguments.classes import services as classes

    teacher = UserFactory(username="teacher", is_staff=True)
    public = debate_with_thesis(slug="open", title="Shared title")
    for number in range(3):
        room = classes.create_classroom(teacher=teacher, name=f"Class {number}")
        copy = classes.copy_debate(classroom=room, teacher=teacher, source=public)
        student = UserFactory()
        classes.join(user=student, code=room.join_code)
        propose.propose_claim(
            access=Access.load(student, copy),
            target=copy.thesis,
            stance=Stance.ATTACK,
            text=f"Student claim {number}.",
        )
    client.force_login(teacher)
    with django_assert_max_num_queries(12):
        text = client.get(reverse("arguments:moderation")).text
    assert text.count("Shared title (class: Class") >= 6  # a filter option and a card each


def test_upholding_a_flag_on_a_link_takes_the_link_off_the_map(client, debate, author, moderator):
    # A flag on a link has no claim of its own: upholding one raised an AttributeError (500).
    reason = ClaimFactory(debate=debate, text="Trade talks help.")
    link = pro(reason, debate.thesis)
    flag = propose.flag(access=Access(author, debate), reason="off_topic", argument=link)
    client.force_login(moderator)
    response = from_card(client, flag, action="approve")
    assert response.status_code == 200
    assert "Flag upheld by moderator: the link of “Trade talks help.” as a pro of" in response.text
    link.refresh_from_db()
    assert link.status == "rejected"
    assert Notification.objects.get(user=author).message.startswith("Your flag on the link")


def test_every_notice_of_a_refusal_or_a_flag_names_what_it_was_about(debate, author, moderator):
    # An author with several proposals must know from the notice which one was refused: a
    # rejection said only "Your claim was not accepted: <reason>".
    deciding = Access(moderator, debate, Role.MODERATOR)
    moderate.reject(
        access=deciding, proposal=proposal_by(author, debate, "China bad."), reason="Say why."
    )
    flagged = ClaimFactory(debate=debate, text="Flag me, then keep me.")
    link = pro(flagged, debate.thesis)
    on_claim = propose.flag(access=Access(author, debate), reason="off_topic", claim=flagged)
    moderate.reject(access=deciding, proposal=on_claim, reason="It is on topic.")
    on_link = propose.flag(access=Access(author, debate), reason="off_topic", argument=link)
    moderate.approve(access=deciding, proposal=on_link)
    notices = list(Notification.objects.filter(user=author).order_by("pk"))
    assert [notice.message for notice in notices] == [
        "Your claim “China bad.” was not accepted: Say why.",
        "Your flag on “Flag me, then keep me.” was dismissed: It is on topic.",
        "Your flag on the link of “Flag me, then keep me.” as a pro of"
        f" “{debate.thesis.text}” was upheld: it was taken off the map.",
    ]


def test_the_inbox_names_a_flagged_link_by_its_claims(client, debate, author, moderator):
    # The list of one's proposals said only "Flag" for a flag on a link.
    reason = ClaimFactory(debate=debate, text="Trade talks help.")
    link = pro(reason, debate.thesis)
    propose.flag(access=Access(author, debate), reason="off_topic", argument=link)
    client.force_login(author)
    text = " ".join(client.get(reverse("arguments:inbox")).text.split())
    assert "Flag: the link of “Trade talks help.” as a pro of “The thesis of the debate.”" in text
