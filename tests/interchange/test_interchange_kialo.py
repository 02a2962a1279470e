"""Tests for arguments.interchange.kialo: reading both Kialo export forms, writing the newer
one back; no database."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arguments.interchange import kialo
from arguments.interchange.graph import (
    ATTACK,
    MAX_CLAIM_CHARS,
    MAX_DEPTH,
    MAX_INPUT_BYTES,
    MAX_LINE_CHARS,
    MAX_NODES,
    SUPPORT,
    Edge,
    FormatError,
    Graph,
    Node,
    Quote,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interchange"


def read(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def shape(graph):
    """Edges as (id, premises, stance, target) for compact assertions."""
    return [(e.id, e.premises, e.stance, e.target) for e in graph.edges]


def by_text(graph):
    """The graph keyed by claim text, so graphs with renamed ids and reordered claims compare
    equal; edges form a sorted list (a multiset), roots keep their order."""
    text_of = {node_id: node.text for node_id, node in graph.nodes.items()}
    nodes = sorted(
        (n.text, [(q.text, q.source) for q in n.quotes], n.sources) for n in graph.nodes.values()
    )
    edges = sorted(
        (tuple(text_of[p] for p in e.premises), e.stance, text_of[e.target]) for e in graph.edges
    )
    return graph.title, nodes, edges, [text_of[r] for r in graph.roots]


def parse_error(text):
    with pytest.raises(FormatError) as error:
        kialo.parse(text)
    return error.value


# The samples and messy real-world shapes

SAMPLE_TEXTS = {
    "1": "The US should raise human rights with China publicly and at the top level.",
    "1.1": "Leaders in Beijing read a soft-pedalled message as weakness.",
    "1.2": "Economic interdependence makes public pressure costly for the US.",
    "1.2.1": "Respect for rights advances other US interests, including trade.",
    "1.3": "Public criticism is interference in China's internal affairs.",
    "1.3.1": "Human rights are a matter of universal concern, not internal affairs.",
}
SAMPLE_EDGES = [
    ("1.1", ["1.1"], SUPPORT, "1"),
    ("1.2", ["1.2"], ATTACK, "1"),
    ("1.2.1", ["1.2.1"], ATTACK, "1.2"),
    ("1.3", ["1.3"], ATTACK, "1"),
    ("1.3.1", ["1.3.1"], ATTACK, "1.3"),
    ("1.4", ["1.2.1"], SUPPORT, "1"),
]


def test_older_sample_parses_to_the_expected_graph():
    graph = kialo.parse(read("sample.kialo.txt"))

    assert graph.title == "Quiet or public diplomacy? (sample)"
    assert {k: n.text for k, n in graph.nodes.items()} == SAMPLE_TEXTS
    assert shape(graph) == SAMPLE_EDGES
    assert graph.roots == ["1"]
    assert graph.reports == []


def test_sample_with_windows_line_ends_a_bom_and_trailing_spaces_parses_the_same():
    text = "\ufeff" + read("sample.kialo.txt").replace("\n", "  \r\n")

    graph = kialo.parse(text)

    assert {k: n.text for k, n in graph.nodes.items()} == SAMPLE_TEXTS
    assert shape(graph) == SAMPLE_EDGES


def test_old_mac_line_ends_are_accepted():
    graph = kialo.parse(read("sample.kialo.txt").replace("\n", "\r"))

    assert shape(graph) == SAMPLE_EDGES


def test_newer_form_with_sources_deleted_claims_tabs_and_later_links_parses():
    graph = kialo.parse(read("newer.kialo.txt"))

    assert graph.title == "Should the US put human rights first with China?"
    assert graph.nodes == {
        "1": Node("1", "The US should put human rights first with China."),
        "1.1": Node(
            "1.1",
            "Rights advance other US interests.",
            quotes=[Quote("ignored are precisely the more contentious ones.", "ips-clinton-2009")],
            sources=["https://www.hrw.org/news/2009/02/12/letter-secretary-state-hillary-clinton"],
        ),
        "1.1.1": Node("1.1.1", "Trade leverage is limited."),
        "1.3": Node(
            "1.3",
            "Public pressure hardens Beijing's position.\nIt makes concessions look like defeats.",
        ),
        "2": Node("2", "Quiet diplomacy has a better record."),
    }
    assert shape(graph) == [
        ("1.1", ["1.1"], SUPPORT, "1"),
        ("1.1.1", ["1.1.1"], ATTACK, "1.1"),
        ("1.1.2", ["1.3"], ATTACK, "1.1"),
        ("1.3", ["1.3"], ATTACK, "1"),
        ("2.1", ["1.1"], ATTACK, "2"),
    ]
    assert graph.roots == ["1", "2"]
    assert graph.reports == [
        "line 13: claim 1.2 is empty or deleted; skipped with the 2 positions under it"
    ]


def test_both_forms_may_be_mixed_and_thesis_labels_are_optional():
    text = "1. First thesis\n2. Thesis:\n  Second thesis\n2.1. Pro: Old style\n2.2. con:\n\tnew\n"

    graph = kialo.parse(text)

    assert {k: n.text for k, n in graph.nodes.items()} == {
        "1": "First thesis",
        "2": "Second thesis",
        "2.1": "Old style",
        "2.2": "new",
    }
    assert shape(graph) == [("2.1", ["2.1"], SUPPORT, "2"), ("2.2", ["2.2"], ATTACK, "2")]
    assert graph.roots == ["1", "2"]
    assert graph.title == ""


def test_an_indented_line_is_claim_text_even_when_it_starts_with_a_number():
    graph = kialo.parse("1. Thesis:\n    2. Not a new thesis\n")

    assert graph.nodes["1"].text == "2. Not a new thesis"
    assert graph.roots == ["1"]


def test_an_indented_labelled_position_is_still_a_position():
    graph = kialo.parse("1. Thesis\n    1.1. Pro: Indented\n")

    assert shape(graph) == [("1.1", ["1.1"], SUPPORT, "1")]


def test_a_link_to_a_later_position_and_a_link_to_a_link_both_resolve():
    text = "1. T\n1.1. Con: -> See 1.3.\n1.2. Pro: -> See 1.1\n1.3. Pro: Later claim\n"

    graph = kialo.parse(text)

    assert list(graph.nodes) == ["1", "1.3"]
    assert shape(graph) == [
        ("1.1", ["1.3"], ATTACK, "1"),
        ("1.2", ["1.3"], SUPPORT, "1"),
        ("1.3", ["1.3"], SUPPORT, "1"),
    ]


def test_a_link_on_a_cycle_parses():
    graph = kialo.parse("1. A\n1.1. Con: B\n1.1.1. Con: -> See 1.\n")

    assert shape(graph) == [("1.1", ["1.1"], ATTACK, "1"), ("1.1.1", ["1"], ATTACK, "1.1")]


def test_positions_under_a_link_hang_under_the_linked_claim():
    graph = kialo.parse("1. A\n1.1. Pro: B\n1.2. Con: -> See 1.1.\n1.2.1. Con: C\n")

    assert shape(graph)[-1] == ("1.2.1", ["1.2.1"], ATTACK, "1.1")


@pytest.mark.parametrize(
    "deleted",
    [
        "",
        "(deleted)",
        "[Deleted]",
        "deleted",
        "This claim was deleted.",
        "This claim has been deleted",
    ],
)
def test_deleted_claims_are_skipped_with_their_subtree_and_reported(deleted):
    text = f"1. A\n1.1. Con: {deleted}\n1.1.1. Pro: B\n1.1.1.1. Con: C\n1.2. Pro: D\n"

    graph = kialo.parse(text)

    assert list(graph.nodes) == ["1", "1.2"]
    assert shape(graph) == [("1.2", ["1.2"], SUPPORT, "1")]
    assert graph.reports == [
        "line 2: claim 1.1 is empty or deleted; skipped with the 2 positions under it"
    ]


def test_links_to_a_deleted_claim_and_to_the_parent_itself_are_reported():
    text = "1. A\n1.1. Con: (deleted)\n1.2. Pro: -> See 1.1.\n1.3. Pro: -> See 1.\n2. -> See 1.\n"

    graph = kialo.parse(text)

    assert graph.edges == []
    assert graph.reports == [
        "line 2: claim 1.1 is empty or deleted; skipped",
        "line 3: links to claim 1.1, which was skipped; ignored",
        "line 4: claim 1 would bear on itself; ignored",
        "line 5: a link at the top level has no parent; ignored",
    ]


def test_a_deleted_thesis_leaves_the_other_theses():
    graph = kialo.parse("1.\n1.1. Pro: A\n2. B\n")

    assert graph.roots == ["2"]
    assert graph.reports == [
        "line 1: claim 1 is empty or deleted; skipped with the 1 position under it"
    ]


def test_sources_lines_become_sources_or_quotes():
    text = (
        "1. Thesis:\n    A claim.\n    Sources:\n"
        "    [1] https://example.org/a\n"
        "    [2] prc-rebuttal-2021: \"Human rights are not a 'patent' of a few.\"\n"
        '    [3] "A quote without a source"\n'
        "    A plain reference without a number\n"
    )

    node = kialo.parse(text).nodes["1"]

    assert node.text == "A claim."
    assert node.sources == ["https://example.org/a", "A plain reference without a number"]
    assert node.quotes == [
        Quote("Human rights are not a 'patent' of a few.", "prc-rebuttal-2021"),
        Quote("A quote without a source"),
    ]


def test_text_before_the_first_claim_is_reported():
    graph = kialo.parse("Discussion Title: T\nSome preamble\n\n1. A\n")

    assert graph.title == "T"
    assert graph.reports == ["line 2: text before the first claim; ignored"]


def test_unicode_text_is_kept():
    graph = kialo.parse("1. 人权高于主权？ “Quoted” — ✓\n1.1. Con: Ünïcödé\n")

    assert graph.nodes["1"].text == "人权高于主权？ “Quoted” — ✓"


# Errors name the line


def test_a_position_without_its_parent_is_an_error_naming_the_line():
    error = parse_error("1. A\n1.1. Pro: B\n1.3.1. Con: C\n")

    assert error.line == 3
    assert str(error) == "line 3: claim 1.3.1 has no parent: there is no position 1.3"


def test_a_link_to_a_missing_position_is_an_error_naming_the_line():
    error = parse_error("Discussion Title: T\n\n1. A\n1.1. Pro: B\n1.2. Con: -> See 1.9.\n")

    assert str(error) == "line 5: links to position 1.9, which is not in the file"


def test_a_top_level_link_to_a_missing_position_is_an_error_on_its_own_line():
    error = parse_error("1. A\n2. -> See 7.\n2.1. Pro: B\n")

    assert str(error) == "line 2: links to position 7, which is not in the file"


def test_links_that_only_point_at_each_other_are_an_error():
    error = parse_error("1. A\n1.1. Pro: -> See 1.2.\n1.2. Con: -> See 1.1.\n")

    assert error.line == 2
    assert "circle" in str(error)


def test_a_position_used_twice_is_an_error_naming_both_lines():
    error = parse_error("1. A\n1.1. Pro: B\n1.1. Con: C\n")

    assert str(error) == "line 3: position 1.1 is used twice (first on line 2)"


def test_a_claim_without_pro_or_con_is_an_error_naming_the_line():
    error = parse_error("1. A\n1.1. B\n")

    assert str(error) == "line 2: claim 1.1 needs a Pro: or Con: label"


def test_a_claim_over_the_length_limit_is_refused_not_truncated():
    error = parse_error("1. A\n1.1. Pro:\n    " + "x" * MAX_CLAIM_CHARS + "\n    y\n")

    assert str(error) == (
        f"line 2: claim 1.1 is {MAX_CLAIM_CHARS + 2} characters long;"
        f" the limit is {MAX_CLAIM_CHARS}"
    )


# Limits


def test_input_over_the_size_limit_is_refused():
    error = parse_error("1. A\n" + " " * MAX_INPUT_BYTES)

    assert "larger than" in str(error)


def test_a_line_over_the_line_limit_is_refused_naming_it():
    error = parse_error("1. A\n1.1. Pro:\n    " + "x" * MAX_LINE_CHARS + "\n")

    assert error.line == 3
    assert f"the limit is {MAX_LINE_CHARS}" in str(error)


def test_positions_nested_deeper_than_the_limit_are_refused_naming_the_line():
    lines = [".".join(["1"] * depth) + ". Pro: x" for depth in range(1, MAX_DEPTH + 2)]

    error = parse_error("\n".join(lines))

    assert error.line == MAX_DEPTH + 1
    assert f"deeper than {MAX_DEPTH} levels" in str(error)


def test_more_claims_than_the_limit_are_refused_naming_the_line():
    lines = ["1. A"] + [f"1.{n}. Pro: x" for n in range(1, MAX_NODES + 1)]

    error = parse_error("\n".join(lines))

    assert error.line == MAX_NODES + 1
    assert f"more than {MAX_NODES} claims" in str(error)


# Writing and reading back


def linked_and_cyclic():
    """Two theses, a linked claim, a cycle, a multi-line claim, sources and quotes."""
    return Graph(
        title="Round trip",
        nodes={
            "t": Node("t", "Thesis."),
            "a": Node("a", "A supports.", sources=["https://example.org/a"]),
            "b": Node("b", "B attacks,\nover two lines.", quotes=[Quote("exact", "a-source")]),
            "c": Node("c", "C is linked.", quotes=[Quote("no source")]),
            "s": Node("s", "Second thesis."),
        },
        edges=[
            Edge("1", ["a"], SUPPORT, "t"),
            Edge("2", ["b"], ATTACK, "t"),
            Edge("3", ["c"], ATTACK, "a"),
            Edge("4", ["c"], SUPPORT, "b"),
            Edge("5", ["t"], ATTACK, "b"),
            Edge("6", ["c"], SUPPORT, "s"),
        ],
        roots=["t", "s"],
    )


def test_emit_writes_the_newer_form_with_links_for_claims_met_again():
    assert kialo.emit(linked_and_cyclic()) == (
        "Discussion Title: Round trip\n"
        "\n"
        "1. Thesis:\n"
        "    Thesis.\n"
        "1.1. Pro:\n"
        "    A supports.\n"
        "    Sources:\n"
        "    [1] https://example.org/a\n"
        "1.1.1. Con:\n"
        "    C is linked.\n"
        "    Sources:\n"
        '    [1] "no source"\n'
        "1.2. Con:\n"
        "    B attacks,\n"
        "    over two lines.\n"
        "    Sources:\n"
        '    [1] a-source: "exact"\n'
        "1.2.1. Pro: -> See 1.1.1.\n"
        "1.2.2. Con: -> See 1.\n"
        "2. Thesis:\n"
        "    Second thesis.\n"
        "2.1. Pro: -> See 1.1.1.\n"
    )


def test_emit_then_parse_gives_back_the_same_graph():
    graph = linked_and_cyclic()

    assert by_text(kialo.parse(kialo.emit(graph))) == by_text(graph)


def test_the_samples_survive_a_round_trip():
    for name in ("sample.kialo.txt", "newer.kialo.txt"):
        graph = kialo.parse(read(name))

        assert by_text(kialo.parse(kialo.emit(graph))) == by_text(graph)


def test_co_premises_are_written_as_separate_claims_with_the_edge_stance():
    graph = Graph(
        nodes={"t": Node("t", "T"), "p": Node("p", "P"), "q": Node("q", "Q")},
        edges=[Edge("e", ["p", "q"], ATTACK, "t")],
        roots=["t"],
    )

    again = kialo.parse(kialo.emit(graph))

    assert shape(again) == [("1.1", ["1.1"], ATTACK, "1"), ("1.2", ["1.2"], ATTACK, "1")]


def test_an_undercutter_is_written_under_the_undercut_edges_first_premise():
    graph = Graph(
        nodes={"t": Node("t", "T"), "p": Node("p", "P"), "u": Node("u", "U")},
        edges=[Edge("e", ["p"], SUPPORT, "t"), Edge("x", ["u"], ATTACK, "e", target_is_edge=True)],
        roots=["t"],
    )

    text = kialo.emit(graph)

    assert "1.1.1. Con:\n    U\n" in text
    assert shape(kialo.parse(text))[-1] == ("1.1.1", ["1.1.1"], ATTACK, "1.1")


def test_claims_out_of_reach_of_the_roots_become_extra_theses():
    graph = Graph(
        nodes={"t": Node("t", "T"), "x": Node("x", "X"), "y": Node("y", "Y")},
        edges=[Edge("1", ["x"], ATTACK, "y"), Edge("2", ["y"], ATTACK, "x")],
        roots=["t"],
    )

    again = kialo.parse(kialo.emit(graph))

    assert [again.nodes[r].text for r in again.roots] == ["T", "X"]
    assert by_text(again)[2] == by_text(graph)[2]


def test_emit_refuses_an_edge_naming_a_missing_node():
    graph = Graph(nodes={"t": Node("t", "T")}, edges=[Edge("e", ["ghost"], SUPPORT, "t")])

    with pytest.raises(FormatError, match="ghost"):
        kialo.emit(graph)


# Properties

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDÉé人,.'?!", min_size=1, max_size=8)
sentences = st.lists(words, min_size=1, max_size=6).map(" ".join)
claim_texts = (
    st.lists(sentences, min_size=1, max_size=2)
    .map("\n".join)
    .filter(lambda text: not kialo.DELETED.fullmatch(text))
)
references = st.lists(
    st.text(alphabet="abcxyz0123456789/:.-_", min_size=1, max_size=12), max_size=2
)
quotes = st.builds(
    Quote,
    st.lists(st.text(alphabet='abc"é.', min_size=1, max_size=8), min_size=1, max_size=3).map(
        " ".join
    ),
    st.one_of(st.just(""), st.text(alphabet="abc-0123.", min_size=1, max_size=10)),
)


@st.composite
def trees_with_links(draw):
    """Small acyclic graphs: a forest of pro/con claims plus links from later claims to earlier
    ones, with unique texts (the round trip renames ids and reorders claims)."""
    count = draw(st.integers(1, 7))
    texts = draw(st.lists(claim_texts, min_size=count, max_size=count, unique=True))
    nodes = {
        f"k{i}": Node(
            f"k{i}",
            text,
            quotes=draw(st.lists(quotes, max_size=2)),
            sources=draw(references),
        )
        for i, text in enumerate(texts)
    }
    stances = st.sampled_from([SUPPORT, ATTACK])
    roots, edges = [], []
    for i in range(count):
        parent = draw(st.none() | st.integers(0, i - 1)) if i else None
        if parent is None:
            roots.append(f"k{i}")
        else:
            edges.append(Edge(f"e{i}", [f"k{i}"], draw(stances), f"k{parent}"))
    for number in range(draw(st.integers(0, 3)) if count > 1 else 0):
        target = draw(st.integers(0, count - 2))
        premise = draw(st.integers(target + 1, count - 1))
        edges.append(Edge(f"l{number}", [f"k{premise}"], draw(stances), f"k{target}"))
    title = draw(st.one_of(st.just(""), sentences))
    return Graph(title=title, nodes=nodes, edges=edges, roots=roots)


@given(trees_with_links())
def test_any_tree_with_links_survives_emit_then_parse(graph):
    again = kialo.parse(kialo.emit(graph))

    assert by_text(again) == by_text(graph)
    assert again.reports == []


kialo_fragments = st.sampled_from(
    [
        "1.",
        "1. Thesis:",
        "1.1. Pro:",
        "1.2. Con: x",
        "2.",
        "1.1.1. Pro: -> See 1.",
        "1.3. Con: -> See 1.1",
        "    -> See 2",
        "    Sources:",
        '    [1] a: "b"',
        "Discussion Title: t",
        "1.1. Con: (deleted)",
        "\ttext",
        "",
        "9.9. Pro: y",
    ]
)
kialo_texts = st.lists(st.one_of(kialo_fragments, st.text(max_size=20)), max_size=12).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda end: end.join(lines))
)


def parses_or_refuses(text):
    try:
        return kialo.parse(text)
    except FormatError:
        return None


@given(st.text())
def test_any_text_parses_or_raises_format_error(text):
    parses_or_refuses(text)


@given(kialo_texts)
def test_any_kialo_shaped_text_parses_or_raises_format_error(text):
    graph = parses_or_refuses(text)

    if graph is not None:
        for edge in graph.edges:
            assert edge.premises[0] in graph.nodes
            assert edge.target in graph.nodes
        assert all(root in graph.nodes for root in graph.roots)
