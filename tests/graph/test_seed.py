"""The hand-built US–China map: its loader and the standards the map is held to."""

from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command

from arguments.models import Argument, Citation, Claim, Debate, Premise, Stance, Status
from arguments.models.argument import reachable_from
from arguments.seed.mapfile import DEFAULT_MAP, MapError, parse_map, read_map
from arguments.services.seed import load_debate_map
from corpus.loading import load_corpus, read_metadata
from corpus.models import Actor, Camp, Excerpt, Source

pytestmark = pytest.mark.django_db

TABLES = [Camp, Actor, Source, Excerpt, Debate, Claim, Citation, Argument, Premise]


def snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in TABLES}


def test_loading_the_seed_twice_leaves_the_same_rows(seed):
    before = snapshot()
    call_command("load_seed", verbosity=0)
    assert snapshot() == before


def test_the_seed_debate_is_featured_public_and_has_its_thesis(seed):
    assert seed.featured and seed.visibility == Debate.Visibility.PUBLIC
    assert seed.thesis.text.startswith("The United States should")
    assert seed.thesis.status == Status.APPROVED


def test_the_map_has_at_least_sixty_approved_claims_all_bearing_on_the_thesis(seed):
    claims = Claim.objects.filter(debate=seed, status=Status.APPROVED)
    assert claims.count() >= 60
    for claim in claims:
        assert seed.thesis_id in reachable_from(claim.pk), claim.key


def _depths(debate):
    children = defaultdict(set)
    for claim_id, target_id in Premise.objects.filter(
        argument__debate=debate, argument__target_claim__isnull=False
    ).values_list("claim_id", "argument__target_claim_id"):
        children[target_id].add(claim_id)
    depth, frontier, level = {debate.thesis_id: 0}, [debate.thesis_id], 0
    while frontier:
        level += 1
        frontier = [c for parent in frontier for c in children[parent] if c not in depth]
        for claim_id in frontier:
            depth[claim_id] = level
    return depth


def test_main_lines_reach_depth_five(seed):
    depth = _depths(seed)
    assert max(depth.values()) >= 5
    # Several claims deep down, not one long chain. Depth is the shortest path, so a claim
    # that answers a con near the thesis sits high even when it also answers a deep one.
    assert sum(1 for d in depth.values() if d >= 4) >= 3


def test_claims_from_sources_cite_verbatim_excerpts_and_every_source_is_used(seed):
    claims = Claim.objects.filter(debate=seed).prefetch_related("citations")
    for claim in claims:
        if not claim.is_editorial:
            assert claim.citations.all(), f"{claim.key} has a speaker but cites nothing"
    editorial = [claim for claim in claims if claim.is_editorial]
    assert len(editorial) <= len(claims) // 10
    for source in Source.objects.all():
        cited_by = Claim.objects.filter(debate=seed, citations__excerpt__source=source)
        assert cited_by.distinct().count() >= 6, source.slug


def test_every_excerpt_in_the_database_is_verbatim(seed):
    excerpts = Excerpt.objects.select_related("source")
    assert excerpts.count() >= 30
    for excerpt in excerpts:
        assert excerpt.source.text[excerpt.start : excerpt.end] == excerpt.quote


def test_the_camps_answer_each_other(seed):
    attacks = Argument.objects.filter(
        debate=seed, stance=Stance.ATTACK, target_claim__isnull=False
    ).select_related("target_claim__speaker")
    cross_camp = 0
    for argument in attacks:
        target = argument.target_claim.speaker
        for premise in argument.premises.select_related("speaker"):
            if premise.speaker and target and premise.speaker.camp != target.camp:
                cross_camp += 1
    assert cross_camp >= 15


def test_linked_claims_co_premises_and_undercutters_are_present(seed):
    targets = defaultdict(set)
    for claim_id, target in Premise.objects.filter(argument__debate=seed).values_list(
        "claim_id", "argument__target_claim_id"
    ):
        targets[claim_id].add(target)
    assert sum(1 for t in targets.values() if len(t) >= 2) >= 5
    arguments = Argument.objects.filter(debate=seed)
    multi = [
        a for a in arguments.prefetch_related("premise_links") if len(a.premise_links.all()) > 1
    ]
    assert len(multi) >= 2
    assert arguments.filter(target_argument__isnull=False).exists()


def test_every_actor_named_in_the_map_exists_in_the_corpus():
    actors = {row["slug"] for row in read_metadata()["actors"]}
    for claim in read_map().claims:
        assert claim.speaker is None or claim.speaker in actors, claim.key


def _tiny_map(quote):
    return parse_map(
        {
            "debate": {"slug": "tiny", "title": "Tiny", "thesis": "t"},
            "claims": [
                {"key": "t", "text": "Thesis."},
                {
                    "key": "weakness",
                    "text": "Soft-pedalling is read as weakness.",
                    "speaker": "letter-2013-groups",
                    "note": "The 2013 letter's sentence on soft-pedalling.",
                    "supports": ["t"],
                    "quotes": [{"source": "freedom-house-kerry-2013", "text": quote}],
                },
            ],
        }
    )


def test_a_quote_not_in_its_source_is_refused_naming_the_claim_and_nothing_is_written():
    load_corpus()
    with pytest.raises(MapError, match="claim 'weakness': quote not found verbatim"):
        load_debate_map(debate_map=_tiny_map("The Chinese authorities love soft-pedalling."))
    assert not Debate.objects.exists()
    assert not Claim.objects.exists()
    assert not Excerpt.objects.exists()


def test_a_verbatim_quote_loads_with_its_offsets():
    load_corpus()
    quote = "perceive it as weakness"
    load_debate_map(debate_map=_tiny_map(quote))
    excerpt = Excerpt.objects.get()
    assert excerpt.source.text[excerpt.start : excerpt.end] == quote


def test_the_command_reports_a_bad_map_as_an_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        DEFAULT_MAP.read_text(encoding="utf-8").replace('thesis = "thesis"', 'thesis = "nope"', 1)
    )
    with pytest.raises(CommandError, match="thesis 'nope' is not a claim"):
        call_command("load_seed", "--map", str(bad), verbosity=0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"claims": [{"key": "t", "text": "x"}, {"key": "t", "text": "y"}]}, "defined twice"),
        (
            {"arguments": [{"premises": ["z"], "stance": "support", "target": "t"}]},
            "unknown premise",
        ),
        ({"arguments": [{"premises": ["t"], "stance": "maybe", "target": "t"}]}, "stance"),
        ({"arguments": [{"premises": ["t"], "stance": "attack"}]}, "exactly one"),
        (
            {"arguments": [{"premises": ["t"], "stance": "attack", "target_argument": "x"}]},
            "unknown target argument",
        ),
    ],
)
def test_map_files_with_broken_references_are_refused(change, message):
    data = {
        "debate": {"slug": "s", "title": "S", "thesis": "t"},
        "claims": [{"key": "t", "text": "T"}],
    }
    data.update(change)
    with pytest.raises(MapError, match=message):
        parse_map(data)
