"""Argdown as the Argdown project's own examples write it (issue 19, defects 6–12)."""

import pytest

from arguments.interchange.argdown import parse
from arguments.interchange.graph import ATTACK, SUPPORT, FormatError


def edges(graph):
    return [(e.premises, e.stance, e.target, e.target_is_edge) for e in graph.edges]


def test_a_statement_supporting_a_reconstructed_argument_is_one_of_its_premises():
    graph = parse("<A>: a\n\n(1) p holds.\n----\n(2) q holds.\n\n[S]: s holds.\n  +> <A>\n")

    assert edges(graph) == [(["Untitled 1", "S"], SUPPORT, "Untitled 2", False)]
    assert graph.summary()["undercuts"] == 0


def test_one_attack_on_a_reconstructed_argument_is_one_attack_on_its_premise():
    text = (
        "[T]: t\n[U]: u\n[V]: v\n\n<A>: a\n  +> [T]\n  +> [U]\n  +> [V]\n\n"
        "(1) p\n----\n(2) q\n\n[X]: x\n  -> <A>\n"
    )

    graph = parse(text)

    assert graph.summary()["undercuts"] == 0
    assert [e for e in edges(graph) if e[1] == ATTACK] == [(["X"], ATTACK, "Untitled 1", False)]


def test_an_attack_on_an_argument_with_several_premises_names_the_one_it_takes():
    graph = parse("<A>: a\n\n(1) p\n(2) r\n----\n(3) q\n\n[X]: x\n  -> <A>\n")

    assert (["X"], ATTACK, "Untitled 1", False) in edges(graph)
    assert any("without saying which premise" in report for report in graph.reports)


def test_an_undercut_of_a_reconstructed_argument_still_targets_its_inference():
    graph = parse("<A>: a\n\n(1) p\n----\n(2) q\n\n[X]: x\n  _> <A>\n")

    assert (["X"], ATTACK, "A", True) in edges(graph)


def test_in_strict_mode_a_contrary_is_a_mutual_attack():
    text = "===\nmodel:\n  mode: strict\n===\n\n[H]: h\n  - [C]: c\n"

    assert sorted(edges(parse(text))) == [
        (["C"], ATTACK, "H", False),
        (["H"], ATTACK, "C", False),
    ]


def test_outside_strict_mode_an_attack_stays_one_way():
    assert edges(parse("[H]: h\n  - [C]: c\n")) == [(["C"], ATTACK, "H", False)]


def test_data_over_several_lines_may_continue_on_a_line_starting_with_a_bracket():
    graph = parse("[A]: a {list: [a,\n[b]]}\n")

    assert graph.nodes["A"].data["list"] == ["a", ["b"]]


def test_front_matter_with_a_value_over_several_lines_is_read():
    graph = parse("===\ntitle: T\nlist: [a,\n  b]\n===\n\n[A]: a\n")

    assert graph.title == "T"


def test_a_wrapped_line_starting_with_a_markdown_link_continues_the_statement():
    graph = parse(
        "[A]: A reconstruction can be found\n[here](https://example.org). It is in German.\n"
    )

    assert list(graph.nodes) == ["A"]
    assert graph.nodes["A"].text == (
        "A reconstruction can be found [here](https://example.org). It is in German."
    )


def test_a_line_opening_a_statement_still_starts_one():
    graph = parse("[A]: a\n[B]: b\n[C]\n")

    assert list(graph.nodes) == ["A", "B", "C"]


def test_include_is_refused_naming_the_included_files():
    with pytest.raises(FormatError) as error:
        parse("[A]: a\n\n@include(part-1.argdown, part-2.argdown)\n@include(part-3.argdown)\n")

    assert error.value.line == 3
    assert "part-1.argdown, part-2.argdown, part-3.argdown" in str(error.value)


def test_a_dedent_between_two_levels_closes_both_as_argdowns_lexer_does():
    graph = parse("A\n  + B\n    - C\n   -> G\n")

    assert edges(graph)[-1] == (["Untitled 1"], ATTACK, "Untitled 4", False)
