"""What the source reader and the library show of the claims that cite a source, as the
reader may find them: `permissions.searchable_q`, so a claim of an unlisted debate is never
listed or counted here for someone who is not its member (they have only its link)."""

from django.db.models import (
    Count,
    F,
    Window,
)
from django.db.models.functions import RowNumber

from arguments.models import (
    Citation,
)
from arguments.permissions import searchable_q


def quoted_passage_count(user):
    """An annotation for Source: its excerpts cited by claims `user` may see."""
    return Count(
        "excerpts",
        filter=searchable_q(user, prefix="excerpts__citations__claim__"),
        distinct=True,
    )


EXCERPT_CLAIMS_SHOWN = 5


def excerpt_claims(*, source, user):
    """For each excerpt of `source`: (the first EXCERPT_CLAIMS_SHOWN claims citing it that
    `user` may see, how many such claims there are), by excerpt id. One query."""

    citations = (
        Citation.objects.filter(searchable_q(user, prefix="claim__"), excerpt__source=source)
        .annotate(
            rank=Window(RowNumber(), partition_by=F("excerpt_id"), order_by=F("claim_id").asc()),
            total=Window(Count("id"), partition_by=F("excerpt_id")),
        )
        .filter(rank__lte=EXCERPT_CLAIMS_SHOWN)
        .select_related("claim__debate")
        .order_by("excerpt_id", "claim_id")
    )
    by_excerpt = {}
    for citation in citations:
        claims, _ = by_excerpt.get(citation.excerpt_id, ([], 0))
        claims.append(citation.claim)
        by_excerpt[citation.excerpt_id] = (claims, citation.total)
    return by_excerpt
