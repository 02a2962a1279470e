"""Reads for the overview of a debate: its sunburst drawing (cached), who answers whom
across the camps, and the timeline of its sources.

The overview shows the approved map only, to everyone who may read the debate: pending,
rejected and withdrawn items are never drawn or counted, so one cached drawing per debate
serves every reader, and whatever is personal (the claim in focus) is applied per request.
Functions taking `access` check first that it may read the debate, and cache what they
read per version of the debate; those taking a debate are their uncached bodies.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from arguments.cache.build import BUILD
from arguments.cache.once import compute_once
from arguments.models import Argument, Citation, Claim, Premise, Stance, Status
from arguments.overview import sunburst
from arguments.selectors.paths import encode_path
from corpus.models import Camp, DebateSource, Source

APPROVED = Status.APPROVED
# Drawing parameters: the overview page shows the map about 45 rem wide, the minimap
# about 15 rem; `min_arc` keeps every drawn segment a few pixels wide at either size.
OVERVIEW = {"max_depth": 6, "min_arc": 1.2}
MINIMAP = {"max_depth": 4, "min_arc": 3.0}
CACHE_SECONDS = 24 * 3600
# The longest one reader computes a drawing while others wait for it (100,000 claims take
# about 2 s): past it a waiter computes on its own.
LOCK_SECONDS = 20
ANSWERS_PER_PAGE = 50
TIMELINE_CLAIMS_SHOWN = 6


def _require_read(access):
    if not access.may_read:
        raise Http404("No such debate.")


def map_links(debate):
    """The approved graph of `debate` as sunburst links in reading order (one query)."""
    rows = (
        Premise.objects.filter(
            Q(argument__target_argument__isnull=True)
            | Q(argument__target_argument__status=APPROVED),
            argument__debate=debate,
            argument__status=APPROVED,
            claim__status=APPROVED,
        )
        .annotate(
            concluded=Coalesce(
                "argument__target_claim_id", "argument__target_argument__target_claim_id"
            )
        )
        .filter(concluded__isnull=False)
        .order_by("argument__created", "argument_id", "position")
        .values_list(
            "claim_id",
            "concluded",
            "argument__stance",
            "argument_id",
            "argument__target_argument_id",
            "claim__text",
        )
    )
    return sunburst.reading_order(rows)


@dataclass(frozen=True)
class Slice:
    """What the template writes for one segment, worked out once per cached drawing: a
    large map has about a thousand, and template logic per segment is what costs. The
    markup is kept written out (escaped) in both looks, in the branch of the claim in
    focus and outside it, so a page joins strings instead of rendering a loop."""

    index: int
    href: str
    title: str
    fill: str
    kind: str
    d: str

    def markup(self, lit=False):
        return format_html(
            '<a href="{}" class="sb sb--{}{}"><title>{}</title><path d="{}" fill="{}"/></a>',
            self.href,
            self.kind,
            " sb--lit" if lit else "",
            self.title,
            self.d,
            self.fill,
        )


@dataclass(frozen=True)
class Picture:
    drawing: sunburst.Drawing
    slices: list
    markup: list = field(default_factory=list)  # per slice: (plain, lit)


STANCE_NAMES = {sunburst.SUPPORT: "Pro", sunburst.ATTACK: "Con", sunburst.UNDERCUT: "Undercut"}
FILLS = {
    "thesis": "#23408e",
    sunburst.SUPPORT: "#0072b2",
    sunburst.ATTACK: "url(#sb-con)",
    sunburst.UNDERCUT: "url(#sb-undercut)",
    "more": "url(#sb-more)",
}


def _slice(index, segment, debate_url):
    def link(claim_id, path):
        return f"{debate_url}c/{claim_id}/" + (f"?path={encode_path(path)}" if path else "")

    if segment.is_aggregate:
        kind = "more"
        href = link(segment.parent_id, segment.parent_path)
        title = f"{segment.label} — open the claim they bear on to list them"
    elif segment.depth == 0:
        kind, href = "thesis", debate_url
        plural = "s" if segment.claims != 1 else ""
        title = f"Thesis: {segment.label} ({segment.claims} claim{plural} in the map)"
    else:
        kind = segment.stance
        href = link(segment.claim_id, segment.path)
        title = f"{STANCE_NAMES[segment.stance]}: {segment.label}"
        if segment.claims > 1:
            hidden = f", {segment.hidden} not drawn" if segment.hidden else ""
            title += f" ({segment.claims} claims in this branch{hidden})"
    return Slice(index, href, title, FILLS[kind], kind, segment.d)


def _cached(debate, name, compute):
    """`compute()` for this version of the debate, from the cache when it is there, and
    computed once however many readers (of every server sharing the cache) ask at once."""
    key = f"overview:{name}:{debate.pk}:{debate.updated.timestamp()}:{BUILD}"
    return compute_once(
        cache,
        key,
        compute,
        timeout=CACHE_SECONDS,
        lock_timeout=LOCK_SECONDS,
        name=f"overview:{name}",
    )


def drawing(*, access, params=OVERVIEW, thesis=None):
    """The debate's sunburst with `params` as a `Picture`, computed once per version of
    the debate.

    The cache key carries `Debate.updated`, which every change to the approved map moves
    (services.counts.refresh_counts). A miss costs one query, two when `thesis` (the
    debate's thesis claim, if the caller has it) is not given.
    """
    _require_read(access)
    debate = access.debate
    if debate.thesis_id is None:
        return None

    def compute():
        label = thesis.text if thesis and thesis.pk == debate.thesis_id else None
        if label is None:
            label = Claim.objects.only("text").get(pk=debate.thesis_id).text
        layout = sunburst.layout(
            map_links(debate), root_id=debate.thesis_id, root_label=label, **params
        )
        debate_url = reverse("arguments:debate", args=[debate.slug])
        slices = [_slice(i, segment, debate_url) for i, segment in enumerate(layout.segments)]
        markup = [(str(s.markup()), str(s.markup(lit=True))) for s in slices]
        return Picture(drawing=layout, slices=slices, markup=markup)

    return _cached(debate, "sunburst-{max_depth}-{min_arc}".format(**params), compute)


@dataclass
class Highlight:
    """A picture with the reader's place in it: the segment of the claim in focus (or of
    the nearest claim above it on the reader's path that has one) and those of its path."""

    picture: Picture
    here: sunburst.Segment | None = None
    trail: list = field(default_factory=list)
    lit: frozenset = frozenset()  # indexes of the path, `here` and its branch

    @property
    def drawing(self):
        return self.picture.drawing

    @property
    def slices_html(self):
        """Every slice's link, those of the lit branch marked (escaped when the cached
        drawing was made)."""
        lit = self.lit
        return mark_safe(  # noqa: S308 - joined from format_html output only
            "\n".join(pair[index in lit] for index, pair in enumerate(self.picture.markup))
        )


def highlight(picture, *, claim_id, path_ids=()):
    if picture is None:
        return None
    drawing = picture.drawing
    by_claim = drawing.by_claim
    shown = list(dict.fromkeys(by_claim[pk] for pk in [*path_ids, claim_id] if pk in by_claim))
    if claim_id not in by_claim and shown and shown[-1] == 0:
        shown = []  # a claim cut off from the thesis: nothing of the path says where it is
    if not shown:
        return Highlight(picture=picture)
    here = drawing.segments[shown[-1]]
    lit = set()  # at the thesis the whole map is its branch: nothing recedes
    if here.depth:
        lit.update(shown)
        if here.claim_id is not None:
            lit.update(i for i, s in enumerate(drawing.segments) if here.claim_id in s.path)
    trail = [drawing.segments[i] for i in shown[:-1]]
    return Highlight(picture=picture, here=here, trail=trail, lit=frozenset(lit))


def minimap(focus):
    """The small drawing beside the focus view, with the claim in focus highlighted."""
    thesis = focus.path[0] if focus.path else focus.claim
    small = drawing(access=focus.access, params=MINIMAP, thesis=thesis)
    return highlight(small, claim_id=focus.claim.pk, path_ids=focus.path_ids)


@dataclass
class CampCell:
    camp: str  # the answered camp's key
    label: str
    style: str
    attacks: int
    supports: int
    heat: int = 0  # 0-4: the share of the busiest cell, for shading

    @property
    def total(self):
        return self.attacks + self.supports


@dataclass
class CampRow:
    camp: str  # the answering camp's key
    label: str
    style: str
    cells: list  # a CampCell per camp, in the debate's order of camps


def camp_table(*, access):
    """(rows, left out) of `camp_rows`, cached per version of the debate."""
    _require_read(access)
    return _cached(access.debate, "camps", lambda: camp_rows(access.debate))


def camp_rows(debate):
    """Who answers whom: approved arguments from claims of one camp (the premise's speaker)
    to claims of another (the target's speaker; for an undercutter, the speaker of the
    reason it undercuts), by stance, over the debate's camps in their order. Returns (rows,
    answers left out because a claim has no speaker). Two queries: the camps, the counts."""
    camps = list(Camp.objects.filter(debate=debate).order_by("order", "id"))
    base = Premise.objects.filter(
        argument__debate=debate, argument__status=APPROVED, claim__status=APPROVED
    ).order_by()
    on_claims = (
        base.filter(argument__target_claim__status=APPROVED)
        .values_list("claim__speaker__camp_id", "argument__target_claim__speaker__camp_id")
        .annotate(
            attacks=Count("argument_id", distinct=True, filter=Q(argument__stance=Stance.ATTACK)),
            supports=Count("argument_id", distinct=True, filter=Q(argument__stance=Stance.SUPPORT)),
        )
    )
    undercut = "argument__target_argument__premise_links__claim__"
    on_reasons = (
        base.filter(
            **{"argument__target_argument__status": APPROVED, f"{undercut}status": APPROVED}
        )
        .values_list("claim__speaker__camp_id", f"{undercut}speaker__camp_id")
        .annotate(
            attacks=Count("argument_id", distinct=True, filter=Q(argument__stance=Stance.ATTACK)),
            supports=Count("argument_id", distinct=True, filter=Q(argument__stance=Stance.SUPPORT)),
        )
    )
    known = {camp.pk for camp in camps}
    counts, left_out = {}, 0
    for source, target, attacks, supports in on_claims.union(on_reasons, all=True).order_by():
        if source in known and target in known:
            before = counts.get((source, target), (0, 0))
            counts[(source, target)] = (before[0] + attacks, before[1] + supports)
        else:
            left_out += attacks + supports
    rows = [
        CampRow(
            camp=source.key,
            label=source.name,
            style=source.style,
            cells=[
                CampCell(
                    target.key,
                    target.name,
                    target.style,
                    *counts.get((source.pk, target.pk), (0, 0)),
                )
                for target in camps
            ],
        )
        for source in camps
    ]
    # Shade by answers across camps: a camp backing its own claims is not an answer.
    across = [cell for row in rows for cell in row.cells if cell.camp != row.camp]
    busiest = max((cell.total for cell in across), default=0)
    for cell in across:
        cell.heat = -(-4 * cell.total // busiest) if busiest else 0
    return rows, left_out


@dataclass
class Answer:
    argument: Argument
    premises: list  # the answering claims
    undercut: list  # for an undercutter: the premises of the reason it undercuts


def answers(*, access, from_camp, to_camp, stance=None, page=1):
    """The approved arguments counted in one cell of `camp_table`, as a page of `Answer`s
    (oldest first). Four queries: count, page, and the premises of both ends."""
    _require_read(access)
    answering = Premise.objects.filter(
        argument=OuterRef("pk"), claim__status=APPROVED, claim__speaker__camp__key=from_camp
    )
    answered_reason = Premise.objects.filter(
        argument=OuterRef("target_argument"),
        claim__status=APPROVED,
        claim__speaker__camp__key=to_camp,
    )
    arguments = (
        Argument.objects.filter(Exists(answering), debate=access.debate, status=APPROVED)
        .filter(
            Q(target_claim__status=APPROVED, target_claim__speaker__camp__key=to_camp)
            | Q(Exists(answered_reason), target_argument__status=APPROVED)
        )
        .select_related("target_claim__speaker__camp", "target_argument__target_claim")
        .order_by("created", "id")
    )
    if stance in Stance.values:
        arguments = arguments.filter(stance=stance)
    page = Paginator(arguments, ANSWERS_PER_PAGE).get_page(page)
    shown = list(page.object_list)
    ids = {a.pk for a in shown} | {a.target_argument_id for a in shown if a.target_argument_id}
    premises = {}
    for link in (
        Premise.objects.filter(argument_id__in=ids, claim__status=APPROVED)
        .select_related("claim__speaker__camp")
        .order_by("argument_id", "position")
    ):
        premises.setdefault(link.argument_id, []).append(link.claim)
    page.object_list = [
        Answer(
            argument=argument,
            premises=premises.get(argument.pk, []),
            undercut=premises.get(argument.target_argument_id, []),
        )
        for argument in shown
    ]
    return page


@dataclass
class TimelineEntry:
    source: Source
    claim_count: int
    claims: list = field(default_factory=list)  # the first few, as (id, text)

    @property
    def more(self):
        return self.claim_count - len(self.claims)


def timeline(*, access):
    """`source_timeline`, cached per version of the debate."""
    _require_read(access)
    return _cached(access.debate, "timeline", lambda: source_timeline(access.debate))


def source_timeline(debate, shown=TIMELINE_CLAIMS_SHOWN):
    """The debate's sources (approved in it) that ground its approved claims, by date, each
    with how many such claims it grounds and the first `shown` of them. Two queries.

    An undated source has no place on a line of dates: it is left out here (the debate's
    library lists it)."""
    grounding = {
        "excerpts__citations__claim__debate": debate,
        "excerpts__citations__claim__status": APPROVED,
    }
    used = DebateSource.objects.filter(
        source=OuterRef("pk"), debate=debate, status=DebateSource.Status.APPROVED
    )
    sources = (
        Source.objects.filter(Exists(used), published__isnull=False, **grounding)
        .annotate(claim_count=Count("excerpts__citations__claim", distinct=True))
        .only("slug", "title", "publisher", "published", "published_precision", "genre")
        .order_by("published", "slug")
    )
    entries = {source.pk: TimelineEntry(source, source.claim_count) for source in sources}
    # A claim may cite several passages of one source: rank citations, keep enough to
    # find `shown` distinct claims in the usual case, and count distinct ones above.
    citations = (
        Citation.objects.filter(claim__debate=debate, claim__status=APPROVED)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("excerpt__source_id"),
                order_by=[F("claim_id").asc(), F("id").asc()],
            )
        )
        .filter(rank__lte=shown * 3)
        .order_by("excerpt__source_id", "claim_id")
        .values_list("excerpt__source_id", "claim_id", "claim__text")
    )
    for source_id, claim_id, text in citations:
        entry = entries.get(source_id)
        if entry and len(entry.claims) < shown and all(c[0] != claim_id for c in entry.claims):
            entry.claims.append((claim_id, text))
    # A date known only to the year is listed after the dated sources of that year.
    return sorted(
        entries.values(),
        key=lambda e: (e.source.published.year, e.source.published_precision == "year"),
    )
