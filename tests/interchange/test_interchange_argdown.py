"""Argdown import and export: pure Python, no database."""

import contextlib
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arguments.interchange import argdown
from arguments.interchange.argdown import data as argdown_data
from arguments.interchange.argdown import emit, parse
from arguments.interchange.graph import (
    ATTACK,
    MAX_CLAIM_CHARS,
    MAX_DEPTH,
    MAX_LINE_CHARS,
    SUPPORT,
    Edge,
    FormatError,
    Graph,
    Node,
    Quote,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interchange"


def read_fixture(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def edge_rows(graph):
    return [(e.id, e.premises, e.stance, e.target, e.target_is_edge) for e in graph.edges]


def texts(graph):
    return {node.id: node.text for node in graph.nodes.values()}


def normalised(graph):
    """What a round trip must keep, with ids replaced by texts (ids become titles)."""
    text_of = texts(graph)
    edges = {edge.id: edge for edge in graph.edges}

    def edge_key(edge):
        target = edge_key(edges[edge.target]) if edge.target_is_edge else text_of[edge.target]
        premises = tuple(text_of[premise] for premise in edge.premises)
        return (premises, edge.stance, target, edge.target_is_edge)

    nodes = sorted(
        (
            node.text,
            node.speaker,
            tuple((quote.text, quote.source) for quote in node.quotes),
            tuple(node.sources),
            tuple(node.tags),
        )
        for node in graph.nodes.values()
    )
    return {
        "nodes": nodes,
        "edges": sorted((edge_key(edge) for edge in graph.edges), key=repr),
        "roots": [text_of[root] for root in graph.roots],
    }


def assert_round_trip(graph):
    written = emit(graph)
    assert normalised(parse(written)) == normalised(graph), written


# The sample


def test_sample_reads_to_the_expected_graph():
    graph = parse(read_fixture("sample.argdown"))

    assert graph.title == "Quiet or public diplomacy? (sample)"
    assert texts(graph) == {
        "Public pressure": (
            "The US should raise human rights with China publicly and at the top level."
        ),
        "Silence read as weakness": "Leaders in Beijing read a soft-pedalled message as weakness.",
        "Pressure works": "China has released prisoners when pressed in public.",
        "Token releases": (
            "Releases timed to visits changed no policy, so they do not show that pressure works."
        ),
        "Interdependence": "Economic interdependence makes public pressure costly for the US.",
        "Rights serve interests": (
            "Respect for rights advances other US interests, including trade."
        ),
        "Interference": "Public criticism is interference in China's internal affairs.",
        "Universal concern": (
            "Human rights are a matter of universal concern, not internal affairs."
        ),
    }
    assert list(graph.nodes) == list(texts(graph))
    assert graph.nodes["Silence read as weakness"].sources == ["letter-to-kerry-2013"]
    assert graph.nodes["Interdependence"].sources == ["ips-clinton-2009"]
    assert graph.nodes["Interference"].tags == ["prc-gov"]
    assert graph.nodes["Pressure works"].data == {"title": "Pressure works"}
    assert edge_rows(graph) == [
        ("e1", ["Silence read as weakness"], SUPPORT, "Public pressure", False),
        ("Pressure works", ["Pressure works"], SUPPORT, "Public pressure", False),
        ("e2", ["Interdependence"], ATTACK, "Public pressure", False),
        ("e3", ["Rights serve interests"], ATTACK, "Interdependence", False),
        ("e4", ["Interference"], ATTACK, "Public pressure", False),
        ("e5", ["Universal concern"], ATTACK, "Interference", False),
        ("Token releases", ["Token releases"], ATTACK, "Pressure works", True),
    ]
    assert graph.roots == ["Public pressure"]
    assert graph.reports == []


def test_sample_is_written_as_expected():
    assert emit(parse(read_fixture("sample.argdown"))) == SAMPLE_WRITTEN


SAMPLE_WRITTEN = """\
===
title: "Quiet or public diplomacy? (sample)"
===

[Public pressure]: The US should raise human rights with China publicly and at the top level.
  + [Silence read as weakness]: Leaders in Beijing read a soft-pedalled message as weakness. \
{sources: ["letter-to-kerry-2013"]}
  + <Pressure works>
    _ <Token releases>
  - [Interdependence]: Economic interdependence makes public pressure costly for the US. \
{sources: ["ips-clinton-2009"]}
    - [Rights serve interests]: Respect for rights advances other US interests, including trade.
  - [Interference]: Public criticism is interference in China's internal affairs. #prc-gov
    - [Universal concern]: Human rights are a matter of universal concern, not internal affairs.

<Pressure works>

(1) [Pressure works]: China has released prisoners when pressed in public.
----
(2) [Public pressure]

<Token releases>

(1) [Token releases]: Releases timed to visits changed no policy, \
so they do not show that pressure works.
----
(2) The inference of @<Pressure works> does not hold.
"""


def test_sample_round_trips():
    assert_round_trip(parse(read_fixture("sample.argdown")))


# Messy files


def test_messy_file_reads_to_the_expected_graph():
    graph = parse(read_fixture("argdown-messy.argdown"))

    assert graph.title == "Messy map of quiet diplomacy"
    assert texts(graph) == {
        "Thesis": "Quiet diplomacy works better than public pressure.",
        "Access": "Private talks keep channels open.",
        "Silence": "Silence is read in Beijing as weakness.",
        "Pressure": "Public pressure *shames* governments into **acting**.",
        "Leverage": "Trade gives leverage; see https://example.org/trade//report.",
        "Token gestures": "Token gestures change nothing.",
        "Untitled 1": "An untitled statement about #hashes, {braces} and @<Leverage>.",
        "Undefined elsewhere": "Undefined elsewhere",
        "Never defined": "Never defined",
        "Untitled 2": "A lone statement, written over two lines.",
    }
    assert list(graph.nodes) == list(texts(graph))
    thesis, access, pressure = (graph.nodes[i] for i in ("Thesis", "Access", "Pressure"))
    assert thesis.tags == ["us-gov", "quiet diplomacy"]
    assert access.speaker == "Antony Blinken"
    assert access.quotes == [Quote("We keep the channel open.", "blinken-cable")]
    assert pressure.quotes == [
        Quote("Public pressure works", "letter-2013"),
        Quote('Second "quoted" line', ""),
    ]
    assert pressure.data == {
        "weight": 3,
        "ratio": 0.5,
        "draft": True,
        "extra": None,
        "note": "a // not a comment",
        "title": "Pressure",
    }
    assert graph.nodes["Token gestures"].sources == ["https://hrw.org/x", "amnesty-2019"]
    assert graph.nodes["Untitled 1"].data == {}
    # The file is in strict mode, so attacks between statements are mutual; `+> [Pressure]`
    # dedents to between two open levels, which closes both (as Argdown's lexer does).
    assert edge_rows(graph) == [
        ("e1", ["Access"], SUPPORT, "Thesis", False),
        ("e2", ["Silence"], ATTACK, "Thesis", False),
        ("e3", ["Thesis"], ATTACK, "Silence", False),
        ("e4", ["Access"], ATTACK, "Silence", False),
        ("e5", ["Silence"], ATTACK, "Access", False),
        ("e6", ["Thesis"], SUPPORT, "Pressure", False),
        ("Leverage", ["Leverage"], ATTACK, "Thesis", False),
        ("e7", ["Pressure"], ATTACK, "Thesis", False),
        ("e8", ["Thesis"], ATTACK, "Pressure", False),
        ("e9", ["Pressure"], ATTACK, "Untitled 1", False),
        ("e10", ["Untitled 1"], ATTACK, "Pressure", False),
        ("e11", ["Never defined"], SUPPORT, "Undefined elsewhere", False),
        ("e12", ["Access"], ATTACK, "Never defined", False),
        ("e13", ["Never defined"], ATTACK, "Access", False),
        ("Token gestures", ["Token gestures"], ATTACK, "Leverage", True),
    ]
    assert graph.roots == ["Undefined elsewhere", "Untitled 2"]
    assert graph.reports == [
        "line 37: <Undefined elsewhere> has no text; its title is used",
        "line 38: [Never defined] has no text; its title is used",
    ]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_endings_read_like_unix_ones(newline):
    text = read_fixture("argdown-messy.argdown")

    assert parse(text.replace("\n", newline)) == parse(text)


def test_byte_order_mark_is_dropped():
    assert parse("\ufeff[A]: a") == parse("[A]: a")


def test_a_tab_counts_as_four_spaces():
    with_tabs = "[A]: a\n\t+ [B]: b\n\t\t- [C]: c\n\t  + [D]: d\n    + [E]: e"
    with_spaces = "[A]: a\n    + [B]: b\n        - [C]: c\n      + [D]: d\n    + [E]: e"

    assert parse(with_tabs) == parse(with_spaces)
    # [D] dedents to between [B]'s and [C]'s levels, which closes both (Argdown's lexer).
    assert edge_rows(parse(with_tabs)) == [
        ("e1", ["B"], SUPPORT, "A", False),
        ("e2", ["C"], ATTACK, "B", False),
        ("e3", ["D"], SUPPORT, "A", False),
        ("e4", ["E"], SUPPORT, "A", False),
    ]


def test_arrows_pointing_either_way_set_source_and_target():
    graph = parse(
        "[A]: a\n"
        "  <+ [B]: b\n"
        "  <- [C]: c\n"
        "  +> [D]: d\n"
        "  -> [E]: e\n"
        "  <_ <U>: u\n"
        "\n"
        "<Arg>: arg\n"
        "  +> [A]\n"
        "  _> <Other>\n"
        "\n"
        "<Other>: other\n"
        "  -> [E]\n"
    )

    assert edge_rows(graph) == [
        ("e1", ["B"], SUPPORT, "A", False),
        ("e2", ["C"], ATTACK, "A", False),
        ("e3", ["A"], SUPPORT, "D", False),
        ("e4", ["A"], ATTACK, "E", False),
        ("Arg", ["Arg"], SUPPORT, "A", False),
        ("Other", ["Other"], ATTACK, "E", False),
        ("Arg 2", ["Arg"], ATTACK, "Other", True),
    ]
    assert any(
        "line 6: [A] is a statement; only arguments can be undercut" in r for r in graph.reports
    )


def test_relations_nest_to_any_depth_and_return_to_shallower_parents():
    graph = parse("[A]: a\n  + [B]: b\n    + [C]: c\n      - [D]: d\n    - [E]: e\n  + [F]: f")

    assert [(e.premises[0], e.stance, e.target) for e in graph.edges] == [
        ("B", SUPPORT, "A"),
        ("C", SUPPORT, "B"),
        ("D", ATTACK, "C"),
        ("E", ATTACK, "B"),
        ("F", SUPPORT, "A"),
    ]


def test_text_continues_on_further_indented_lines_and_plain_lines():
    graph = parse(
        "[A]: The first\n"
        "    line goes on\n"
        "and on.\n"
        "  + [B]: A child\n"
        "    whose text\n"
        "  goes on too.\n"
        "[C]: a new element\n"
        "\n"
        "A plain paragraph\n"
        "over lines.\n"
    )

    assert texts(graph) == {
        "A": "The first line goes on and on.",
        "B": "A child whose text goes on too.",
        "C": "a new element",
        "Untitled 1": "A plain paragraph over lines.",
    }


def test_a_title_refers_to_the_same_statement_before_and_after_its_definition():
    graph = parse("[A]: a\n  - [B]\n\n[B]: b defined later\n  + [C]: c\n\n[C]\n  - [A]")

    assert texts(graph) == {"A": "a", "B": "b defined later", "C": "c"}
    assert [(e.premises[0], e.target) for e in graph.edges] == [("B", "A"), ("C", "B"), ("A", "C")]
    assert graph.roots == []


def test_a_second_text_for_a_title_is_reported_and_the_first_kept():
    graph = parse("[A]: first\n\n[A]: second")

    assert graph.nodes["A"].text == "first"
    assert graph.reports == ["line 3: [A] is given another text; the text from line 1 is kept"]


def test_a_title_never_given_a_text_is_its_own_text():
    graph = parse("[Thesis]: t\n  + [Bare reference]\n  - <Bare argument>")

    assert texts(graph) == {
        "Thesis": "t",
        "Bare reference": "Bare reference",
        "Bare argument": "Bare argument",
    }
    assert len(graph.reports) == 2


def test_brackets_at_the_start_that_are_not_a_title_stay_text():
    graph = parse("[1] Studies show it.\n\n[Argdown](https://argdown.org) is a syntax.")

    assert list(texts(graph).values()) == [
        "[1] Studies show it.",
        "[Argdown](https://argdown.org) is a syntax.",
    ]


def test_a_reference_may_carry_tags_and_data():
    graph = parse("[A]: a #one\n\n[A] #two {speaker: Someone}")

    assert graph.nodes["A"].tags == ["one", "two"]
    assert graph.nodes["A"].speaker == "Someone"


def test_an_argument_and_a_statement_with_one_title_get_distinct_ids():
    graph = parse("[Same]: the statement\n  + <Same>: the argument")

    assert texts(graph) == {"Same": "the statement", "Same (argument)": "the argument"}
    assert edge_rows(graph) == [("Same", ["Same (argument)"], SUPPORT, "Same", False)]


def test_comments_are_removed_but_not_inside_urls_or_quoted_strings():
    graph = parse(
        "// a line comment\n"
        "[A]: See https://example.org/a//b // trailing comment\n"
        '  + [B]: b /* inline */ text {quote: "keep // this /* too */"}\n'
        "  /* a block\n"
        "     comment */ - [C]: c\n"
        "<!-- html\n"
        "comment -->\n"
        "[D]: a//b and a/*b*/c stay\n"
    )

    assert texts(graph) == {
        "A": "See https://example.org/a//b",
        "B": "b text",
        "C": "c",
        "D": "a//b and a/*b*/c stay",
    }
    assert graph.nodes["B"].quotes == [Quote("keep // this /* too */")]
    assert [e.target for e in graph.edges] == ["A", "A"]


def test_headings_are_ignored_even_when_they_continue_on_the_next_line():
    graph = parse("# Part one\n\n[A]: a\n\n## Part two\n@[A] and more\n\n[B]: b")

    assert texts(graph) == {"A": "a", "B": "b"}
    assert graph.nodes["A"].tags == []


def test_tags_with_and_without_parentheses_leave_the_text():
    graph = parse(
        "[A]: Rights #us-gov matter #(civil society) here. #日本 #a_b\n  + [B]: x#notatag"
    )

    assert graph.nodes["A"].text == "Rights matter here."
    assert graph.nodes["A"].tags == ["us-gov", "civil society", "日本", "a_b"]
    assert graph.nodes["B"].text == "x#notatag"


def test_data_maps_to_speaker_quotes_and_sources():
    graph = parse(
        '[A]: a {speaker: "PRC government", source: "white-paper", quote: "Stop it."}\n'
        "[B]: b {source: https://example.org/x}\n"
        "[C]: c {quotes: [{source: s1, quote: 'It''s one'}, {quote: two}, three], "
        "sources: [u1, u2]}\n"
        '[D]: d {quote: "alone", nested: {list: [1, 2.5, -3, "x"], flag: false}, empty: }\n'
    )

    assert graph.nodes["A"].speaker == "PRC government"
    assert graph.nodes["A"].quotes == [Quote("Stop it.", "white-paper")]
    assert graph.nodes["B"].sources == ["https://example.org/x"]
    assert graph.nodes["B"].quotes == []
    assert graph.nodes["C"].quotes == [Quote("It's one", "s1"), Quote("two"), Quote("three")]
    assert graph.nodes["C"].sources == ["u1", "u2"]
    assert graph.nodes["D"].quotes == [Quote("alone")]
    assert graph.nodes["D"].data == {
        "nested": {"list": [1, 2.5, -3, "x"], "flag": False},
        "empty": None,
        "title": "D",
    }


def test_data_may_span_lines():
    graph = parse('[A]: a {source: "s",\n  quote: "q"}\n  + [B]: b')

    assert graph.nodes["A"].quotes == [Quote("q", "s")]
    assert len(graph.edges) == 1


def test_inline_formatting_and_mentions_are_kept_as_text():
    text = "*Quiet* **talks** and __work__ per @[A] and @<B>, see [docs](https://x.org/a_b)."

    assert parse(f"[T]: {text}").nodes["T"].text == text


def test_backslash_makes_punctuation_literal():
    graph = parse(r"[A]: 50\% \#1 \{not data\} \[x\] C:\path \\ end")

    assert graph.nodes["A"].text == r"50% #1 {not data} [x] C:\path \ end"
    assert graph.nodes["A"].tags == []


def test_several_roots_come_in_file_order_and_no_thesis_is_invented():
    graph = parse("[Z]: z\n\n[A]: a\n  + [B]: b\n\n[M]: m")

    assert graph.roots == ["Z", "A", "M"]


def test_mutual_attacks_parse_as_a_cycle():
    graph = parse("[A]: a\n  - [B]: b\n    - [A]")

    assert edge_rows(graph) == [
        ("e1", ["B"], ATTACK, "A", False),
        ("e2", ["A"], ATTACK, "B", False),
    ]
    assert graph.roots == []


def test_contradiction_becomes_two_attacks():
    graph = parse("[A]: a\n  >< [B]: b")

    assert [(e.premises, e.stance, e.target) for e in graph.edges] == [
        (["B"], ATTACK, "A"),
        (["A"], ATTACK, "B"),
    ]


def test_a_relation_read_twice_gives_one_edge():
    graph = parse("[A]: a\n  + [B]: b\n\n[B]\n  +> [A]")

    assert edge_rows(graph) == [("e1", ["B"], SUPPORT, "A", False)]


def test_a_relation_of_an_element_to_itself_is_reported_and_skipped():
    graph = parse("[A]: a\n  + [A]")

    assert graph.edges == []
    assert graph.reports == ["line 2: [A] cannot bear on itself; the relation is skipped"]


def test_a_line_with_only_tags_is_reported_and_ignored():
    graph = parse("[A]: a\n  + #orphan-tag")

    assert list(graph.nodes) == ["A"]
    assert graph.edges == []
    assert "line 2: a line with tags or data but no statement text is ignored" in graph.reports


def test_a_relation_after_a_blank_line_still_attaches_to_the_element_above():
    graph = parse("[A]: a\n  + [B]: b\n\n  - [C]: c")

    assert [(e.premises, e.target) for e in graph.edges] == [(["B"], "A"), (["C"], "A")]


def test_an_inference_line_outside_an_argument_is_reported_and_ignored():
    graph = parse("[A]: a\n\n----\n\n[B]: b")

    assert list(graph.nodes) == ["A", "B"]
    assert graph.reports == ["line 3: an inference line outside an argument is ignored"]


# Undercuts and relations to arguments


def test_undercut_targets_every_edge_the_argument_stands_for():
    graph = parse("[A]: a\n  + <Arg>: reason\n    _ [Doubt]: doubt\n\n[B]: b\n  - <Arg>")

    assert edge_rows(graph) == [
        ("Arg", ["Arg"], SUPPORT, "A", False),
        ("Arg 2", ["Arg"], ATTACK, "B", False),
        ("e1", ["Doubt"], ATTACK, "Arg", True),
        ("e2", ["Doubt"], ATTACK, "Arg 2", True),
    ]


def test_undercut_may_come_before_the_argument_bears_on_anything():
    graph = parse(
        "<Late>: undercuts the undercutter\n"
        "  _> <Under>\n"
        "\n"
        "<Under>: undercuts the argument\n"
        "  _> <Arg>\n"
        "\n"
        "[A]: a\n"
        "  + <Arg>: reason\n"
    )

    assert edge_rows(graph) == [
        ("Arg", ["Arg"], SUPPORT, "A", False),
        ("Under", ["Under"], ATTACK, "Arg", True),
        ("Late", ["Late"], ATTACK, "Under", True),
    ]
    assert graph.reports == []


def test_undercut_of_an_argument_bearing_on_nothing_is_reported_and_skipped():
    graph = parse("<Arg>: reason\n  _ <Doubt>: doubt")

    assert graph.edges == []
    assert graph.reports == [
        "line 2: <Arg> bears on no claim, so it has no inference; the relation is skipped"
    ]
    assert graph.roots == ["Arg", "Doubt"]


def test_attacking_an_argument_without_a_reconstruction_attacks_its_node():
    graph = parse("[A]: a\n  + <Arg>: reason\n    - [Doubt]: doubt")

    assert edge_rows(graph)[-1] == ("e1", ["Doubt"], ATTACK, "Arg", False)


# Premise–conclusion structures


def test_reconstructions_read_to_the_expected_graph():
    graph = parse(read_fixture("argdown-pcs.argdown"))

    assert graph.title == "Reconstructions"
    assert texts(graph) == {
        "Engage": "The US should engage China quietly.",
        "Dialogue works": "Dialogue has produced results before.",
        "Shaming moves": "Beijing changes course when it is shamed in public.",
        "Untitled 1": "Quiet talks have produced nothing in a decade.",
        "Access": "Private talks keep channels open.",
        "Open channels help": "Open channels let prisoners be raised case by case.",
        "Trade": "Trade ties are deep.",
        "Untitled 2": "Deep ties make sanctions costly.",
        "Costly tools": "Costly tools are rarely used.",
        "Rare sanctions": "Sanctions will rarely be used.",
        "Untitled 3": "An anonymous premise.",
        "Token access": "Access is granted only for show.",
    }
    assert list(graph.nodes) == list(texts(graph))
    co_premises = ["Shaming moves", "Untitled 1"]
    assert edge_rows(graph) == [
        ("Public shaming", co_premises, ATTACK, "Engage", False),
        ("Public shaming 2", co_premises, ATTACK, "Dialogue works", False),
        ("Channels", ["Access", "Open channels help"], SUPPORT, "Engage", False),
        ("Two steps", ["Trade", "Untitled 2", "Costly tools"], SUPPORT, "Rare sanctions", False),
        ("e1", ["Untitled 3"], SUPPORT, "Dialogue works", False),
        ("Token access", ["Token access"], ATTACK, "Channels", True),
    ]
    assert graph.roots == ["Engage", "Dialogue works", "Rare sanctions"]
    assert graph.reports == []


def test_reconstruction_is_kept_as_edge_text_and_rule_as_scheme():
    graph = parse(read_fixture("argdown-pcs.argdown"))
    shaming = graph.edges[0]

    assert shaming.scheme == "Practical syllogism"
    assert shaming.text == (
        "Naming and shaming is what moves Beijing.\n"
        "(1) [Shaming moves]: Beijing changes course when it is shamed in public.\n"
        "(2) Quiet talks have produced nothing in a decade.\n"
        "--\n"
        "Practical syllogism {uses: [1, 2]}\n"
        "--\n"
        "(3) The US should shame China in public."
    )
    assert graph.edges[2].scheme == "Modus ponens"
    assert graph.edges[3].scheme == ""


def test_a_conclusion_something_bears_on_becomes_a_node():
    graph = parse("<Arg>\n\n(1) p\n----\n(2) c\n  <- [Doubt]: doubt\n\n[T]: t\n  + <Arg>\n")

    assert texts(graph) == {"Untitled 1": "p", "Untitled 2": "c", "Doubt": "doubt", "T": "t"}
    assert edge_rows(graph) == [
        ("Arg", ["Untitled 1"], SUPPORT, "Untitled 2", False),
        ("e1", ["Doubt"], ATTACK, "Untitled 2", False),
        ("Arg 2", ["Untitled 1"], SUPPORT, "T", False),
    ]


def test_a_statement_supporting_a_reconstructed_argument_becomes_its_premise():
    graph = parse("[T]: t\n  + <Arg>\n    + [Backing]: backing\n\n<Arg>\n\n(1) p\n----\n(2) [T]")

    assert edge_rows(graph) == [("Arg", ["Untitled 1", "Backing"], SUPPORT, "T", False)]


def test_a_second_reconstruction_of_an_argument_is_read_as_an_untitled_one():
    graph = parse("<Arg>\n\n(1) p\n----\n(2) c\n\n<Arg>\n\n(1) q\n----\n(2) d")

    assert [(e.id, e.premises, e.target) for e in graph.edges] == [
        ("Arg", ["Untitled 1"], "Untitled 2"),
        ("e1", ["Untitled 3"], "Untitled 4"),
    ]
    assert graph.reports == [
        "line 9: <Arg> already has a premise–conclusion structure (line 3); "
        "this one is read as an untitled argument"
    ]


def test_blank_lines_inside_an_unfinished_reconstruction_are_allowed():
    graph = parse("(1) p\n\n(2) q\n\n----\n\n(3) [C]: c")

    assert edge_rows(graph) == [("e1", ["Untitled 1", "Untitled 2"], SUPPORT, "C", False)]


# Errors


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("  + [A]: a", 1, "relation with no statement or argument above it"),
        ("# Heading\n  + [A]: a", 2, "relation with no statement or argument above it"),
        ("(1) p\n----\n  + [A]: a", 3, "relation with no statement or argument above it"),
        ('[A]: a {source: "x"\n\n[B]: b', 1, "unbalanced '{'"),
        ("[A]: a {sources: [x, y}", 1, "expected ',' or ']'"),
        ("[A]: a\n  + [B: b", 2, "unbalanced '['"),
        ("[A]: a\n  - <B: b", 2, "unbalanced '<'"),
        ("[A]: a\n/* open\n\n[B]: b", 2, "never closed with */"),
        ("[A]: a\n<!-- open", 2, "never closed with -->"),
        ('[A]: a {quote: "open}', 1, "unterminated string"),
        (r'[A]: a {quote: "\u12"}', 1, "bad escape"),
        ("[A]: a {speaker: [x]}", 1, "'speaker' must be text"),
        ("===\ntitle: x\n", 1, "front matter opened with === is never closed"),
        ("===\ntitle: [1, 2]\n===", 2, "'title' must be text"),
        ('===\ntitle: "x" y\n===', 2, "unexpected text after the value"),
        ("(1) p\n(2) q", 1, "need an inference line"),
        ("(1) p\n----", 2, "ends with an inference and no conclusion"),
        ("(1) p\n----\n----\n(2) c", 3, "needs a premise above it"),
        ("<A>\n\n(1) p\n--\nrule", 4, "never closed with --"),
        ("(1) <A>: a\n----\n(2) c", 1, "cannot be an argument"),
        ("(1) {x: 1}\n----\n(2) c", 1, "has no text"),
    ],
)
def test_bad_input_is_a_format_error_naming_the_line(text, line, message):
    with pytest.raises(FormatError) as error:
        parse(text)

    assert error.value.line == line
    assert message in str(error.value)
    assert str(error.value).startswith(f"line {line}: ")


def test_a_long_claim_is_an_error_with_its_length_not_truncated():
    half = MAX_CLAIM_CHARS // 2
    text = "[A]: a\n  + [B]: " + "x" * half + "\n    " + "y" * half

    with pytest.raises(FormatError) as error:
        parse(text)

    assert error.value.line == 2
    assert f"{2 * half + 1} characters long; the limit is {MAX_CLAIM_CHARS}" in str(error.value)


def test_a_claim_at_the_limit_is_accepted():
    assert len(parse("[A]: " + "x" * MAX_CLAIM_CHARS).nodes["A"].text) == MAX_CLAIM_CHARS


def test_a_long_argument_description_is_an_error_when_it_becomes_a_claim():
    with pytest.raises(FormatError) as error:
        parse("[A]: a\n\n<Arg>: " + "x" * (MAX_CLAIM_CHARS + 1) + "\n  +> [A]")

    assert error.value.line == 3


def test_a_line_over_the_limit_is_an_error():
    with pytest.raises(FormatError) as error:
        parse("[A]: a\n" + "x" * (MAX_LINE_CHARS + 1))

    assert error.value.line == 2
    assert str(MAX_LINE_CHARS) in str(error.value)


def test_nesting_to_the_depth_limit_is_accepted_and_deeper_is_an_error():
    lines = ["[N0]: root"] + [f"{'  ' * depth}+ [N{depth}]: n" for depth in range(1, MAX_DEPTH + 2)]

    assert len(parse("\n".join(lines[:-1])).edges) == MAX_DEPTH
    with pytest.raises(FormatError) as error:
        parse("\n".join(lines))
    assert error.value.line == MAX_DEPTH + 2


def test_data_nested_too_deeply_is_an_error():
    with pytest.raises(FormatError) as error:
        parse("[A]: a {x: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "}")

    assert error.value.line == 1


def test_input_over_the_byte_limit_is_an_error(monkeypatch):
    monkeypatch.setattr(argdown, "MAX_INPUT_BYTES", 100)

    parse("[A]: " + "é" * 47)
    with pytest.raises(FormatError, match="larger than 100 bytes"):
        parse("[A]: " + "é" * 48)


def test_more_elements_than_the_node_limit_is_an_error(monkeypatch):
    monkeypatch.setattr(argdown, "MAX_NODES", 3)

    parse("[A]: a\n  + [B]: b\n  + <C>: c")
    with pytest.raises(FormatError) as error:
        parse("[A]: a\n  + [B]: b\n  + <C>: c\n  - [D]: d")
    assert error.value.line == 4


def test_parse_takes_text_not_bytes():
    with pytest.raises(TypeError):
        parse(b"[A]: a")


# YAML: front matter and data, read with PyYAML's parser (libyaml's, else the pure-Python one)


@pytest.fixture(params=["libyaml", "python"])
def yaml_loader(request, monkeypatch):
    """Each YAML test runs with both of PyYAML's parsers: the fallback must behave the same."""
    if request.param == "libyaml":
        if not yaml.__with_libyaml__:
            pytest.skip("PyYAML was built without libyaml")
        monkeypatch.setattr(argdown_data, "_LOADER", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(argdown_data, "_LOADER", yaml.SafeLoader)


def format_error(text):
    with pytest.raises(FormatError) as error:
        parse(text)
    return error.value


@pytest.mark.usefixtures("yaml_loader")
@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("===\ntitle: &t x\nother: *t\n===\n[A]: a", 2),
        ("===\ntitle: x\nother: *t\n===\n[A]: a", 3),
        ("===\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n===\n[A]: a", 2),
        ("[A]: a\n  + [B]: b {x: &y 1}", 2),
        ("[A]: a\n  + [B]: b {x: [1,\n  *y]}", 3),
    ],
)
def test_yaml_anchors_and_aliases_are_refused_naming_the_line(text, line):
    error = format_error(text)

    assert error.line == line
    assert "anchors (&name) and aliases (*name) are not supported" in str(error)


@pytest.mark.usefixtures("yaml_loader")
def test_an_alias_bomb_is_refused_before_it_grows():
    laughs = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"] + [
        f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]" for i in range(1, 10)
    ]

    assert format_error("===\n" + "\n".join(laughs) + "\n===\n[A]: a").line == 2


@pytest.mark.usefixtures("yaml_loader")
@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[A]: a\n  + [B]: b {speaker: s,\n    quote: "x" y}', 3, "YAML"),
        ('[A]: a\n  + [B]: b {speaker: s,\n    quote: "\\q"}', 3, "bad escape"),
        ("[A]: a\n  // a comment\n  + [B]: b {speaker: s,\n    x: @y}", 4, "not valid YAML"),
        ('===\ntitle: x\nauthor: "a" b\n===\n[A]: a', 3, "unexpected text after the value"),
        ("===\ntitle: x\n\nmodel:\n  mode: [strict\n===\n[A]: a", 5, "not valid YAML"),
        ("===\nmodel:\n\tmode: strict\n===\n[A]: a", 3, "not valid YAML"),
        ("===\ntitle: x\n---\ntitle: y\n===", 3, "only one YAML document"),
    ],
)
def test_a_yaml_error_names_the_line_of_the_file(text, line, message):
    error = format_error(text)

    assert error.line == line
    assert message in str(error)


@pytest.mark.usefixtures("yaml_loader")
@pytest.mark.parametrize(
    ("text", "line", "tag"),
    [
        ("[A]: a {a: !!binary aGVsbG8=}", 1, "!!binary"),
        ("===\ntitle: !!python/object/apply:os.system [echo]\n===", 2, "!!python/object/apply"),
        ("[A]: a\n  + [B]: b {a: !local x}", 2, "!local"),
    ],
)
def test_yaml_tags_are_refused(text, line, tag):
    error = format_error(text)

    assert error.line == line
    assert tag in str(error) and "not supported" in str(error)


@pytest.mark.usefixtures("yaml_loader")
def test_data_nested_to_the_depth_limit_is_read_and_deeper_is_refused():
    def data(depth):  # the outer map is one level
        return "[A]: a\n\n[B]: b {x: " + "[" * (depth - 1) + "]" * (depth - 1) + "}"

    value = parse(data(MAX_DEPTH)).nodes["B"].data["x"]
    for _ in range(MAX_DEPTH - 2):
        (value,) = value
    assert value == []
    error = format_error(data(MAX_DEPTH + 1))
    assert error.line == 3
    assert f"nested more than {MAX_DEPTH} levels deep" in str(error)


@pytest.mark.usefixtures("yaml_loader")
def test_front_matter_nested_past_the_depth_limit_is_refused_naming_the_line():
    def front_matter(depth):
        return "===\n" + "\n".join(" " * i + f"k{i}:" for i in range(depth)) + " x\n===\n[A]: a"

    assert parse(front_matter(MAX_DEPTH)).title == ""
    error = format_error(front_matter(MAX_DEPTH + 1))
    assert error.line == MAX_DEPTH + 2  # the first line deeper than the limit
    assert f"nested more than {MAX_DEPTH} levels deep" in str(error)


@pytest.mark.usefixtures("yaml_loader")
def test_a_data_block_or_front_matter_over_the_size_limit_is_refused():
    line = "1, " * 13_000  # 39,000 characters: three lines are over MAX_DATA_CHARS
    data = "[A]: a {x: [" + "\n  ".join([line] * 3) + "]}"
    front_matter = "===\nx: [\n" + "\n".join([line] * 3) + "]\n===\n[A]: a"

    accepted = "[A]: a {x: [" + "\n  ".join([line] * 2) + "]}"

    assert len(parse(accepted).nodes["A"].data["x"]) == 26_000
    assert "longer than 100,000 characters" in str(format_error(data))
    assert format_error(data).line == 1
    assert "the limit is 100,000" in str(format_error(front_matter))
    assert format_error(front_matter).line == 2


@pytest.mark.usefixtures("yaml_loader")
def test_yes_no_on_off_stay_text_as_in_yaml_1_2_and_argdown():
    graph = parse(
        "===\ntitle: yes\n===\n"
        "[A]: a {a: yes, b: no, c: on, d: off, e: y, f: true, g: False, h: TRUE, i: ~, j: null}"
    )

    assert graph.title == "yes"
    assert graph.nodes["A"].data == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": "off",
        "e": "y",
        "f": True,
        "g": False,
        "h": True,
        "i": None,
        "j": None,
        "title": "A",
    }


@pytest.mark.usefixtures("yaml_loader")
def test_dates_times_and_other_yaml_1_1_values_stay_text():
    graph = parse(
        "===\ntitle: 2020-01-01\n===\n"
        "[A]: a {day: 2020-01-01, moment: 2001-12-14t21:59:43.10-05:00, clock: 12:30:00, "
        "hex: 0x1f, octal: 0o17, grouped: 1_000, inf: .inf, nan: .NaN, huge: 1e999, "
        "merge: <<, equals: =, number: -2.5e3, whole: 007}"
    )

    assert graph.title == "2020-01-01"
    data = graph.nodes["A"].data
    assert data == {
        "day": "2020-01-01",
        "moment": "2001-12-14t21:59:43.10-05:00",
        "clock": "12:30:00",
        "hex": "0x1f",
        "octal": "0o17",
        "grouped": "1_000",
        "inf": ".inf",
        "nan": ".NaN",
        "huge": "1e999",
        "merge": "<<",
        "equals": "=",
        "number": -2500.0,
        "whole": 7,
        "title": "A",
    }
    assert json.loads(json.dumps(data, allow_nan=False)) == data


@pytest.mark.usefixtures("yaml_loader")
def test_keys_are_text_as_written_and_a_list_key_is_refused():
    graph = parse('[A]: a {1: one, true: yes, null: nothing, "2": two}')

    assert graph.nodes["A"].data == {
        "1": "one",
        "true": "yes",
        "null": "nothing",
        "2": "two",
        "title": "A",
    }
    error = format_error("[A]: a\n  + [B]: b {[x]: 3}")
    assert error.line == 2
    assert "a key must be text" in str(error)


@pytest.mark.usefixtures("yaml_loader")
def test_a_yaml_comment_in_data_ends_with_its_line():
    graph = parse("[A]: a {speaker: Someone, # who said it\n  quote: It's true.}")

    assert graph.nodes["A"].speaker == "Someone"
    assert graph.nodes["A"].quotes == [Quote("It's true.")]


@pytest.mark.usefixtures("yaml_loader")
def test_front_matter_may_use_block_scalars_and_a_list_is_reported_and_ignored():
    assert parse("===\ntitle: >-\n  Folded over\n  two lines\n===\n[A]: a").title == (
        "Folded over two lines"
    )
    graph = parse("===\n- a\n- b\n===\n[A]: a")
    assert graph.title == ""
    assert graph.reports == ["line 2: the front matter is not a map of settings; ignored"]


@pytest.mark.usefixtures("yaml_loader")
def test_a_character_yaml_refuses_is_named_and_one_written_by_emit_reads_back():
    error = format_error('[A]: a\n  + [B]: b {quote: "a\x9fb"}')
    assert error.line == 2
    assert "U+009F" in str(error)

    awkward = "C1 \x80\x9f, NEL \x85, LS \u2028, BOM \ufeff, \ufffe\uffff, tab\t, bell \x07"
    graph = Graph(
        title=awkward,
        nodes={"a": node("a", "A.", speaker=awkward, quotes=[Quote(awkward, awkward)])},
        roots=["a"],
    )
    again = parse(emit(graph))
    assert again.title == awkward
    assert again.nodes["A"].speaker == awkward
    assert again.nodes["A"].quotes == [Quote(awkward, awkward)]


yaml_pieces = st.sampled_from(
    [*"{}[],:?#\"'\\-&*!|>%@` \n\tx1", "\\u12", "yes", "2020-01-01", "\x9f", "\u2028", "---"]
)


@pytest.mark.usefixtures("yaml_loader")
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(yaml_pieces | st.text(max_size=3), max_size=25).map("".join),
    st.sampled_from(["[A]: a {%s}", "===\n%s\n===\n[A]: a", "[A]: a\n  + [B]: b {x: [%s]} c"]),
)
def test_any_yaml_parses_to_json_like_data_or_raises_a_format_error_naming_a_line(text, form):
    try:
        graph = parse(form % text)
    except FormatError as error:
        assert error.line is not None
        return
    for claim in graph.nodes.values():
        assert json.loads(json.dumps(claim.data, allow_nan=False)) == claim.data


# Robustness: no exception but FormatError, whatever the text

FRAGMENTS = [
    "[A]",
    "[A]: text",
    "[B]: other",
    "<C>",
    "<C>: argument",
    "[A",
    "<C",
    "[]",
    "plain text",
    "#tag",
    "#(tag",
    "#(a b)",
    "# Heading",
    "{a: 1}",
    "{a: [1, {b: 'x'}], c: \"\\u00e9\"}",
    "{",
    "}",
    "[",
    '{source: "s", quote: "q"}',
    "{quotes: [1, {quote: 2}, [3]]}",
    "{speaker: [1]}",
    "{sources: {a: 1}}",
    "(1) premise",
    "(2) [A]",
    "(3) <C>",
    "----",
    "--",
    "-- rule --",
    "---",
    "/*",
    "*/",
    "//",
    "<!--",
    "-->",
    "===",
    "title: x",
    "\\",
    '"',
    "'",
    "@[A]",
    "https://x.org//y",
    "99999999999999999999999",
    "1e999",
]
SIGNS = ["", "", "+ ", "- ", "_ ", "<+ ", "<- ", "<_ ", "+> ", "-> ", "_> ", ">< ", "+", "-"]
INDENTS = ["", "", "  ", "    ", "\t", " \t ", "      "]
argdown_lines = st.tuples(
    st.sampled_from(INDENTS),
    st.sampled_from(SIGNS),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=3),
).map(lambda parts: parts[0] + parts[1] + " ".join(parts[2]))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_or_raises_format_error(text):
    with contextlib.suppress(FormatError):
        parse(text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(argdown_lines, max_size=40), st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_mix_of_argdown_lines_parses_or_raises_format_error(lines, newline):
    try:
        graph = parse(newline.join(lines))
    except FormatError:
        return
    node_ids = set(graph.nodes)
    edge_ids = {edge.id for edge in graph.edges}
    assert len(edge_ids) == len(graph.edges)
    for edge in graph.edges:
        assert edge.premises and set(edge.premises) <= node_ids
        assert edge.target in (edge_ids if edge.target_is_edge else node_ids)
    assert_round_trip(graph)


# Writing


def node(node_id, text, **fields):
    return Node(id=node_id, text=text, **fields)


def hand_built_graph():
    """A cycle, a linked claim, co-premises and an undercutter, with every node field."""
    nodes = [
        node("t", "The US should press China on rights in public.", tags=["us-gov"]),
        node("a", "Silence is read as weakness.", speaker="Rights groups"),
        node(
            "b",
            "Pressure embarrasses the leadership.",
            quotes=[Quote("They lose face.", "hrw-2019"), Quote('He said "no".', "")],
            sources=["https://example.org/report"],
        ),
        node("c", "Embarrassed leaders make concessions."),
        node("d", "Concessions were cosmetic.", tags=["analysts", "with space"]),
        node("x", "Public pressure is interference."),
        node("y", "Rights are a universal concern."),
        node("z", "A claim nothing bears on.", data={"weight": 2}),
    ]
    edges = [
        Edge("e1", ["a"], SUPPORT, "t"),
        Edge("e2", ["b", "c"], SUPPORT, "t", scheme="Practical reasoning"),
        Edge("e3", ["d"], ATTACK, "e2", target_is_edge=True),
        Edge("e4", ["x"], ATTACK, "t"),
        Edge("e5", ["y"], ATTACK, "x"),
        Edge("e6", ["x"], ATTACK, "y"),
        Edge("e7", ["a"], ATTACK, "x"),
    ]
    return Graph(
        title="Hand-built",
        nodes={n.id: n for n in nodes},
        edges=edges,
        roots=["t", "z"],
    )


def test_hand_built_graph_is_written_as_expected():
    assert emit(hand_built_graph()) == HAND_BUILT_WRITTEN


HAND_BUILT_WRITTEN = """\
===
title: "Hand-built"
===

[The US should press China on]: The US should press China on rights in public. #us-gov
  + [Silence is read as weakness]: Silence is read as weakness. {speaker: "Rights groups"}
  + <Pressure embarrasses the leadership + Embarrassed leaders make concessions>
    _ <Concessions were cosmetic>
  - [Public pressure is interference]: Public pressure is interference.
    - [Rights are a universal concern]: Rights are a universal concern.
      - [Public pressure is interference]
    - [Silence is read as weakness]

[A claim nothing bears on]: A claim nothing bears on. {weight: 2}

<Pressure embarrasses the leadership + Embarrassed leaders make concessions>

(1) [Pressure embarrasses the leadership]: Pressure embarrasses the leadership. \
{quotes: [{source: "hrw-2019", quote: "They lose face."}, {quote: "He said \\"no\\"."}], \
sources: ["https://example.org/report"]}
(2) [Embarrassed leaders make concessions]: Embarrassed leaders make concessions.
-- Practical reasoning --
(3) [The US should press China on]

<Concessions were cosmetic>

(1) [Concessions were cosmetic]: Concessions were cosmetic. #analysts #(with space)
----
(2) The inference of @<Pressure embarrasses the leadership + Embarrassed leaders make \
concessions> does not hold.
"""


def test_hand_built_graph_round_trips():
    graph = hand_built_graph()
    graph.roots = ["t", "z"]

    assert_round_trip(graph)
    again = parse(emit(graph))
    assert [e.scheme for e in again.edges if len(e.premises) == 2] == ["Practical reasoning"]
    assert again.nodes["A claim nothing bears on"].data == {
        "weight": 2,
        "title": "A claim nothing bears on",
    }


def test_titles_come_from_data_then_from_text_and_are_unique():
    graph = Graph(
        nodes={
            "1": node("1", "Same words here.", data={"title": "Chosen [title] #x"}),
            "2": node("2", "Same words here."),
            "3": node("3", "Same words here!"),
            "4": node("4", "+++ {} ###"),
            "5": node("5", "One two three four five six seven eight nine."),
        },
        roots=["1", "2", "3", "4", "5"],
    )

    titles = [line.split("]")[0] + "]" for line in emit(graph).splitlines() if line[:1] == "["]
    assert titles == [
        "[Chosen title x]",
        "[Same words here]",
        "[Same words here 2]",
        "[Statement]",
        "[One two three four five six]",
    ]
    assert emit(graph) == emit(graph)


def test_a_linked_claim_is_defined_once_and_referred_to_after():
    graph = Graph(
        nodes={n.id: n for n in [node("p", "Shared."), node("s", "One."), node("u", "Two.")]},
        edges=[Edge("e1", ["p"], SUPPORT, "s"), Edge("e2", ["p"], ATTACK, "u")],
        roots=["s", "u"],
    )

    written = emit(graph)

    assert "  + [Shared]: Shared.\n" in written
    assert "  - [Shared]\n" in written
    assert_round_trip(graph)


def test_text_that_looks_like_syntax_is_escaped_and_reads_back():
    tricky = [
        '[x]: #tag {a: b} // c /* d */ "q" \\ <!-- e --> f',
        "+ - _ <A> (1) ---- === // start",
        "/* starts like a comment",
        "ends with a backslash \\",
        "#(not a tag) and #real?",
    ]
    graph = Graph(nodes={str(i): node(str(i), text) for i, text in enumerate(tricky)})
    graph.roots = list(graph.nodes)

    assert sorted(texts(parse(emit(graph))).values()) == sorted(tricky)


def test_scheme_ending_in_a_dash_reads_back():
    graph = Graph(
        nodes={n.id: n for n in [node("t", "T."), node("a", "A."), node("b", "B.")]},
        edges=[Edge("e1", ["a", "b"], SUPPORT, "t", scheme="rule -")],
        roots=["t"],
    )

    assert parse(emit(graph)).edges[0].scheme == "rule -"


def test_a_long_chain_is_written_within_the_nesting_limit():
    count = MAX_DEPTH + 50
    graph = Graph(
        nodes={str(i): node(str(i), f"Claim number {i}.") for i in range(count)},
        edges=[Edge(f"e{i}", [str(i)], SUPPORT, str(i - 1)) for i in range(1, count)],
        roots=["0"],
    )

    assert_round_trip(graph)


def test_an_inference_cycle_is_still_written():
    graph = Graph(
        nodes={n.id: n for n in [node("a", "A."), node("b", "B.")]},
        edges=[
            Edge("u1", ["a"], ATTACK, "u2", target_is_edge=True),
            Edge("u2", ["b"], ATTACK, "u1", target_is_edge=True),
        ],
    )

    written = emit(graph)

    assert written.count("_> <") == 1
    assert "[A]: A." in written and "[B]: B." in written
    parse(written)


@pytest.mark.parametrize(
    "edge",
    [
        Edge("e1", [], SUPPORT, "a"),
        Edge("e1", ["missing"], SUPPORT, "a"),
        Edge("e1", ["a"], SUPPORT, "missing"),
        Edge("e1", ["a"], SUPPORT, "e9", target_is_edge=True),
        Edge("e1", ["a"], "neutral", "a"),
    ],
)
def test_emit_refuses_an_edge_that_points_nowhere(edge):
    graph = Graph(nodes={"a": node("a", "A.")}, edges=[edge])

    with pytest.raises(FormatError, match="e1"):
        emit(graph)


TRICKY = [
    "[",
    "]",
    "<",
    ">",
    "{",
    "}",
    "#",
    "#tag",
    "#(x)",
    "//",
    "/*",
    "*/",
    "<!--",
    "-->",
    '"',
    "'",
    "\\",
    "+",
    "-",
    "_",
    "--",
    "----",
    "(1)",
    "@[x]",
    "===",
    ":",
    "https://x.org/a",
    " ",
    "é",
    "中文",
    "\u2028",
    "\x00",
]


def one_line(text):
    return " ".join(text.split())


claim_texts = (
    st.lists(st.sampled_from(TRICKY) | st.text(min_size=1, max_size=8), min_size=1, max_size=8)
    .map("".join)
    .map(one_line)
    .filter(lambda text: 0 < len(text) <= MAX_CLAIM_CHARS)
)
labels = st.text(max_size=12).map(one_line).filter(bool)


@st.composite
def small_graphs(draw):
    """Random acyclic graphs: premises come after their target, undercuts hit earlier edges."""
    claims = draw(st.lists(claim_texts, min_size=1, max_size=6, unique=True))
    nodes = {}
    for index, text in enumerate(claims):
        quotes = draw(
            st.lists(st.builds(Quote, st.text(max_size=12), st.text(max_size=8)), max_size=2)
        )
        nodes[f"n{index}"] = Node(
            id=f"n{index}",
            text=text,
            speaker=draw(st.text(max_size=10)),
            quotes=list({(q.text, q.source): q for q in quotes}.values()),
            sources=draw(st.lists(st.text(min_size=1, max_size=10), max_size=2, unique=True)),
            tags=draw(st.lists(labels, max_size=2, unique=True)),
            data=draw(st.sampled_from([{}, {"title": text[:20]}, {"n": 1}])),
        )
    edges = []
    keys = set()

    def add(premises, stance, target, target_is_edge):
        key = (tuple(premises), stance, target, target_is_edge)
        if key not in keys:
            keys.add(key)
            edges.append(Edge(f"e{len(edges)}", premises, stance, target, target_is_edge))

    for target in range(len(claims) - 1):
        later = [f"n{i}" for i in range(target + 1, len(claims))]
        for _ in range(draw(st.integers(0, 2))):
            premises = draw(st.lists(st.sampled_from(later), min_size=1, max_size=3, unique=True))
            add(premises, draw(st.sampled_from([SUPPORT, ATTACK])), f"n{target}", False)
    for _ in range(draw(st.integers(0, 2))):
        if not edges:
            break
        targeted = draw(st.sampled_from(edges))
        outside = [n for n in nodes if n not in targeted.premises]
        if outside:
            premise = draw(st.sampled_from(outside))
            add([premise], draw(st.sampled_from([SUPPORT, ATTACK])), targeted.id, True)
    premises = {premise for edge in edges for premise in edge.premises}
    roots = [node_id for node_id in nodes if node_id not in premises]
    return Graph(title=draw(st.text(max_size=10)), nodes=nodes, edges=edges, roots=roots)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_graphs())
def test_random_graphs_round_trip(graph):
    written = emit(graph)
    again = parse(written)

    assert normalised(again) == normalised(graph), written
    assert again.title == graph.title
    assert again.reports == []
