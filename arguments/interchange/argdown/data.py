"""YAML data in Argdown: the front matter, the `{…}` data after a text, and the YAML flow
values the writer puts there.

PyYAML reads the YAML (its libyaml parser when the wheel has it, else the pure-Python one),
but only its parser: the values are built here from the events, so that only plain types
come out (str, int, float, bool, None, list, dict) and what hostile input could do is
bounded before it costs anything:

- anchors (`&a`), aliases (`*a`) and tags (`!x`, `!!binary`) are refused: an alias bomb
  expands exponentially when the result is walked, and tags construct other types;
- a block (the front matter, or one `{…}`) holds at most MAX_DATA_CHARS characters and
  nests at most MAX_DEPTH levels; only one YAML document is read;
- characters YAML does not allow (control characters, U+FFFE…) are refused by name;
- keys are the text as written (`{1: x}` has the key "1"); a list or map as a key is refused;
- plain values are typed as in YAML 1.2's core schema, as Argdown's own js-yaml types them:
  `true`/`false` (any case form), `null`/`~`/nothing, decimal integers (at most 4,000
  digits) and finite decimal floats. `yes`, `no`, `on`, `off`, dates, times, `0x1f`,
  `0o17`, `1_000`, `.inf` and `.nan` stay text, so what is kept is JSON-like;
- every error is a FormatError naming the line of the file.
"""

import bisect
import math
import re

import yaml

from ..graph import MAX_DEPTH, MAX_LINE_CHARS, FormatError, Quote

MAX_DATA_CHARS = MAX_LINE_CHARS  # the front matter, or one `{…}`
_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_YAML_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "~"})
# What YAML allows in a stream (tab, line breaks, printable Unicode): the rest is refused.
_NOT_YAML = re.compile(r"[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FLOW_MARK = re.compile(r"""[][{},:?#"']""")
_QUOTED_END = {
    '"': re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL),
    "'": re.compile(r"[^']*(?:''[^']*)*'"),
}
_NO_KEY = object()


# Reading


def read_front_matter(lines, first_line, reports):
    """The settings between the `===` fences as a dict, and the line of `title` in the file.

    `lines` are the file's lines between the fences (None for one that held only a comment),
    the first of them being line `first_line`. A front matter that is not a map is reported
    and ignored."""
    text = "\n".join(line or "" for line in lines)
    starts = [0] + [found.end() for found in re.finditer("\n", text)]

    def line_of(index):
        return first_line + bisect.bisect_right(starts, index) - 1

    settings, keys = _load(text, line_of)
    if settings is None:
        return {}, first_line
    if not isinstance(settings, dict):
        reports.append(f"line {first_line}: the front matter is not a map of settings; ignored")
        return {}, first_line
    return settings, line_of(keys.get("title", 0))


def read_data(raw, start, line_of):
    """The map written `{…}` at raw[start], and the index after its closing `}`.

    `line_of(index)` is the line of the file that raw[index] is on."""
    end = _data_end(raw, start, line_of)
    data, _ = _load(raw[start:end], lambda index: line_of(start + index))
    if not isinstance(data, dict):  # cannot be, since the text starts with { and ends with }
        raise FormatError("data must be a map {key: value, …}", line=line_of(start))
    return data, end


def _data_end(raw, start, line_of):
    """Where the `{…}` at raw[start] ends, found as YAML finds it: brackets count, except in
    quoted strings (a quote opens one only where a value starts) and `#` comments."""
    closers = []  # (closer, where its opener is)
    value_starts = False  # whether a quote here opens a quoted string
    after_json = False  # whether a ':' here ends a key (after a quoted string or a bracket)
    index = start
    limit = min(len(raw), start + MAX_DATA_CHARS)
    while (found := _FLOW_MARK.search(raw, index, limit)) is not None:
        at = found.start()
        if at > index and not raw[index:at].isspace():
            value_starts = after_json = False
        character, index = raw[at], at + 1
        following = raw[index : index + 1]
        if character in "{[":
            closers.append(("}" if character == "{" else "]", at))
            value_starts, after_json = True, False
        elif character in "}]":
            if closers[-1][0] != character:
                raise FormatError(
                    f"data: expected ',' or '{closers[-1][0]}' but found '{character}'",
                    line=line_of(at),
                )
            closers.pop()
            if not closers:
                return index
            value_starts, after_json = False, True
        elif character in "\"'" and value_starts:
            end = _QUOTED_END[character].match(raw, index, limit)
            if end is None and limit == len(raw):
                other = "'" if character == '"' else '"'
                raise FormatError(
                    f"unterminated string: no closing {other}{character}{other}",
                    line=line_of(at),
                )
            if end is None:
                break
            index = end.end()
            value_starts, after_json = False, True
        elif character == "#" and raw[at - 1].isspace():
            index = raw.find("\n", index, limit)
            if index < 0:
                break
        elif character == "," or (
            character in ":?"
            and (not following or following.isspace() or following in ",[]{}" or after_json)
        ):
            value_starts, after_json = True, False
        else:
            value_starts = after_json = False
    if limit < len(raw):
        raise FormatError(
            f"the data is longer than {MAX_DATA_CHARS:,} characters", line=line_of(start)
        )
    closer, opener_at = closers[-1]
    raise FormatError(
        f"unbalanced '{raw[opener_at]}': no closing '{closer}'", line=line_of(opener_at)
    )


def _load(text, line_of):
    """The value of a YAML text, and the index in it of each key of its top map."""
    if len(text) > MAX_DATA_CHARS:
        raise FormatError(
            f"the YAML is {len(text):,} characters long; the limit is {MAX_DATA_CHARS:,}",
            line=line_of(0),
        )
    if found := _NOT_YAML.search(text):
        code = ord(found.group())
        raise FormatError(
            f"YAML does not allow the character U+{code:04X}; write it as \\u{code:04x} "
            "in a double-quoted string",
            line=line_of(found.start()),
        )
    try:
        loader = _LOADER(text)
        try:
            return _build(loader, line_of)
        finally:
            loader.dispose()
    except FormatError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise FormatError(_problem(error), line=line_of(mark.index if mark else 0)) from None
    except ValueError:  # the pure-Python parser's chr() of an escape past U+10FFFF
        raise FormatError("bad escape in a double-quoted string", line=line_of(0)) from None
    except yaml.YAMLError as error:
        raise FormatError(f"not valid YAML: {error}", line=line_of(0)) from None


def _build(loader, line_of):
    """The value the parser's events describe, built with plain types only, and the index
    of each key of the top map."""
    stack = []  # [map or list being filled, the key waiting for its value]
    root, keys, documents = None, {}, 0
    while (kind := type(event := loader.get_event())) is not yaml.StreamEndEvent:
        if kind is yaml.ScalarEvent:
            value = event.value if event.style else _typed(event.value)  # quoted: text
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise FormatError(
                    f"YAML nested more than {MAX_DEPTH} levels deep",
                    line=line_of(event.start_mark.index),
                )
            value = {} if kind is yaml.MappingStartEvent else []
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            continue
        elif kind is yaml.AliasEvent:
            _refuse_anchor(event, line_of)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise FormatError(
                    "only one YAML document is read", line=line_of(event.start_mark.index)
                )
            continue
        else:  # the stream's start, the document's end
            continue
        if event.anchor is not None:
            _refuse_anchor(event, line_of)
        if event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise FormatError(
                f"YAML tags ({tag}) are not supported", line=line_of(event.start_mark.index)
            )
        if not stack:
            root = value
        elif type((holder := stack[-1])[0]) is list:
            holder[0].append(value)
        elif holder[1] is not _NO_KEY:
            holder[0][holder[1]] = value
            holder[1] = _NO_KEY
        elif kind is yaml.ScalarEvent:
            holder[1] = event.value  # a key is the text as written
            if len(stack) == 1:
                keys.setdefault(event.value, event.start_mark.index)
        else:
            raise FormatError("data: a key must be text", line=line_of(event.start_mark.index))
        if kind is not yaml.ScalarEvent:
            stack.append([value, _NO_KEY])
    return root, keys


def _refuse_anchor(event, line_of):
    raise FormatError(
        "YAML anchors (&name) and aliases (*name) are not supported",
        line=line_of(event.start_mark.index),
    )


def _problem(error):
    """What the parser found wrong, in the words of this reader where they are clearer."""
    problem = error.problem or error.context or ""
    if "escape" in problem or "hexdecimal" in problem:
        return "bad escape in a double-quoted string"
    if problem == "did not find expected key" or "but found '<scalar>'" in problem:
        return "unexpected text after the value"
    return f"not valid YAML: {problem}"


def _typed(plain):
    """A plain value typed as YAML 1.2's core schema types it, numbers being decimal."""
    if plain in ("", "~", "null", "Null", "NULL"):
        return None
    if plain in ("true", "True", "TRUE"):
        return True
    if plain in ("false", "False", "FALSE"):
        return False
    # Python refuses int() of more than 4300 digits; such a number stays text.
    if len(plain) <= 4000:
        if _INT.fullmatch(plain):
            return int(plain)
        if _FLOAT.fullmatch(plain) and math.isfinite(number := float(plain)):
            return number
    return plain


def apply_data(element, data, line):
    """Data read after an element's text, given to the element: `speaker`, `source`,
    `quote`, `quotes` and `sources` to its fields, the other keys to its data."""
    data = dict(data)
    if "speaker" in data:
        element.speaker = as_text(data.pop("speaker"), "speaker", line)
    source = as_text(data.pop("source"), "source", line) if "source" in data else None
    quotes = []
    if "quote" in data:
        quotes.append(Quote(as_text(data.pop("quote"), "quote", line), source or ""))
    elif source:
        _add_unique(element.sources, [source])
    for item in _as_list(data.pop("quotes", None)):
        if isinstance(item, dict):
            quote = as_text(item.get("quote"), "quote", line)
            quotes.append(Quote(quote, as_text(item.get("source"), "source", line)))
        else:
            quotes.append(Quote(as_text(item, "quotes", line)))
    _add_unique(element.quotes, quotes)
    sources = [as_text(item, "sources", line) for item in _as_list(data.pop("sources", None))]
    _add_unique(element.sources, [source for source in sources if source])
    element.data.update(data)


def _add_unique(items, new_items):
    for item in new_items:
        if item not in items:
            items.append(item)


def as_text(value, key, line):
    """A value that must be text (a number or true/false is written out), else FormatError."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    raise FormatError(f"'{key}' must be text", line=line)


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# Writing


def yaml_key(key):
    """A key of a YAML flow map: plain when it reads back as the same text, else quoted."""
    key = str(key)
    if _PLAIN_KEY.fullmatch(key) and key.lower() not in _YAML_WORDS:
        return key
    return quoted(key)


def yaml_value(value, depth):
    """A value as YAML flow text; nested past MAX_DEPTH, its Python text, quoted."""
    if depth > MAX_DEPTH:
        return quoted(str(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else quoted(repr(value))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(yaml_value(item, depth + 1) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{yaml_key(key)}: {yaml_value(item, depth + 1)}" for key, item in value.items())
        return "{" + ", ".join(pairs) + "}"
    return quoted(str(value))


# A double-quoted YAML string escapes what YAML refuses raw, and the line breaks of YAML 1.1.
_ESCAPED = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]')
_NAMED_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def quoted(text):
    """`text` as a double-quoted YAML string."""
    return '"' + _ESCAPED.sub(_escape_character, text) + '"'


def _escape_character(found):
    character = found.group()
    return _NAMED_ESCAPES.get(character) or f"\\u{ord(character):04x}"
