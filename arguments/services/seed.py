"""Loads a hand-built debate map into the database: idempotent and all-or-nothing."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from arguments.models import Argument, Citation, Claim, Debate, Status
from arguments.models.claim import CLAIM_MAX_LENGTH
from arguments.seed.mapfile import MapError
from arguments.services.counts import refresh_counts
from arguments.services.evaluate import evaluate_debate
from arguments.services.structure import add_argument
from corpus.loading import load_speakers
from corpus.models import DebateSource, Excerpt, Source


@dataclass
class LoadSummary:
    claims: int
    arguments: int
    created_arguments: int
    citations: int
    speakers: int = 0


@transaction.atomic
def load_debate_map(*, debate_map, owner=None):
    """Create or update the debate, its claims, citations and arguments from `debate_map`.

    Running it twice leaves the same rows. A quote not found verbatim in its source, an
    unknown speaker or source, or an argument the graph rules refuse raises MapError naming
    the claim or argument, and nothing is written. The corpus's camps and actors are loaded
    into the debate (`corpus.loading.load_speakers`; its sources must be loaded first).
    Claims and arguments the map made earlier
    (keyed, no author) that it no longer holds are rejected, not deleted: a mended map
    cannot leave an old link standing, and nothing anyone wrote is touched.
    """
    # Only the seed's own texts (corpus/texts/): a source someone brought is never the seed's.
    sources = Source.objects.filter(origin=Source.Origin.SEED).in_bulk(field_name="slug")
    debate, _ = Debate.objects.update_or_create(
        slug=debate_map.slug,
        defaults={
            "title": debate_map.title,
            "description": debate_map.description,
            "visibility": Debate.Visibility.PUBLIC,
            "featured": True,
        },
    )
    if owner is not None and debate.owner_id is None:
        debate.owner = owner
        debate.save(update_fields=["owner"])
    actors = load_speakers(debate=debate)

    claims = {}
    citation_count = 0
    for item in debate_map.claims:
        if item.speaker and item.speaker not in actors:
            raise MapError(f"claim {item.key!r}: unknown speaker {item.speaker!r}")
        if len(item.text) > CLAIM_MAX_LENGTH:  # the seed is written here, so held to 500
            raise MapError(f"claim {item.key!r}: text is longer than {CLAIM_MAX_LENGTH} characters")
        claim, _ = Claim.objects.update_or_create(
            debate=debate,
            key=item.key,
            defaults={
                "text": item.text,
                "speaker": actors.get(item.speaker),
                "note": item.note,
                "status": Status.APPROVED,
            },
        )
        claims[item.key] = claim
        excerpt_ids = []
        for quote in item.quotes:
            source = sources.get(quote.source)
            if source is None:
                raise MapError(f"claim {item.key!r}: unknown source {quote.source!r}")
            located = Excerpt.locate(source, quote.text)
            if located is None:
                raise MapError(
                    f"claim {item.key!r}: quote not found verbatim in {quote.source!r}: "
                    f"{quote.text[:80]!r}"
                )
            excerpt, _ = Excerpt.objects.get_or_create(
                source=source, start=located.start, end=located.end, defaults={"quote": quote.text}
            )
            Citation.objects.update_or_create(
                claim=claim, excerpt=excerpt, defaults={"note": quote.note}
            )
            excerpt_ids.append(excerpt.pk)
        Citation.objects.filter(claim=claim).exclude(excerpt_id__in=excerpt_ids).delete()
        citation_count += len(excerpt_ids)

    quoted = {quote.source for item in debate_map.claims for quote in item.quotes}
    for slug in sorted(quoted):
        DebateSource.objects.update_or_create(
            debate=debate, source=sources[slug], defaults={"status": DebateSource.Status.APPROVED}
        )
    debate.thesis = claims[debate_map.thesis]
    debate.save(update_fields=["thesis", "updated"])

    by_key, created, kept = {}, 0, set()
    # Undercutters name their target argument, so they wait until it exists.
    ordered = sorted(debate_map.arguments, key=lambda arg: arg.target_argument is not None)
    for item in ordered:
        premises = [claims[key] for key in item.premises]
        target_claim = claims[item.target] if item.target else None
        target_argument = by_key[item.target_argument] if item.target_argument else None
        signature = Argument.make_signature(
            premise_ids=[claim.pk for claim in premises],
            stance=item.stance,
            target_claim_id=target_claim and target_claim.pk,
            target_argument_id=target_argument and target_argument.pk,
        )
        argument = Argument.objects.filter(debate=debate, signature=signature).first()
        if argument is None:
            try:
                argument = add_argument(
                    debate=debate,
                    premises=premises,
                    stance=item.stance,
                    target_claim=target_claim,
                    target_argument=target_argument,
                    status=Status.APPROVED,
                )
            except ValidationError as error:
                name = item.key or f"{'+'.join(item.premises)} -> {item.target}"
                raise MapError(f"argument {name!r}: {' '.join(error.messages)}") from error
            created += 1
        elif argument.author_id is None and argument.status != Status.APPROVED:
            argument.status = Status.APPROVED
            argument.save(update_fields=["status"])
        kept.add(argument.pk)
        if item.key:
            by_key[item.key] = argument
    Argument.objects.filter(debate=debate, author__isnull=True, status=Status.APPROVED).exclude(
        pk__in=kept
    ).update(status=Status.REJECTED)
    Claim.objects.filter(debate=debate, author__isnull=True, status=Status.APPROVED).exclude(
        key=""
    ).exclude(key__in=claims).update(status=Status.REJECTED)
    refresh_counts(debate.pk)
    evaluate_debate(debate_id=debate.pk)
    return LoadSummary(
        claims=len(claims),
        arguments=len(debate_map.arguments),
        created_arguments=created,
        citations=citation_count,
        speakers=len(actors),
    )
