"""What the source reader and the library show of the claims that cite a source, as the
reader may find them: `permissions.searchable_q`, so a claim of an unlisted debate is never
listed or counted here for someone who is not its member (they have only its link); and a
debate's library, its sources with how much of each its map quotes."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Window
from django.db.models.functions import Length, RowNumber

from arguments.models import Citation, Status
from arguments.permissions import debate_sources_q, searchable_q
from corpus.models import DebateSource, Excerpt
from corpus.reader import covered


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


@dataclass
class LibraryEntry:
    """One source of a debate's library: its link (`pending` until a moderator approves
    it), how many of its passages approved claims of the debate quote, and the share of its
    text those passages cover (0 to 1; overlapping passages count once)."""

    source: object
    pending: bool
    passages: int = 0
    share: float = 0.0

    @property
    def percent(self):
        """The share as a whole percentage, "<1" for a sliver, for the page."""
        if self.share and self.share < 0.01:
            return "<1"
        return str(round(self.share * 100))


LIBRARY_FIELDS = (
    "status",
    "source__slug",
    "source__title",
    "source__publisher",
    "source__byline",
    "source__published",
    "source__published_precision",
    "source__genre",
    "source__language",
    "source__origin",
    "source__url",
)


def debate_library(*, access, page_number, per_page):
    """A page of the sources `access.debate` uses, as LibraryEntry rows, dated ones by date
    then undated ones: approved ones, and pending ones for the debate's moderators and for
    the person who proposed them (`permissions.debate_sources_q`). Three queries whatever
    the page holds: the count, the page of links with their sources' lengths, and the
    quoted passages' spans."""
    links = (
        DebateSource.objects.filter(debate_sources_q(access))
        .select_related("source")
        .only(*LIBRARY_FIELDS)
        .annotate(length=Length("source__text"))
        .order_by(F("source__published").asc(nulls_last=True), "source__slug")
    )
    page = Paginator(links, per_page).get_page(page_number)
    entries = {
        link.source_id: (
            LibraryEntry(link.source, link.status == DebateSource.Status.PENDING),
            link.length,
        )
        for link in page.object_list
    }
    quoted = Citation.objects.filter(
        excerpt=OuterRef("pk"), claim__debate=access.debate, claim__status=Status.APPROVED
    )
    spans = {}
    for source_id, start, end in Excerpt.objects.filter(
        Exists(quoted), source_id__in=list(entries)
    ).values_list("source_id", "start", "end"):
        spans.setdefault(source_id, []).append((start, end))
    for source_id, (entry, length) in entries.items():
        found = spans.get(source_id, [])
        entry.passages = len(found)
        entry.share = min(1.0, covered(found) / length) if length else 0.0
    page.object_list = [entry for entry, _ in entries.values()]
    return page
