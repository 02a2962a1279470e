"""The focus view's reads: one claim with its breadcrumbs, quotes, and a page of its pros
and of its cons as `Child`ren with their counts and votes. Each a fixed number of queries
and a bounded number of rows, whatever the debate's size or the claim's number of children.

What a reader sees is decided by `permissions.Access`: approved items of readable debates,
plus their own pending and rejected proposals, plus every pending item of a debate they
moderate. Lists, counts, fragments and paths all filter through it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    FloatField,
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
from corpus.models import DebateSource

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


# The same orders in SQL, for choosing a page of arguments before loading them.
SQL_ORDERS = {
    "weight": [Coalesce("contribution", Value(0.0), output_field=FloatField()).desc(), "id"],
    "newest": ["-created", "-id"],
    "votes": [
        "-vote_count",
        Coalesce("impact", Value(0.0), output_field=FloatField()).desc(),
        "id",
    ],
}

CHILDREN_PAGE = 25  # pros, and cons, on one page of the focus view
VERDICT_SHOWN = 5  # the cons the verdict names; it says when there are more
SIBLINGS_AROUND = 3  # arguments of the parent loaded on each side of this claim's own


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
    # The pages (django.core.paginator.Page of argument ids) that `pros` and `cons` are:
    # their `paginator.count` is the claim's whole number of pros or cons the reader sees.
    pros_page: object = None
    cons_page: object = None
    # The approved cons that explain the claim's label (at most VERDICT_SHOWN), whatever
    # page of cons is shown, and whether there are more of them.
    verdict_cons: list = field(default_factory=list)
    verdict_more: bool = False

    @property
    def verdict(self):
        """Why the claim has its grounded label, from its approved cons: (the attackers that
        defeat it, the attackers that are themselves defeated or cancelled, the undecided),
        each at most VERDICT_SHOWN, and whether the verdict's kind has more."""
        attackers = self.verdict_cons
        standing = [c for c in attackers if c.argument.label == "in"]
        defeated = [c for c in attackers if c.argument.label == "out"]
        undecided = [c for c in attackers if c.argument.label == "undecided"]
        return {
            "defeated_by": standing,
            "answered": defeated,
            "undecided": undecided,
            "more": self.verdict_more,
        }

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
    claims = Claim.objects.select_related("debate__thesis", "speaker__camp", "author").filter(
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


def focus(*, slug, user, claim_id=None, path="", sort="weight", pros_page=1, cons_page=1):
    """Everything the focus view shows for one claim: breadcrumbs, quotes, and page
    `pros_page` of its pros and `cons_page` of its cons (CHILDREN_PAGE each, ordered by
    `sort`, one of SORTS) with their impact votes. A page number that is not one gives the
    first page, one past the end the last.

    A fixed number of queries, whatever the number of children: the claim, the path, the
    quotes, the pages of both sides with their counts and the verdict's cons (`_pages`),
    the parent's arguments around this claim (with a path), the children (two), and the
    rejection reason (for a rejected claim)."""
    claim, access = get_claim(slug=slug, user=user, claim_id=claim_id)
    path_claims, relation = breadcrumbs(claim=claim, access=access, requested=decode_path(path))
    # Quotes of the debate's own sources only (approved in it), as its exports hold them.
    used = DebateSource.objects.filter(
        debate_id=claim.debate_id,
        source=OuterRef("excerpt__source"),
        status=DebateSource.Status.APPROVED,
    )
    citations = list(
        Citation.objects.filter(Exists(used), claim=claim)
        .select_related("excerpt__source")
        .order_by("excerpt__source__published", "excerpt__start")
    )
    parent_id = path_claims[-1].pk if path_claims else None
    pros_page, cons_page, verdict_ids = _pages(claim, access, sort, pros_page, cons_page)
    # The parent's children around this claim give the previous and next sibling; their
    # counts are not shown.
    window = _sibling_window(claim, parent_id, access) if parent_id else []
    loaded = child_arguments(
        target_ids=[claim.pk, *filter(None, [parent_id])],
        access=access,
        counted_ids=[claim.pk],
        with_votes=True,
        argument_ids=[*pros_page, *cons_page, *verdict_ids[:VERDICT_SHOWN], *window],
    )
    by_id = {child.argument.pk: child for child in loaded[claim.pk]}
    children = [by_id[pk] for pk in [*pros_page, *cons_page] if pk in by_id]
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
        pros=[by_id[pk] for pk in pros_page if pk in by_id],
        cons=[by_id[pk] for pk in cons_page if pk in by_id],
        rejection=rejection,
        sort=sort,
        siblings=list(siblings.values()),
        pros_page=pros_page,
        cons_page=cons_page,
        verdict_cons=[by_id[pk] for pk in verdict_ids[:VERDICT_SHOWN] if pk in by_id],
        verdict_more=len(verdict_ids) > VERDICT_SHOWN,
    )


MAX_PAGE = 10**6  # past any real page, and safe as an SQL integer: the last page follows


def page_number(value):
    """A page number from the query string: garbage and numbers below 1 give 1."""
    try:
        return min(max(1, int(value)), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def _pages(claim, access, sort, pros_number, cons_number):
    """(the asked-for page of the claim's pros, of its cons, the verdict's con ids).

    The pages are Django `Page`s whose items are argument ids in `sort` order and whose
    paginator counts every argument of that side the reader sees; a page past the end
    gives the last. The verdict's cons are the approved ones that explain the claim's
    label, the weightiest first: those that stand (a defeated claim), those defeated (an
    accepted one), or the undecided; one more than VERDICT_SHOWN, to know whether there
    are more. One query: each argument numbered within its side (and within the verdict's
    cons), with its side's count; two more only for a page past the end.
    """
    numbers = {Stance.SUPPORT: page_number(pros_number), Stance.ATTACK: page_number(cons_number)}
    explains = Q(pk__in=[])
    if claim.status == Status.APPROVED and claim.label:
        wanted = {"out": "in", "in": "out"}.get(claim.label, "undecided")
        explains = Q(stance=Stance.ATTACK, status=Status.APPROVED, label=wanted)
    in_verdict = Case(When(explains, then=Value(1)), default=Value(0))
    arguments = Argument.objects.filter(access.arguments(), target_claim=claim).order_by()
    ranked = arguments.annotate(
        rank=Window(RowNumber(), partition_by=F("stance"), order_by=SQL_ORDERS[sort]),
        side_total=Window(Count("id"), partition_by=F("stance")),
        in_verdict=in_verdict,
        verdict_rank=Window(RowNumber(), partition_by=[in_verdict], order_by=SQL_ORDERS["weight"]),
    )

    def rows(numbers):
        wanted = Q(in_verdict=1, verdict_rank__lte=VERDICT_SHOWN + 1)
        for stance, number in numbers.items():
            first = (number - 1) * CHILDREN_PAGE + 1
            wanted |= Q(stance=stance, rank__gte=first, rank__lt=first + CHILDREN_PAGE)
        columns = ("id", "stance", "rank", "side_total", "in_verdict", "verdict_rank")
        return list(ranked.filter(wanted).values_list(*columns))

    found = rows(numbers)
    totals = {stance: total for _, stance, _, total, _, _ in found}
    first = {stance: (number - 1) * CHILDREN_PAGE for stance, number in numbers.items()}
    on_page = {stance: {} for stance in numbers}
    verdict = {}
    for pk, stance, rank, _, flagged, verdict_rank in found:
        if first[stance] < rank <= first[stance] + CHILDREN_PAGE:
            on_page[stance][rank] = pk
        if flagged:
            verdict[verdict_rank] = pk
    past_end = [s for s, number in numbers.items() if number > 1 and not on_page[s]]
    if past_end:  # the last page instead: count, then read it
        counts = dict(arguments.values_list("stance").annotate(n=Count("id")))
        last = {s: max(1, -(-counts.get(s, 0) // CHILDREN_PAGE)) for s in past_end}
        for pk, stance, rank, total, _, _ in rows(last):
            if stance in last and (last[stance] - 1) * CHILDREN_PAGE < rank:
                totals[stance] = total
                on_page[stance][rank] = pk
        numbers.update(last)
    pages = []
    for stance, number in numbers.items():
        # Paging a range of the side's size gives the Page without a query.
        page = Paginator(range(totals.get(stance, 0)), CHILDREN_PAGE).get_page(number)
        page.object_list = [pk for _, pk in sorted(on_page[stance].items())]
        pages.append(page)
    return pages[0], pages[1], [pk for _, pk in sorted(verdict.items())]


def _sibling_window(claim, parent_id, access):
    """Ids of the parent's arguments next to the one `claim` is a premise of (or
    undercuts), in the parent's reading order (pros, then cons, oldest first):
    SIBLINGS_AROUND on each side. One query over the parent's argument ids only."""
    # Two EXISTS, each an indexed lookup: one OR across the two columns makes PostgreSQL
    # scan every premise for every sibling (29 s among 20,000 siblings).
    of_claim = Premise.objects.filter(claim_id=claim.pk)
    holds = Exists(of_claim.filter(argument_id=OuterRef("id"))) | Exists(
        of_claim.filter(argument__target_argument_id=OuterRef("id"))
    )
    rows = list(
        Argument.objects.filter(access.arguments(), target_claim_id=parent_id)
        .annotate(holds=holds)
        .order_by(Case(When(stance=Stance.SUPPORT, then=0), default=1), "created", "id")
        .values_list("id", "holds")
    )
    at = next((index for index, (_, held) in enumerate(rows) if held), 0)
    around = rows[max(0, at - SIBLINGS_AROUND) : at + SIBLINGS_AROUND + 1]
    return [pk for pk, _ in around]


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


def child_arguments(*, target_ids, access, counted_ids=None, with_votes=False, argument_ids=None):
    """For each target claim id, the arguments on it the user may see, as `Child`s; only
    those of `argument_ids` when it is given (a page of them).

    Two queries for any number of targets: the arguments (with their undercutters) and
    their premises in one; the premises' own pro/con counts and other parents in the other.
    Only the premises under `counted_ids` (all targets by default) get those; with none
    to count, the second query is not made. `with_votes` gives each approved argument its
    `VoteSummary` (with the reader's own vote) from the first query.
    """
    # The ids of the arguments on the targets and of their undercutters, as a UNION of two
    # indexed lookups: an OR across the two columns makes PostgreSQL scan whole tables.
    on_targets = Argument.objects.filter(access.arguments(), target_claim_id__in=target_ids)
    if argument_ids is not None:
        on_targets = on_targets.filter(id__in=list(argument_ids))
    undercutting = Argument.objects.filter(
        access.arguments(), target_argument_id__in=on_targets.values("id")
    )
    links = (
        Premise.objects.filter(
            access.claims("claim__"),
            argument_id__in=on_targets.values("id").union(undercutting.values("id")),
        )
        .select_related("argument", "claim__speaker__camp", "claim__author")
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
