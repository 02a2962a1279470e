"""The source ledger as a reader may see it (corpus.ledger computes it): two queries — the
approved claims quoting the source, and the approved attacks on those claims."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q

from arguments.models import Citation, Premise, Stance, Status
from arguments.overview.selectors import CAMPS
from corpus.ledger import ledger, paragraph_spans, sentence_spans
from corpus.models import Camp

SPANS_SECONDS = 24 * 3600


@dataclass(frozen=True)
class CampRow:
    label: str
    quoted: int  # passages the camp's claims quote
    answered: int  # of them, passages another camp's claim attacks

    @property
    def unanswered(self):
        return self.quoted - self.answered


@dataclass(frozen=True)
class SourceLedger:
    sentences: int
    quoted_sentences: int
    percent: int  # of sentences quoted, rounded down: 100 only when every one is
    paragraphs: int
    unmapped: tuple  # (number of the paragraph in the reader, start, end), in order
    camps: tuple  # CampRow per camp, in the debate's order


def debate_camps(debate):
    """(key, label) of the camps the ledger reports, in order; a key is what
    `claim__speaker__camp` holds."""
    labels = dict(Camp.choices)
    return [(camp, labels[camp]) for camp in CAMPS]


def source_ledgers(*, sources, citations, camps):
    """The ledger of each of `sources` (their texts loaded), by source id, counting the
    citations `citations` selects (a Q on Citation: one debate's claims, or the claims a
    reader may list), for `camps` as `debate_camps` gives them. Only approved claims and
    attacks count. Two queries, however many sources."""
    by_id = {source.pk: source for source in sources}
    quoting = {pk: [] for pk in by_id}
    rows = (
        Citation.objects.filter(
            citations, excerpt__source_id__in=by_id, claim__status=Status.APPROVED
        )
        .values_list(
            "excerpt__source_id",
            "excerpt_id",
            "excerpt__start",
            "excerpt__end",
            "claim_id",
            "claim__speaker__camp",
        )
        .distinct()
    )
    for source_id, *citation in rows:
        quoting[source_id].append(tuple(citation))
    attacks = []
    if any(quoting.values()):
        quoted_claims = Citation.objects.filter(
            citations, excerpt__source_id__in=by_id, claim__status=Status.APPROVED
        ).values("claim_id")
        attacks = list(
            Premise.objects.filter(
                argument__target_claim_id__in=quoted_claims,
                argument__status=Status.APPROVED,
                argument__stance=Stance.ATTACK,
                claim__status=Status.APPROVED,
            ).values_list("argument__target_claim_id", "claim__speaker__camp")
        )
    keys, labels = [key for key, _ in camps], dict(camps)
    result = {}
    for pk, source in by_id.items():
        sentences, blocks = _spans(source)
        counted = ledger(
            source.text, quoting[pk], attacks, camps=keys, sentences=sentences, blocks=blocks
        )
        result[pk] = SourceLedger(
            sentences=counted.sentences,
            quoted_sentences=counted.quoted_sentences,
            percent=int(counted.share * 100),
            paragraphs=counted.paragraphs,
            unmapped=counted.unmapped,
            camps=tuple(
                CampRow(labels[line.camp], line.quoted, line.answered) for line in counted.camps
            ),
        )
    return result


def _spans(source):
    """The sentences and paragraphs of a source's text, kept in the cache by the text's
    digest: they change only with the text, and a long text takes milliseconds to split."""
    digest = hashlib.blake2b(source.text.encode(), digest_size=16).hexdigest()
    key = f"ledger-spans:{source.pk}:{digest}"
    spans = cache.get(key)
    if spans is None:
        spans = (sentence_spans(source.text), paragraph_spans(source.text))
        cache.set(key, spans, SPANS_SECONDS)
    return spans


def debate_citations(debate):
    """The citations a debate's ledger counts: its own claims'."""
    return Q(claim__debate=debate)
