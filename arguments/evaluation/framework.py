"""The graph the evaluation algorithms read: claims by id, and links between them.

A `Link` is one argument of the map: its premises (claim ids; several are co-premises that
work only together), its stance, and its target — a claim, or another link (an undercutter:
"this reason does not bear on that conclusion"). `weight` is the crowd's view of how much
the link bears on its target: the mean impact vote divided by 4, and 1 when nobody voted.

Both algorithms evaluate a *scope* of claims: every claim of a debate for a full
evaluation, or the claims a change can reach (the changed claim and all it bears on) for
an update. Premises outside the scope are read from `fixed` — their stored values — which
is sound because a claim's value depends only on what bears on it, never on what it bears
on (the evaluations are directional).
"""

from dataclasses import dataclass

SUPPORT = "support"
ATTACK = "attack"


@dataclass(frozen=True, slots=True)
class Link:
    id: int
    premises: tuple
    stance: str
    target_claim: int | None = None
    target_link: int | None = None
    weight: float = 1.0


@dataclass
class Framework:
    """The usable links of one evaluation, indexed once for both algorithms."""

    links: list
    by_id: dict  # link id -> link
    on_claim: dict  # claim id -> links targeting it
    on_link: dict  # link id -> attacks on that link (its undercutters)
    premise_of: dict  # claim id -> links it is a premise of
    concluded: dict  # link id -> the claim it finally bears on


def prepare(claims, links, fixed):
    """Index the links whose premises and target are known (in `claims` or `fixed`), whose
    undercut link, if any, is usable too. Links into nothing known are dropped.

    An undercutter is an attack on a link; a support aimed at a link has no meaning in
    either semantics and is left out of `on_link`."""
    known = claims.keys() | fixed.keys() if isinstance(claims, dict) else set(claims) | set(fixed)
    graph = Framework(links=[], by_id={}, on_claim={}, on_link={}, premise_of={}, concluded={})
    by_id, undercutting = graph.by_id, []
    for link in links:
        premises = link.premises
        if link.id in by_id:
            continue
        if len(premises) == 1:
            if premises[0] not in known:
                continue
        elif not all(p in known for p in premises):
            continue
        if link.target_claim is None:
            undercutting.append(link)
        elif link.target_claim in known:
            by_id[link.id] = link
            graph.concluded[link.id] = link.target_claim
    # Undercutters of undercutters: add, round by round, those whose target is in.
    while undercutting:
        remaining = []
        for link in undercutting:
            if link.target_link in by_id:
                by_id[link.id] = link
                graph.concluded[link.id] = graph.concluded[link.target_link]
            else:
                remaining.append(link)
        if len(remaining) == len(undercutting):
            break
        undercutting = remaining
    on_claim, on_link, premise_of = graph.on_claim, graph.on_link, graph.premise_of
    for link in by_id.values():
        if link.target_claim is not None:
            if link.target_claim in on_claim:
                on_claim[link.target_claim].append(link)
            else:
                on_claim[link.target_claim] = [link]
        elif link.stance == ATTACK:
            on_link.setdefault(link.target_link, []).append(link)
        for premise in link.premises:
            if premise in premise_of:
                premise_of[premise].append(link)
            else:
                premise_of[premise] = [link]
    graph.links = list(by_id.values())
    return graph


def concluded_claim(link, by_id):
    """The claim a link finally bears on: its target, or, for an undercutter, the target of
    the link it undercuts (followed down a chain); None when the chain leads nowhere."""
    seen = set()
    while link.target_claim is None:
        if link.id in seen or link.target_link not in by_id:
            return None
        seen.add(link.id)
        link = by_id[link.target_link]
    return link.target_claim


def bears_on(claim_ids, links):
    """The given claims and every claim they bear on, transitively, through `links`. Ends
    on cycles."""
    by_id = {link.id: link for link in links}
    parents = {}
    for link in links:
        concluded = concluded_claim(link, by_id)
        if concluded is not None:
            for premise in link.premises:
                parents.setdefault(premise, set()).add(concluded)
    reached = set(claim_ids)
    frontier = list(reached)
    while frontier:
        for parent in parents.get(frontier.pop(), ()):
            if parent not in reached:
                reached.add(parent)
                frontier.append(parent)
    return reached
