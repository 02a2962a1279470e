"""The focus view's reads: one claim with its breadcrumbs, quotes, and its pros and cons as
`Child`ren with their counts and votes. Each a fixed number of queries, whatever the
debate's size.

What a reader sees is decided by `permissions.Access`: approved items of readable debates,
plus their own pending and rejected proposals, plus every pending item of a debate they
moderate. Lists, counts, fragments and paths all filter through it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    CharField,
    F,
    IntegerField,
    OuterRef,
    StringAgg,
    Subquery,
    Value,
)
from django.db.models.functions import Cast
from django.http import Http404

from arguments.models import (
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
from arguments.permissions import Access, role_subquery, visible_claims_q
from arguments.selectors.paths import breadcrumbs, decode_path, encode_path

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
        for premise in premises_in_order([*self.pros, *self.cons]):
            if not premise.on_path:
                return premise.claim
        return None

    @property
    def crumbs(self):
        """(claim, path to it) for each claim from the thesis down to this claim's parent."""
        ids = self.path_ids
        return [(claim, encode_path(ids[:index])) for index, claim in enumerate(self.path)]


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
    for premise in premises_in_order(
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


def premises_in_order(children):
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
        {p.claim.pk: p for pk in counted for p in premises_in_order(children[pk])}, access=access
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
