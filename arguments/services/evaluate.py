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

from arguments.models import Argument, Claim
from arguments.selectors.weighing import compute, load_scope, reached_claims
from arguments.services.bulk import update_rows
from arguments.services.counts import touch

CLAIM_FIELDS = ["label", "strength", "strength_settled"]


ARGUMENT_FIELDS = ["label", "weight", "contribution"]


@dataclass
class Report:
    claims: int  # claims evaluated
    changed_claims: int
    changed_arguments: int
    not_converged: int
    seconds: float


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


@transaction.atomic
def reevaluate(*, debate_id, claim_ids):
    """Recompute the claims whose inputs changed (`claim_ids`: a claim that gained, lost or
    re-weighted a reason, or a claim that joined or left the map) and all they bear on."""
    started = time.perf_counter()
    touch(debate_id)  # also the lock: updates of one debate run one after the other
    scope = load_scope(debate_id=debate_id, claim_ids=reached_claims(claim_ids))
    labels, link_labels, result = compute(scope)
    changed = _save(scope, labels, link_labels, result)
    return Report(
        len(scope.claims), *changed, len(result.not_converged), time.perf_counter() - started
    )
