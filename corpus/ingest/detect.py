"""Which kind of document some bytes are, and how to read bytes that hold text.

The kind comes from the bytes first (their magic numbers), then the declared content type,
then the file name's extension. Pure standard library and charset_normalizer (which
trafilatura depends on); no Django.
"""

import codecs
import re

from .text import IngestError

SNIFF = 1024  # bytes looked at for magic numbers and an HTML start
ZIP_MAGIC = b"PK\x03\x04"
BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Word or Office file (.doc): save it as .docx or PDF",
    b"{\\rtf": "an RTF document: save it as .docx or PDF",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
}
# The starts that make a text HTML, after whitespace, as browsers sniff them (WHATWG).
HTML_STARTS = (
    b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<h1", b"<div",
    b"<font", b"<table", b"<a", b"<style", b"<title", b"<b", b"<br", b"<p", b"<!--",
    b"<meta", b"<article", b"<section", b"<main",
)  # fmt: skip
CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
}
# Types that say nothing about a file: the extension decides.
GENERIC_TYPES = {"", "application/octet-stream", "text/plain", "binary/octet-stream"}
EXTENSIONS = {
    "html": "html",
    "htm": "html",
    "xhtml": "html",
    "pdf": "pdf",
    "docx": "docx",
    "md": "markdown",
    "markdown": "markdown",
    "txt": "text",
    "text": "text",
}
UNSUPPORTED = (
    "This file is not one the library reads: bring a web page (HTML), a PDF, a Word "
    "document (.docx), Markdown or plain text."
)

_META_CHARSET = re.compile(
    rb"<meta[^>]{0,512}?charset\s{0,8}=\s{0,8}[\"']?([A-Za-z0-9_.:-]{1,40})", re.I
)


def media_type(content_type: str) -> tuple[str, str]:
    """(the media type in lower case, its charset parameter or "") of a Content-Type."""
    kind, _, parameters = content_type.partition(";")
    charset = ""
    for parameter in parameters.split(";")[:8]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'")[:40]
    return kind.strip().lower(), charset


def detect_kind(data: bytes, *, filename: str = "", content_type: str = "") -> str:
    """The kind of ``data`` ("html", "pdf", "docx", "markdown", "text"), or IngestError.

    Magic numbers decide first (a PDF called page.html is a PDF); then the declared type,
    then the extension; a text named by neither is HTML when it starts as HTML does."""
    head = data[:SNIFF]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        if b"word/" in data[: 64 * 1024] or b"[Content_Types].xml" in head:
            return "docx"
        raise IngestError(
            "This is a ZIP archive but not a Word document (.docx): upload the document itself."
        )
    for magic, what in BINARY_MAGIC.items():
        if head.startswith(magic):
            raise IngestError(f"This file is {what}, not a document the library reads as text.")
    declared, _ = media_type(content_type)
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    named = ""
    if declared not in GENERIC_TYPES and declared in CONTENT_TYPES:
        named = CONTENT_TYPES[declared]
    elif extension in EXTENSIONS:
        named = EXTENSIONS[extension]
    elif declared in CONTENT_TYPES:
        named = CONTENT_TYPES[declared]
    if named in ("text", "markdown", "html"):
        return named  # a text that says what it is ("<b>" in a .txt file is a text)
    if _looks_like_html(head):
        return "html"  # unnamed, or named PDF/DOCX without their magic: an error page?
    if named:
        return named  # its reader says what is wrong with it
    if declared and not declared.startswith("text/") and declared not in GENERIC_TYPES:
        raise IngestError(UNSUPPORTED)
    if b"\x00" in head:
        raise IngestError(UNSUPPORTED)
    return "text"


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf").lstrip()[:16].lower()
    for opening in HTML_STARTS:
        if start.startswith(opening):
            after = start[len(opening) : len(opening) + 1]
            # "<b" must be a tag of its own ("<b>", "<b "), not the start of "<body"…
            if opening in (b"<!--", b"<!doctype html") or after in (b" ", b">", b""):
                return True
            if after in (b"\t", b"\n", b"\r", b"\x0c"):
                return True
    return False


def _codec(name: str) -> str:
    """Python's name for a declared charset, or "" if Python knows none by that name."""
    try:
        return codecs.lookup(name).name if name else ""
    except LookupError:
        return ""


def decode(data: bytes, *, content_type: str = "", html: bool = False) -> tuple[str, list[str]]:
    """Text from bytes: a byte-order mark, else the declared charset (the Content-Type's,
    then for HTML a <meta> in the first bytes), else UTF-8, else a guess by
    charset_normalizer, else Windows-1252. Never fails: bytes a charset cannot read become
    U+FFFD, and a note says so. Returns (text, notes)."""
    notes = []
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _decoded(data[len(bom) :], codec, notes), notes
    declared = _codec(media_type(content_type)[1])
    if not declared and html:
        found = _META_CHARSET.search(data[: SNIFF * 2])
        declared = _codec(found.group(1).decode("ascii")) if found else ""
    if declared and declared not in ("utf-16", "utf-32"):
        return _decoded(data, declared, notes), notes
    try:
        return data.decode("utf-8"), notes
    except UnicodeDecodeError:
        pass
    guess = ""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[: 256 * 1024]).best()
        guess = _codec(best.encoding) if best is not None else ""
    except Exception:  # a guesser's bug must not stop the reading: fall back below
        guess = ""
    codec = guess or "cp1252"
    notes.append(f"The text declared no character set; it was read as {codec}: check accents.")
    return _decoded(data, codec, notes), notes


def _decoded(data: bytes, codec: str, notes: list[str]) -> str:
    text = data.decode(codec, errors="replace")
    if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
        notes.append(f"Some bytes were not valid {codec} and show as \ufffd.")
    return text
