"""Splits a source text into paragraphs of plain and highlighted segments (pure Python)."""

from dataclasses import dataclass, field


@dataclass
class Segment:
    text: str
    excerpt_ids: tuple = ()
    starts: tuple = ()
    offset: int = 0  # where the segment begins in the source text


@dataclass
class Paragraph:
    segments: list = field(default_factory=list)
    starting_excerpts: list = field(default_factory=list)


def paragraphs(text, spans):
    """Paragraphs (split on blank lines) whose segments say which excerpts cover them.

    `spans` is an iterable of (excerpt_id, start, end) offsets into `text`; spans may
    overlap or cross paragraph breaks. Each excerpt is listed in `starts` of exactly one
    segment and in `starting_excerpts` of the paragraph where it begins.

    One sweep: each paragraph looks only at the spans that overlap it, so a long text with
    many excerpts costs the text plus the excerpts, not their product.
    """
    spans = sorted(spans, key=lambda span: (span[1], span[2]))
    result = []
    offset = 0
    waiting = 0  # spans[waiting:] start at or after the paragraphs seen so far
    active = []  # spans that may overlap the current paragraph, in start order
    for block in text.split("\n\n"):
        begin, end = offset, offset + len(block)
        offset = end + 2
        while waiting < len(spans) and spans[waiting][1] < end:
            active.append(spans[waiting])
            waiting += 1
        active = [span for span in active if span[2] > begin]
        if not block.strip():
            continue
        if not active:  # most paragraphs of a long text: one plain segment
            result.append(Paragraph([Segment(block, (), (), begin)]))
            continue
        cuts = {begin, end}
        for _, start, stop in active:
            cuts.update(point for point in (start, stop) if begin < point < end)
        paragraph = Paragraph()
        points = sorted(cuts)
        for left, right in zip(points, points[1:], strict=False):
            covering = tuple(pk for pk, start, stop in active if start <= left and right <= stop)
            starting = tuple(pk for pk, start, _ in active if start == left)
            paragraph.segments.append(Segment(text[left:right], covering, starting, left))
        paragraph.starting_excerpts = [pk for pk, start, _ in active if begin <= start < end]
        result.append(paragraph)
    return result


MAX_PASSAGE = 1500

# Inside a word: letters and digits, and an apostrophe or hyphen between two of them
# ("China's", "long-standing"). The reader's script (static/js/app.js) keeps the same rule.
JOINERS = "'’-"


def _joined(text, left):
    """Whether the boundary between text[left - 1] and text[left] falls inside a word."""
    if left <= 0 or left >= len(text):
        return False
    before, after = text[left - 1], text[left]
    if before.isalnum() and after.isalnum():
        return True
    if after in JOINERS:
        return before.isalnum() and left + 1 < len(text) and text[left + 1].isalnum()
    if before in JOINERS:
        return after.isalnum() and left >= 2 and text[left - 2].isalnum()
    return False


def whole_words(text, start, end):
    """(start, end) widened so that neither end cuts a word: "communica" becomes
    "communications". Never narrows the span; white space and punctuation are never words."""
    while _joined(text, start):
        start -= 1
    while _joined(text, end):
        end += 1
    return start, end


def passage(text, start, end):
    """The (start, end) of a reader's selection with surrounding white space trimmed and both
    ends widened to whole words, or None when it is not a span of `text` of 1 to MAX_PASSAGE
    characters (checked after widening)."""
    if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= len(text):
        return None
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    start, end = whole_words(text, start, end)
    if end - start > MAX_PASSAGE:
        return None
    return start, end


SENTENCE_END = ".!?"


def in_sentence(text, start, end, *, reach=240):
    """(before, quote, after): the quote with the rest of its sentence(s) around it, never
    crossing a paragraph break and at most `reach` characters each way."""
    left = start
    floor = max(0, start - reach, text.rfind("\n", 0, start) + 1)
    while left > floor and not (
        text[left - 1] in SENTENCE_END and left < start and text[left].isspace()
    ):
        left -= 1
    right = end
    paragraph_end = text.find("\n", end)
    ceiling = min(len(text), end + reach, paragraph_end if paragraph_end >= 0 else len(text))
    while right < ceiling and not (right > end and text[right - 1] in SENTENCE_END):
        right += 1
    return text[left:start].lstrip(), text[start:end], text[end:right]
