"""Splits a source text into paragraphs of plain and highlighted segments (pure Python)."""

from dataclasses import dataclass, field


@dataclass
class Segment:
    text: str
    excerpt_ids: tuple = ()
    starts: tuple = ()


@dataclass
class Paragraph:
    segments: list = field(default_factory=list)
    starting_excerpts: list = field(default_factory=list)


def paragraphs(text, spans):
    """Paragraphs (split on blank lines) whose segments say which excerpts cover them.

    `spans` is an iterable of (excerpt_id, start, end) offsets into `text`; spans may
    overlap or cross paragraph breaks. Each excerpt is listed in `starts` of exactly one
    segment and in `starting_excerpts` of the paragraph where it begins.
    """
    spans = sorted(spans, key=lambda span: (span[1], span[2]))
    result = []
    offset = 0
    for block in text.split("\n\n"):
        begin, end = offset, offset + len(block)
        offset = end + 2
        if not block.strip():
            continue
        cuts = {begin, end}
        for _, start, stop in spans:
            cuts.update(point for point in (start, stop) if begin < point < end)
        paragraph = Paragraph()
        points = sorted(cuts)
        for left, right in zip(points, points[1:], strict=False):
            covering = tuple(pk for pk, start, stop in spans if start <= left and right <= stop)
            starting = tuple(pk for pk, start, _ in spans if start == left)
            paragraph.segments.append(Segment(text[left:right], covering, starting))
        paragraph.starting_excerpts = [pk for pk, start, _ in spans if begin <= start < end]
        result.append(paragraph)
    return result
