"""Impact votes: a user's 0–4 rating of how much one argument bears on its target."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count

from ..models import MAX_IMPACT, Argument, Status, Vote
from .evaluate import concluded_claim_id, reevaluate


@transaction.atomic
def cast_vote(*, access, argument, value):
    """Record, change (`value` 0–4) or remove (`value` None) the user's vote on `argument`,
    then update the argument's vote count and mean and re-weigh what it bears on.

    The argument row is locked first, so votes racing on one argument are counted one
    after the other and the stored mean is always the mean of the stored votes.
    """
    if not access.may_vote:
        raise PermissionDenied("Sign in to rate how much a reason bears on its claim.")
    if value is not None and not (isinstance(value, int) and 0 <= value <= MAX_IMPACT):
        raise ValidationError(f"Choose an impact from 0 to {MAX_IMPACT}.")
    argument = Argument.objects.select_for_update().get(pk=argument.pk)
    ends = [*argument.premises.values_list("status", flat=True)]
    if argument.target_claim_id is not None:
        ends.append(argument.target_claim.status)
    if (
        argument.debate_id != access.debate.pk
        or argument.status != Status.APPROVED
        or any(status != Status.APPROVED for status in ends)
    ):
        raise PermissionDenied("Only approved reasons can be rated.")
    if value is None:
        Vote.objects.filter(user=access.user, argument=argument).delete()
    else:
        Vote.objects.update_or_create(
            user=access.user, argument=argument, defaults={"value": value}
        )
    totals = Vote.objects.filter(argument=argument).aggregate(count=Count("id"), mean=Avg("value"))
    Argument.objects.filter(pk=argument.pk).update(
        vote_count=totals["count"], impact=totals["mean"]
    )
    reevaluate(debate_id=argument.debate_id, claim_ids={concluded_claim_id(argument)})
    return totals
