"""Claim strengths in [0, 1] by DF-QuAD (Rago, Toni, Aurisicchio and Baroni, KR 2016).

Every claim has a base score v0 (0.5 unless set). The strengths of its attackers and of
its supporters are each aggregated as

    F(v1, ..., vn) = 1 − ∏ (1 − vi)          (F() = 0)

and combined with the base score:

    σ = v0 − v0 · (Fa − Fs)          when Fa ≥ Fs
    σ = v0 + (1 − v0) · (Fs − Fa)    otherwise.

What one child contributes is the strength of its link: the link's weight times the
strength of its premise (of its weakest premise, when co-premises work only together).
A link's weight is the crowd's mean impact vote / 4 (1 when nobody voted, so an unrated
map reads as plain DF-QuAD), reduced by its undercutters as w · (1 − F(undercutters)),
where each undercutter contributes in the same way.

On an acyclic graph each claim is computed once, after every claim it depends on (a
topological order found by counting, linear in claims plus links). Claims on cycles, and
what hangs on them, are then computed in rounds from their base scores, each reading the
newest values (Gauss–Seidel), until no strength moves by more than `tolerance`, at most
`max_iterations` rounds; those still moving then are reported as not converged.
"""

from collections import deque
from dataclasses import dataclass, field

from .framework import ATTACK, prepare

DEFAULT_BASE = 0.5


@dataclass
class Strengths:
    claims: dict  # claim id -> strength
    link_weights: dict  # link id -> weight after undercutters
    link_strengths: dict  # link id -> weight × premise strength: what the link contributes
    not_converged: set = field(default_factory=set)  # claim ids still moving at the bound


def aggregate(values):
    product = 1.0
    for value in values:
        product *= 1.0 - value
    return 1.0 - product


def combine(base, attack, support):
    if attack >= support:
        return base - base * (attack - support)
    return base + (1.0 - base) * (support - attack)


def strengths(claims, links, fixed=None, *, graph=None, max_iterations=200, tolerance=1e-9):
    """Strengths of `claims` (claim id -> base score, None for the default) under `links`.

    Premises outside `claims` take their strength from `fixed` (claim id -> strength).
    `graph` is `framework.prepare`'s index of the same input, when the caller has it.
    """
    fixed = fixed or {}
    graph = graph or prepare(claims, links, fixed)
    on_claim, on_link = graph.on_claim, graph.on_link
    value = {c: s for c, s in fixed.items() if c not in claims}
    base = {c: DEFAULT_BASE if b is None else b for c, b in claims.items()}
    weight, contribution = {}, {}

    def link_strength(link):
        undercutters = on_link.get(link.id)
        w = link.weight
        if undercutters:
            w *= 1.0 - aggregate(link_strength(u) for u in undercutters)
        weight[link.id] = w
        premises = link.premises
        if len(premises) == 1:
            result = w * value[premises[0]]
        else:
            result = w * min(value[p] for p in premises)
        contribution[link.id] = result
        return result

    def compute(claim):
        attack = support = 1.0  # running products of (1 − v)
        for link in on_claim.get(claim, ()):
            if link.id in on_link or len(link.premises) > 1:
                strength = link_strength(link)
            else:  # the common case, inline: one premise, no undercutter
                weight[link.id] = link.weight
                strength = contribution[link.id] = link.weight * value[link.premises[0]]
            if link.stance == ATTACK:
                attack *= 1.0 - strength
            else:
                support *= 1.0 - strength
        value[claim] = combine(base[claim], 1.0 - attack, 1.0 - support)

    # A claim waits for the in-scope premises of its links and of their undercutters.
    waiting = dict.fromkeys(claims, 0)
    dependents = {}
    concluded = graph.concluded
    for link in graph.links:
        if link.target_claim is None and link.stance != ATTACK:
            continue  # a support aimed at a link bears on nothing
        claim = concluded[link.id]
        if claim not in waiting:
            continue
        for premise in link.premises:
            if premise in waiting:
                waiting[claim] += 1
                if premise in dependents:
                    dependents[premise].append(claim)
                else:
                    dependents[premise] = [claim]

    ready = deque(claim for claim, count in waiting.items() if count == 0)
    done = 0
    no_links = ()
    on_claim_get, dependents_get = on_claim.get, dependents.get
    while ready:
        claim = ready.popleft()
        # compute(claim), inlined: this loop runs once per claim of the debate.
        attack = support = 1.0
        for link in on_claim_get(claim, no_links):
            link_id = link.id
            if link_id in on_link or len(link.premises) > 1:
                strength = link_strength(link)
            else:
                w = link.weight
                weight[link_id] = w
                strength = contribution[link_id] = w * value[link.premises[0]]
            if link.stance == ATTACK:
                attack *= 1.0 - strength
            else:
                support *= 1.0 - strength
        b, fa, fs = base[claim], 1.0 - attack, 1.0 - support
        value[claim] = b - b * (fa - fs) if fa >= fs else b + (1.0 - b) * (fs - fa)
        done += 1
        for dependent in dependents_get(claim, no_links):
            count = waiting[dependent] - 1
            waiting[dependent] = count
            if count == 0:
                ready.append(dependent)

    not_converged = set()
    if done < len(waiting):
        cyclic = [claim for claim, count in waiting.items() if count > 0]
        not_converged = _iterate(cyclic, compute, base, value, max_iterations, tolerance)
    return Strengths(
        claims={c: value[c] for c in claims},
        link_weights=weight,
        link_strengths=contribution,
        not_converged=not_converged,
    )


def _iterate(claims, compute, base, value, max_iterations, tolerance):
    for claim in claims:
        value[claim] = base[claim]
    for _ in range(max_iterations):
        moving = set()
        for claim in claims:
            before = value[claim]
            compute(claim)
            if abs(value[claim] - before) > tolerance:
                moving.add(claim)
        if not moving:
            return set()
    return moving
