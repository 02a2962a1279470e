"""What the source reader and the library show of the claims that cite a source, as the
reader may find them: `permissions.searchable_q`, so a claim of an unlisted debate is never
listed or counted here for someone who is not its member (they have only its link)."""

from dataclasses import dataclass

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


@dataclass(frozen=True)
class CitingClaim:
    """What the reader shows of a claim citing a passage: its words and where it is."""

    pk: int
    text: str
    debate_slug: str


@dataclass(frozen=True)
class CitedPassage:
    pk: int
    start: int
    end: int
    quote: str


def excerpt_claims(*, source, user):
    """For each excerpt of `source`: (the first EXCERPT_CLAIMS_SHOWN claims citing it that
    `user` may see, how many such claims there are), by excerpt id. One query, of plain
    values: a long source has a thousand cited passages, too many to build models for."""

    citations = (
        Citation.objects.filter(searchable_q(user, prefix="claim__"), excerpt__source=source)
        .annotate(
            rank=Window(RowNumber(), partition_by=F("excerpt_id"), order_by=F("claim_id").asc()),
            total=Window(Count("id"), partition_by=F("excerpt_id")),
        )
        .filter(rank__lte=EXCERPT_CLAIMS_SHOWN)
        .order_by("excerpt_id", "claim_id")
        .values_list("excerpt_id", "claim_id", "claim__text", "claim__debate__slug", "total")
    )
    by_excerpt = {}
    for excerpt_id, claim_id, text, slug, total in citations:
        claims, _ = by_excerpt.get(excerpt_id, ([], 0))
        claims.append(CitingClaim(claim_id, text, slug))
        by_excerpt[excerpt_id] = (claims, total)
    return by_excerpt


def cited_passages(*, source, excerpt_ids):
    """The excerpts of `source` among `excerpt_ids`, as plain values, by id. One query."""
    rows = source.excerpts.filter(pk__in=excerpt_ids).values_list("pk", "start", "end", "quote")
    return {pk: CitedPassage(pk, start, end, quote) for pk, start, end, quote in rows}
