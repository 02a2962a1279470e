"""The side rule holds for links too: a pending link moves no claim to another side, and a
pending pro or con is checked again when a teacher approves it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from arguments.classes import selectors as class_selectors
from arguments.models import Argument, Proposal, Side, Stance, Status, StudentSide
from arguments.permissions import Access
from arguments.services import moderate, propose
from tests import classworld

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return classworld.build()


def _objection(world):
    return world.debate.claims.get(text="Pressure hardens Beijing.")


def test_a_pro_student_may_not_link_a_pro_under_a_con_side_claim(world):
    access = Access.load(world.student, world.debate)
    with pytest.raises(ValidationError, match="You argue for the thesis"):
        propose.propose_link(
            access=access, claim=world.approved, target=_objection(world), stance=Stance.SUPPORT
        )


def test_a_pending_link_does_not_move_a_claim_to_the_students_side(world):
    """The way round: link the con-side objection as a pro of the thesis (allowed, and
    pending), which used to place it on the pro side at once; then a pro under it."""
    debate, objection = world.debate, _objection(world)
    access = Access.load(world.student, debate)
    propose.propose_link(access=access, claim=objection, target=debate.thesis, stance="support")
    assert class_selectors.debate_positions(debate)[objection.pk] == (1, "con")
    with pytest.raises(ValidationError, match="You argue for the thesis"):
        propose.propose_link(
            access=Access.load(world.student, debate),
            claim=world.pending,
            target=objection,
            stance=Stance.SUPPORT,
        )
    assert not Argument.objects.filter(target_claim=objection, stance="support").exists()


def _legal_pending_link(world):
    """The student's pro link under the approved pro-side reason: allowed when proposed."""
    debate = world.debate
    reason = debate.claims.get(text=world.reason.text)
    other = propose.propose_claim(
        access=Access.load(world.teacher, debate),
        target=debate.thesis,
        stance=Stance.SUPPORT,
        text="A teacher's pro to link.",
    ).claim
    link = propose.propose_link(
        access=Access.load(world.student, debate), claim=other, target=reason, stance="support"
    )
    assert link.status == Proposal.State.PENDING
    return link, reason


def test_approving_a_link_after_its_target_changed_side_is_refused_and_says_why(world):
    debate = world.debate
    link, reason = _legal_pending_link(world)
    teacher = Access.load(world.teacher, debate)
    # The teacher's own link puts the reason right under the thesis as a con.
    propose.propose_link(access=teacher, claim=reason, target=debate.thesis, stance="attack")
    StudentSide.objects.filter(student=world.student).update(side=Side.PRO)
    # Shortest route first; with two at depth 1 the attack and support tie: force it.
    Argument.objects.filter(target_claim=debate.thesis, premises=reason, stance="support").update(
        status=Status.REJECTED
    )
    with pytest.raises(ValidationError, match="would break the assignment's side rule"):
        moderate.approve(access=teacher, proposal=link)
    link.refresh_from_db()
    assert link.status == Proposal.State.PENDING
    assert Argument.objects.get(pk=link.argument_id).status == Status.PENDING


def test_approving_after_the_teacher_changed_the_students_side_is_refused(client, world):
    link, _ = _legal_pending_link(world)
    StudentSide.objects.filter(student=world.student).update(side=Side.CON)
    client.force_login(world.teacher)
    response = client.post(
        reverse("arguments:decide", args=[link.pk]), {"action": "approve"}, follow=True
    )
    page = response.content.decode()
    assert "would break the assignment" in page and "argues against the thesis" in page
    link.refresh_from_db()
    assert link.status == Proposal.State.PENDING


def test_a_link_that_keeps_the_rule_is_approved(world):
    link, _ = _legal_pending_link(world)
    moderate.approve(access=Access.load(world.teacher, world.debate), proposal=link)
    assert Argument.objects.get(pk=link.argument_id).status == Status.APPROVED


def test_a_pending_claim_is_checked_again_too(world):
    StudentSide.objects.filter(student=world.student).update(side=Side.CON)
    # world.proposal: the student's pending pro of the thesis, made while they argued pro.
    with pytest.raises(ValidationError, match="Approving this claim"):
        moderate.approve(access=Access.load(world.teacher, world.debate), proposal=world.proposal)
