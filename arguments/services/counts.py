"""The public numbers stored on a debate: approved claims and the sources they cite."""

from django.db.models import Count
from django.utils import timezone

from ..models import Citation, Claim, Debate, Status


def refresh_counts(debate_id):
    """Recount one debate's approved claims and cited sources (two queries and an update).

    Also moves `Debate.updated`, the version that cached drawings of the map are keyed by,
    so every service that changes the approved map calls this.
    """
    claims = Claim.objects.filter(debate_id=debate_id, status=Status.APPROVED).count()
    sources = Citation.objects.filter(
        claim__debate_id=debate_id, claim__status=Status.APPROVED
    ).aggregate(n=Count("excerpt__source", distinct=True))["n"]
    Debate.objects.filter(pk=debate_id).update(
        claim_count=claims, source_count=sources, updated=timezone.now()
    )
