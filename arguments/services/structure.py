"""Writes that change the shape of a debate's graph."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from arguments.models import Argument, Premise, Status


@transaction.atomic
def add_argument(
    *,
    debate,
    premises,
    stance,
    target_claim=None,
    target_argument=None,
    status=Status.PENDING,
    author=None,
):
    """Create an argument and its ordered premises, after `Argument.validate_new` passes."""
    signature = Argument.validate_new(
        debate=debate,
        premises=premises,
        stance=stance,
        target_claim=target_claim,
        target_argument=target_argument,
    )
    try:
        with transaction.atomic():
            argument = Argument.objects.create(
                debate=debate,
                stance=stance,
                target_claim=target_claim,
                target_argument=target_argument,
                signature=signature,
                status=status,
                author=author,
            )
    except IntegrityError:
        # Someone made the same argument between the check above and this insert.
        if Argument.objects.filter(debate=debate, signature=signature).exists():
            raise ValidationError("This argument is already in the map.") from None
        raise
    Premise.objects.bulk_create(
        Premise(argument=argument, claim=claim, position=position)
        for position, claim in enumerate(premises)
    )
    return argument
