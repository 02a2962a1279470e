"""Kialo files as Kialo writes them today: `Discussion Name:`, positions indented by level,
several theses under a question, a closing Sources block with [n] footnotes (issue 19)."""

from arguments.interchange import kialo
from arguments.interchange.detect import KIALO, guess_format
from arguments.interchange.graph import ATTACK, SUPPORT, Quote

NEWER = "\r\n".join(
    [
        "Discussion Name:",
        "Should cities ban cars from their centres?",
        "",
        "1. Thesis:",
        "Cities should ban cars from their centres.",
        "",
        "  1.1. Pro:",
        "  Fewer cars mean cleaner air [1].",
        "",
        "    1.1.1. Con:",
        "    Electric cars already clean the air",
        "    without a ban.",
        "",
        "  1.2. Con:",
        "  Shops lose customers who come by car [2].",
        "",
        "Sources:",
        "[1] https://example.org/air",
        "[2] https://example.org/shops, a survey",
        "1. a wrapped line of the second source",
        "[3] https://example.org/never-cited",
        "",
    ]
)


def test_a_newer_export_is_guessed_as_kialo():
    assert guess_format(NEWER) == KIALO


def test_a_newer_export_keeps_its_title_from_the_line_below_discussion_name():
    assert kialo.parse(NEWER).title == "Should cities ban cars from their centres?"


def test_a_newer_export_reads_indented_positions_with_their_text_below():
    graph = kialo.parse(NEWER)

    assert {node_id: node.text for node_id, node in graph.nodes.items()} == {
        "1": "Cities should ban cars from their centres.",
        "1.1": "Fewer cars mean cleaner air [1].",
        "1.1.1": "Electric cars already clean the air\nwithout a ban.",
        "1.2": "Shops lose customers who come by car [2].",
    }
    assert [(e.premises, e.stance, e.target) for e in graph.edges] == [
        (["1.1"], SUPPORT, "1"),
        (["1.1.1"], ATTACK, "1.1"),
        (["1.2"], ATTACK, "1"),
    ]
    assert graph.roots == ["1"]


def test_the_closing_sources_block_goes_to_the_claims_citing_it_and_is_reported():
    graph = kialo.parse(NEWER)

    assert graph.nodes["1.1"].sources == ["https://example.org/air"]
    assert graph.nodes["1.2"].sources == [
        "https://example.org/shops, a survey 1. a wrapped line of the second source"
    ]
    assert graph.nodes["1.1.1"].sources == []
    assert "the Sources block lists 3 references; 2 cited by [n] in claims" in graph.reports[0]
    assert graph.reports[1:] == [
        "line 21: source [3] is cited by no claim; not kept: https://example.org/never-cited"
    ]


def test_a_quoted_footnote_becomes_a_quote():
    text = '1. Thesis:\nA claim [1].\n\nSources:\n[1] hrw-2009: "the words as said"\n'

    assert kialo.parse(text).nodes["1"].quotes == [Quote("the words as said", "hrw-2009")]


def test_an_indented_sources_block_still_belongs_to_its_claim():
    text = "1. Thesis:\n    A claim.\n    Sources:\n    [1] https://example.org/a\n"

    assert kialo.parse(text).nodes["1"].sources == ["https://example.org/a"]


def test_a_multi_thesis_discussion_maps_the_theses_as_roots_under_the_question():
    text = (
        "Discussion Name:\nWhich energy should we build?\n\n"
        "1. Question:\nWhich energy should we build?\n\n"
        "  1.1. Thesis:\n  Wind.\n\n"
        "    1.1.1. Pro:\n    It is cheap.\n\n"
        "  1.2. Thesis:\n  Nuclear.\n\n"
        "    1.2.1. Con:\n    It is slow to build.\n"
    )

    graph = kialo.parse(text)

    assert graph.title == "Which energy should we build?"
    assert graph.roots == ["1.1", "1.2"]
    assert "1" not in graph.nodes
    assert [(e.premises, e.stance, e.target) for e in graph.edges] == [
        (["1.1.1"], SUPPORT, "1.1"),
        (["1.2.1"], ATTACK, "1.2"),
    ]
    assert any("its 2 theses are the map's top-level positions" in r for r in graph.reports)


def test_a_question_gives_the_title_when_the_file_has_none():
    graph = kialo.parse("1. Question: Why?\n1.1. Thesis: Because.\n")

    assert graph.title == "Why?"
    assert graph.roots == ["1.1"]


def test_a_link_to_another_discussion_is_skipped_and_reported_with_the_link():
    text = "1. Thesis: t\n1.1. Pro: -> See discussion #4521\n1.1.1. Con: under it\n1.2. Con: c\n"

    graph = kialo.parse(text)

    assert list(graph.nodes) == ["1", "1.2"]
    assert graph.reports == [
        "line 2: claim 1.1 links to another discussion (-> See discussion #4521), which one"
        " file cannot bring; skipped with the 1 position under it"
    ]


def test_an_unindented_sources_block_no_claim_cites_stays_with_the_last_claim():
    text = "1. Thesis: a\n1.1. Pro: b\nSources:\n[1] https://example.org/b\n"

    graph = kialo.parse(text)

    assert graph.nodes["1.1"].sources == ["https://example.org/b"]
    assert graph.reports == []
