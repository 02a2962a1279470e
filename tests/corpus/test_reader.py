from hypothesis import given
from hypothesis import strategies as st

from corpus.reader import paragraphs

TEXT = "One two three.\n\nFour five six.\n\nSeven."


def test_text_without_excerpts_is_plain_paragraphs():
    result = paragraphs(TEXT, [])
    assert [[s.text for s in p.segments] for p in result] == [
        ["One two three."],
        ["Four five six."],
        ["Seven."],
    ]
    assert all(not s.excerpt_ids for p in result for s in p.segments)


def test_an_excerpt_is_marked_and_anchored_where_it_starts():
    start = TEXT.index("five")
    [_, middle, _] = paragraphs(TEXT, [(7, start, start + len("five six"))])
    assert [(s.text, s.excerpt_ids, s.starts) for s in middle.segments] == [
        ("Four ", (), ()),
        ("five six", (7,), (7,)),
        (".", (), ()),
    ]
    assert middle.starting_excerpts == [7]


def test_overlapping_excerpts_split_into_segments_covered_by_both():
    a = (1, TEXT.index("One"), TEXT.index("three") + 5)
    b = (2, TEXT.index("two"), TEXT.index("three.") + 6)
    [first, _, _] = paragraphs(TEXT, [b, a])
    assert [(s.text, s.excerpt_ids, s.starts) for s in first.segments] == [
        ("One ", (1,), (1,)),
        ("two three", (1, 2), (2,)),
        (".", (2,), ()),
    ]
    assert first.starting_excerpts == [1, 2]


def test_segments_put_together_give_back_the_text():
    spans = [(1, 3, 20), (2, 10, 12), (3, 30, 35)]
    result = paragraphs(TEXT, spans)
    rebuilt = "\n\n".join("".join(s.text for s in p.segments) for p in result)
    assert rebuilt == TEXT


def test_a_quote_is_shown_in_its_sentence_without_crossing_paragraphs():
    from corpus.reader import in_sentence

    text = "First one. The US must raise rights with equal prominence today. Next.\n\nOther."
    start = text.index("raise rights")
    end = start + len("raise rights")
    assert in_sentence(text, start, end) == (
        "The US must ",
        "raise rights",
        " with equal prominence today.",
    )
    last = text.index("Other")
    assert in_sentence(text, last, last + 5) == ("", "Other", ".")


WORDY = "We urge the Chinese government's communications, long-standing ties.\n\nNext 42."


def cut(text, words):
    start = text.index(words)
    return start, start + len(words)


def test_a_selection_is_widened_to_whole_words_at_both_ends():
    from corpus.reader import passage

    start, end = cut(WORDY, "rge the Chinese government's communica")
    assert passage(WORDY, start, end) == cut(WORDY, "urge the Chinese government's communications")


def test_apostrophes_and_hyphens_inside_a_word_do_not_end_it():
    from corpus.reader import passage

    start, end = cut(WORDY, "government's")
    assert passage(WORDY, start, start + len("govern")) == (start, end)
    start, end = cut(WORDY, "long-standing")
    assert passage(WORDY, start + 2, start + len("long-s")) == (start, end)


def test_whole_words_and_punctuation_are_kept_as_selected():
    from corpus.reader import passage

    for words in ("communications,", "the Chinese", "ties.", "42"):
        assert passage(WORDY, *cut(WORDY, words)) == cut(WORDY, words)
    # White space around a selection is trimmed, never turned into a word.
    start, end = cut(WORDY, " the ")
    assert passage(WORDY, start, end) == cut(WORDY, "the")


def test_widening_never_crosses_a_paragraph_and_respects_the_longest_passage():
    from corpus.reader import MAX_PASSAGE, passage

    start, end = cut(WORDY, "ties.\n\nNe")
    assert passage(WORDY, start, end) == cut(WORDY, "ties.\n\nNext")
    long_word = "x" * (MAX_PASSAGE + 5)
    assert passage(long_word, 0, 10) is None


def _paragraphs_by_looking_at_every_span(text, spans):
    """The reader's first, quadratic way: every paragraph looks at every span."""
    spans = sorted(spans, key=lambda span: (span[1], span[2]))
    result, offset = [], 0
    for block in text.split("\n\n"):
        begin, end = offset, offset + len(block)
        offset = end + 2
        if not block.strip():
            continue
        cuts = {begin, end}
        for _, start, stop in spans:
            cuts.update(point for point in (start, stop) if begin < point < end)
        points = sorted(cuts)
        segments = [
            (
                left,
                tuple(pk for pk, start, stop in spans if start <= left and right <= stop),
                tuple(pk for pk, start, _ in spans if start == left),
            )
            for left, right in zip(points, points[1:], strict=False)
        ]
        result.append((segments, [pk for pk, start, _ in spans if begin <= start < end]))
    return result


@given(
    text=st.text(alphabet="ab \n", max_size=80),
    raw=st.lists(st.tuples(st.integers(0, 80), st.integers(1, 40)), max_size=12),
)
def test_the_sweep_marks_exactly_what_looking_at_every_span_marks(text, raw):
    spans = [
        (pk, start, min(start + length, len(text)))
        for pk, (start, length) in enumerate(raw)
        if start < len(text)
    ]
    swept = [
        ([(s.offset, s.excerpt_ids, s.starts) for s in p.segments], p.starting_excerpts)
        for p in paragraphs(text, spans)
    ]
    assert swept == _paragraphs_by_looking_at_every_span(text, spans)
