"""Builds synthetic debates of any size with bulk inserts, for tests and benchmarks."""

import random

from django.db import transaction

from corpus.models import Actor

from ..models import Argument, Claim, Debate, Premise, Stance, Status


@transaction.atomic
def generate_debate(*, claims, seed=0, slug=None, link_every=40):
    """A public debate of `claims` approved claims, deterministic for `seed`.

    Every claim after the thesis bears on one earlier claim, chosen so that branching thins
    with depth; every `link_every`-th claim also bears on a second earlier claim (a linked
    claim). Targets always come earlier, so the graph has no cycle.
    """
    rng = random.Random(seed)
    speakers = list(Actor.objects.order_by("pk")[:8]) or [None]
    debate = Debate.objects.create(
        slug=slug or f"generated-{claims}-{seed}",
        title=f"Generated debate ({claims} claims, seed {seed})",
        description="A synthetic map for tests and benchmarks.",
    )
    rows = Claim.objects.bulk_create(
        Claim(
            debate=debate,
            text=f"Generated claim {index} of {claims}.",
            speaker=speakers[index % len(speakers)],
            status=Status.APPROVED,
        )
        for index in range(claims)
    )
    debate.thesis = rows[0]
    debate.save(update_fields=["thesis"])

    def stance():
        return Stance.SUPPORT if rng.random() < 0.55 else Stance.ATTACK

    edges = []
    for index in range(1, claims):
        # Squaring a uniform draw favours early (shallow) claims as parents.
        parent = int(index * rng.random() ** 2)
        edges.append((index, parent, stance()))
        second = rng.randrange(index)
        if index % link_every == 0 and second != parent:
            edges.append((index, second, stance()))
    arguments = Argument.objects.bulk_create(
        Argument(
            debate=debate,
            stance=edge_stance,
            target_claim=rows[target],
            status=Status.APPROVED,
            signature=Argument.make_signature(
                premise_ids=[rows[premise].pk],
                stance=edge_stance,
                target_claim_id=rows[target].pk,
            ),
        )
        for premise, target, edge_stance in edges
    )
    Premise.objects.bulk_create(
        Premise(argument=argument, claim=rows[premise], position=0)
        for argument, (premise, _, _) in zip(arguments, edges, strict=True)
    )
    return debate
