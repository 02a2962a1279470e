"""The moderation queue's reads: pending proposals of the debates a user moderates, and the
claims that read like a new one (duplicates to merge)."""

from django.db.models import Q, prefetch_related_objects
from django.db.models.functions import Substr

from arguments.models import (
    Claim,
    Proposal,
    Status,
)
from arguments.permissions import moderated_debates
from arguments.search import similarity


def similar_claims(*, access, text, exclude=(), limit=5):
    """Claims of the debate the user may see whose wording is most like `text` (one query)."""
    terms = similarity.search_terms(text)
    if not terms:
        return []
    matches = Q()
    for term in terms:
        matches |= Q(text__icontains=term[:-1] if len(term) > 5 else term)
    candidates = (
        Claim.objects.filter(access.claims(), matches, debate=access.debate)
        .exclude(pk__in=list(exclude))
        .exclude(status=Status.REJECTED)
        .select_related("speaker")
        .order_by("-id")[:400]
    )
    return [
        claim for _, claim in similarity.rank(text, [(c.text, c) for c in candidates], limit=limit)
    ]


# A proposed source's card shows the opening of its text, never the whole of it (a text may
# be megabytes long): the first characters, read in SQL.
SOURCE_OPENING = Substr("source__text", 1, 600)

# What a flagged link is named by: its claims and their quotes.
FLAGGED_LINK = "argument__premises__citations__excerpt__source"


def proposal_queue(*, user):
    """Pending proposals of the debates `user` moderates, oldest first, with their context."""
    return (
        Proposal.objects.filter(status=Proposal.State.PENDING, debate__in=moderated_debates(user))
        .select_related(
            "debate__classroom",
            "author",
            "claim__speaker__camp",
            "argument__target_claim",
            "duplicate_of",
            "source",
        )
        .annotate(source_opening=SOURCE_OPENING)
        .defer("source__text", "source__raw")
        .prefetch_related("claim__citations__excerpt__source")
        .order_by("created", "id")
    )


def attach_flagged_links(proposals):
    """Load the claims and quotes of the links flagged among `proposals`, for naming them:
    no query when none is, four when some are."""
    flags = [p for p in proposals if p.kind == Proposal.Kind.FLAG and p.argument_id]
    prefetch_related_objects(flags, FLAGGED_LINK)


def attach_similar_claims(proposals, *, limit=3):
    """Set `.similar` on each queue item about a claim: the claims of its debate that read
    most like it (approved or pending, never rejected). One query for the whole page."""
    items = [p for p in proposals if p.claim_id and p.kind != Proposal.Kind.EDIT]
    for proposal in proposals:
        proposal.similar = []
    if not items:
        return
    matches = Q()
    for proposal in items:
        for term in similarity.search_terms(proposal.claim.text, limit=4):
            stem = term[:-1] if len(term) > 5 else term
            matches |= Q(debate_id=proposal.debate_id, text__icontains=stem)
    candidates = list(
        Claim.objects.filter(matches, status__in=[Status.APPROVED, Status.PENDING])
        .only("id", "text", "debate_id", "debate__slug")
        .select_related("debate")
        .order_by("-id")[:2000]
    )
    for proposal in items:
        pool = [
            (claim.text, claim)
            for claim in candidates
            if claim.debate_id == proposal.debate_id and claim.pk != proposal.claim_id
        ]
        proposal.similar = [
            claim for _, claim in similarity.rank(proposal.claim.text, pool, limit=limit)
        ]
