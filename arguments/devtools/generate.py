"""Builds synthetic debates of any size with bulk inserts, for tests and benchmarks."""

import random
from collections import deque

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from arguments.models import (
    MAX_IMPACT,
    Argument,
    Citation,
    Claim,
    Debate,
    Premise,
    Stance,
    Status,
    Vote,
)
from arguments.permissions import Access, listed_sources_q
from arguments.selectors.paths import shortest_path_to
from arguments.services.bulk import BATCH, insert_rows, refresh_statistics, update_rows
from arguments.services.counts import refresh_counts
from arguments.services.evaluate import evaluate_debate
from corpus import palette
from corpus.models import Actor, Camp, DebateSource, Excerpt, Source

# What generated claims talk about, so that searching them is like searching a real map:
# a word or two occurs in a few claims in a hundred, not in all or none.
TOPICS = [
    "Public pressure has freed political prisoners before.",
    "Quiet diplomacy keeps the channels to Beijing open.",
    "Sanctions on officials change behaviour only at the margins.",
    "Trade leverage is stronger than any statement of concern.",
    "The detention camps in Xinjiang demand a public answer.",
    "Human rights dialogues became a substitute for action.",
    "Allies in Europe must join any pressure to make it work.",
    "Beijing reads silence as consent and weakness.",
    "Naming political prisoners by name protects them.",
    "Hypocrisy at home weakens the case abroad.",
    "Visa bans target the people responsible for abuses.",
    "Climate cooperation should not be traded for silence.",
    "Tibetan and Uyghur voices must be heard in every meeting.",
    "Press freedom in Hong Kong is a test of the promises made.",
    "Business interests lobby against raising human rights.",
    "Internal affairs are no shield against universal rights.",
    "Lawyers detained for their work deserve consular attention.",
    "Public statements before a visit set the agenda of the talks.",
    "Economic growth did not bring political reform.",
    "The United Nations Human Rights Council is a venue for pressure.",
]


@transaction.atomic
def generate_debate(*, claims, seed=0, slug=None, link_every=40, pending_every=25, pair_every=60):
    """A public debate of `claims` claims, deterministic for `seed`.

    Every claim after the thesis bears on one earlier claim, in a tree whose branching thins
    with depth; every `link_every`-th claim also bears on a second earlier claim (a linked
    claim); every `pair_every`-th argument has a second, co-premise claim; every
    `pending_every`-th claim is a pending proposal. Claims cite verbatim passages of the
    corpus when it is loaded; every `VOTE_EVERY`-th approved argument has one to five
    impact votes. Targets always come earlier, so the graph has no cycle.
    """
    rng = random.Random(seed)
    now = timezone.now()
    debate = Debate.objects.create(
        slug=slug or f"generated-{claims}-{seed}",
        title=f"Generated debate ({claims} claims, seed {seed})",
        description="A synthetic map for tests and benchmarks.",
    )
    speakers = _speakers(debate)
    statuses = [
        Status.PENDING if index and index % pending_every == 0 else Status.APPROVED
        for index in range(claims)
    ]
    ids = []
    for start in range(0, claims, BATCH):
        ids += insert_rows(
            Claim,
            [
                {
                    "debate_id": debate.pk,
                    "key": "",
                    "text": f"Generated claim {index}: {TOPICS[index % len(TOPICS)]}",
                    "speaker_id": speakers[index % len(speakers)],
                    "author_id": None,
                    "status": statuses[index],
                    "label": "",
                    "strength": None,
                    "merged_into_id": None,
                    "created": now,
                    "updated": now,
                }
                for index in range(start, min(start + BATCH, claims))
            ],
        )
    debate.thesis_id = ids[0]
    debate.save(update_fields=["thesis"])

    def stance():
        return Stance.SUPPORT if rng.random() < 0.55 else Stance.ATTACK

    arguments = []  # (premise indexes, target index, stance)
    for index, parent in enumerate(_tree(claims, rng)):
        if index == 0:
            continue
        premises = [index]
        if index % pair_every == 0 and index - 1 != parent:
            premises.append(index - 1)
        arguments.append((premises, parent, stance()))
        second = rng.randrange(index)
        if index % link_every == 0 and second not in (parent, index):
            arguments.append(([index], second, stance()))
    seen, unique = set(), []
    for premises, target, edge_stance in arguments:
        signature = Argument.make_signature(
            premise_ids=[ids[p] for p in premises], stance=edge_stance, target_claim_id=ids[target]
        )
        if signature not in seen:
            seen.add(signature)
            unique.append((premises, target, edge_stance, signature))
    approved_arguments = []
    for start in range(0, len(unique), BATCH):
        chunk = unique[start : start + BATCH]
        argument_ids = insert_rows(
            Argument,
            [
                {
                    "debate_id": debate.pk,
                    "stance": edge_stance,
                    "target_claim_id": ids[target],
                    "target_argument_id": None,
                    "signature": signature,
                    "status": statuses[premises[0]],
                    "author_id": None,
                    "created": now,
                }
                for premises, target, edge_stance, signature in chunk
            ],
        )
        approved_arguments += [
            pk
            for pk, (premises, _, _, _) in zip(argument_ids, chunk, strict=True)
            if statuses[premises[0]] == Status.APPROVED
        ]
        insert_rows(
            Premise,
            [
                {"argument_id": pk, "claim_id": ids[claim], "position": position}
                for pk, (premises, _, _, _) in zip(argument_ids, chunk, strict=True)
                for position, claim in enumerate(premises)
            ],
        )
    _cite(debate, ids, rng)
    _vote(approved_arguments, rng)
    refresh_statistics(Claim, Argument, Premise, Citation, Vote, rows=claims)
    refresh_counts(debate.pk)
    evaluate_debate(debate_id=debate.pk)
    debate.refresh_from_db()
    return debate


def _tree(claims, rng):
    """Each claim's parent index (the thesis's is None), filled breadth first so that
    branching thins with depth: about ten main lines, then three to five reasons a claim,
    then fewer, and some claims with none."""
    parents = [None] * claims
    depth = [0] * claims
    queue = deque([0])
    following = 1
    while following < claims:
        parent = queue.popleft() if queue else rng.randrange(following)
        level = depth[parent]
        wanted = (
            rng.randint(8, 12) if level == 0 else rng.randint(max(0, 4 - level), 6 - min(level, 3))
        )
        for _ in range(wanted):
            if following >= claims:
                break
            parents[following] = parent
            depth[following] = level + 1
            queue.append(following)
            following += 1
    return parents


def _cite(debate, ids, rng, every=7):
    """Give every `every`-th claim a verbatim passage of a public source (of a public debate),
    when there is one; the debate then uses those sources."""
    sources = list(Source.objects.filter(listed_sources_q(AnonymousUser())).only("pk", "text"))
    if not sources:
        return
    DebateSource.objects.bulk_create(
        [DebateSource(debate=debate, source=source) for source in sources], ignore_conflicts=True
    )
    excerpts = []
    for source in sources:
        for start in range(0, max(len(source.text) - 80, 1), 400):
            excerpts.append(Excerpt(source=source, start=start, end=start + 60))
    for excerpt in excerpts:
        excerpt.quote = excerpt.source.text[excerpt.start : excerpt.end]
    existing = {
        (e.source_id, e.start, e.end): e.pk
        for e in Excerpt.objects.filter(source__in=sources).only("source_id", "start", "end")
    }
    new = [e for e in excerpts if (e.source_id, e.start, e.end) not in existing]
    for excerpt in Excerpt.objects.bulk_create(new):
        existing[(excerpt.source_id, excerpt.start, excerpt.end)] = excerpt.pk
    pool = list(existing.values())
    Citation.objects.bulk_create(
        [Citation(claim_id=claim_id, excerpt_id=rng.choice(pool)) for claim_id in ids[1::every]],
        batch_size=BATCH,
    )


VOTE_EVERY = 9
VOTERS = 5


def _vote(argument_ids, rng):
    """Impact votes on every VOTE_EVERY-th argument from a few shared voter accounts, with
    the arguments' stored vote counts and means set to match."""
    users = get_user_model().objects
    voters = [users.get_or_create(username=f"generated-voter-{n}")[0].pk for n in range(VOTERS)]
    rows, totals = [], []
    for argument_id in argument_ids[::VOTE_EVERY]:
        values = [rng.randint(0, MAX_IMPACT) for _ in range(rng.randint(1, VOTERS))]
        for voter, value in zip(voters, values, strict=False):
            rows.append({"user_id": voter, "argument_id": argument_id, "value": value})
        totals.append((argument_id, len(values), sum(values) / len(values)))
    now = timezone.now()
    for row in rows:
        row["created"] = row["updated"] = now
    for start in range(0, len(rows), BATCH):
        insert_rows(Vote, rows[start : start + BATCH])
    update_rows(Argument, totals, ["vote_count", "impact"])


GENERATED_CAMPS = ("Camp one", "Camp two", "Camp three", "Camp four")
GENERATED_SPEAKERS = 12


def _speakers(debate):
    """Four camps and twelve speakers of the generated debate (two bulk inserts); their ids."""
    camps = Camp.objects.bulk_create(
        Camp(debate=debate, key=f"camp-{n + 1}", name=name, order=n, style=palette.STYLES[n].key)
        for n, name in enumerate(GENERATED_CAMPS)
    )
    actors = Actor.objects.bulk_create(
        Actor(
            debate=debate,
            camp=camps[n % len(camps)],
            slug=f"speaker-{n + 1}",
            name=f"Speaker {n + 1}",
            kind=Actor.Kind.PERSON,
        )
        for n in range(GENERATED_SPEAKERS)
    )
    if actors[0].pk is None:  # a backend that does not return ids from a bulk insert
        return list(debate.speakers.order_by("pk").values_list("pk", flat=True))
    return [actor.pk for actor in actors]


def deep_claim(debate):
    """The deepest of the debate's last 300 approved claims, and its path from the thesis."""
    access = Access(AnonymousUser(), debate)
    best = None
    for claim_id in (
        debate.claims.filter(status="approved").order_by("-pk").values_list("pk", flat=True)[:300]
    ):
        path, _ = shortest_path_to(claim_id=claim_id, thesis_id=debate.thesis_id, access=access)
        if len(path) >= 2 and (best is None or len(path) > len(best[1])):
            best = (claim_id, path)
    return best
