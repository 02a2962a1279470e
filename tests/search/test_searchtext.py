"""The query syntax, the FTS5 rewriting and the highlighter (pure, no database)."""

from arguments.search.query import (
    fts5_expression,
    highlight,
    parse,
    snippet,
    stem,
    word_similarity,
)


def test_words_quotes_or_and_exclusions_parse_like_websearch():
    query = parse('public "political prisoners" beijing or china -trade')
    assert query.clauses == (
        (("public",),),
        (("political", "prisoners"),),
        (("beijing",), ("china",)),
    )
    assert query.excluded == (("trade",),)


def test_the_fts5_expression_quotes_every_word_so_no_input_breaks_it():
    query = parse('human* rights) OR "NEAR(x" -"a b" AND')
    expression = fts5_expression(query)
    assert expression == '("human") AND ("rights" OR "near x") NOT "a b"'
    assert fts5_expression(parse('"" - or')) == ""


def test_only_stopwords_is_no_query():
    assert not parse("the of and")
    assert not parse("")
    assert parse("the pressure")


def test_stems_meet_across_forms_of_a_word():
    assert stem("pressure") == stem("pressures") == stem("pressured")
    assert stem("prisoners") == stem("prisoner")
    assert stem("rights") == stem("right")


def test_highlight_marks_matching_words_and_keeps_all_text():
    result = highlight("Pressure freed prisoners; pressing on.", parse("pressured prisoner"))
    assert "".join(part for part, _ in result.parts) == "Pressure freed prisoners; pressing on."
    assert [part for part, hit in result.parts if hit] == ["Pressure", "prisoners"]


def test_snippet_is_cut_around_the_first_match_at_spaces():
    text = "Opening words. " * 40 + "The detained lawyers must be freed. " + "Closing. " * 40
    result = snippet(text, parse("lawyers"), width=120)
    joined = "".join(part for part, _ in result.parts)
    assert "detained lawyers" in joined
    assert len(joined) <= 120
    assert result.clipped_start and result.clipped_end
    assert not joined.startswith(" ") and "Opening words." in joined


def test_word_similarity_forgives_typos_but_not_other_words():
    assert word_similarity("prisonners", "Public pressure freed prisoners.") > 0.5
    assert word_similarity("sanctions", "Public pressure freed prisoners.") < 0.3
    assert word_similarity("the", "anything") == 0.0


def test_word_similarity_wants_every_word():
    text = "Washington's policy is more political than principled."
    assert word_similarity("political", text) == 1.0
    assert word_similarity("political prisoners", text) < 0.5


def test_snippet_prefers_the_place_where_more_query_words_meet():
    text = "Rights are mentioned here. " * 20 + "Here rights defenders are named. " + "End. " * 40
    joined = "".join(part for part, _ in snippet(text, parse("rights defenders"), 120).parts)
    assert "rights defenders" in joined
