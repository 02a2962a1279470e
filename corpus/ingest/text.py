"""The result of an extraction, its error, and the cleaning every text goes through.

Pure standard library; no Django.
"""

import datetime
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

KINDS = ("html", "pdf", "docx", "markdown", "text")


class IngestError(ValueError):
    """Input that cannot become a source. ``str(error)`` is the message shown to the
    person who brought it: a full sentence naming the reason."""


@dataclass(frozen=True)
class Extracted:
    """The clean text of one document and what the document says about itself.

    ``text`` is cleaned by :func:`clean_text`. ``pages`` holds, for a PDF, the offset in
    ``text`` where each page starts (``pages[0] == 0``); an empty page starts where the
    next one does. ``notes`` say what was dropped or is doubtful, for the review step.
    """

    text: str
    kind: str
    title: str = ""
    author: str = ""
    publisher: str = ""
    published: datetime.date | None = None
    precision: str = ""  # "day" | "month" | "year" | "" for `published`
    language: str = ""
    url: str = ""
    pages: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()


# Line breaks other than \n that Python's str.splitlines would honour, made plain \n.
_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Control characters with no place in a text: C0 (but tab and newline), DEL and C1.
_CONTROLS = re.compile(r"[\x01-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_BLANK_RUN = re.compile(r"\n{3,}")


def refuse_bad_characters(text: str) -> None:
    """Raise IngestError if ``text`` holds a NUL or a lone surrogate (which no file can
    hold as UTF-8), naming where the first one is."""
    position = text.find("\x00")
    if position >= 0:
        raise IngestError(
            f"The text holds a NUL character (at character {position + 1}), which no "
            "readable text contains: was a binary file pasted or uploaded as text?"
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise IngestError(
            f"The text holds a broken character (a lone surrogate, at character "
            f"{error.start + 1}): copy the text again from its source."
        ) from None


def clean_text(text: str) -> str:
    """Clean ``text`` (typed, pasted or extracted) the one way every source is cleaned.

    Refuses (IngestError) a NUL or a lone surrogate. Otherwise: line ends become ``\\n``;
    other control characters and a leading byte-order mark go; the text is put in NFC;
    each line loses its leading and trailing whitespace; paragraphs (runs of non-blank
    lines, whose inner line breaks are kept) are separated by exactly one blank line;
    the result has no leading blank line and ends with one ``\\n`` ("" when nothing is
    left). Linear in the length of ``text``.
    """
    refuse_bad_characters(text)
    text = _BREAKS.sub("\n", text.lstrip("\ufeff"))
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANK_RUN.sub("\n\n", text).strip("\n")
    return text + "\n" if text else ""


def page_of(pages: tuple[int, ...] | list[int], offset: int) -> int | None:
    """The 1-based page on which ``offset`` of the text falls, or None without pages (or
    for an offset before the first page)."""
    if not pages or offset < pages[0]:
        return None
    return bisect_right(pages, offset)


def one_line(value) -> str:
    """A metadata value (a title, a byline) as one clean line of at most 1,000 characters
    ("" for none, or for one that holds characters no text may hold)."""
    if not value:
        return ""
    try:
        return " ".join(clean_text(str(value)[:1000]).split())
    except IngestError:
        return ""
