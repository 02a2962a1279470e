"""The public numbers stored on a debate, and its version: what readers' caches key on."""

from django.db import transaction
from django.db.models import Avg, Count, F
from django.db.models.functions import Now

from arguments.live import bus
from arguments.models import Argument, Citation, Claim, Debate, Status


def touch(debate_id):
    """Mark the debate changed for readers: bump its version and `updated` (one UPDATE, which
    also locks the row until the transaction ends); live pages hear of it on commit."""
    Debate.objects.filter(pk=debate_id).update(version=F("version") + 1, updated=Now())
    bus.debate_changed(debate_id)


@transaction.atomic
def refresh_counts(debate_id):
    """Recount one debate's approved claims and cited sources and mark it changed.

    The debate row is locked before counting: two approvals at once would otherwise each
    count without the other's uncommitted claim and the later write would lose one. Once
    the lock is held, the other's change is committed and the counts (new statements,
    new snapshots under READ COMMITTED) see it."""
    version = (
        Debate.objects.select_for_update()
        .filter(pk=debate_id)
        .values_list("version", flat=True)
        .first()
    )
    claims = Claim.objects.filter(debate_id=debate_id, status=Status.APPROVED).count()
    sources = Citation.objects.filter(
        claim__debate_id=debate_id, claim__status=Status.APPROVED
    ).aggregate(n=Count("excerpt__source", distinct=True))["n"]
    Debate.objects.filter(pk=debate_id).update(
        claim_count=claims, source_count=sources, version=F("version") + 1, updated=Now()
    )
    if version is not None:
        bus.debate_changed(debate_id, version + 1)


def drift(debate_ids):
    """The stored numbers that disagree with a recount, for the load test and the restore
    check: a debate's `claim_count` / `source_count`, an argument's `vote_count` / `impact`.
    Returns readable lines; empty when everything agrees."""
    problems = []
    for debate in Debate.objects.filter(pk__in=debate_ids):
        claims = Claim.objects.filter(debate=debate, status=Status.APPROVED).count()
        sources = Citation.objects.filter(
            claim__debate=debate, claim__status=Status.APPROVED
        ).aggregate(n=Count("excerpt__source", distinct=True))["n"]
        if (debate.claim_count, debate.source_count) != (claims, sources):
            problems.append(
                f"debate {debate.slug}: stored {debate.claim_count} claims / "
                f"{debate.source_count} sources, counted {claims} / {sources}"
            )
    arguments = Argument.objects.filter(debate_id__in=debate_ids).annotate(
        counted=Count("votes"), mean=Avg("votes__value")
    )
    for argument in arguments.values("pk", "vote_count", "impact", "counted", "mean"):
        mean, impact = argument["mean"], argument["impact"]
        same_mean = (mean is None and impact is None) or (
            mean is not None and impact is not None and abs(mean - impact) < 1e-9
        )
        if argument["vote_count"] != argument["counted"] or not same_mean:
            problems.append(
                f"argument {argument['pk']}: stored {argument['vote_count']} votes, mean "
                f"{impact}; counted {argument['counted']}, mean {mean}"
            )
    return problems
