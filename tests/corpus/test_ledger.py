from hypothesis import given
from hypothesis import strategies as st

from corpus.ledger import ledger, merged, paragraph_spans, sentence_spans, touched_indices

TEXT = (
    "The first sentence. The second one! A third?\n\n"
    "A paragraph nobody quotes. It has two sentences.\n\n"
    "“Quoted words.” Then more words."
)


def _words(text, spans):
    return [text[start:end] for start, end in spans]


def test_sentences_end_after_a_terminator_and_its_closing_quotes_within_a_paragraph():
    assert _words(TEXT, sentence_spans(TEXT)) == [
        "The first sentence.",
        "The second one!",
        "A third?",
        "A paragraph nobody quotes.",
        "It has two sentences.",
        "“Quoted words.”",
        "Then more words.",
    ]


def test_paragraphs_are_the_blocks_between_blank_lines_that_hold_words():
    text = "One.\n\n   \n\nTwo."
    assert _words(text, paragraph_spans(text)) == ["One.", "Two."]


def test_merged_ranges_cover_the_same_characters_once():
    assert merged([(5, 9), (0, 3), (2, 4), (9, 10)]) == [(0, 4), (5, 9), (9, 10)]


def test_the_share_counts_sentences_touched_by_a_quote_and_lists_unmapped_paragraphs():
    second = TEXT.index("The second")
    last = TEXT.index("Then more")
    citations = [
        (1, second, second + 10, 100, "rights"),  # inside the second sentence
        (2, last, last + 4, 101, None),  # an editorial claim still maps the text
    ]
    result = ledger(TEXT, citations, [], camps=["rights"])
    assert (result.sentences, result.quoted_sentences, result.paragraphs) == (7, 2, 3)
    assert result.share == 2 / 7
    assert [(number, TEXT[start:end]) for number, start, end in result.unmapped] == [
        (2, "A paragraph nobody quotes. It has two sentences.")
    ]


def test_a_passage_is_answered_only_when_another_camp_attacks_the_claim_quoting_it():
    citations = [
        (1, 0, 5, 100, "rights"),
        (2, 20, 30, 101, "rights"),
        (3, 50, 60, 102, "government"),
        (3, 50, 60, 103, "rights"),  # one passage quoted by two camps counts in each
    ]
    attacks = [
        (100, "government"),  # answered across camps
        (101, "rights"),  # a camp arguing with itself answers nothing
        (101, None),  # nor does an editorial claim
        (103, "government"),
    ]
    result = ledger(TEXT, citations, attacks, camps=["rights", "government", "press"])
    lines = [(line.camp, line.quoted, line.answered) for line in result.camps]
    assert lines == [("rights", 3, 2), ("government", 1, 0), ("press", 0, 0)]


def test_an_empty_source_has_nothing_to_share():
    result = ledger("", [], [], camps=[])
    assert (result.sentences, result.share, result.unmapped) == (0, 0.0, ())


@given(
    st.lists(st.tuples(st.integers(0, 50), st.integers(1, 10)), max_size=8),
    st.lists(st.tuples(st.integers(0, 50), st.integers(1, 10)), max_size=8),
)
def test_touched_indices_agree_with_checking_every_pair(raw_spans, raw_cover):
    spans = merged((start, start + length) for start, length in raw_spans)
    cover = merged((start, start + length) for start, length in raw_cover)
    expected = [
        i for i, (start, end) in enumerate(spans) if any(a < end and start < b for a, b in cover)
    ]
    ranges = touched_indices(spans, cover)
    assert [i for first, past in ranges for i in range(first, past)] == expected
    assert all(left[1] < right[0] for left, right in zip(ranges, ranges[1:], strict=False))


def test_sentence_splitting_stays_linear_on_runs_of_terminators_and_closers():
    hostile = ".”" * 50_000 + "!" * 50_000 + ")" * 50_000
    assert len(sentence_spans(hostile)) == 1


def test_a_line_break_inside_a_paragraph_does_not_end_a_sentence_but_a_blank_line_does():
    text = "A sentence that\nwraps onto a second line\n \n\nand a paragraph with no full stop"
    assert _words(text, sentence_spans(text)) == [
        "A sentence that\nwraps onto a second line",
        "and a paragraph with no full stop",
    ]
