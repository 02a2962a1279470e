"""Races on PostgreSQL: two moderators deciding one item (exactly one decision stands),
votes racing, a double-submitted proposal (exactly one claim), two teachers splitting one
assignment, students joining a class at once."""

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
from tests.factories import ClaimFactory, UserFactory, debate_with_thesis, member, pro

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
    from tests.factories import ClaimFactory, pro

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


def _race(count, work):
    """Run `work(index)` in `count` threads released together; return what each returned
    (or the exception it raised, as its repr)."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = work(index)
        except Exception as error:  # recorded: the test says which outcome it expects
            outcomes[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_proposal_makes_exactly_one_claim(monkeypatch):
    """The same form posted twice at once, as a double click sends it. Each submission
    waits (up to two seconds) for the other at the daily-limit check, just before the
    insert, so without a lock both would get past every check before either wrote."""
    from django.contrib.messages import get_messages
    from django.test import Client
    from django.urls import reverse

    from arguments.models import Claim

    debate = debate_with_thesis(slug="double")
    author = UserFactory(username="author")
    url = reverse("arguments:propose", args=[debate.slug, debate.thesis_id])
    form = {"stance": Stance.ATTACK, "text": "Pressure  hardens Beijing."}
    first = Client()
    first.force_login(author)
    second = Client()
    second.cookies = first.cookies  # one browser, one session

    both_checked = threading.Barrier(2)
    check_rate = propose.check_rate

    def check_rate_then_wait(**kwargs):
        check_rate(**kwargs)
        # A broken barrier: the other submission is held before the checks (the fix).
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait(timeout=2)

    monkeypatch.setattr(propose, "check_rate", check_rate_then_wait)

    def post(index):
        response = (first, second)[index].post(url, form)
        notes = [str(message) for message in get_messages(response.wsgi_request)]
        return response.status_code, response["Location"], notes

    outcomes = _race(2, post)

    assert Claim.objects.filter(text="Pressure hardens Beijing.").count() == 1
    assert Proposal.objects.filter(author=author, kind=Proposal.Kind.CLAIM).count() == 1
    assert [status for status, _, _ in outcomes] == [302, 302], outcomes
    claim_url = debate.thesis.get_absolute_url()
    assert [location.startswith(claim_url) for _, location, _ in outcomes] == [True, True]
    notes = sorted(note for _, _, messages in outcomes for note in messages)
    assert notes == [
        "You proposed this con already; it is pending: a moderator will decide.",
        "Your con was saved. It is pending: a moderator will decide.",
    ], outcomes


@pytest.mark.django_db(transaction=True)
def test_two_readers_linking_the_same_claim_at_once_make_one_argument(monkeypatch):
    """Both pass the "already in the map" check before either inserts (held there by a
    barrier); the unique signature then refuses the second with the same message."""
    from django.test import Client
    from django.urls import reverse

    from arguments.models import Argument
    from tests.factories import ClaimFactory

    debate = debate_with_thesis(slug="links")
    loose = ClaimFactory(debate=debate, text="Allies agree.")
    url = reverse("arguments:link", args=[debate.slug, debate.thesis_id])
    clients = []
    for name in ("first", "second"):
        client = Client()
        client.force_login(UserFactory(username=name))
        clients.append(client)

    checked = threading.Barrier(2)
    validate_new = Argument.validate_new

    def validate_then_wait(**kwargs):
        signature = validate_new(**kwargs)
        checked.wait(timeout=10)
        return signature

    monkeypatch.setattr(Argument, "validate_new", validate_then_wait)

    def post(index):
        response = clients[index].post(url, {"claim": loose.pk, "stance": "support"})
        return response.status_code

    assert _race(2, post) == [302, 302]
    assert Argument.objects.filter(premise_links__claim=loose).count() == 1
    assert Proposal.objects.filter(kind=Proposal.Kind.LINK).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_teachers_splitting_one_assignment_at_once_make_one_set_of_groups():
    from arguments.classes import services as classroom
    from arguments.models import Assignment
    from tests import classworld

    world = classworld.build()
    assignment = world.assignment
    for name in ("second_student", "third_student"):
        classroom.join(user=UserFactory(username=name), code=world.room.join_code)

    def split(index):
        fresh = Assignment.objects.get(pk=assignment.pk)
        return len(classroom.split_into_groups(assignment=fresh, count=2))

    outcomes = _race(2, split)

    assert sorted(map(str, outcomes)) == [
        "2",
        "ValidationError(['This assignment is already split into groups.'])",
    ]
    groups = Assignment.objects.filter(group_of=assignment)
    assert groups.count() == 2
    students = sorted(groups.values_list("sides__student__username", flat=True))
    assert students == ["second_student", "student", "third_student"]


@pytest.mark.django_db(transaction=True)
def test_students_joining_at_once_get_different_pseudonyms():
    from arguments.classes import services as classroom
    from arguments.models import ClassMember
    from tests import classworld

    room = classworld.build().room
    joiners = [UserFactory(username=f"joiner{n}") for n in range(3)]

    outcomes = _race(3, lambda i: classroom.join(user=joiners[i], code=room.join_code).pk)

    assert outcomes == [room.pk] * 3
    pseudonyms = list(
        ClassMember.objects.filter(classroom=room, role="student").values_list(
            "pseudonym", flat=True
        )
    )
    assert len(pseudonyms) == 4 and len(set(pseudonyms)) == 4, pseudonyms


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
