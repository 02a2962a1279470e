"""Reads for the views. Each function runs a fixed number of queries, whatever the debate's size.

What a reader sees is decided by `permissions.Access`: approved items of readable debates,
plus their own pending and rejected proposals, plus every pending item of a debate they
moderate. Lists, counts, fragments and paths all filter through it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, RowNumber
from django.http import Http404

from . import similarity
from .models import (
    IMPACT_LEVELS,
    MAX_IMPACT,
    Argument,
    Citation,
    Claim,
    Debate,
    Premise,
    Proposal,
    Stance,
    Status,
    Vote,
)
from .permissions import Access, moderated_debates, role_subquery, visible_claims_q
from .services.evaluate import bears_on, compute, load_scope

MAX_PATH = 64
LISTED = [Debate.Visibility.PUBLIC]


@dataclass
class ChildClaim:
    """A premise as shown under its parent: its own pro/con counts and other parents."""

    claim: Claim
    pro_count: int = 0
    con_count: int = 0
    other_parents: list = field(default_factory=list)
    # Set by the focus view: whether the claim already stands above on the reader's path,
    # and the `path` its link carries.
    on_path: bool = False
    link_path: str = ""

    @property
    def has_children(self):
        return bool(self.pro_count or self.con_count)


@dataclass
class VoteSummary:
    """The impact votes on one argument: how many gave each value 0–4, and the reader's."""

    counts: list = field(default_factory=lambda: [0] * (MAX_IMPACT + 1))
    mine: int | None = None

    @property
    def total(self):
        return sum(self.counts)

    @property
    def mean(self):
        total = self.total
        return sum(value * n for value, n in enumerate(self.counts)) / total if total else None

    @property
    def levels(self):
        """Each impact level with its count and the geometry of its bar in a 74×22 chart."""
        top = max(self.counts) or 1
        levels = []
        for value, name in IMPACT_LEVELS:
            height = round(20 * self.counts[value] / top)
            levels.append(
                {
                    "value": value,
                    "name": name,
                    "count": self.counts[value],
                    "x": value * 15,
                    "y": 21 - height,
                    "height": height,
                }
            )
        return levels


@dataclass
class Child:
    """One argument under a claim: a pro or con, with its premises and its undercutters."""

    argument: Argument
    premises: list
    undercutters: list = field(default_factory=list)
    votes: VoteSummary | None = None

    @property
    def is_pro(self):
        return self.argument.stance == Stance.SUPPORT

    @property
    def is_cancelled(self):
        """An approved undercutter of this argument stands (is IN): the link does not hold."""
        return any(u.argument.label == "in" for u in self.undercutters)

    @property
    def premise_text(self):
        return " + ".join(premise.claim.text for premise in self.premises)


SORTS = {
    "weight": "weight of the reason",
    "newest": "newest first",
    "votes": "most votes",
}


def sort_children(children, sort):
    """Order a claim's pros or cons: by what each contributes to the claim's strength (the
    default), by the newest link, or by the number of impact votes."""
    if sort == "newest":
        return sorted(children, key=lambda c: (c.argument.created, c.argument.pk), reverse=True)
    if sort == "votes":
        return sorted(
            children,
            key=lambda c: (c.argument.vote_count, c.argument.impact or 0, -c.argument.pk),
            reverse=True,
        )
    return sorted(
        children, key=lambda c: (c.argument.contribution or 0, -c.argument.pk), reverse=True
    )


@dataclass
class Focus:
    debate: Debate
    access: Access
    claim: Claim
    path: list
    relation: str | None  # how the claim bears on its parent: support, attack or undercut
    citations: list
    pros: list
    cons: list
    rejection: str = ""  # the moderator's reason, shown to the author of a rejected claim
    sort: str = "weight"

    @property
    def verdict(self):
        """Why the claim has its grounded label, from its approved cons: (the attackers that
        defeat it, the attackers that are themselves defeated or cancelled, the undecided)."""
        attackers = [c for c in self.cons if c.argument.status == Status.APPROVED]
        standing = [c for c in attackers if c.argument.label == "in"]
        defeated = [c for c in attackers if c.argument.label == "out"]
        undecided = [c for c in attackers if c.argument.label == "undecided"]
        return {"defeated_by": standing, "answered": defeated, "undecided": undecided}

    # The children of the claim's parent on the reader's path, in the parent's reading
    # order (this claim among them): where "previous" and "next" lead.
    siblings: list = field(default_factory=list)

    @property
    def path_ids(self):
        return [claim.pk for claim in self.path]

    @property
    def child_path(self):
        """The `path` of this claim's children: through this claim."""
        return encode_path([*self.path_ids, self.claim.pk])

    @property
    def path_param(self):
        """The `path` that reaches this claim: what its own forms and links carry."""
        return encode_path(self.path_ids)

    @property
    def parent_link(self):
        """(parent claim, the path that reaches it) on the reader's path, or None."""
        return self.crumbs[-1] if self.path else None

    def _sibling(self, step):
        ids = [claim.pk for claim in self.siblings]
        if self.claim.pk not in ids:
            return None
        index = ids.index(self.claim.pk) + step
        return self.siblings[index] if 0 <= index < len(ids) else None

    @property
    def previous_sibling(self):
        return self._sibling(-1)

    @property
    def next_sibling(self):
        return self._sibling(+1)

    @property
    def first_child(self):
        """The first reason below this claim in reading order that is not a way back up."""
        for premise in reading_order([*self.pros, *self.cons]):
            if not premise.on_path:
                return premise.claim
        return None

    @property
    def crumbs(self):
        """(claim, path to it) for each claim from the thesis down to this claim's parent."""
        ids = self.path_ids
        return [(claim, encode_path(ids[:index])) for index, claim in enumerate(self.path)]


def encode_path(ids):
    return "-".join(str(pk) for pk in ids)


def decode_path(value):
    """Claim ids from a `path` query parameter; malformed or overlong input gives []."""
    parts = (value or "").split("-")
    if not value or len(parts) > MAX_PATH:
        return []
    ids = [_claim_id(part) for part in parts]
    return [] if None in ids else ids


def _claim_id(part):
    # ASCII digits a database integer holds: "²".isdigit() is true, but int("²") fails.
    return int(part) if part.isascii() and part.isdigit() and len(part) <= 18 else None


def listed_debates():
    """Debates for the home page, featured first, with their stored public counts."""
    return Debate.objects.filter(visibility__in=LISTED).select_related("thesis")


def get_claim(*, slug, user, claim_id=None):
    """The claim (the thesis when `claim_id` is None) if `user` may see it, with the user's
    `Access` to its debate, in one query; else 404."""
    claims = Claim.objects.select_related("debate__thesis", "speaker", "author").filter(
        visible_claims_q(user), debate__slug=slug
    )
    if user.is_authenticated:
        claims = claims.annotate(viewer_role=role_subquery(user, "debate"))
    if claim_id is None:
        claims = claims.filter(debate__thesis=F("id"))
    else:
        claims = claims.filter(pk=claim_id)
    claim = claims.first()
    if claim is None:
        raise Http404("No such claim in this debate.")
    access = Access(user, claim.debate, getattr(claim, "viewer_role", None))
    if not (access.may_read and access.may_see(claim)):
        raise Http404("No such claim in this debate.")
    return claim, access


def focus(*, slug, user, claim_id=None, path="", sort="weight"):
    """Everything the focus view shows for one claim: breadcrumbs, quotes, pros and cons
    (ordered by `sort`, one of SORTS) with their impact votes."""
    claim, access = get_claim(slug=slug, user=user, claim_id=claim_id)
    path_claims, relation = breadcrumbs(claim=claim, access=access, requested=decode_path(path))
    citations = list(
        Citation.objects.filter(claim=claim)
        .select_related("excerpt__source")
        .order_by("excerpt__source__published", "excerpt__start")
    )
    parent_id = path_claims[-1].pk if path_claims else None
    # The parent's children give the previous and next sibling; their counts are not shown.
    loaded = child_arguments(
        target_ids=[claim.pk, *filter(None, [parent_id])],
        access=access,
        counted_ids=[claim.pk],
        with_votes=True,
    )
    children = loaded[claim.pk]
    above = {c.pk for c in path_claims}
    of_parent = loaded.get(parent_id, [])
    siblings = {}
    for premise in reading_order(
        [c for c in of_parent if c.is_pro] + [c for c in of_parent if not c.is_pro]
    ):
        if premise.claim.pk not in above:
            siblings.setdefault(premise.claim.pk, premise.claim)
    ids = [c.pk for c in path_claims]
    prefixes = {pk: encode_path(ids[:index]) for index, pk in enumerate([*ids, claim.pk])}
    for child in children:
        for premise in [*child.premises, *(p for u in child.undercutters for p in u.premises)]:
            premise.on_path = premise.claim.pk in prefixes
            premise.link_path = prefixes.get(premise.claim.pk, encode_path([*ids, claim.pk]))
    rejection = ""
    if claim.status == Status.REJECTED:
        rejection = (
            Proposal.objects.filter(claim=claim, kind=Proposal.Kind.CLAIM)
            .values_list("decision_reason", flat=True)
            .first()
            or ""
        )
    return Focus(
        debate=claim.debate,
        access=access,
        claim=claim,
        path=path_claims,
        relation=relation,
        citations=citations,
        pros=sort_children([child for child in children if child.is_pro], sort),
        cons=sort_children([child for child in children if not child.is_pro], sort),
        rejection=rejection,
        sort=sort,
        siblings=list(siblings.values()),
    )


def reading_order(children):
    """The premises of `Child`ren as a page lists them: each argument's premises, then
    those of the arguments undercutting it. Pass pros before cons."""
    return [
        premise
        for child in children
        for premise in [*child.premises, *(p for u in child.undercutters for p in u.premises)]
    ]


def attach_votes(children, *, user):
    """Give each approved argument among `children` (and their undercutters) its
    `VoteSummary`, with the user's own vote. One query."""
    every = [*children, *(u for child in children for u in child.undercutters)]
    approved = {c.argument.pk: c for c in every if c.argument.status == Status.APPROVED}
    if not approved:
        return
    rows = Argument.objects.filter(pk__in=list(approved)).annotate(**_vote_columns(user))
    for row in rows.values("pk", "vote_digits", "my_vote"):
        approved[row["pk"]].votes = _vote_summary(row["vote_digits"], row["my_vote"])


def _vote_columns(user, argument="pk"):
    """Annotations of an argument (or of a row whose `argument` column names one): every
    impact vote on it as a string of digits, and the user's own (None when there is none
    or the user is not signed in)."""
    on_it = Vote.objects.filter(argument_id=OuterRef(argument)).order_by()
    digits = on_it.values("argument_id").annotate(
        digits=StringAgg(Cast("value", CharField()), delimiter=Value(""))
    )
    mine = on_it.filter(user_id=user.pk).values("value")[:1] if user.is_authenticated else None
    return {
        "vote_digits": Subquery(digits.values("digits")),
        "my_vote": Subquery(mine) if mine is not None else Value(None, IntegerField()),
    }


def _vote_summary(digits, mine):
    summary = VoteSummary(mine=mine)
    for digit in digits or "":
        summary.counts[int(digit)] += 1
    return summary


def breadcrumbs(*, claim, access, requested):
    """The claims from the thesis down to `claim`'s parent, and how `claim` bears on it.

    The path the reader came by (`requested`) is used when it is a real chain of approved
    arguments from the thesis to this claim (one query, which brings the claims too);
    otherwise the shortest such chain (two more). The relation is "support", "attack" or
    "undercut" (None for the thesis).
    """
    thesis_id = claim.debate.thesis_id
    if claim.pk == thesis_id:
        return [], None
    ids = requested if requested and requested[0] == thesis_id else []
    if ids:
        found = _chain([*ids, claim.pk], access)
        if found is not None:
            relation, by_id = found
            by_id[thesis_id] = claim.debate.thesis  # loaded with the claim by `get_claim`
            path = [by_id.get(pk) for pk in ids]
            if all(c is not None and access.may_see(c) for c in path):
                return path, relation
    ids, relation = _shortest_path_to(claim_id=claim.pk, thesis_id=thesis_id, access=access)
    by_id = Claim.objects.filter(access.claims(), debate=claim.debate, pk__in=ids).in_bulk()
    if len(by_id) != len(set(ids)):
        return [], None
    return [by_id[pk] for pk in ids], relation


_RELATION = Case(
    When(argument__target_claim__isnull=True, then=Value("undercut")),
    default=F("argument__stance"),
)


def _chain(ids, access):
    """(how the last claim of `ids` bears on the one before, the claims after the first by
    id) if each claim bears, by an argument the user may see, on the one before it; None
    when `ids` is not such a chain. One query."""
    if len(set(ids)) != len(ids):
        return None
    rows = (
        Premise.objects.filter(access.arguments("argument__"), claim_id__in=ids[1:])
        .annotate(
            concluded=Coalesce(
                "argument__target_claim_id", "argument__target_argument__target_claim_id"
            ),
            relation=_RELATION,
        )
        .filter(concluded__in=ids[:-1])
        .select_related("claim")
        .order_by("argument_id")
    )
    links, claims = {}, {}
    for row in rows:
        links.setdefault((row.concluded, row.claim_id), row.relation)
        claims[row.claim_id] = row.claim
    pairs = list(zip(ids, ids[1:], strict=False))
    if not all(pair in links for pair in pairs):
        return None
    return links[pairs[-1]], claims


# Walk up from a claim through approved arguments (an undercutter leads to the claim its
# undercut argument concludes), recording for every claim reached the child it was reached
# from, how that child bears on it, and the distance. Rows are distinct under UNION, so the
# walk is bounded by the number of edges times MAX_PATH even on cycles.
_UPWARD_SQL = """
WITH RECURSIVE up(claim_id, child_id, relation, depth) AS (
    SELECT CAST(%s AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS VARCHAR), 0
    UNION
    SELECT COALESCE(a.target_claim_id, undercut.target_claim_id), up.claim_id,
           CAST(CASE WHEN a.target_claim_id IS NULL THEN 'undercut' ELSE a.stance END AS VARCHAR),
           up.depth + 1
    FROM up
    JOIN arguments_premise p ON p.claim_id = up.claim_id
    JOIN arguments_argument a ON a.id = p.argument_id
    LEFT JOIN arguments_argument undercut ON undercut.id = a.target_argument_id
    WHERE (a.status = 'approved' OR a.author_id = %s OR (%s = 1 AND a.status = 'pending'))
      AND up.depth < %s
      AND COALESCE(a.target_claim_id, undercut.target_claim_id) IS NOT NULL
)
SELECT claim_id, child_id, relation, depth FROM up
"""


def _shortest_path_to(*, claim_id, thesis_id, access):
    """The shortest chain of claim ids from the thesis down to `claim_id`'s parent, and how
    `claim_id` bears on that parent; ([], None) when the claim does not reach the thesis."""
    with connection.cursor() as cursor:
        user_id = access.user.pk if access.user.is_authenticated else None
        cursor.execute(_UPWARD_SQL, [claim_id, user_id, int(access.may_moderate), MAX_PATH])
        rows = cursor.fetchall()
    reached_from = defaultdict(dict)
    for reached, child, relation, depth in rows:
        reached_from[depth].setdefault(reached, (child, relation))
    depths = [depth for depth, claims in reached_from.items() if thesis_id in claims]
    if not depths:
        return [], None
    depth = min(depths)
    ids, current, relation = [], thesis_id, None
    while depth > 0:
        ids.append(current)
        current, relation = reached_from[depth][current]
        depth -= 1
    return ids, relation


def child_arguments(*, target_ids, access, counted_ids=None, with_votes=False):
    """For each target claim id, the arguments on it the user may see, as `Child`s.

    Two queries for any number of targets: the arguments (with their undercutters) and
    their premises in one; the premises' own pro/con counts and other parents in the other.
    Only the premises under `counted_ids` (all targets by default) get those; with none
    to count, the second query is not made. `with_votes` gives each approved argument its
    `VoteSummary` (with the reader's own vote) from the first query.
    """
    # The ids of the arguments on the targets and of their undercutters, as a UNION of two
    # indexed lookups: an OR across the two columns makes PostgreSQL scan whole tables.
    on_targets = Argument.objects.filter(access.arguments(), target_claim_id__in=target_ids)
    undercutting = Argument.objects.filter(
        access.arguments(), target_argument_id__in=on_targets.values("id")
    )
    links = (
        Premise.objects.filter(
            access.claims("claim__"),
            argument_id__in=on_targets.values("id").union(undercutting.values("id")),
        )
        .select_related("argument", "claim__speaker", "claim__author")
        .order_by("argument__created", "argument_id", "position")
    )
    if with_votes:
        links = links.annotate(**_vote_columns(access.user, argument="argument_id"))
    arguments, premises_of, by_claim = {}, defaultdict(list), {}
    for link in links:
        first = link.argument_id not in arguments
        if with_votes and first and link.argument.status == Status.APPROVED:
            link.argument.vote_summary = _vote_summary(link.vote_digits, link.my_vote)
        arguments.setdefault(link.argument_id, link.argument)
        premise = by_claim.setdefault(link.claim_id, ChildClaim(claim=link.claim))
        premises_of[link.argument_id].append(premise)

    children = {pk: [] for pk in target_ids}
    for pk, argument in arguments.items():
        if argument.target_claim_id is not None:
            children[argument.target_claim_id].append(
                Child(
                    argument=argument,
                    premises=premises_of[pk],
                    votes=getattr(argument, "vote_summary", None),
                )
            )
    on_claims = {child.argument.pk: child for kids in children.values() for child in kids}
    for pk, argument in arguments.items():
        if argument.target_argument_id in on_claims:
            on_claims[argument.target_argument_id].undercutters.append(
                Child(
                    argument=argument,
                    premises=premises_of[pk],
                    votes=getattr(argument, "vote_summary", None),
                )
            )
    counted = target_ids if counted_ids is None else counted_ids
    annotate_children(
        {p.claim.pk: p for pk in counted for p in reading_order(children[pk])}, access=access
    )
    return children


def annotate_children(by_claim, *, access):
    """Fill in the pro/con counts and the parents of `ChildClaim`s keyed by claim id.

    One query: the union of the arguments on these claims (for the counts) and of the
    arguments these claims are premises of (for the parents), as the user may see them.
    """
    ids = list(by_claim)
    if not ids:
        return
    columns = (
        "claim_id",
        "argument_id",
        "argument__stance",
        "argument__target_claim_id",
        "argument__target_claim__text",
        "argument__target_claim__status",
        "argument__target_claim__author_id",
    )
    visible = Premise.objects.filter(access.arguments("argument__")).order_by()
    rows = (
        visible.filter(argument__target_claim_id__in=ids)
        .values_list(*columns)
        .union(visible.filter(claim_id__in=ids).values_list(*columns))
        .order_by()
    )
    counted, parents = set(), defaultdict(dict)
    for claim_id, argument_id, stance, target_id, target_text, status, author_id in rows:
        if target_id in by_claim and (argument_id, target_id) not in counted:
            counted.add((argument_id, target_id))
            child = by_claim[target_id]
            if stance == Stance.SUPPORT:
                child.pro_count += 1
            else:
                child.con_count += 1
        if claim_id in by_claim and target_id and access.may_see_row(status, author_id):
            parents[claim_id][target_id] = target_text
    for claim_id, found in parents.items():
        by_claim[claim_id].other_parents = sorted(found.items())


@dataclass
class OutlinePremise:
    """A premise at one place in the outline; `items` is None until its level is loaded."""

    premise: ChildClaim
    path: str  # from the map's root down to this premise: where its children hang
    parent_path: str  # down to its parent: the path its focus view is reached by
    on_path: bool
    items: list | None = None


@dataclass
class OutlineItem:
    child: Child
    premises: list


def outline(*, slug, user, root_id=None, path="", levels=2):
    """The map from the thesis (or from `root_id`, reached by `path`) down `levels` levels.

    Deeper levels are left to the children fragment. One query for the root and four per
    level. A claim already on the path from the root is marked, not expanded again.
    """
    root, access = get_claim(slug=slug, user=user, claim_id=root_id)
    root_path = [*(decode_path(path) if root_id is not None else []), root.pk]
    return root, root_path, outline_items(root_path=root_path, levels=levels, access=access)


def outline_items(*, root_path, levels, access):
    """`OutlineItem`s under the last claim of `root_path`, `levels` deep."""
    top = []
    frontier = [(root_path, top)]
    for depth in range(levels):
        if not frontier:
            break
        children = child_arguments(
            target_ids=list({path[-1] for path, _ in frontier}), access=access
        )
        next_frontier = []
        for path, holder in frontier:
            for child in children[path[-1]]:
                premises = []
                for premise in child.premises:
                    placed = OutlinePremise(
                        premise=premise,
                        path=encode_path([*path, premise.claim.pk]),
                        parent_path=encode_path(path),
                        on_path=premise.claim.pk in path,
                    )
                    if not placed.on_path and premise.has_children and depth + 1 < levels:
                        placed.items = []
                        next_frontier.append(([*path, premise.claim.pk], placed.items))
                    premises.append(placed)
                holder.append(OutlineItem(child=child, premises=premises))
        frontier = next_frontier
    return top


def quoted_passage_count(user):
    """An annotation for Source: its excerpts cited by claims `user` may see."""
    return Count(
        "excerpts",
        filter=visible_claims_q(user, prefix="excerpts__citations__claim__"),
        distinct=True,
    )


EXCERPT_CLAIMS_SHOWN = 5


def excerpt_claims(*, source, user):
    """For each excerpt of `source`: (the first EXCERPT_CLAIMS_SHOWN claims citing it that
    `user` may see, how many such claims there are), by excerpt id. One query."""

    citations = (
        Citation.objects.filter(visible_claims_q(user, prefix="claim__"), excerpt__source=source)
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


def proposal_queue(*, user):
    """Pending proposals of the debates `user` moderates, oldest first, with their context."""
    return (
        Proposal.objects.filter(status=Proposal.State.PENDING, debate__in=moderated_debates(user))
        .select_related(
            "debate",
            "author",
            "claim__speaker",
            "argument__target_claim",
            "duplicate_of",
        )
        .prefetch_related("claim__citations__excerpt__source")
        .order_by("created", "id")
    )


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


@dataclass
class WhatIfRow:
    claim: Claim
    label_before: str
    label_after: str
    strength_before: float | None
    strength_after: float

    @property
    def changed(self):
        return self.label_before != self.label_after or self.strength_moved

    @property
    def strength_moved(self):
        before = self.strength_before if self.strength_before is not None else 0.5
        return abs(self.strength_after - before) >= 0.0005


@dataclass
class WhatIf:
    focus: Focus
    path: list  # WhatIfRow for each claim from the thesis down to the removed claim's parent
    others_changed: int  # claims off that path whose label or strength would change


def what_if(*, slug, user, claim_id, path=""):
    """What removing one approved claim would do to the claims it bears on, up to the
    thesis: their labels and strengths now and without it. Computes; saves nothing."""
    claim, access = get_claim(slug=slug, user=user, claim_id=claim_id)
    path_claims, relation = breadcrumbs(claim=claim, access=access, requested=decode_path(path))
    focus_info = Focus(
        debate=claim.debate,
        access=access,
        claim=claim,
        path=path_claims,
        relation=relation,
        citations=[],
        pros=[],
        cons=[],
    )
    if claim.status != Status.APPROVED or claim.pk == claim.debate.thesis_id:
        return WhatIf(focus=focus_info, path=[], others_changed=0)
    scope = load_scope(debate_id=claim.debate_id, claim_ids=bears_on({claim.pk}))
    labels, _, result = compute(scope, without={claim.pk})
    rows = {}
    for pk, (_, label, strength, _) in scope.claims.items():
        if pk != claim.pk:
            rows[pk] = (label, labels[pk], strength, result.claims[pk])
    on_path = [WhatIfRow(crumb, *rows[crumb.pk]) for crumb in path_claims if crumb.pk in rows]
    path_ids = {crumb.pk for crumb in path_claims}
    others = sum(
        1 for pk, row in rows.items() if pk not in path_ids and WhatIfRow(None, *row).changed
    )
    return WhatIf(focus=focus_info, path=on_path, others_changed=others)


def votable_argument(*, slug, user, argument_id):
    """An approved argument of the debate whose premises and claim the user may read, as a
    `Child` with its votes; the user's `Access`; and the claim the argument bears on (for an
    undercutter, its undercut argument's claim). Else 404. Four queries."""
    argument = (
        Argument.objects.select_related("debate", "target_claim", "target_argument__target_claim")
        .filter(debate__slug=slug, pk=argument_id, status=Status.APPROVED)
        .first()
    )
    if argument is None:
        raise Http404("No such reason in this debate.")
    access = Access.load(user, argument.debate)
    premises = list(argument.premise_links.select_related("claim").order_by("position"))
    target = argument.target_claim or argument.target_argument.target_claim
    ends = [link.claim for link in premises] + [target]
    if not access.may_read or any(claim.status != Status.APPROVED for claim in ends):
        raise Http404("No such reason in this debate.")
    child = Child(argument=argument, premises=[ChildClaim(claim=link.claim) for link in premises])
    attach_votes([child], user=user)
    return child, access, target
