"""Reading a large JSON object member by member, and its arrays element by element (pure Python).

`json.loads` builds the whole document before anything can look at it; for a 40 MB AIF file
that is several times the file's size in Python objects, held until the last one is read.
Here the caller sees one member or one array element at a time and keeps only what it needs.
Each element is decoded by the json module's own C scanner, so values, their errors and
their positions (line and column in the whole text) are the ones `json.loads` gives.
"""

import json
import re
from json import JSONDecodeError
from json.decoder import scanstring

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_AFTER_ELEMENT = re.compile(r"[ \t\n\r]*([,\]])[ \t\n\r]*")  # one match per element
_scan_once = json.JSONDecoder().scan_once


def skip_whitespace(text, index):
    return _WHITESPACE.match(text, index).end()


def value_at(text, index):
    """(value, end) for the JSON value starting exactly at `index`."""
    try:
        return _scan_once(text, index)
    except StopIteration as stop:
        raise JSONDecodeError("Expecting value", text, stop.value) from None


def walk_object(text, index, on_member):
    """Walk the object whose "{" is at `index`; return the index after its "}".

    `on_member(key, value_index)` is called for each member in order, with the index where
    its value starts, and must return the index just after that value (for instance the end
    from `value_at`, or from `walk_array`).
    """
    index = skip_whitespace(text, index + 1)
    if text.startswith("}", index):
        return index + 1
    while True:
        if not text.startswith('"', index):
            raise JSONDecodeError("Expecting property name enclosed in double quotes", text, index)
        key, index = scanstring(text, index + 1)
        index = skip_whitespace(text, index)
        if not text.startswith(":", index):
            raise JSONDecodeError("Expecting ':' delimiter", text, index)
        index = skip_whitespace(text, on_member(key, skip_whitespace(text, index + 1)))
        if text.startswith(",", index):
            index = skip_whitespace(text, index + 1)
        elif text.startswith("}", index):
            return index + 1
        else:
            raise JSONDecodeError("Expecting ',' delimiter", text, index)


def walk_array(text, index, on_element):
    """Decode the array whose "[" is at `index` one element at a time; return the index
    after its "]". `on_element(value, start, end)` gets each element and where it lies."""
    index = skip_whitespace(text, index + 1)
    if text.startswith("]", index):
        return index + 1
    while True:
        value, end = value_at(text, index)
        on_element(value, index, end)
        separator = _AFTER_ELEMENT.match(text, end)
        if separator is None:
            raise JSONDecodeError("Expecting ',' delimiter", text, skip_whitespace(text, end))
        if separator.group(1) == "]":
            return separator.end(1)
        index = separator.end()


def nesting_at_most(text, start, end):
    """An upper bound on how deeply the value in text[start:end] nests (cheap: each level
    takes two characters, and counting brackets is done in C)."""
    if end - start <= 2 * NESTING_WORTH_COUNTING:
        return (end - start) // 2
    return text.count("[", start, end) + text.count("{", start, end)


NESTING_WORTH_COUNTING = 100
