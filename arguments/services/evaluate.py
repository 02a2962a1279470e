"""Keeps each debate's evaluation cached on its rows: grounded labels and DF-QuAD strengths
of approved claims, and each argument's label, weight and contribution.

`evaluate_debate` computes a whole debate (after a seed load, an import or a generated
debate); `reevaluate` recomputes only the claims a change can reach — the claims given and
all they bear on, up to the thesis — reading every other claim's stored values, which is
what a full evaluation would give, because a claim's value depends only on what bears on
it. Both start by touching the debate row (its version, for readers' caches), which locks
it, so two updates of one debate run one after the other and neither reads values the
other is rewriting.
"""

import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models.expressions import RawSQL

from ..evaluation import dfquad, grounded
from ..evaluation.framework import Link, prepare
from ..models import Argument, Claim, Premise, Status
from ..models.argument import reachable_from
from ..models.vote import MAX_IMPACT
from .bulk import update_rows
from .counts import touch

CLAIM_FIELDS = ["label", "strength", "strength_settled"]
ARGUMENT_FIELDS = ["label", "weight", "contribution"]


@dataclass
class Report:
    claims: int  # claims evaluated
    changed_claims: int
    changed_arguments: int
    not_converged: int
    seconds: float


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


def _save(scope, labels, link_labels, result):
    claim_rows = []
    for pk, (_, label, strength, settled) in scope.claims.items():
        # Exact floats: a recompute from the same inputs gives the same bits, so it writes
        # nothing; rounding would let incremental and full evaluations drift apart.
        new = (labels[pk], result.claims[pk], pk not in result.not_converged)
        if new != (label, strength, settled):
            claim_rows.append((pk, *new))
    argument_rows = []
    for pk, stored in scope.stored_links.items():
        if pk not in link_labels:
            continue
        # A support aimed at an argument (AIF: an RA node pointing at another) has a label
        # but neither weight nor strength: DF-QuAD gives it no meaning (framework.prepare).
        new = (link_labels[pk], result.link_weights.get(pk), result.link_strengths.get(pk))
        if new != stored:
            argument_rows.append((pk, *new))
    update_rows(Claim, claim_rows, CLAIM_FIELDS)
    update_rows(Argument, argument_rows, ARGUMENT_FIELDS)
    return len(claim_rows), len(argument_rows)


@transaction.atomic
def evaluate_debate(*, debate_id):
    """Evaluate every approved claim of the debate and store what changed."""
    started = time.perf_counter()
    touch(debate_id)  # also the lock: updates of one debate run one after the other
    scope = load_scope(debate_id=debate_id)
    labels, link_labels, result = compute(scope)
    changed = _save(scope, labels, link_labels, result)
    return Report(
        len(scope.claims), *changed, len(result.not_converged), time.perf_counter() - started
    )


def bears_on(claim_ids):
    """The claims given and all they bear on through approved arguments (one query)."""
    return reachable_from(*claim_ids, approved_only=True)


@transaction.atomic
def reevaluate(*, debate_id, claim_ids):
    """Recompute the claims whose inputs changed (`claim_ids`: a claim that gained, lost or
    re-weighted a reason, or a claim that joined or left the map) and all they bear on."""
    started = time.perf_counter()
    touch(debate_id)  # also the lock: updates of one debate run one after the other
    scope = load_scope(debate_id=debate_id, claim_ids=bears_on(claim_ids))
    labels, link_labels, result = compute(scope)
    changed = _save(scope, labels, link_labels, result)
    return Report(
        len(scope.claims), *changed, len(result.not_converged), time.perf_counter() - started
    )


def concluded_claim_id(argument):
    """The claim an argument finally bears on (an undercutter: its undercut argument's target)."""
    if argument.target_claim_id is not None:
        return argument.target_claim_id
    return Argument.objects.values_list("target_claim_id", flat=True).get(
        pk=argument.target_argument_id
    )
