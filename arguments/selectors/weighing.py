"""Reads for weighing: what one evaluation reads (`load_scope`), the evaluation itself in
memory (`compute`, pure), the claims a change reaches, "what if it were removed?", and the
reason a reader votes on.

The writes that store an evaluation are `services/evaluate.py`."""

from dataclasses import dataclass

from django.db.models.expressions import RawSQL
from django.http import Http404

from arguments.evaluation import dfquad, grounded
from arguments.evaluation.framework import Link, prepare
from arguments.models import (
    MAX_IMPACT,
    Argument,
    Claim,
    Premise,
    Status,
)
from arguments.models.argument import reachable_from
from arguments.permissions import Access
from arguments.selectors.focus import Child, ChildClaim, Focus, attach_votes, get_claim
from arguments.selectors.paths import breadcrumbs, decode_path


@dataclass
class Scope:
    """What one evaluation reads: the claims in scope (id -> stored row), the links on them,
    and the stored label and strength of each premise outside the scope."""

    claims: dict
    links: list
    stored_links: dict  # argument id -> (label, weight, contribution) as stored
    fixed_labels: dict
    fixed_strengths: dict


def link_weight(impact):
    """A link's weight from its mean impact vote: impact / 4, and 1 with no votes."""
    return 1.0 if impact is None else impact / MAX_IMPACT


_PREMISE_COLUMNS = (
    "argument_id",
    "claim_id",
    "argument__stance",
    "argument__target_claim_id",
    "argument__target_argument_id",
    "argument__impact",
    "argument__label",
    "argument__weight",
    "argument__contribution",
    "claim__status",
    "claim__label",
    "claim__strength",
)


def _links(rows, scope_claims, scope):
    """Group premise rows into Links; remember stored values for premises outside scope."""
    grouped = {}
    for (
        argument_id,
        claim_id,
        stance,
        target_claim,
        target_argument,
        impact,
        label,
        weight,
        contribution,
        claim_status,
        claim_label,
        claim_strength,
    ) in rows:
        entry = grouped.get(argument_id)
        if entry is None:
            entry = grouped[argument_id] = [
                [],
                stance,
                target_claim,
                target_argument,
                impact,
            ]
            scope.stored_links[argument_id] = (label, weight, contribution)
        entry[0].append(claim_id)
        if claim_id not in scope_claims and claim_status == Status.APPROVED:
            scope.fixed_labels[claim_id] = claim_label or grounded.UNDECIDED
            scope.fixed_strengths[claim_id] = (
                dfquad.DEFAULT_BASE if claim_strength is None else claim_strength
            )
    return [
        Link(
            id=argument_id,
            premises=tuple(premises),
            stance=stance,
            target_claim=target_claim,
            target_link=target_argument,
            weight=link_weight(impact),
        )
        for argument_id, (premises, stance, target_claim, target_argument, impact) in (
            grouped.items()
        )
    ]


# The approved arguments on the given claims and, level by level, their undercutters: each
# step an indexed lookup (a join or an OR across the levels makes PostgreSQL scan tables).
_ARGUMENTS_ON_SQL = """
WITH RECURSIVE bearing(id) AS (
    SELECT id FROM arguments_argument WHERE target_claim_id IN ({claims}) AND status = 'approved'
    UNION
    SELECT a.id FROM arguments_argument a JOIN bearing ON a.target_argument_id = bearing.id
    WHERE a.status = 'approved'
)
SELECT id FROM bearing
"""


def load_scope(*, debate_id, claim_ids=None):
    """The evaluation input for the approved claims `claim_ids` of a debate (all of them when
    None): their stored rows, the approved arguments on them and the undercutters of those,
    at any depth. Two queries."""
    claims = Claim.objects.filter(debate_id=debate_id, status=Status.APPROVED)
    if claim_ids is not None:
        claims = claims.filter(pk__in=list(claim_ids))
    rows = {
        pk: (base, label, strength, settled)
        for pk, base, label, strength, settled in claims.values_list(
            "id", "base_score", "label", "strength", "strength_settled"
        ).iterator(chunk_size=10_000)
    }
    scope = Scope(claims=rows, links=[], stored_links={}, fixed_labels={}, fixed_strengths={})
    premises = Premise.objects.filter(argument__status=Status.APPROVED).order_by(
        "argument_id", "position"
    )
    if claim_ids is None:
        found = premises.filter(argument__debate_id=debate_id)
        scope.links = _links(found.values_list(*_PREMISE_COLUMNS).iterator(10_000), rows, scope)
        return scope
    ids = list(rows)
    if not ids:
        return scope
    argument_ids = RawSQL(_ARGUMENTS_ON_SQL.format(claims=", ".join(["%s"] * len(ids))), ids)
    found = premises.filter(argument_id__in=argument_ids)
    links = _links(found.values_list(*_PREMISE_COLUMNS), rows, scope)
    scope.links = links
    return scope


def compute(scope, *, without=()):
    """Labels and strengths of the scope's claims, leaving out the claims in `without` (as if
    they were removed from the map). Pure: writes nothing."""
    claims = {pk: row[0] for pk, row in scope.claims.items() if pk not in without}
    graph = prepare(claims, scope.links, scope.fixed_labels)  # same keys as fixed_strengths
    labels, link_labels = grounded.label(claims, scope.links, scope.fixed_labels, graph=graph)
    result = dfquad.strengths(claims, scope.links, scope.fixed_strengths, graph=graph)
    return labels, link_labels, result


def reached_claims(claim_ids):
    """The claims given and all they bear on through approved arguments (one query)."""
    return reachable_from(*claim_ids, approved_only=True)


def concluded_claim_id(argument):
    """The claim an argument finally bears on (an undercutter: its undercut argument's target)."""
    if argument.target_claim_id is not None:
        return argument.target_claim_id
    return Argument.objects.values_list("target_claim_id", flat=True).get(
        pk=argument.target_argument_id
    )


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
    scope = load_scope(debate_id=claim.debate_id, claim_ids=reached_claims({claim.pk}))
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
