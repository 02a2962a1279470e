"""A debate read out as a neutral `Graph` for the exporters (`arguments/interchange/`), the
print outline and class copies: its approved claims, quotes and arguments, as tuples read
in chunks."""

from django.db.models import Exists, OuterRef

from arguments.interchange.graph import Edge, Graph, Node, Quote, SourceText
from arguments.models import Argument, Citation, Claim, Premise, Status
from arguments.models.claim import split_tags
from corpus.models import DebateSource, Source

CHUNK = 10_000  # rows fetched at a time when reading a debate out


def graph_from_debate(debate, *, with_texts=False):
    """The debate's approved claims and arguments as a Graph (four queries).

    Rows come as tuples (values_list) read in chunks: model instances cost more than the
    rest of an export of a large debate. `with_texts` (the AIF export) adds the whole text
    of every source quoted, with each quote's offsets (one more query): only sources the
    debate uses, approved in it, as everywhere it is read, so whoever may read the debate
    may read them.
    """
    claims = (
        Claim.objects.filter(debate=debate, status=Status.APPROVED)
        .order_by("id")
        .values_list("id", "key", "text", "speaker__name", "note", "title", "tags")
        .iterator(chunk_size=CHUNK)
    )
    ids, nodes = {}, {}
    for pk, key, text, speaker, note, title, tags in claims:
        node_id = key if key and key not in nodes else f"claim-{pk}"
        ids[pk] = node_id
        nodes[node_id] = Node(
            id=node_id,
            text=text,
            speaker=speaker or "",
            note=note,
            tags=split_tags(tags),
            data={"title": title} if title else {},
        )
    # Quotes of the sources the debate uses only (approved in it), as everywhere it is read.
    used = DebateSource.objects.filter(
        debate=debate, source=OuterRef("excerpt__source"), status=DebateSource.Status.APPROVED
    )
    citations = (
        Citation.objects.filter(Exists(used), claim__debate=debate, claim__status=Status.APPROVED)
        .order_by("claim_id", "id")
        .values_list(
            "claim_id",
            "excerpt__quote",
            "excerpt__source__slug",
            "excerpt__start",
            "excerpt__end",
            "excerpt__source_id",
        )
        .iterator(chunk_size=CHUNK)
    )
    quoted = set()
    for claim_id, quote, source, start, end, source_id in citations:
        where = {"start": start, "end": end} if with_texts else {}
        nodes[ids[claim_id]].quotes.append(Quote(text=quote, source=source, **where))
        quoted.add(source_id)
    texts = {}
    if with_texts and quoted:
        for slug, text, title, url in (
            Source.objects.filter(pk__in=quoted)
            .order_by("slug")
            .values_list("slug", "text", "title", "url")
        ):
            texts[slug] = SourceText(handle=slug, text=text, title=title, url=url)
    premises = {}
    for argument_id, claim_id in (
        Premise.objects.filter(argument__debate=debate, argument__status=Status.APPROVED)
        .order_by("argument_id", "position")
        .values_list("argument_id", "claim_id")
        .iterator(chunk_size=CHUNK)
    ):
        premises.setdefault(argument_id, []).append(claim_id)
    arguments = list(
        Argument.objects.filter(debate=debate, status=Status.APPROVED)
        .order_by("id")
        .values_list(
            "id",
            "stance",
            "target_claim_id",
            "target_argument_id",
            "scheme",
            "title",
            "description",
            "tags",
        )
    )
    complete = {
        pk for pk, *_ in arguments if premises.get(pk) and all(m in ids for m in premises[pk])
    }
    kept = {pk for pk, _, target, *_ in arguments if pk in complete and target in ids}
    undercutters = [
        (pk, on) for pk, _, target, on, *_ in arguments if target is None and pk in complete
    ]
    grew = True
    while grew:  # undercutters of undercutters: keep those whose target is kept, to a fixpoint
        grew = False
        for pk, on in undercutters:
            if pk not in kept and on in kept:
                kept.add(pk)
                grew = True
    edges = []
    for pk, stance, target_claim_id, target_argument_id, scheme, *labels in arguments:
        title, description, tags = labels
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
                scheme=scheme,
                title=title,
                description=description,
                tags=split_tags(tags),
            )
        )
    roots = [ids[debate.thesis_id]] if debate.thesis_id in ids else []
    return Graph(title=debate.title, nodes=nodes, edges=edges, roots=roots, texts=texts)
