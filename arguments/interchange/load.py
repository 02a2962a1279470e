"""Moves Graphs in and out of the database: imports (atomic, in bulk) and exports.

Import decisions, where the formats leave them open:
- One root becomes the thesis. Several roots (several theses, or unconnected maps) are
  placed as pros of a generated editorial thesis worded as the file's title; a file whose
  every claim is a premise (nothing but cycles) takes its first claim as the thesis. Both
  are reported.
- With `into`, the file joins an existing debate: a root worded exactly like the debate's
  thesis is that thesis; other roots become pros of the thesis (reported).
- Cycles are kept (imported maps may hold mutual attacks); a duplicate argument or a claim
  bearing on itself is left out and reported.
- Speakers are matched to actors by slug or name; an unknown one becomes a new actor of
  camp "other". Quotes are matched to sources by slug, title or URL and must be found
  verbatim; otherwise they are left out and reported. Sources without a quote are counted
  but not stored (the corpus keeps documents, not bare references).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from corpus.models import Actor, Camp, Excerpt, Source

from ..models import Argument, Citation, Claim, Debate, Premise, Status
from .graph import SUPPORT, Edge, Graph, Node, Quote

BATCH = 5000


@dataclass
class ImportSummary:
    debate: Debate
    counts: dict
    reports: list = field(default_factory=list)

    def lines(self):
        counts = ", ".join(f"{value} {name}" for name, value in self.counts.items())
        return [
            f"Imported into “{self.debate.title}” ({self.debate.slug}): {counts}.",
            *self.reports,
        ]


def _unique_slug(base, taken, limit=80):
    base = (slugify(base) or "item")[:limit].strip("-") or "item"
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = base[: limit - len(suffix)] + suffix
        number += 1
    taken.add(candidate)
    return candidate


@transaction.atomic
def import_graph(*, graph, into=None, title="", slug="", owner=None, progress=None):
    """Write `graph` as a new debate (or into `into`) and return an ImportSummary.

    All or nothing: any error rolls the whole import back. `progress(done, total)` is
    called as claims and arguments are written.
    """
    reports = list(graph.reports)
    tick = progress or (lambda done, total: None)
    total = len(graph.nodes) + len(graph.edges)
    debate = into or _new_debate(graph, title=title, slug=slug, owner=owner)

    speakers = _speakers(graph)
    taken = set(Claim.objects.filter(debate=debate).exclude(key="").values_list("key", flat=True))
    thesis_text = debate.thesis.text if debate.thesis_id else None
    claims = {}
    fresh = []
    for node in graph.nodes.values():
        if thesis_text is not None and node.text == thesis_text and node.id in graph.roots:
            claims[node.id] = debate.thesis
            continue
        claim = Claim(
            debate=debate,
            key=_unique_slug(node.id, taken, limit=100),
            text=node.text,
            speaker=speakers.get(node.speaker.casefold()) if node.speaker else None,
            status=Status.APPROVED,
            author=owner,
        )
        claims[node.id] = claim
        fresh.append(claim)
    for start in range(0, len(fresh), BATCH):
        Claim.objects.bulk_create(fresh[start : start + BATCH])
        tick(min(start + BATCH, len(fresh)), total)

    citations = _citations(graph, claims, reports)
    edges = list(graph.edges)
    edges += _attach_roots(graph, debate, claims, reports, into=into)
    created = _arguments(debate, edges, claims, reports, tick=tick, total=total, owner=owner)

    summary = graph.summary()
    summary["claims"] = len(fresh)
    summary["quotes"] = len(citations)
    summary["arguments"] = created
    return ImportSummary(debate=debate, counts=summary, reports=reports)


def _new_debate(graph, *, title, slug, owner):
    title = (title or graph.title or "Imported map").strip()[:200]
    taken = set(Debate.objects.values_list("slug", flat=True))
    debate = Debate.objects.create(
        slug=_unique_slug(slug or title, taken), title=title, owner=owner
    )
    return debate


def _speakers(graph):
    """Actors by casefolded slug and name; unknown speakers become new actors."""
    wanted = {node.speaker for node in graph.nodes.values() if node.speaker}
    if not wanted:
        return {}
    known = {}
    for actor in Actor.objects.all():
        known[actor.slug.casefold()] = actor
        known[actor.name.casefold()] = actor
    taken = {key for key in known}
    for name in sorted(wanted):
        if name.casefold() not in known:
            actor = Actor.objects.create(
                slug=_unique_slug(name, taken),
                name=name[:200],
                kind=Actor.Kind.PERSON,
                camp=Camp.OTHER,
                description="Added by an import.",
            )
            known[name.casefold()] = actor
    return known


def _citations(graph, claims, reports):
    sources = {}
    for source in Source.objects.all():
        for handle in (source.slug, source.title, source.url):
            if handle:
                sources[handle.casefold()] = source
    existing = {(e.source_id, e.start, e.end): e for e in Excerpt.objects.all()}
    citations = []
    for node in graph.nodes.values():
        claim = claims[node.id]
        for quote in node.quotes:
            source = sources.get(quote.source.casefold()) if quote.source else None
            located = Excerpt.locate(source, quote.text) if source else None
            if located is None:
                where = f"source “{quote.source}”" if source is None else f"“{source.slug}”"
                reports.append(
                    f"Quote on “{node.text[:60]}” not found verbatim in {where}: left out."
                )
                continue
            key = (source.pk, located.start, located.end)
            if key not in existing:
                located.save()
                existing[key] = located
            citations.append(Citation(claim=claim, excerpt=existing[key]))
    unique = {(c.claim.pk, c.excerpt.pk): c for c in citations}
    Citation.objects.bulk_create(unique.values(), ignore_conflicts=True)
    return list(unique.values())


def _attach_roots(graph, debate, claims, reports, *, into):
    """Edges that hang the file's roots under the debate's thesis (see the module notes)."""
    roots = [root for root in graph.roots if root in claims]
    if into is not None:
        loose = [r for r in roots if claims[r].pk != debate.thesis_id]
        if loose:
            reports.append(
                f"{len(loose)} top-level claim(s) of the file were placed as pros of the thesis."
            )
        return [Edge(f"root:{r}", [r], SUPPORT, "__thesis__") for r in loose]
    if len(roots) == 1:
        debate.thesis = claims[roots[0]]
        debate.save(update_fields=["thesis"])
        return []
    if not roots:
        first = next(iter(graph.nodes.values()), None)
        if first is None:
            thesis = Claim.objects.create(
                debate=debate, text=debate.title[:500], status=Status.APPROVED
            )
        else:
            thesis = claims[first.id]
            reports.append(
                "Every claim of the file is a premise (cycles): the first is the thesis."
            )
        debate.thesis = thesis
        debate.save(update_fields=["thesis"])
        return []
    thesis = Claim.objects.create(debate=debate, text=debate.title[:500], status=Status.APPROVED)
    debate.thesis = thesis
    debate.save(update_fields=["thesis"])
    reports.append(
        f"The file has {len(roots)} top-level claims: they were placed as pros of a generated "
        f"thesis worded as the title; move them as the debate needs."
    )
    return [Edge(f"root:{r}", [r], SUPPORT, "__thesis__") for r in roots]


def _arguments(debate, edges, claims, reports, *, tick, total, owner):
    """Create the arguments in bulk: claim-targeted first, then undercutters in order."""
    thesis = debate.thesis
    existing = set(Argument.objects.filter(debate=debate).values_list("signature", flat=True))
    made = {}
    pending = list(edges)
    done = len(claims)
    while pending:
        batch, waiting = [], []
        for edge in pending:
            if edge.target_is_edge and edge.target not in made:
                waiting.append(edge)
                continue
            batch.append(edge)
        if not batch:
            for edge in waiting:
                reports.append(f"Argument {edge.id}: undercuts an argument that was left out.")
            break
        rows = []
        for edge in batch:
            row = _argument_row(edge, debate, thesis, claims, made, existing, reports, owner)
            if row is not None:
                rows.append(row)
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            Argument.objects.bulk_create([argument for _, argument, _ in chunk])
            Premise.objects.bulk_create(
                Premise(argument=argument, claim=claims[premise], position=position)
                for _, argument, premises in chunk
                for position, premise in enumerate(premises)
            )
            done += len(chunk)
            tick(min(done, total), total)
        for edge, argument, _ in rows:
            made[edge.id] = argument
        pending = waiting
    return len(made)


def _argument_row(edge, debate, thesis, claims, made, existing, reports, owner):
    premises = [p for p in edge.premises if p in claims]
    if len(premises) != len(edge.premises) or not premises:
        reports.append(f"Argument {edge.id}: names a claim that is not in the file; left out.")
        return None
    if edge.target_is_edge:
        target_argument, target_claim = made[edge.target], None
        concluded = target_argument.target_claim
    else:
        target_claim = thesis if edge.target == "__thesis__" else claims.get(edge.target)
        target_argument, concluded = None, target_claim
        if target_claim is None:
            reports.append(f"Argument {edge.id}: its target is not in the file; left out.")
            return None
    premise_ids = [claims[p].pk for p in premises]
    if len(set(premise_ids)) != len(premise_ids) or (concluded and concluded.pk in premise_ids):
        reports.append(f"Argument {edge.id}: a claim would bear on itself; left out.")
        return None
    signature = Argument.make_signature(
        premise_ids=premise_ids,
        stance=edge.stance,
        target_claim_id=target_claim.pk if target_claim else None,
        target_argument_id=target_argument.pk if target_argument else None,
    )
    if signature in existing:
        reports.append(f"Argument {edge.id}: the same argument is already there; left out.")
        return None
    existing.add(signature)
    argument = Argument(
        debate=debate,
        stance=edge.stance,
        target_claim=target_claim,
        target_argument=target_argument,
        signature=signature,
        status=Status.APPROVED,
        author=owner,
    )
    return edge, argument, premises


def graph_from_debate(debate):
    """The debate's approved claims and arguments as a Graph (four queries)."""
    claims = list(
        Claim.objects.filter(debate=debate, status=Status.APPROVED)
        .select_related("speaker")
        .order_by("id")
    )
    ids, used = {}, set()
    for claim in claims:
        node_id = claim.key if claim.key and claim.key not in used else f"claim-{claim.pk}"
        used.add(node_id)
        ids[claim.pk] = node_id
    nodes = {
        ids[c.pk]: Node(id=ids[c.pk], text=c.text, speaker=c.speaker.name if c.speaker else "")
        for c in claims
    }
    citations = (
        Citation.objects.filter(claim__debate=debate, claim__status=Status.APPROVED)
        .select_related("excerpt__source")
        .order_by("claim_id", "id")
    )
    for citation in citations:
        nodes[ids[citation.claim_id]].quotes.append(
            Quote(text=citation.excerpt.quote, source=citation.excerpt.source.slug)
        )
    premises = {}
    for argument_id, claim_id in (
        Premise.objects.filter(argument__debate=debate, argument__status=Status.APPROVED)
        .order_by("argument_id", "position")
        .values_list("argument_id", "claim_id")
    ):
        premises.setdefault(argument_id, []).append(claim_id)
    arguments = list(
        Argument.objects.filter(debate=debate, status=Status.APPROVED)
        .order_by("id")
        .values_list("id", "stance", "target_claim_id", "target_argument_id")
    )
    complete = {
        pk for pk, *_ in arguments if premises.get(pk) and all(m in ids for m in premises[pk])
    }
    kept = {pk for pk, _, target, _ in arguments if pk in complete and target in ids}
    undercutters = [
        (pk, on) for pk, _, target, on in arguments if target is None and pk in complete
    ]
    grew = True
    while grew:  # undercutters of undercutters: keep those whose target is kept, to a fixpoint
        grew = False
        for pk, on in undercutters:
            if pk not in kept and on in kept:
                kept.add(pk)
                grew = True
    edges = []
    for pk, stance, target_claim_id, target_argument_id in arguments:
        if pk not in kept:
            continue
        on_edge = target_claim_id is None
        edges.append(
            Edge(
                id=f"argument-{pk}",
                premises=[ids[m] for m in premises[pk]],
                stance=stance,
                target=f"argument-{target_argument_id}" if on_edge else ids[target_claim_id],
                target_is_edge=on_edge,
            )
        )
    roots = [ids[debate.thesis_id]] if debate.thesis_id in ids else []
    return Graph(title=debate.title, nodes=nodes, edges=edges, roots=roots)
