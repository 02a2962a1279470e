"""Markdown as plain text, paragraphs kept: the markup goes and the words stay.

Headings lose their ``#``, emphasis its ``*`` and ``_``, links and images keep their text
(the address goes), inline code and fenced code keep their text, block quotes and list
items lose their markers, rules and setext underlines go, inline HTML tags go and
entities are read. A line-by-line pass; every pattern is bounded, so the time is linear in
the input (no markdown library is installed, and none is needed for this). No Django.
"""

import html
import re

_FENCE = re.compile(r"(`{3,}|~{3,})")
_HEADING = re.compile(r"#{1,6}(?=\s|$)")
_CLOSING_HASHES = re.compile(r"\s#+$")
_SETEXT = re.compile(r"(?:=+|-+)$")
_BULLET = re.compile(r"(?:[-*+]|\d{1,9}[.)])\s+")
_TASK = re.compile(r"\[[ xX]\]\s+")
# [text](address "title") and ![alt](address); text and address bounded, no nesting.
_LINK = re.compile(r"!?\[([^\[\]\n]{0,1000})\]\([^()\n]{0,2000}\)")
_REFERENCE_LINK = re.compile(r"!?\[([^\[\]\n]{1,1000})\]\[[^\[\]\n]{0,200}\]")
_DEFINITION = re.compile(r"\[[^\[\]\n]{1,200}\]:\s")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]{1,2000})>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>]{0,1000})?/?>")
_EMPHASIS = re.compile(r"\*+|_+|~~+")
_CODE = re.compile(r"`+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MARKS = re.compile(r"[\[<*_~`\\&]")  # a line without any of these has no inline markup


def markdown_text(source: str) -> str:
    """Plain text of a Markdown document (not yet cleaned: see ``clean_text``)."""
    out = []
    fence = ""
    previous_blank = True
    for raw in source.split("\n"):
        line = raw.strip()
        if fence:
            if line.startswith(fence):
                fence = ""
                out.append("")
            else:
                out.append(raw.rstrip())
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            out.append("")
            continue
        if not line:
            out.append("")
            previous_blank = True
            continue
        if _is_rule(line) or (_SETEXT.match(line) and not previous_blank):
            out.append("")  # a rule, or the underline of the heading above it
            previous_blank = True
            continue
        if _DEFINITION.match(line):
            continue  # a link's address, defined apart
        if line.startswith(">"):
            line = line.lstrip("> \t")  # a block quote's markers, nested or not
        heading = _HEADING.match(line)
        block_start = bool(heading)
        if heading:
            line = _CLOSING_HASHES.sub("", line[heading.end() :].strip())
        bullet = _BULLET.match(line)
        if bullet:
            line = line[bullet.end() :]
            task = _TASK.match(line)
            if task:
                line = line[task.end() :]
            block_start = True
        if block_start and not previous_blank:
            out.append("")  # a heading or list item is a paragraph of its own
        out.append(inline(line))
        if heading:
            out.append("")
        previous_blank = bool(heading)
    return "\n".join(out)


def _is_rule(line: str) -> bool:
    """A thematic break: three or more of one of - * _, spaces allowed between."""
    marks = line.replace(" ", "").replace("\t", "")
    return len(marks) >= 3 and marks[0] in "-*_" and marks == marks[0] * len(marks)


def inline(line: str) -> str:
    """One line without inline markup."""
    if not _MARKS.search(line):
        return line
    line = _LINK.sub(r"\1", line)
    line = _REFERENCE_LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _TAG.sub("", line)
    line = _CODE.sub("", line)
    line = _EMPHASIS.sub(lambda run: _unless_spaced(line, run), line)
    line = _ESCAPE.sub(r"\1", line)
    return html.unescape(line)


def _unless_spaced(line: str, run: re.Match) -> str:
    """An emphasis run is markup when it touches a word: kept when spaces stand on both
    sides ("5 * 3") and inside a word for underscores ("snake_case")."""
    start, end = run.span()
    before = line[start - 1] if start else " "
    after = line[end] if end < len(line) else " "
    if before.isspace() and after.isspace():
        return run.group()
    if run.group()[0] == "_" and before.isalnum() and after.isalnum():
        return run.group()
    return ""
