"""YAML data: front matter, `{…}` data after a text, and YAML flow values written back."""

import math
import re
import string

from ..graph import MAX_DEPTH, FormatError, Quote
from .lines import indentation

_TITLE_KEY = re.compile(r"""["']?title["']?\s*:""")
_QUOTED_SPECIAL = re.compile(r'["\\]')
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_YAML_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "~"})
_YAML_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_WIDTHS = {"x": 2, "u": 4, "U": 8}


def apply_data(element, data, line):
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


def read_block_yaml(lines, reports):
    """Front matter as a dict (block `key: value` lines); also the line of `title`."""
    entries = []
    for number, line in lines:
        content = line.strip()
        if content and not content.startswith("#"):
            entries.append((number, indentation(line), content))
    settings = {}
    title_line = entries[0][0] if entries else 1
    position = 0
    while position < len(entries):
        block, position = _read_block(entries, position, 0, reports)
        if isinstance(block, dict):
            settings.update(block)
    for number, indent, content in entries:
        if indent == entries[0][1] and _TITLE_KEY.match(content):
            title_line = number
            break
    return settings, title_line


def _read_block(entries, position, depth, reports):
    """The mapping or list that starts at entries[position], and the position after it."""
    if depth > MAX_DEPTH:
        raise FormatError("front matter is nested too deeply", line=entries[position][0])
    indent = entries[position][1]
    is_list = _is_list_item(entries[position][2])
    result = [] if is_list else {}
    while position < len(entries):
        number, line_indent, content = entries[position]
        if line_indent < indent:
            break
        position += 1
        if line_indent > indent or _is_list_item(content) != is_list:
            reports.append(f"line {number}: front matter line not understood; ignored")
            continue
        if is_list:
            key, rest = None, content[1:].strip()
        else:
            reader = Flow(content, number)
            key = reader.key()
            reader.skip_space()
            if reader.peek() != ":":
                reports.append(f"line {number}: front matter line not understood; ignored")
                continue
            rest = content[reader.position + 1 :].strip()
        if rest:
            value = _block_scalar(rest, number)
            while isinstance(value, str) and _deeper(entries, position, indent):
                value = f"{value} {entries[position][2]}"
                position += 1
        elif _deeper(entries, position, indent):
            value, position = _read_block(entries, position, depth + 1, reports)
        else:
            value = None
        if is_list:
            result.append(value)
        else:
            result[key] = value
    return result, position


def _deeper(entries, position, indent):
    return position < len(entries) and entries[position][1] > indent


def _is_list_item(content):
    return content == "-" or content.startswith("- ")


def _block_scalar(rest, number):
    if rest[0] in "\"'{[":
        reader = Flow(rest, number)
        value = reader.value(0)
        reader.skip_space()
        if reader.position < len(rest) and rest[reader.position] != "#":
            raise FormatError("unexpected text after the value", line=number)
        return value
    comment = rest.find(" #")
    return _typed((rest if comment < 0 else rest[:comment]).strip())


def _typed(plain):
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


class Flow:
    """Reads YAML flow values (`{a: 1, b: [x, "y"]}`) and scalars out of a string."""

    def __init__(self, text, line, position=0):
        self.text = text
        self.line = line
        self.position = position

    def fail(self, message):
        raise FormatError(message, line=self.line)

    def peek(self):
        return self.text[self.position : self.position + 1]

    def skip_space(self):
        while self.position < len(self.text) and self.text[self.position].isspace():
            self.position += 1

    def value(self, depth):
        self.skip_space()
        character = self.peek()
        if character == "{":
            return self.mapping(depth + 1)
        if character == "[":
            return self.sequence(depth + 1)
        if character == '"':
            return self.double_quoted()
        if character == "'":
            return self.single_quoted()
        start = self.position
        while self.position < len(self.text) and self.text[self.position] not in ",]}":
            self.position += 1
        return _typed(self.text[start : self.position].strip())

    def mapping(self, depth):
        if depth > MAX_DEPTH:
            self.fail(f"data nested more than {MAX_DEPTH} levels deep")
        self.position += 1
        result = {}
        while True:
            self.skip_space()
            character = self.peek()
            if not character:
                self.fail("unbalanced '{': no closing '}'")
            if character == "}":
                self.position += 1
                return result
            key = self.key()
            self.skip_space()
            value = None
            if self.peek() == ":":
                self.position += 1
                value = self.value(depth)
            result[key] = value
            self.separator("}")

    def sequence(self, depth):
        if depth > MAX_DEPTH:
            self.fail(f"data nested more than {MAX_DEPTH} levels deep")
        self.position += 1
        result = []
        while True:
            self.skip_space()
            character = self.peek()
            if not character:
                self.fail("unbalanced '[': no closing ']'")
            if character == "]":
                self.position += 1
                return result
            result.append(self.value(depth))
            self.separator("]")

    def separator(self, closer):
        self.skip_space()
        character = self.peek()
        if character == ",":
            self.position += 1
        elif not character:
            opener = "{" if closer == "}" else "["
            self.fail(f"unbalanced '{opener}': no closing '{closer}'")
        elif character != closer:
            self.fail(f"data: expected ',' or '{closer}' but found {character!r}")

    def key(self):
        character = self.peek()
        if character == '"':
            return self.double_quoted()
        if character == "'":
            return self.single_quoted()
        if character in ("{", "["):
            self.fail("data: a key must be text")
        start = self.position
        text = self.text
        while self.position < len(text):
            character = text[self.position]
            if character in ",{}[]":
                break
            following = text[self.position + 1 : self.position + 2]
            if character == ":" and (not following or following.isspace() or following in ",{}[]"):
                break
            self.position += 1
        return text[start : self.position].strip()

    def double_quoted(self):
        self.position += 1
        kept = []
        text = self.text
        while True:
            if self.position >= len(text):
                self.fail("unterminated string: no closing '\"'")
            character = text[self.position]
            if character == '"':
                self.position += 1
                return "".join(kept)
            if character != "\\":
                special = _QUOTED_SPECIAL.search(text, self.position)
                end = len(text) if special is None else special.start()
                kept.append(text[self.position : end])
                self.position = end
                continue
            escape = text[self.position + 1 : self.position + 2]
            if not escape:
                self.fail("unterminated string: no closing '\"'")
            width = _HEX_WIDTHS.get(escape)
            if width is None:
                # YAML refuses unknown escapes; keeping the character is kinder to hand edits.
                kept.append(_YAML_ESCAPES.get(escape, escape))
                self.position += 2
                continue
            digits = text[self.position + 2 : self.position + 2 + width]
            if len(digits) != width or any(d not in string.hexdigits for d in digits):
                self.fail(f"data: bad escape \\{escape}{digits}")
            code = int(digits, 16)
            if code > 0x10FFFF:
                self.fail(f"data: bad escape \\{escape}{digits}")
            kept.append(chr(code))
            self.position += 2 + width

    def single_quoted(self):
        self.position += 1
        kept = []
        text = self.text
        while True:
            end = text.find("'", self.position)
            if end < 0:
                self.fail('unterminated string: no closing "\'"')
            kept.append(text[self.position : end])
            if text[end + 1 : end + 2] == "'":
                kept.append("'")
                self.position = end + 2
                continue
            self.position = end + 1
            return "".join(kept)


def yaml_key(key):
    key = str(key)
    if _PLAIN_KEY.fullmatch(key) and key.lower() not in _YAML_WORDS:
        return key
    return quoted(key)


def yaml_value(value, depth):
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


_QUOTED_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def quoted(text):
    kept = []
    for character in text:
        if character in _QUOTED_ESCAPES:
            kept.append(_QUOTED_ESCAPES[character])
        elif ord(character) < 0x20 or character in "\x7f\x85\u2028\u2029":
            kept.append(f"\\u{ord(character):04x}")
        else:
            kept.append(character)
    return '"' + "".join(kept) + '"'
