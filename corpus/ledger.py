"""The source ledger (pure Python): how much of a source the map has used, what it has left
unmapped, and whether each camp's quoted passages are answered by another camp.

Every step is linear in the text plus the citations (one regular expression whose only
repetition follows a fixed character, sorts, and sweeps over sorted spans), so a
100,000-word source with a thousand excerpts costs milliseconds.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

# Where one sentence ends and the next begins: after ".", "!" or "?" and any closing quotes
# or brackets, the white space that follows (group 1: the sentence ends where it starts);
# or at a paragraph break, which no sentence crosses. One pattern that starts with a set
# of characters, which the engine can scan for fast; each repetition starts at a fixed
# character, so the search is linear.
SENTENCE_BREAK = re.compile(r"[.!?\n][\"'”’)\]]*(\s+)")


@dataclass(frozen=True)
class CampLine:
    camp: object  # whatever the caller names camps by (an id, a key)
    quoted: int  # passages quoted by the camp's claims
    answered: int  # of them, passages whose quoting claim another camp's claim attacks


@dataclass(frozen=True)
class Ledger:
    sentences: int
    quoted_sentences: int
    paragraphs: int
    unmapped: tuple  # (number, start, end) of each paragraph no quote touches; numbered from 1
    camps: tuple  # CampLine per camp, in the order asked for

    @property
    def share(self):
        """The share of sentences quoted, 0 to 1."""
        return self.quoted_sentences / self.sentences if self.sentences else 0.0


def paragraph_spans(text):
    """(start, end) of each paragraph that holds more than white space: blocks between blank
    lines, as the reader shows them (corpus.reader.paragraphs)."""
    spans, offset = [], 0
    for block in text.split("\n\n"):
        begin, end = offset, offset + len(block)
        offset = end + 2
        if block.strip():
            spans.append((begin, end))
    return spans


def sentence_spans(text):
    """(start, end) of each sentence; a sentence never crosses a paragraph break."""
    spans, left = [], 0
    for match in SENTENCE_BREAK.finditer(text):
        if text[match.start()] != "\n":
            end = match.start(1)
        elif "\n\n" in match.group():
            end = match.start()
        else:
            continue  # a line break inside a paragraph
        if end > left and not (text[left].isspace() and not text[left:end].strip()):
            spans.append((left, end))
        left = match.end()
    if left < len(text) and text[left:].strip():
        spans.append((left, len(text)))
    return spans


def merged(ranges):
    """Sorted, non-overlapping (start, end) covering the same characters as `ranges`."""
    result = []
    for start, end in sorted(ranges):
        if result and start < result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result


def touched_indices(spans, cover):
    """The indices of the sorted, disjoint `spans` that a range of the merged `cover`
    overlaps, as sorted, disjoint (first, past the last) ranges: two binary searches per
    range of `cover`, so a long text with few quotes costs the quotes, not the text."""
    starts = [start for start, _ in spans]
    ends = [end for _, end in spans]
    ranges = []
    for start, end in cover:
        first, past = bisect_right(ends, start), bisect_left(starts, end)
        if first >= past:
            continue
        if ranges and first <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], past))
        else:
            ranges.append((first, past))
    return ranges


def ledger(text, citations, attacks, *, camps, sentences=None, blocks=None):
    """The ledger of one source.

    `citations`: (excerpt id, start, end, claim id, camp) for every approved claim quoting
    the source; camp is None for a claim with no speaker. `attacks`: (attacked claim id,
    attacker's camp) for every approved attack on one of those claims. `camps`: the camps to
    report, in order. `sentences` and `blocks`, if given, are `sentence_spans(text)` and
    `paragraph_spans(text)` computed before (they change only with the text).
    """
    sentences = sentence_spans(text) if sentences is None else sentences
    blocks = paragraph_spans(text) if blocks is None else blocks
    cover = merged((start, end) for _, start, end, _, _ in citations)
    quoted_sentences = sum(past - first for first, past in touched_indices(sentences, cover))
    unmapped, at = [], 0
    for first, past in [*touched_indices(blocks, cover), (len(blocks), len(blocks))]:
        unmapped.extend((number + 1, *blocks[number]) for number in range(at, first))
        at = past
    unmapped = tuple(unmapped)

    attackers = {}
    for claim_id, camp in attacks:
        attackers.setdefault(claim_id, set()).add(camp)
    quoted = {camp: set() for camp in camps}
    answered = {camp: set() for camp in camps}
    for excerpt_id, _, _, claim_id, camp in citations:
        if camp not in quoted:
            continue
        quoted[camp].add(excerpt_id)
        if attackers.get(claim_id, set()) - {camp, None}:
            answered[camp].add(excerpt_id)
    lines = tuple(CampLine(camp, len(quoted[camp]), len(answered[camp])) for camp in camps)
    return Ledger(len(sentences), quoted_sentences, len(blocks), unmapped, lines)
