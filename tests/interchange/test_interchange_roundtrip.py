"""Exports go out and come back: the seed debate and random maps survive each format."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arguments.interchange.formats import FORMATS, read
from arguments.models import Debate, Stance, Status
from arguments.selectors.exporting import graph_from_debate
from arguments.services.importing import import_graph
from arguments.services.structure import add_argument
from tests.factories import ClaimFactory, debate_with_thesis

pytestmark = pytest.mark.django_db


def shape(graph, *, speakers=True, quotes=True, grouping=True, undercuts=True):
    """A graph by wording rather than ids: claims (with speaker and quotes) and arguments."""
    text = {node_id: node.text for node_id, node in graph.nodes.items()}
    claims = {
        (
            node.text,
            node.speaker if speakers else "",
            tuple(sorted((q.source, q.text) for q in node.quotes)) if quotes else (),
        )
        for node in graph.nodes.values()
    }
    edge_text, first_premise = {}, {}
    arguments = set()
    for edge in graph.edges:
        first_premise[edge.id] = text[edge.premises[0]]
        if not edge.target_is_edge:
            on_edge, target = False, text[edge.target]
        elif undercuts:
            on_edge, target = True, edge_text.get(edge.target)
        else:
            # Kialo has no undercutters: they go under the undercut argument's first premise.
            on_edge, target = False, first_premise[edge.target]
        premise_sets = [frozenset(text[p] for p in edge.premises)]
        if not grouping:
            premise_sets = [frozenset([text[p]]) for p in edge.premises]
        for premises in premise_sets:
            arguments.add((premises, edge.stance, on_edge, target))
        edge_text[edge.id] = (premise_sets[0], edge.stance, target)
    return claims, arguments


CARRIES = {
    "aif": {},
    "argdown": {},
    "kialo": {"speakers": False, "grouping": False, "undercuts": False},
}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_the_seed_debate_goes_out_and_comes_back_the_same(seed, name):
    fmt = FORMATS[name]
    original = graph_from_debate(seed)
    exported = fmt.emit(original)
    _, parsed = read(exported.encode("utf-8"), name)
    summary = import_graph(graph=parsed, slug=f"copy-{name}")
    copy = Debate.objects.get(slug=summary.debate.slug)
    assert copy.thesis.text == seed.thesis.text
    back = graph_from_debate(copy)
    carried = CARRIES[name]
    assert shape(back, **carried) == shape(original, **carried)
    assert not [r for r in summary.reports if "left out" in r]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_exports_carry_only_approved_content(seed, name):
    thesis = seed.thesis
    hidden = ClaimFactory(debate=seed, text="A pending proposal.", status=Status.PENDING)
    add_argument(
        debate=seed,
        premises=[hidden],
        stance=Stance.ATTACK,
        target_claim=thesis,
        status=Status.PENDING,
    )
    assert "A pending proposal." not in FORMATS[name].emit(graph_from_debate(seed))


maps = st.lists(
    st.tuples(
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
        # Claims are stored whitespace-normalised, as the services store what people type.
        .map(lambda text: " ".join(text.split()))
        .filter(bool),
        st.integers(min_value=0, max_value=1_000),
        st.sampled_from([Stance.SUPPORT, Stance.ATTACK]),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda item: item[0],
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(maps, st.sampled_from(sorted(FORMATS)))
def test_random_maps_survive_a_round_trip(db, items, name):
    debate = debate_with_thesis(title="Random map")
    claims = [debate.thesis]
    for text, parent, stance in items:
        if text == debate.thesis.text:
            continue
        claim = ClaimFactory(debate=debate, text=text)
        add_argument(
            debate=debate,
            premises=[claim],
            stance=stance,
            target_claim=claims[parent % len(claims)],
            status=Status.APPROVED,
        )
        claims.append(claim)
    original = graph_from_debate(debate)
    _, parsed = read(FORMATS[name].emit(original).encode("utf-8"), name)
    copy = import_graph(graph=parsed).debate
    carried = CARRIES[name]
    assert shape(graph_from_debate(copy), **carried) == shape(original, **carried)
