"""Grounded labelling (Dung 1995) of a debate's claims under its attacks.

Dung's grounded extension is the least fixed point of "accept what is defended"; as a
labelling (Caminada 2006) it reads:

- a claim is IN when every link attacking it is OUT (so a claim nobody attacks is IN),
  OUT when some link attacking it is IN, and UNDECIDED otherwise;
- a link (an argument from premises to a target) is IN when all its premises are IN and
  every undercutter of it is OUT; OUT when some premise is OUT or some undercutter is IN
  (an IN undercutter cancels the link); UNDECIDED otherwise.

Supports carry no weight here: acceptability depends on attacks alone. A link with
several premises stands only if all of them do, which makes this the grounded semantics
of a framework with set attacks (Nielsen and Parsons 2006); with one premise per link it
is exactly Dung's.

The labelling is computed by propagation from the unattacked claims: every node keeps a
count of the conditions it still waits for, and each node is labelled at most once, so
the work is linear in claims plus links. What is never reached — odd cycles, and
everything that hangs on them — stays UNDECIDED, as the least fixed point requires. Even
cycles come out UNDECIDED too: the grounded semantics is the sceptical one.
"""

from collections import deque

from .framework import ATTACK, prepare

IN, OUT, UNDECIDED = "in", "out", "undecided"


def label(claims, links, fixed=None, *, graph=None):
    """Label `claims` (ids) under `links`; premises outside `claims` take their label from
    `fixed` (claim id -> label). Returns (labels of claims, labels of links by id). `graph`
    is `framework.prepare`'s index of the same input, when the caller has it already."""
    fixed = fixed or {}
    in_scope = claims if isinstance(claims, dict) else dict.fromkeys(claims)
    graph = graph or prepare(in_scope, links, fixed)
    links, by_id, on_link, premise_of = graph.links, graph.by_id, graph.on_link, graph.premise_of

    claim_label, link_label = {}, {}
    # How many conditions each node still waits for before it is IN: a claim, its
    # attackers' defeat; a link, its premises' acceptance and its undercutters' defeat.
    waiting_claim = dict.fromkeys(in_scope, 0)
    waiting_link = {}
    for link in links:
        undercutters = on_link.get(link.id)
        waiting_link[link.id] = len(link.premises) + (len(undercutters) if undercutters else 0)
        if link.stance == ATTACK and link.target_claim in waiting_claim:
            waiting_claim[link.target_claim] += 1

    claims_done, links_done = deque(), deque()
    for claim, count in waiting_claim.items():
        if count == 0:
            claim_label[claim] = IN
            claims_done.append(claim)
    for claim, value in fixed.items():
        if claim not in in_scope and value in (IN, OUT):
            claim_label[claim] = value
            claims_done.append(claim)

    def set_link(link, value):
        if link.id not in link_label:
            link_label[link.id] = value
            links_done.append(link)

    while claims_done or links_done:
        while claims_done:
            claim = claims_done.popleft()
            accepted = claim_label[claim] == IN
            for link in premise_of.get(claim, ()):
                if not accepted:
                    set_link(link, OUT)
                else:
                    waiting_link[link.id] -= 1
                    if waiting_link[link.id] == 0:
                        set_link(link, IN)
        while links_done:
            link = links_done.popleft()
            if link.stance != ATTACK:
                continue
            accepted = link_label[link.id] == IN
            if link.target_claim is not None:
                target = link.target_claim
                if target not in waiting_claim or target in claim_label:
                    continue
                if accepted:
                    claim_label[target] = OUT
                    claims_done.append(target)
                else:
                    waiting_claim[target] -= 1
                    if waiting_claim[target] == 0:
                        claim_label[target] = IN
                        claims_done.append(target)
            else:
                undercut = by_id[link.target_link]
                if accepted:
                    set_link(undercut, OUT)
                else:
                    waiting_link[undercut.id] -= 1
                    if waiting_link[undercut.id] == 0:
                        set_link(undercut, IN)

    return (
        {claim: claim_label.get(claim, UNDECIDED) for claim in in_scope},
        {link.id: link_label.get(link.id, UNDECIDED) for link in links},
    )
