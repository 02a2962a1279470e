"""Two moderators deciding one item at the same moment: exactly one decision stands."""

import threading

import pytest
from django.db import connection, connections

from arguments.models import Decision, Proposal, Role, Stance
from arguments.permissions import Access
from arguments.services import moderate, propose

from .factories import UserFactory, debate_with_thesis, member

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
