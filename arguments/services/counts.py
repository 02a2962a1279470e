"""The public numbers stored on a debate, and its version: what readers' caches key on."""

from django.db.models import Count, F
from django.db.models.functions import Now

from ..models import Citation, Claim, Debate, Status


def touch(debate_id):
    """Mark the debate changed for readers: bump its version and `updated` (one UPDATE, which
    also locks the row until the transaction ends)."""
    Debate.objects.filter(pk=debate_id).update(version=F("version") + 1, updated=Now())


def refresh_counts(debate_id):
    """Recount one debate's approved claims and cited sources and mark it changed (two
    queries and an update)."""
    claims = Claim.objects.filter(debate_id=debate_id, status=Status.APPROVED).count()
    sources = Citation.objects.filter(
        claim__debate_id=debate_id, claim__status=Status.APPROVED
    ).aggregate(n=Count("excerpt__source", distinct=True))["n"]
    Debate.objects.filter(pk=debate_id).update(
        claim_count=claims, source_count=sources, version=F("version") + 1, updated=Now()
    )
