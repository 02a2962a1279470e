"""A stand-in for `corpus.ingest` with its interface, until that package is merged: it
cleans text and reads plain text and Markdown; every other kind refuses with a message.
Pure: no Django."""

import datetime
import re
import unicodedata
from dataclasses import dataclass


class IngestError(ValueError):
    """The message (a full sentence) shown to the person."""


@dataclass(frozen=True)
class Extracted:
    text: str
    kind: str
    title: str = ""
    author: str = ""
    publisher: str = ""
    published: datetime.date | None = None
    precision: str = ""
    language: str = ""
    url: str = ""
    pages: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()


# NUL and the other C0 controls but tab and newline, DEL, C1 controls, lone surrogates.
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
BLANKS = re.compile(r"\n{3,}")


def clean_text(text):
    """Line ends as \\n, no control characters or lone surrogates, NFC, no trailing spaces,
    at most one blank line between paragraphs, nothing blank at either end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = UNWANTED.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = TRAILING.sub("", text)
    return BLANKS.sub("\n\n", text).strip("\n ")


def extract(data, *, filename="", content_type="", max_pages=500):
    name = filename.lower()
    textual = content_type.startswith("text/plain") or name.endswith((".txt", ".md", ".markdown"))
    if not textual or data.startswith((b"%PDF", b"PK\x03\x04")) or b"<html" in data[:1024].lower():
        raise IngestError("This kind of file cannot be read yet: paste its text instead.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise IngestError("The file is not UTF-8 text: save it as UTF-8 and try again.") from None
    text = clean_text(text)
    if not text:
        raise IngestError("The file holds no text.")
    kind = "markdown" if name.endswith((".md", ".markdown")) else "text"
    return Extracted(text=text, kind=kind)


def fetch(url, *, max_bytes, timeout=10.0, trusted_hosts=()):
    raise IngestError("Fetching a page is not available yet: paste its text instead.")
