"""Two moderators deciding one item at the same moment: exactly one decision stands."""

import contextlib
import threading
from unittest import mock

import pytest
from django.db import connection, connections

from arguments.models import Decision, Proposal, Role, Stance, Vote
from arguments.permissions import Access
from arguments.services import moderate, propose, vote
from arguments.services.counts import drift, refresh_counts
from arguments.services.evaluate import evaluate_debate

from .factories import ClaimFactory, UserFactory, debate_with_thesis, member, pro

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locking between two connections is what this proves; CI runs it on PostgreSQL",
)


@pytest.mark.django_db(transaction=True)
def test_two_moderators_deciding_at_once_leave_exactly_one_decision():
    debate = debate_with_thesis(slug="race")
    author = UserFactory(username="author")
    first = member(debate, Role.MODERATOR, username="first")
    second = member(debate, Role.MODERATOR, username="second")
    proposal = propose.propose_claim(
        access=Access(author, debate), target=debate.thesis, stance=Stance.ATTACK, text="Race."
    )
    barrier = threading.Barrier(2)
    outcomes = {}

    def decide(user, action):
        try:
            barrier.wait(timeout=10)
            access = Access(user, debate, Role.MODERATOR)
            fresh = Proposal.objects.get(pk=proposal.pk)
            if action == "approve":
                moderate.approve(access=access, proposal=fresh)
            else:
                moderate.reject(access=access, proposal=fresh, reason="Duplicate.")
            outcomes[user.username] = "done"
        except moderate.AlreadyDecided as error:
            outcomes[user.username] = str(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(first, "approve")),
        threading.Thread(target=decide, args=(second, "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()).count("done") == 1
    loser = next(name for name, outcome in outcomes.items() if outcome != "done")
    winner = "first" if loser == "second" else "second"
    assert f"by {winner}" in outcomes[loser]
    decided = Proposal.objects.get(pk=proposal.pk)
    assert decided.decided_by.username == winner
    assert Decision.objects.filter(proposal=proposal).exclude(action="submitted").count() == 1


@pytest.mark.django_db(transaction=True)
def test_votes_racing_on_one_argument_are_all_counted_and_the_strengths_agree():
    from arguments.models import Argument, Claim, Vote
    from arguments.services.evaluate import evaluate_debate
    from arguments.services.vote import cast_vote

    from .factories import ClaimFactory, pro

    debate = debate_with_thesis(slug="votes")
    reason = ClaimFactory(debate=debate, text="Pressure works.")
    other = ClaimFactory(debate=debate, text="Allies agree.")
    links = [pro(reason, debate.thesis), pro(other, debate.thesis)]
    evaluate_debate(debate_id=debate.pk)
    refresh_counts(debate.pk)  # the factories write past the services
    voters = [UserFactory(username=f"voter{n}") for n in range(6)]
    barrier = threading.Barrier(len(voters))
    errors = []

    def vote(index, user):
        try:
            barrier.wait(timeout=10)
            cast_vote(access=Access(user, debate), argument=links[index % 2], value=index % 5)
        except Exception as error:  # any failure of a racing vote is the test's failure
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(i, user)) for i, user in enumerate(voters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    for link in links:
        link = Argument.objects.get(pk=link.pk)
        values = list(Vote.objects.filter(argument=link).values_list("value", flat=True))
        assert len(values) == link.vote_count == 3
        assert link.impact == pytest.approx(sum(values) / 3)
    thesis_after_votes = Claim.objects.get(pk=debate.thesis_id).strength
    evaluate_debate(debate_id=debate.pk)
    assert Claim.objects.get(pk=debate.thesis_id).strength == thesis_after_votes


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_both_count_in_the_debates_claim_count():
    # Found by `make loadtest`: each approval counted the approved claims while the other's
    # was not yet committed, then wrote its count after the other's, losing one claim.
    debate = debate_with_thesis(slug="count-race")
    author = UserFactory(username="author")
    moderators = [member(debate, Role.MODERATOR, username=f"mod{n}") for n in (1, 2)]
    proposals = [
        propose.propose_claim(
            access=Access(author, debate), target=debate.thesis, stance=Stance.ATTACK, text=text
        )
        for text in ("First reason.", "Second reason.")
    ]
    barrier = threading.Barrier(2)
    original = moderate.refresh_counts

    def refresh_together(debate_id):
        barrier.wait(timeout=10)  # both approvals have written their claim; now both count
        original(debate_id)

    def approve(user, proposal):
        try:
            access = Access(user, debate, Role.MODERATOR)
            moderate.approve(access=access, proposal=Proposal.objects.get(pk=proposal.pk))
        finally:
            connections.close_all()

    with mock.patch.object(moderate, "refresh_counts", refresh_together):
        threads = [
            threading.Thread(target=approve, args=pair)
            for pair in zip(moderators, proposals, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    debate.refresh_from_db()
    approved = debate.claims.filter(status="approved").count()
    assert approved == 3  # the thesis and both reasons
    assert debate.claim_count == approved


@pytest.mark.django_db(transaction=True)
def test_two_votes_at_once_on_linked_reasons_do_not_deadlock():
    # Found by `make loadtest`: each vote locked its argument, then the re-weighing under
    # the debate's lock wrote the other's argument (its premise's strength had moved), while
    # the other vote, holding that argument, waited for the debate: a deadlock, one 503.
    debate = debate_with_thesis(slug="vote-race")
    middle = ClaimFactory(debate=debate, text="A reason that has its own reason.")
    upper = pro(middle, debate.thesis)
    lower = pro(ClaimFactory(debate=debate, text="The reason under it."), middle)
    evaluate_debate(debate_id=debate.pk)
    refresh_counts(debate.pk)  # the factories write past the services
    voters = [UserFactory(username=f"voter{n}") for n in (1, 2)]
    barrier = threading.Barrier(2)
    original = vote.reevaluate
    failures = []

    def reevaluate_together(**kwargs):
        # Both votes hold their argument's lock here, unless one waits for the other.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=3)
        original(**kwargs)

    def cast(user, argument):
        try:
            vote.cast_vote(access=Access(user, debate), argument=argument, value=0)
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            failures.append(repr(error))
        finally:
            connections.close_all()

    with mock.patch.object(vote, "reevaluate", reevaluate_together):
        threads = [
            threading.Thread(target=cast, args=pair)
            for pair in zip(voters, (lower, upper), strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert failures == []
    assert Vote.objects.filter(argument__in=[lower, upper]).count() == 2
    assert drift([debate.pk]) == []
