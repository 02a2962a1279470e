"""Argdown input as lines: line breaks, indentation, comments."""

import re
from dataclasses import dataclass

from ..graph import FormatError

TAB_WIDTH = 4
_COMMENT_OPENER = re.compile(r"(?:^|\s)/[/*]|<!--")


def split_lines(text):
    # Not str.splitlines(): that also breaks at \x1c, \x85, \u2028…, which are text here.
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def indentation(line):
    width = 0
    for character in line:
        if character == " ":
            width += 1
        elif character == "\t":
            width += TAB_WIDTH
        else:
            break
    return width


@dataclass
class _OpenComment:
    closer: str
    line: int


def strip_comments(lines):
    """The lines without comments; None for a line that held nothing but comment."""
    result = []
    comment = None
    for number, line in enumerate(lines, 1):
        if comment is None and not _COMMENT_OPENER.search(line):
            result.append(line)
            continue
        kept, comment = _strip_line(line, comment, number)
        result.append(None if line.strip() and not kept.strip() else kept)
    if comment is not None:
        raise FormatError(
            f"comment opened here is never closed with {comment.closer}", line=comment.line
        )
    return result


def _strip_line(line, comment, number):
    kept = []
    quote = None
    braces = 0
    boundary = True
    index = 0
    while index < len(line):
        if comment is not None:
            end = line.find(comment.closer, index)
            if end < 0:
                return "".join(kept), comment
            index = end + len(comment.closer)
            comment = None
            boundary = True
            continue
        character = line[index]
        if character == "\\":
            kept.append(line[index : index + 2])
            index += 2
            boundary = False
            continue
        if quote is not None:
            if character == quote:
                quote = None
        elif character == '"' or (character == "'" and braces):
            quote = character
        elif character == "{":
            braces += 1
        elif character == "}" and braces:
            braces -= 1
        elif character == "<" and line.startswith("<!--", index):
            comment = _OpenComment("-->", number)
            index += 4
            continue
        elif character == "/" and boundary and line[index + 1 : index + 2] in ("/", "*"):
            if line[index + 1] == "/":
                break
            comment = _OpenComment("*/", number)
            index += 2
            continue
        kept.append(character)
        boundary = character.isspace()
        index += 1
    return "".join(kept), comment
