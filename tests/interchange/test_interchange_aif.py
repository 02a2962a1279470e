"""Tests for arguments.interchange.aif: reading messy AIF JSON, writing it back; no database."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arguments.interchange import aif
from arguments.interchange.graph import (
    ATTACK,
    MAX_CLAIM_CHARS,
    MAX_DEPTH,
    MAX_INPUT_BYTES,
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


def document(nodes, edges=(), **extra):
    """An AIF JSON text from (id, type, text) triples and (from, to) pairs."""
    return json.dumps(
        {
            "nodes": [{"nodeID": i, "type": kind, "text": text} for i, kind, text in nodes],
            "edges": [
                {"edgeID": n, "fromID": a, "toID": b} for n, (a, b) in enumerate(edges, start=1)
            ],
            **extra,
        }
    )


def shape(graph):
    """Edges as (id, premises, stance, target, target_is_edge) for compact assertions."""
    return [(e.id, e.premises, e.stance, e.target, e.target_is_edge) for e in graph.edges]


def normal(graph):
    """The graph with ids replaced by positions, so graphs with renamed ids compare equal."""
    place = {node_id: index for index, node_id in enumerate(graph.nodes)}
    edge_place = {edge.id: index for index, edge in enumerate(graph.edges)}
    nodes = [
        (n.text, n.speaker, [(q.text, q.source) for q in n.quotes], n.sources)
        for n in graph.nodes.values()
    ]
    edges = [
        (
            [place[p] for p in e.premises],
            e.stance,
            edge_place[e.target] if e.target_is_edge else place[e.target],
            e.target_is_edge,
        )
        for e in graph.edges
    ]
    return graph.title, nodes, edges, [place[r] for r in graph.roots]


# The samples and messy real-world shapes


def test_sample_parses_to_the_expected_graph():
    graph = aif.parse(read("sample.aif.json"))

    assert graph.title == ""
    assert {k: n.text for k, n in graph.nodes.items()} == {
        "1": "The US should raise human rights with China publicly and at the top level.",
        "2": "Leaders in Beijing read a soft-pedalled message as weakness.",
        "4": "Economic interdependence makes public pressure costly for the US.",
        "6": "Respect for rights advances other US interests, including trade.",
    }
    assert shape(graph) == [
        ("3", ["2"], SUPPORT, "1", False),
        ("5", ["4"], ATTACK, "1", False),
        ("7", ["6"], ATTACK, "4", False),
        ("8", ["6"], SUPPORT, "1", False),
    ]
    assert [e.scheme for e in graph.edges] == [
        "Default Inference",
        "Default Conflict",
        "Default Conflict",
        "Default Inference",
    ]
    assert graph.roots == ["1"]
    assert graph.reports == []


def test_messy_file_with_integer_ids_extra_keys_and_a_dialogue_layer_parses():
    graph = aif.parse(read("messy.aif.json"))

    assert graph.title == "Quiet diplomacy or public pressure? (messy AIF)"
    assert list(graph.nodes) == [
        "10", "11", "12", "15", "16", "18", "20", "30", "22", "23", "26", "27"
    ]  # fmt: skip
    assert graph.nodes["11"].text == "Private talks keep channels open."
    assert shape(graph) == [
        ("13", ["11"], SUPPORT, "10", False),
        ("14", ["12"], ATTACK, "11", False),
        ("17", ["15", "16"], SUPPORT, "18", False),
        ("19", ["18"], ATTACK, "10", False),
        ("21", ["20"], ATTACK, "17", True),
        ("24", ["22"], ATTACK, "23", False),
        ("25", ["23"], ATTACK, "22", False),
        ("28", ["27"], SUPPORT, "26", False),
    ]
    assert [e.scheme for e in graph.edges] == [
        "Argument From Consequences",
        "Default Conflict",
        "72",
        "",
        "Default Conflict",
        "Default Conflict",
        "Default Conflict",
        "Argument From Sign",
    ]
    assert graph.roots == ["10", "30", "26"]


def test_speakers_come_from_participants_from_ova_locution_text_and_from_the_speaker_key():
    graph = aif.parse(read("messy.aif.json"))

    assert graph.nodes["10"].speaker == "Alex Chen"
    assert graph.nodes["11"].speaker == "Bob"
    assert graph.nodes["26"].speaker == "Hillary Clinton"
    assert graph.nodes["12"].speaker == ""


def test_rephrases_preferences_and_dangling_edges_are_reported_not_dropped():
    graph = aif.parse(read("messy.aif.json"))

    assert graph.reports == [
        "edge 30: node 99 is not in the file; skipped",
        "MA node 29: 'Private talks keep channels open.' rephrases"
        " 'Talking in private keeps doors open.' (kept aside: rephrasing is not modelled)",
        "PA node 31: RA node 13 is preferred to CA node 14"
        " (kept aside: preferences are not modelled)",
    ]


def test_ova_document_wrapped_in_an_aif_key_gives_speakers_from_locution_text():
    graph = aif.parse(read("ova.aif.json"))

    assert {k: (n.text, n.speaker) for k, n in graph.nodes.items()} == {
        "2": ("Public pressure embarrasses Beijing into concessions.", "Bob"),
        "5": ("Beijing answers pressure by hardening, not by conceding.", "Wilma"),
    }
    assert shape(graph) == [("8", ["5"], ATTACK, "2", False)]
    assert graph.roots == ["2"]
    assert graph.reports == []


def test_windows_line_ends_and_a_byte_order_mark_are_accepted():
    text = "\ufeff" + read("sample.aif.json").replace("\n", "\r\n")

    assert normal(aif.parse(text)) == normal(aif.parse(read("sample.aif.json")))


def test_mutual_attacks_parse_and_leave_no_root():
    graph = aif.parse(
        document(
            [(1, "I", "A"), (2, "I", "B"), (3, "CA", "x"), (4, "CA", "y")],
            [(1, 3), (3, 2), (2, 4), (4, 1)],
        )
    )

    assert shape(graph) == [("3", ["1"], ATTACK, "2", False), ("4", ["2"], ATTACK, "1", False)]
    assert graph.roots == []


def test_several_unconnected_maps_give_several_roots_in_file_order():
    graph = aif.parse(
        document(
            [(1, "I", "A"), (2, "I", "B"), (3, "RA", ""), (4, "I", "C"), (5, "I", "lonely")],
            [(2, 3), (3, 1)],
        )
    )

    assert graph.roots == ["1", "4", "5"]


def test_co_premises_into_one_inference_stay_one_edge_in_edge_order():
    graph = aif.parse(
        document(
            [(1, "I", "C"), (2, "I", "P"), (3, "I", "Q"), (4, "RA", "")],
            [(3, 4), (2, 4), (4, 1)],
        )
    )

    assert shape(graph) == [("4", ["3", "2"], SUPPORT, "1", False)]


def test_an_attack_on_an_inference_is_an_undercutter_and_a_support_of_one_is_kept_too():
    graph = aif.parse(
        document(
            [(1, "I", "C"), (2, "I", "P"), (3, "RA", ""), (4, "I", "U"), (5, "CA", "")]
            + [(6, "I", "S"), (7, "RA", "")],
            [(2, 3), (3, 1), (4, 5), (5, 3), (6, 7), (7, 5)],
        )
    )

    assert shape(graph) == [
        ("3", ["2"], SUPPORT, "1", False),
        ("5", ["4"], ATTACK, "3", True),
        ("7", ["6"], SUPPORT, "5", True),
    ]


def test_an_argument_used_as_a_premise_is_reported_and_skipped_with_what_undercuts_it():
    graph = aif.parse(
        document(
            [(1, "I", "C"), (2, "I", "P"), (3, "RA", ""), (4, "RA", ""), (5, "I", "U")]
            + [(6, "CA", "")],
            [(2, 3), (3, 4), (4, 1), (5, 6), (6, 4)],
        )
    )

    assert shape(graph) == []
    assert graph.reports == [
        "RA node 4: its premise is node 3, an argument; arguments used as premises are not"
        " supported; skipped",
        "RA node 3: bears on node 4, which was skipped; skipped",
        "CA node 6: bears on node 4, which was skipped; skipped",
    ]


def test_inferences_without_premises_or_conclusion_are_reported_and_skipped():
    graph = aif.parse(
        document(
            [(1, "I", "C"), (2, "I", "P"), (3, "RA", ""), (4, "CA", ""), (5, "CA", "")],
            [(3, 1), (2, 4), (2, 5), (5, 2)],
        )
    )

    assert shape(graph) == []
    assert graph.reports == [
        "RA node 3: no premises; skipped",
        "CA node 4: no conclusion; skipped",
        "CA node 5: its conclusion is also its premise; skipped",
    ]
    assert graph.roots == ["1", "2"]


def test_an_inference_pointing_at_two_claims_keeps_the_first_and_says_so():
    graph = aif.parse(
        document(
            [(1, "I", "A"), (2, "I", "B"), (3, "I", "P"), (4, "RA", "")],
            [(3, 4), (4, 2), (4, 1)],
        )
    )

    assert shape(graph) == [("4", ["3"], SUPPORT, "2", False)]
    assert graph.reports == ["RA node 4: points to 2 nodes; kept the first (2), dropped 1"]


def test_broken_edges_and_unknown_node_types_are_reported_not_fatal():
    text = json.dumps(
        {
            "nodes": [
                {"nodeID": 1, "type": "I", "text": "A"},
                {"nodeID": 2, "type": "I", "text": "B"},
                {"nodeID": 3, "type": "XYZ", "text": "?"},
                {"nodeID": 4},
            ],
            "edges": [
                "nonsense",
                {"edgeID": "e2", "fromID": 1},
                {"fromID": 1, "toID": 2},
                {"edgeID": 9, "fromID": [1], "toID": 2},
            ],
        }
    )

    graph = aif.parse(text)

    assert list(graph.nodes) == ["1", "2"]
    assert graph.reports == [
        'entry 1 of "edges" is not an object; skipped',
        "edge e2: no fromID or toID; skipped",
        "edge #3: joins I-nodes 1 and 2 without an RA or CA node; skipped",
        "edge 9: no fromID or toID; skipped",
        "node 3: unknown type 'XYZ'; ignored",
        "node 4: unknown type '(none)'; ignored",
    ]


def test_dialogue_layer_junk_never_breaks_an_import():
    text = document(
        [(1, "I", "A"), (2, "L", None), (3, "YA", "Asserting"), (4, "L", "no colon here")]
        + [(5, "YA", "Asserting"), (6, "TA", None)],
        [(2, 3), (3, 1), (4, 5), (5, 1), (6, 6)],
        locutions=[{"nodeID": {"x": 1}}, 7, None, {"nodeID": 2, "personID": True}],
        participants={"not": "a list"},
    )

    graph = aif.parse(text)

    assert graph.nodes["1"].speaker == ""
    # Neither locution names a speaker (issue 19, 14): said, not silently dropped.
    assert [report.split(":")[0] for report in graph.reports] == ["L node 2", "L node 4"]


def test_this_projects_extra_keys_are_read_back():
    text = json.dumps(
        {
            "title": "  A title  ",
            "nodes": [
                {
                    "nodeID": "c1",
                    "type": "I",
                    "text": "A claim.",
                    "speaker": "Amnesty International",
                    "quotes": [{"text": "the exact words", "source": "ips-clinton-2009"}],
                    "sources": ["https://example.org/a", "  "],
                }
            ],
        }
    )

    graph = aif.parse(text)

    assert graph.title == "A title"
    assert graph.nodes["c1"] == Node(
        id="c1",
        text="A claim.",
        speaker="Amnesty International",
        quotes=[Quote(text="the exact words", source="ips-clinton-2009")],
        sources=["https://example.org/a"],
    )
    assert graph.edges == []


# Errors name the node or the line


def test_invalid_json_names_line_and_column():
    with pytest.raises(FormatError) as error:
        aif.parse('{\n "nodes": [\n  {"nodeID": 1,}\n ]\n}')

    assert error.value.line == 3
    assert str(error.value).startswith("line 3: invalid JSON at column 15:")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", 'expected a JSON object with a "nodes" list'),
        ('{"edges": []}', 'expected a JSON object with a "nodes" list'),
        ('{"nodes": {}}', '"nodes" must be a list'),
        ('{"nodes": [], "edges": 3}', '"edges" must be a list'),
        ('{"nodes": [7]}', 'entry 1 of "nodes" is not an object'),
        ('{"nodes": [{"type": "I", "text": "A"}]}', 'entry 1 of "nodes" has no usable "nodeID"'),
        ('{"nodes": [{"nodeID": 1.5, "type": "I"}]}', 'entry 1 of "nodes" has no usable "nodeID"'),
        ('{"nodes": [{"id": 119935, "type": "I"}]}', "looks like OVA's own format"),
        ('{"nodes": [{"nodeID": 1, "type": "I", "text": "A"}, {"nodeID": "1"}]}', "node 1: the"),
        ("1" * 5000, "invalid JSON"),
    ],
)
def test_structural_errors_say_what_is_wrong(text, message):
    with pytest.raises(FormatError, match=re.escape(message)):
        aif.parse(text)


@pytest.mark.parametrize("text", [None, " ", "\t\n"])
def test_empty_claim_text_is_an_error_naming_the_node(text):
    with pytest.raises(FormatError) as error:
        aif.parse(document([(1, "I", "A"), (7, "I", text)]))

    assert error.value.node == "7"
    assert str(error.value) == "node 7: I-node has no text"


def test_a_claim_over_the_length_limit_is_refused_not_truncated():
    with pytest.raises(FormatError) as error:
        aif.parse(document([(7, "I", "x" * (MAX_CLAIM_CHARS + 1))]))

    assert str(error.value) == (
        f"node 7: claim text is {MAX_CLAIM_CHARS + 1} characters long;"
        f" the limit is {MAX_CLAIM_CHARS}"
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"speaker": 3}, '"speaker" must be a string'),
        ({"quotes": "words"}, '"quotes" must be a list'),
        ({"quotes": [{"source": "x"}]}, '"quotes" must be a list'),
        ({"sources": [1]}, '"sources" must be a list of strings'),
    ],
)
def test_malformed_project_keys_are_errors_naming_the_node(extra, message):
    text = json.dumps({"nodes": [{"nodeID": 5, "type": "I", "text": "A", **extra}]})

    with pytest.raises(FormatError, match=f"^node 5: {message}"):
        aif.parse(text)


# Limits


def test_input_over_the_size_limit_is_refused_before_parsing():
    with pytest.raises(FormatError, match="larger than"):
        aif.parse(" " * (MAX_INPUT_BYTES + 1))


def test_the_size_limit_counts_bytes_not_characters():
    with pytest.raises(FormatError, match="larger than"):
        aif.parse("é" * (MAX_INPUT_BYTES // 2 + 1))


def test_more_nodes_than_the_limit_are_refused():
    text = '{"nodes": [' + ",".join(["{}"] * (MAX_NODES + 1)) + "]}"

    with pytest.raises(FormatError, match=f"the limit is {MAX_NODES}"):
        aif.parse(text)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_json_nested_deeper_than_the_limit_is_refused(depth):
    text = '{"nodes": [], "junk": ' + "[" * depth + "]" * depth + "}"

    with pytest.raises(FormatError, match=f"nested deeper than {MAX_DEPTH}"):
        aif.parse(text)


def test_unterminated_deep_nesting_is_refused():
    with pytest.raises(FormatError):
        aif.parse("[" * 1_000_000)


# Writing and reading back


def two_maps():
    """A cycle, a linked claim, co-premises, an undercutter, and every project extra."""
    return Graph(
        title="Round trip",
        nodes={
            "t": Node("t", "Thesis.", speaker="US Department of State"),
            "a": Node("a", "A supports.", quotes=[Quote("exact words", "prc-rebuttal-2021")]),
            "b": Node("b", "B and\nC together.", sources=["https://example.org/b"]),
            "c": Node("c", 'C, with "quotes" and ünïcödé.', quotes=[Quote("no source")]),
            "u": Node("u", "U undercuts."),
            "x": Node("x", "X attacks Y."),
            "y": Node("y", "Y attacks X."),
        },
        edges=[
            Edge("1", ["a"], SUPPORT, "t"),
            Edge("2", ["b", "c"], ATTACK, "t"),
            Edge("3", ["a"], ATTACK, "b"),
            Edge("4", ["u"], ATTACK, "2", target_is_edge=True),
            Edge("5", ["x"], ATTACK, "y"),
            Edge("6", ["y"], ATTACK, "x"),
        ],
        roots=["t"],
    )


def test_emit_then_parse_gives_back_the_same_graph():
    graph = two_maps()

    assert normal(aif.parse(aif.emit(graph))) == normal(graph)


def test_emit_keeps_unique_ids_and_renames_clashing_ones():
    graph = Graph(
        nodes={"1": Node("1", "A"), "2": Node("2", "B")},
        edges=[Edge("1", ["2"], ATTACK, "1"), Edge("9", ["1"], ATTACK, "1", target_is_edge=True)],
        roots=["1"],
    )

    document = json.loads(aif.emit(graph))

    assert [(n["nodeID"], n["type"]) for n in document["nodes"]] == [
        ("1", "I"),
        ("2", "I"),
        ("3", "CA"),
        ("9", "CA"),
    ]
    assert [(e["fromID"], e["toID"]) for e in document["edges"]] == [
        ("2", "3"),
        ("3", "1"),
        ("1", "9"),
        ("9", "3"),
    ]


def test_emit_writes_plain_aif_with_default_scheme_names():
    graph = Graph(
        nodes={"p": Node("p", "P"), "q": Node("q", "Q")},
        edges=[Edge("e", ["q"], SUPPORT, "p", scheme="Argument From Expert Opinion")],
        roots=["p"],
    )

    text = aif.emit(graph)

    assert text == aif.emit(graph)
    assert json.loads(text) == {
        "nodes": [
            {"nodeID": "p", "text": "P", "type": "I"},
            {"nodeID": "q", "text": "Q", "type": "I"},
            {"nodeID": "e", "text": "Argument From Expert Opinion", "type": "RA"},
        ],
        "edges": [
            {"edgeID": "1", "fromID": "q", "toID": "e", "formEdgeID": None},
            {"edgeID": "2", "fromID": "e", "toID": "p", "formEdgeID": None},
        ],
        "locutions": [],
        "participants": [],
    }
    graph.edges[0].scheme = ""
    assert json.loads(aif.emit(graph))["nodes"][2]["text"] == "Default Inference"


def test_emit_refuses_an_edge_naming_a_missing_node():
    graph = Graph(nodes={"p": Node("p", "P")}, edges=[Edge("e", ["ghost"], SUPPORT, "p")])

    with pytest.raises(FormatError, match="ghost"):
        aif.emit(graph)


def test_the_sample_survives_a_round_trip():
    graph = aif.parse(read("sample.aif.json"))

    assert normal(aif.parse(aif.emit(graph))) == normal(graph)


# Properties

stripped_text = st.text(min_size=1, max_size=60).map(str.strip).filter(bool)
quotes = st.builds(Quote, stripped_text, st.one_of(st.just(""), stripped_text))


@st.composite
def acyclic_graphs(draw):
    """Small graphs whose edges run from later nodes to earlier ones, some undercutting."""
    count = draw(st.integers(1, 6))
    clash = draw(st.booleans())
    node_ids = [str(i + 1) if clash else f"n{i}" for i in range(count)]
    nodes = {
        node_id: Node(
            node_id,
            draw(stripped_text),
            speaker=draw(st.one_of(st.just(""), stripped_text)),
            quotes=draw(st.lists(quotes, max_size=2)),
            sources=draw(st.lists(stripped_text, max_size=2)),
        )
        for node_id in node_ids
    }
    edges = []
    for number in range(draw(st.integers(0, 6))):
        target = draw(st.integers(0, count - 1))
        undercut = bool(edges) and draw(st.booleans())
        candidates = node_ids if undercut else node_ids[target + 1 :]
        if not candidates:
            continue
        premises = draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=3, unique=True))
        stance = draw(st.sampled_from([SUPPORT, ATTACK]))
        edge_id = str(number + 1) if clash else f"e{number}"
        if undercut:
            undercut_id = edges[draw(st.integers(0, len(edges) - 1))].id
            edges.append(Edge(edge_id, premises, stance, undercut_id, target_is_edge=True))
        else:
            edges.append(Edge(edge_id, premises, stance, node_ids[target]))
    premises = {p for edge in edges for p in edge.premises}
    roots = [node_id for node_id in node_ids if node_id not in premises]
    return Graph(
        title=draw(st.one_of(st.just(""), stripped_text)), nodes=nodes, edges=edges, roots=roots
    )


@given(acyclic_graphs())
def test_any_small_graph_survives_emit_then_parse(graph):
    again = aif.parse(aif.emit(graph))

    assert normal(again) == normal(graph)
    assert again.reports == []


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)
node_types = (
    st.just("I")
    | st.sampled_from(["RA", "CA"])
    | st.sampled_from(["MA", "PA", "L", "YA", "TA", "i", "x"])
)
good_texts = st.text(min_size=1, max_size=12).filter(str.strip)
good_extras = st.fixed_dictionaries(
    {},
    optional={
        "speaker": st.text(max_size=5),
        "quotes": st.lists(st.fixed_dictionaries({"text": good_texts}), max_size=2),
        "sources": st.lists(st.text(max_size=5), max_size=2),
        "scheme": st.text(max_size=5),
    },
)
junk_extras = st.dictionaries(
    st.sampled_from(["speaker", "quotes", "sources", "scheme", "schemeID", "timestamp"]),
    json_values,
)


@st.composite
def aifish_documents(draw):
    """AIF with random types and arrows, well-formed or (when `junk`) with junk in the
    fields, so that random documents reach the graph-building code as well as the checks."""
    junk = draw(st.booleans())
    count = draw(st.integers(0, 8))
    node_ids = [draw(st.sampled_from([i, str(i)])) for i in range(count)]
    nodes = [
        {
            "nodeID": node_id,
            "type": draw(node_types),
            "text": draw(st.one_of(good_texts, json_values) if junk else good_texts),
            **draw(junk_extras if junk else good_extras),
        }
        for node_id in node_ids
    ]
    ends = st.sampled_from(node_ids + [99]) if node_ids else st.just(99)
    arrows = st.fixed_dictionaries({"fromID": ends, "toID": ends})
    edges = draw(st.lists(arrows | json_values if junk else arrows, max_size=2 * count))
    claims = [node["nodeID"] for node in nodes if node["type"] == "I"]
    for node in nodes:
        if node["type"] in ("RA", "CA", "MA", "PA", "YA") and claims:
            for premise in draw(st.lists(st.sampled_from(claims), min_size=1, max_size=2)):
                edges.append({"fromID": premise, "toID": node["nodeID"]})
            edges.append({"fromID": node["nodeID"], "toID": draw(ends)})
    people = st.lists(
        st.fixed_dictionaries(
            {"participantID": st.integers(0, 3)},
            optional={"firstname": json_values, "surname": st.text(max_size=5)},
        ),
        max_size=3,
    )
    locutions = st.lists(
        st.fixed_dictionaries({"nodeID": ends, "personID": st.integers(0, 3)}), max_size=3
    )
    return {
        "nodes": nodes,
        "edges": edges,
        "locutions": draw(locutions | json_values if junk else locutions),
        "participants": draw(people | json_values if junk else people),
    }


def parses_or_refuses(text):
    try:
        return aif.parse(text)
    except FormatError:
        return None


@given(st.text())
def test_any_text_parses_or_raises_format_error(text):
    parses_or_refuses(text)


@given(json_values)
def test_any_json_parses_or_raises_format_error(value):
    parses_or_refuses(json.dumps(value))


@given(aifish_documents())
def test_any_aif_shaped_json_parses_or_raises_format_error(value):
    graph = parses_or_refuses(json.dumps(value))

    if graph is not None:
        edge_ids = {edge.id for edge in graph.edges}
        for edge in graph.edges:
            assert all(premise in graph.nodes for premise in edge.premises)
            assert edge.target in (edge_ids if edge.target_is_edge else graph.nodes)
        assert all(root in graph.nodes for root in graph.roots)


# Streaming: the writer yields pieces, the reader decodes one entry at a time


@given(acyclic_graphs())
def test_streamed_output_is_byte_for_byte_json_dumps_with_indent_one(graph):
    text = aif.emit(graph)

    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1)


def test_emit_chunks_come_in_pieces_that_join_to_the_document(monkeypatch):
    monkeypatch.setattr(aif, "CHUNK_ITEMS", 2)
    graph = two_maps()

    chunks = list(aif.emit_chunks(graph))

    assert len(chunks) > 8
    assert "".join(chunks) == aif.emit(graph)
    assert normal(aif.parse("".join(chunks))) == normal(graph)


def test_a_refused_graph_yields_nothing_before_the_error():
    graph = two_maps()
    graph.edges.append(Edge("9", ["missing"], SUPPORT, "t"))

    chunks = aif.emit_chunks(graph)

    with pytest.raises(FormatError, match="names 'missing'"):
        next(chunks)


@given(aifish_documents(), st.sampled_from([None, 0, 3]), st.booleans())
def test_layout_and_member_order_do_not_change_what_is_read(value, indent, edges_first):
    if edges_first:
        value = {"edges": value["edges"], **value}
    as_written = parses_or_refuses(json.dumps(value, indent=indent))
    compact = parses_or_refuses(json.dumps(value, separators=(",", ":")))

    assert (as_written is None) == (compact is None)
    if compact is not None:
        assert normal(as_written) == normal(compact)
        assert as_written.reports == compact.reports


def many_claims(count, bad=None):
    """A text of `count` claims each attacking the first, node `bad` without text."""
    nodes = [(f"c{i}", "I", "" if i == bad else f"Claim {i}.") for i in range(count)]
    nodes += [(f"s{i}", "CA", None) for i in range(1, count)]
    edges = [pair for i in range(1, count) for pair in ((f"c{i}", f"s{i}"), (f"s{i}", "c0"))]
    return json.dumps(
        {
            "nodes": [{"nodeID": i, "type": k, "text": t} for i, k, t in nodes],
            "edges": [{"fromID": a, "toID": b} for a, b in edges],
        },
        indent=1,
    )


def test_a_bad_node_deep_in_a_large_file_is_named():
    with pytest.raises(FormatError) as error:
        aif.parse(many_claims(20_000, bad=17_345))

    assert str(error.value) == "node c17345: I-node has no text"


def test_invalid_json_after_a_bad_node_is_the_error_reported():
    text = many_claims(2_000, bad=5)
    broken = text.replace('"Claim 1500."', "Claim 1500.")

    with pytest.raises(json.JSONDecodeError) as whole:
        json.loads(broken)
    with pytest.raises(FormatError) as error:
        aif.parse(broken)

    assert error.value.line == text[: text.index('"Claim 1500."')].count("\n") + 1
    assert str(error.value) == (
        f"line {whole.value.lineno}: invalid JSON at column {whole.value.colno}: Expecting value"
    )


def test_text_after_the_document_is_invalid_json():
    with pytest.raises(FormatError, match="line 2: invalid JSON at column 1: Extra data"):
        aif.parse('{"nodes": []}\n{"nodes": []}')


def test_a_large_file_reads_every_claim_and_arrow():
    graph = aif.parse(many_claims(20_000))

    assert len(graph.nodes) == 20_000 and len(graph.edges) == 19_999
    assert graph.roots == ["c0"] and graph.reports == []
