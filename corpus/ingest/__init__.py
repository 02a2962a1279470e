"""Turning a file (or a fetched page) into a source's clean text: pure modules, no Django.

``extract`` reads the bytes of an HTML page, a PDF, a Word document (.docx), Markdown or
plain text into an :class:`Extracted`; ``clean_text`` cleans pasted text the same way;
``page_of`` says on which PDF page an offset falls. Bad input raises :class:`IngestError`,
whose text is the message for the person. ``fetch`` (in ``fetch.py``) brings a page from
an address without letting it reach the server's own network.
"""

from .detect import decode, detect_kind
from .text import Extracted, IngestError, clean_text, page_of

__all__ = ["Extracted", "IngestError", "clean_text", "extract", "page_of"]

EMPTY = "The file is empty: there is no text to read."
NO_TEXT = "The file holds no text once its blank lines and markup are taken away."


def extract(
    data: bytes, *, filename: str = "", content_type: str = "", max_pages: int = 500
) -> Extracted:
    """The clean text and metadata of a document's bytes. The kind comes from the bytes'
    magic numbers, then ``content_type``, then ``filename``'s extension. The caller caps
    the size of ``data``; ``max_pages`` caps the pages of a PDF that are read."""
    if not data:
        raise IngestError(EMPTY)
    kind = detect_kind(data, filename=filename, content_type=content_type)
    # Each reader is imported when needed: pasting text never loads trafilatura or pypdf.
    if kind == "pdf":
        from .pdf import extract_pdf

        return extract_pdf(data, max_pages=max_pages)
    if kind == "docx":
        from .word import extract_docx

        return extract_docx(data)
    if kind == "html":
        from .html import extract_html

        return extract_html(data, content_type=content_type)
    text, notes = decode(data, content_type=content_type)
    if kind == "markdown":
        from .markdown import markdown_text

        checked = clean_text(text)  # refuses NUL and broken characters first
        text = markdown_text(checked)
    cleaned = clean_text(text)
    if not cleaned:
        raise IngestError(NO_TEXT)
    return Extracted(text=cleaned, kind=kind, notes=tuple(notes))
