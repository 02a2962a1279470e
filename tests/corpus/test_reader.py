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
