"""Reads for the side rule at approval time (see the package's docstring)."""

from arguments.classes import rules
from arguments.classes.selectors import debate_positions
from arguments.models import ClassMember, Proposal, Side, StudentSide


def approval_refusal(*, proposal):
    """Why approving `proposal` (a pending new claim or link of a class debate) would break
    its author's side rule, or "" when it would not (or no rule applies). The author's side
    and the target's place are read now, so a link that moved its target to the other side
    while pending, or a side the teacher changed since, is caught. Up to four queries."""
    debate = proposal.debate
    argument = proposal.argument
    if (
        debate.classroom_id is None
        or proposal.kind not in (Proposal.Kind.CLAIM, Proposal.Kind.LINK)
        or argument is None
        or argument.target_claim_id is None
    ):
        return ""
    side = (
        StudentSide.objects.filter(assignment__debate=debate, student_id=proposal.author_id)
        .values_list("side", flat=True)
        .first()
    )
    if side in (None, Side.FREE) or _teaches(proposal):
        return ""
    target_side = debate_positions(debate).get(argument.target_claim_id, (None, None))[1]
    if rules.side_refusal(side, target_side, argument.stance) == "":
        return ""
    what = "link" if proposal.kind == Proposal.Kind.LINK else "claim"
    mine = "for" if side == rules.PRO else "against"
    other = "against" if side == rules.PRO else "for"
    return (
        f"Approving this {what} would break the assignment's side rule: its author argues "
        f"{mine} the thesis, and under this claim (now on the "
        f"{'pro' if target_side == rules.PRO else 'con'} side) it would argue {other} it. "
        "Reject it with a reason instead, or change the author's side first."
    )


def _teaches(proposal):
    return ClassMember.objects.filter(
        classroom_id=proposal.debate.classroom_id,
        user_id=proposal.author_id,
        role=ClassMember.Role.TEACHER,
    ).exists()
