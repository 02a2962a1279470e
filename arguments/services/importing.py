"""Writes a parsed `Graph` into the database: imports (atomic, in bulk) and class copies.

Reading a debate out as a Graph is `selectors/exporting.py`.

Import decisions, where the formats leave them open:
- One root becomes the thesis. Several roots (several theses, or unconnected maps) are
  placed as pros of a generated editorial thesis worded as the file's title; a file whose
  every claim is a premise (nothing but cycles) takes its first claim as the thesis. Both
  are reported.
- With `into`, the file joins an existing debate: a root worded exactly like the debate's
  thesis is that thesis; other roots become pros of the thesis (reported).
- Claims longer than the 500 characters people may write here are kept whole (the stored
  limit is MAX_CLAIM_CHARS) and reported by id and length.
- Cycles are kept (imported maps may hold mutual attacks); a duplicate argument or a claim
  bearing on itself is left out and reported.
- Speakers are matched to the debate's own speakers by slug or name; an unknown one
  becomes a new speaker of that debate only, in its camp "From the imported file" (made
  when first needed; the owner moves speakers to other camps on the camps page).
- Quotes are matched to the sources the importing person may list, or to the source
  texts the file carries, which then become sources of the debate (`import_quotes.py`);
  each matched source becomes one of the new debate's sources. Sources without a quote
  are counted but not stored (the corpus keeps documents, not bare references).
- Claims and arguments keep their titles, tags and (arguments) descriptions, and an
  argument its scheme (`Claim.title`, `Argument.scheme`…): the focus view shows them and
  the exports write them back. A title is cut to LABEL_LENGTH characters (reported); a
  title the Argdown writer derives from the words (a file this site exported) is no
  title of the claim's own and is not kept.
- What the map cannot hold (other data, premise–conclusion reconstructions, references
  without a quote) is listed in `ImportSummary.losses`, one line per kind with counts and
  the first examples.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from arguments.evaluation import dfquad, grounded
from arguments.evaluation.framework import Link, prepare
from arguments.interchange.graph import MAX_CLAIM_CHARS, SUPPORT, Edge
from arguments.models import Argument, Claim, Debate, Membership, Premise, Role, Status
from arguments.models.claim import CLAIM_MAX_LENGTH, join_tags
from arguments.permissions import listed_sources_q
from arguments.services.bulk import BATCH, insert_rows, refresh_statistics
from arguments.services.counts import refresh_counts
from arguments.services.evaluate import evaluate_debate, reevaluate
from arguments.services.import_labels import (
    REPORT_ITEMS,
    kept,
    losses,
    own_argument_title,
    own_title,
    scheme_of,
)
from arguments.services.import_quotes import cite_quotes
from corpus import palette
from corpus.models import Actor, Camp, DebateSource, Source


@dataclass
class ImportSummary:
    debate: Debate
    counts: dict
    reports: list = field(default_factory=list)
    losses: list = field(default_factory=list)  # what the file held and the map does not
    kept: list = field(default_factory=list)  # the labels it held that the map keeps

    def lines(self):
        counts = ", ".join(f"{value} {name}" for name, value in self.counts.items())
        return [
            f"Imported into “{self.debate.title}” ({self.debate.slug}): {counts}.",
            *self.kept,
            *self.losses,
            *self.reports,
        ]


@transaction.atomic
def take_ownership(*, debate, user, visibility):
    """Make `user` the owner of a debate they made or imported, with its visibility."""
    debate.owner = user
    debate.visibility = visibility
    debate.save(update_fields=["owner", "visibility", "thesis", "updated"])
    Membership.objects.update_or_create(debate=debate, user=user, defaults={"role": Role.OWNER})


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # what slugify leaves unchanged


def _unique_slug(base, taken, limit=80):
    if not (len(base) <= limit and SLUG.match(base)):  # most imported ids are slugs already
        base = (slugify(base) or "item")[:limit].strip("-") or "item"
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = base[: limit - len(suffix)] + suffix
        number += 1
    taken.add(candidate)
    return candidate


@transaction.atomic
def import_graph(
    *,
    graph,
    into=None,
    title="",
    slug="",
    owner=None,
    progress=None,
    blank_debate=None,
    thesis=None,
    sources=None,
):
    """Write `graph` as a new debate (or into `into`) and return an ImportSummary.

    `blank_debate` is a new debate without a thesis the caller made (a class copy): the
    graph is written into it as into a debate of its own.

    `thesis` is the id of one of the graph's roots the uploader chose as the thesis, for a
    file with several: the other roots become its pros (reported), instead of pros of a
    generated thesis.

    `sources` are the sources quotes may match (a class copy passes its original's); by
    default those `owner` may list (`permissions.listed_sources_q`).

    All or nothing: any error rolls the whole import back. `progress(done, total)` is
    called as claims and arguments are written.
    """
    reports = list(graph.reports)
    tick = progress or (lambda done, total: None)
    total = len(graph.nodes) + len(graph.edges)
    debate = into or blank_debate or _new_debate(graph, title=title, slug=slug, owner=owner)

    speakers = _speakers(graph, debate)
    labels, link_labels, strengths = _evaluate_file(graph)
    taken = set(Claim.objects.filter(debate=debate).exclude(key="").values_list("key", flat=True))
    thesis_text = debate.thesis.text if debate.thesis_id else None
    now = timezone.now()
    columns = {
        "debate_id": debate.pk,
        "author_id": owner.pk if owner else None,
        "status": Status.APPROVED,
        "label": "",
        "strength": None,
        "merged_into_id": None,
        "created": now,
        "updated": now,
    }
    claims, batch, written = {}, [], 0

    def write(batch):  # rows go out a batch at a time, so none is held for the whole file
        ids = insert_rows(Claim, [row for _, row in batch])
        claims.update((node_id, pk) for (node_id, _), pk in zip(batch, ids, strict=True))
        tick(written, total)

    long_claims = []
    for node in graph.nodes.values():
        text = " ".join(node.text.split())  # stored as the services store typed claims
        if len(text) > CLAIM_MAX_LENGTH:
            long_claims.append(f"{node.id} ({len(text)})")
        if thesis_text is not None and text == thesis_text and node.id in graph.roots:
            claims[node.id] = debate.thesis_id
            continue
        speaker = speakers.get(node.speaker.casefold()) if node.speaker else None
        row = {
            **columns,
            "key": _unique_slug(node.id, taken, limit=100),
            "text": text,
            "speaker_id": speaker.pk if speaker else None,
            "note": node.note,
            "title": own_title(node),
            "tags": join_tags(node.tags),
            "label": labels[node.id],
            "strength": strengths.claims[node.id],
            "strength_settled": node.id not in strengths.not_converged,
        }
        batch.append((node.id, row))
        written += 1
        if len(batch) == BATCH:
            write(batch)
            batch = []
    if batch:
        write(batch)

    if long_claims:
        shown = ", ".join(long_claims[:REPORT_ITEMS])
        more = (
            f" and {len(long_claims) - REPORT_ITEMS} more"
            if len(long_claims) > REPORT_ITEMS
            else ""
        )
        reports.append(
            f"{len(long_claims)} claim(s) are longer than the {CLAIM_MAX_LENGTH} characters people"
            f" may write here; kept whole: {shown}{more} (id and length)."
        )
    if sources is None:
        sources = Source.objects.filter(listed_sources_q(owner or AnonymousUser()))
    quotes = cite_quotes(
        graph,
        claims,
        reports,
        reused={debate.thesis_id} - {None},
        sources=sources,
        owner=owner,
    )
    DebateSource.objects.bulk_create(
        [DebateSource(debate=debate, source_id=pk, added_by=owner) for pk in quotes.source_ids],
        ignore_conflicts=True,  # a source the debate already uses keeps its link
    )
    attached = _attach_roots(graph, debate, claims, reports, into=into, thesis=thesis)
    edges = list(graph.edges) + attached
    evaluated = (link_labels, strengths)
    created = _arguments(
        debate, edges, claims, reports, tick=tick, total=total, owner=owner, evaluated=evaluated
    )

    refresh_statistics(Claim, Argument, Premise, rows=written)
    refresh_counts(debate.pk)
    if into is None and created == len(edges):
        # A map of its own, written whole: the file's evaluation is the debate's, except
        # for a generated thesis, which only its new pros bear on.
        if attached:
            reevaluate(debate_id=debate.pk, claim_ids={debate.thesis_id})
    else:
        evaluate_debate(debate_id=debate.pk)
    summary = graph.summary()
    summary["claims"] = written
    summary["quotes"] = quotes.count
    summary["arguments"] = created
    return ImportSummary(
        debate=debate, counts=summary, reports=reports, losses=losses(graph), kept=kept(graph)
    )


def _new_debate(graph, *, title, slug, owner):
    title = (title or graph.title or "Imported map").strip()[:200]
    taken = set(Debate.objects.values_list("slug", flat=True))
    return Debate.objects.create(slug=_unique_slug(slug or title, taken), title=title, owner=owner)


IMPORTED_CAMP = ("imported", "From the imported file")


def _speakers(graph, debate):
    """The debate's speakers by casefolded slug and name; unknown speakers become new
    speakers of this debate (in bulk), in its camp for imported speakers."""
    wanted = {node.speaker for node in graph.nodes.values() if node.speaker}
    if not wanted:
        return {}
    known = {}
    for actor in Actor.objects.filter(debate=debate, status=Actor.Status.APPROVED):
        known[actor.slug.casefold()] = actor
        known[actor.name.casefold()] = actor
    new = sorted({name for name in wanted if name.casefold() not in known}, key=str.casefold)
    if not new:
        return known
    camp = _imported_camp(debate)
    taken = set(Actor.objects.filter(debate=debate).values_list("slug", flat=True))
    created = {}
    for name in new:
        if name.casefold() not in created:
            created[name.casefold()] = Actor(
                debate=debate,
                camp=camp,
                slug=_unique_slug(name, taken),
                name=name[:200],
                kind=Actor.Kind.PERSON,
                description="Added by an import.",
            )
    Actor.objects.bulk_create(created.values(), batch_size=BATCH)
    if any(actor.pk is None for actor in created.values()):  # no ids back from this backend
        ids = dict(Actor.objects.filter(debate=debate).values_list("slug", "pk"))
        for actor in created.values():
            actor.pk = ids[actor.slug]
    known.update(created)
    return known


def _imported_camp(debate):
    key, name = IMPORTED_CAMP
    camp = Camp.objects.filter(Q(key=key) | Q(name=name), debate=debate).first()
    if camp is None:
        used = list(Camp.objects.filter(debate=debate).values_list("style", flat=True))
        camp = Camp.objects.create(
            debate=debate, key=key, name=name, order=len(used), style=palette.next_free(used)
        )
    return camp


def _attach_roots(graph, debate, claims, reports, *, into, thesis=None):
    """Edges that hang the file's roots under the debate's thesis (see the module notes)."""
    roots = [root for root in graph.roots if root in claims]
    if into is None and thesis in roots and len(roots) > 1:
        _set_thesis(debate, claims[thesis])
        others = [root for root in roots if root != thesis]
        reports.append(
            f"The chosen thesis “{graph.nodes[thesis].text[:60]}” has the file's other"
            f" {len(others)} top-level claim(s) as pros: {_named(graph, others)}."
        )
        return [Edge(f"root:{r}", [r], SUPPORT, thesis) for r in others]
    if into is not None:
        loose = [r for r in roots if claims[r] != debate.thesis_id]
        if loose:
            reports.append(
                f"{len(loose)} top-level claim(s) of the file were placed as pros of the thesis."
            )
        return [Edge(f"root:{r}", [r], SUPPORT, THESIS) for r in loose]
    if len(roots) == 1:
        _set_thesis(debate, claims[roots[0]])
        return []
    if not roots and graph.nodes:
        reports.append("Every claim of the file is a premise (cycles): the first is the thesis.")
        _set_thesis(debate, claims[next(iter(graph.nodes))])
        return []
    thesis = Claim.objects.create(debate=debate, text=debate.title[:500], status=Status.APPROVED)
    _set_thesis(debate, thesis.pk)
    if roots:
        reports.append(
            f"The file has {len(roots)} top-level claims, placed as pros of a generated thesis"
            f" worded as the title (or choose one as the thesis when importing):"
            f" {_named(graph, roots)}."
        )
    return [Edge(f"root:{r}", [r], SUPPORT, THESIS) for r in roots]


def _named(graph, node_ids):
    """The claims' texts, shortened, the first REPORT_ITEMS of them and how many more."""
    shown = ", ".join(f"“{graph.nodes[n].text[:60]}”" for n in node_ids[:REPORT_ITEMS])
    more = len(node_ids) - REPORT_ITEMS
    return shown + (f" and {more} more" if more > 0 else "")


THESIS = "__thesis__"


def _set_thesis(debate, claim_id):
    debate.thesis_id = claim_id
    debate.save(update_fields=["thesis"])


def _evaluate_file(graph):
    """The file's own labels and strengths, worked out before its rows are written so that
    they go in with them: the evaluation after the import then finds next to nothing to
    change, instead of rewriting every claim (and every index of the table with it).

    Keyed by node and edge id. Links are taken in file order, the order their rows get, so
    the numbers come out to the bit as the evaluation of the stored rows gives them; what
    the file cannot know (the debate it is added to, an edge the import leaves out) the
    evaluation after the import puts right.
    """
    links = [
        Link(
            id=edge.id,
            premises=tuple(edge.premises),
            stance=edge.stance,
            target_claim=None if edge.target_is_edge else edge.target,
            target_link=edge.target if edge.target_is_edge else None,
        )
        for edge in graph.edges
    ]
    claims = dict.fromkeys(graph.nodes)
    index = prepare(claims, links, {})
    labels, link_labels = grounded.label(claims, links, {}, graph=index)
    return labels, link_labels, dfquad.strengths(claims, links, {}, graph=index)


def _arguments(debate, edges, claims, reports, *, tick, total, owner, evaluated):
    """Create the arguments in bulk, a batch at a time: claim-targeted first, then
    undercutters in order, with the file's own evaluation of each (`evaluated`: link labels
    and strengths by edge id). Returns how many were created."""
    link_labels, strengths = evaluated
    existing = set(Argument.objects.filter(debate=debate).values_list("signature", flat=True))
    undercut = {edge.target for edge in edges if edge.target_is_edge}
    made = {}  # undercut edge id -> (argument id, the claim id it concludes)
    columns = {
        "debate_id": debate.pk,
        "status": Status.APPROVED,
        "author_id": owner.pk if owner else None,
        "created": timezone.now(),
    }
    pending, done, created = list(edges), len(claims), 0

    def write(chunk):
        rows = [
            {
                **values,
                **columns,
                "label": link_labels.get(edge.id, ""),
                "weight": strengths.link_weights.get(edge.id),
                "contribution": strengths.link_strengths.get(edge.id),
            }
            for edge, values, _, _ in chunk
        ]
        ids = insert_rows(Argument, rows)
        insert_rows(
            Premise,
            [
                {"argument_id": pk, "claim_id": claim_id, "position": position}
                for pk, (_, _, premise_ids, _) in zip(ids, chunk, strict=True)
                for position, claim_id in enumerate(premise_ids)
            ],
        )
        for pk, (edge, _, _, concluded) in zip(ids, chunk, strict=True):
            if edge.id in undercut:
                made[edge.id] = (pk, concluded)
        return len(chunk)

    while pending:
        ready = [e for e in pending if not e.target_is_edge or e.target in made]
        waiting = [e for e in pending if e.target_is_edge and e.target not in made]
        if not ready:
            for edge in waiting:
                reports.append(f"Argument {edge.id}: undercuts an argument that was left out.")
            break
        chunk = []
        for edge in ready:
            row = _argument_row(edge, debate, claims, made, existing, reports)
            if row is not None:
                chunk.append(row)
            if len(chunk) == BATCH:
                created += write(chunk)
                chunk = []
                tick(min(done + created, total), total)
        if chunk:
            created += write(chunk)
            tick(min(done + created, total), total)
        pending = waiting
    return created


def _argument_row(edge, debate, claims, made, existing, reports):
    """(edge, column values, premise claim ids, concluded claim id), or None when left out."""
    if not edge.premises or any(p not in claims for p in edge.premises):
        reports.append(f"Argument {edge.id}: names a claim that is not in the file; left out.")
        return None
    if edge.target_is_edge:
        target_argument_id, concluded = made[edge.target]
        target_claim_id = None
    else:
        target_claim_id = debate.thesis_id if edge.target == THESIS else claims.get(edge.target)
        target_argument_id, concluded = None, target_claim_id
        if target_claim_id is None:
            reports.append(f"Argument {edge.id}: its target is not in the file; left out.")
            return None
    premise_ids = [claims[p] for p in edge.premises]
    if len(set(premise_ids)) != len(premise_ids) or concluded in premise_ids:
        reports.append(f"Argument {edge.id}: a claim would bear on itself; left out.")
        return None
    signature = Argument.make_signature(
        premise_ids=premise_ids,
        stance=edge.stance,
        target_claim_id=target_claim_id,
        target_argument_id=target_argument_id,
    )
    if signature in existing:
        reports.append(f"Argument {edge.id}: the same argument is already there; left out.")
        return None
    existing.add(signature)
    values = {
        "stance": edge.stance,
        "target_claim_id": target_claim_id,
        "target_argument_id": target_argument_id,
        "signature": signature,
        "scheme": scheme_of(edge),
        "title": own_argument_title(edge),
        "description": " ".join(edge.description.split())[:MAX_CLAIM_CHARS],
        "tags": join_tags(edge.tags),
    }
    return edge, values, premise_ids, concluded
