"""Impact votes: a user's 0–4 rating of how much one argument bears on its target."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Subquery
from django.db.models.functions import Coalesce

from arguments.models import MAX_IMPACT, Argument, Debate, Status, Vote
from arguments.services.evaluate import reevaluate


@transaction.atomic
def cast_vote(*, access, argument, value):
    """Record, change (`value` 0–4) or remove (`value` None) the user's vote on `argument`,
    then update the argument's vote count and mean (in one UPDATE) and re-weigh what it
    bears on.

    The debate row is locked first, then the argument row: votes in one debate are counted
    one after the other, so the stored mean is always the mean of the stored votes, and a
    vote never holds an argument that another vote's re-weighing (which runs under the
    debate's lock and may write that argument) waits for: that order was a deadlock.
    """
    if not access.may_vote:
        raise PermissionDenied("Sign in to rate how much a reason bears on its claim.")
    if value is not None and not (isinstance(value, int) and 0 <= value <= MAX_IMPACT):
        raise ValidationError(f"Choose an impact from 0 to {MAX_IMPACT}.")
    list(Debate.objects.select_for_update().filter(pk=access.debate.pk).values_list("pk"))
    argument = (
        Argument.objects.select_for_update(of=("self",))
        .select_related("target_claim", "target_argument")
        .get(pk=argument.pk)
    )
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
        # One statement that inserts the vote or changes it: the unique (user, argument).
        Vote.objects.bulk_create(
            [Vote(user=access.user, argument=argument, value=value)],
            update_conflicts=True,
            unique_fields=["user", "argument"],
            update_fields=["value", "updated"],
        )
    votes = Vote.objects.filter(argument=argument).order_by().values("argument")
    Argument.objects.filter(pk=argument.pk).update(
        vote_count=Coalesce(Subquery(votes.annotate(n=Count("id")).values("n")), 0),
        impact=Subquery(votes.annotate(mean=Avg("value")).values("mean")),
    )
    concluded = argument.target_claim_id or argument.target_argument.target_claim_id
    reevaluate(debate_id=argument.debate_id, claim_ids={concluded})
