"""An element's text read from its lines: escapes, tags and `{…}` data."""

import bisect
import re
import string

from ..graph import MAX_CLAIM_CHARS
from .data import read_data

_TEXT_SPECIAL = re.compile(r"[\\{#]")
_PUNCTUATION = frozenset(string.punctuation)


def read_text(segments):
    """Join an occurrence's lines; return its text, its tags and its data maps with lines.

    The lines are joined with line breaks, so that a `#` comment in YAML data ends with its
    line; in the text and the tags they are whitespace like any other."""
    raw = "\n".join(text for _, text in segments)
    if "\\" not in raw and "{" not in raw and "#" not in raw:
        return " ".join(raw.split()), [], []
    starts, numbers = [], []
    offset = 0
    for number, text in segments:
        starts.append(offset)
        numbers.append(number)
        offset += len(text) + 1

    def line_of(index):
        return numbers[bisect.bisect_right(starts, index) - 1]

    kept, tags, data_maps = [], [], []
    index = 0
    while index < len(raw):
        special = _TEXT_SPECIAL.search(raw, index)
        if special is None:
            kept.append(raw[index:])
            break
        kept.append(raw[index : special.start()])
        index = special.start()
        character = raw[index]
        if character == "\\" and raw[index + 1 : index + 2] in _PUNCTUATION:
            kept.append(raw[index + 1])
            index += 2
            continue
        if character == "{":
            data, end = read_data(raw, index, line_of)
            data_maps.append((data, line_of(index)))
            kept.append(" ")
            index = end
            continue
        if character == "#" and (index == 0 or raw[index - 1].isspace()):
            tag, end = _read_tag(raw, index)
            if tag:
                tags.append(tag)
                kept.append(" ")
                index = end
                continue
        kept.append(character)
        index += 1
    return " ".join("".join(kept).split()), tags, data_maps


def is_tag_character(character):
    return (
        character.isalnum()
        or character in "-_"
        or (ord(character) >= 0xA0 and not character.isspace())
    )


def _read_tag(raw, index):
    """The tag starting at raw[index] == '#' and the index after it, or (None, index)."""
    if raw[index + 1 : index + 2] != "(":
        end = index + 1
        while end < len(raw) and is_tag_character(raw[end]):
            end += 1
        return raw[index + 1 : end], end
    kept = []
    position = index + 2
    limit = min(len(raw), position + MAX_CLAIM_CHARS * 2)
    if raw.find(")", position, limit) < 0:
        return None, index
    while position < limit:
        character = raw[position]
        if character == "\\" and raw[position + 1 : position + 2] in _PUNCTUATION:
            kept.append(raw[position + 1])
            position += 2
            continue
        if character == ")":
            tag = " ".join("".join(kept).split())
            return (tag, position + 1) if len(tag) <= MAX_CLAIM_CHARS else (None, index)
        kept.append(character)
        position += 1
    return None, index
