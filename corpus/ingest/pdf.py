"""The text of a PDF, page by page, through pypdf; no Django.

Each page's lines are joined into paragraphs: a line ends its paragraph when it ends a
sentence and falls well short of the page's longest line (the last line of a paragraph
in set type). A line ending in a hyphen joins the next without a space, the hyphen kept:
a quote then loses no character the page shows. The offsets where pages start are kept,
so a quote can say "p. 4".
"""

import io
import logging

from .text import Extracted, IngestError, clean_text, one_line, refuse_bad_characters

NO_TEXT = "This PDF holds images of text, not text: paste the text or upload a searchable PDF."
MALFORMED = (
    "This PDF could not be read: the file is damaged or not a PDF. Try saving it again "
    "from the program that made it, or paste the text."
)
ENCRYPTED = (
    "This PDF is protected by a password: remove the protection (or print it to a new "
    "PDF) and upload it again, or paste the text."
)
SENTENCE_ENDS = tuple(".!?:;\"'”’)»")
SHORT_LINE = 0.8  # a line under this share of the page's longest ends its paragraph


def extract_pdf(data: bytes, *, max_pages: int = 500) -> Extracted:
    """The text of a PDF's first ``max_pages`` pages with the offset where each starts."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files warn by the dozen
    notes = []
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(ENCRYPTED)
        pages = reader.pages
        count = len(pages)
    except IngestError:
        raise
    except (PdfReadError, NotImplementedError) as error:
        if "crypt" in str(error).lower():
            raise IngestError(ENCRYPTED) from None
        raise IngestError(MALFORMED) from None
    except Exception as error:  # pypdf's other failures on a broken file: the same answers
        if "crypt" in str(error).lower() or "AES" in str(error):
            raise IngestError(ENCRYPTED) from None
        raise IngestError(MALFORMED) from None
    if count == 0:
        raise IngestError(MALFORMED)
    if count > max_pages:
        notes.append(f"Only the first {max_pages} of the {count} pages were read.")
        count = max_pages
    texts = []
    unread = []
    for number in range(count):
        try:
            raw = pages[number].extract_text() or ""
        except Exception:  # one bad page loses that page, not the document
            raw = ""
            unread.append(number + 1)
        texts.append(_page_text(raw))
    if unread:
        shown = ", ".join(str(n) for n in unread[:10]) + ("…" if len(unread) > 10 else "")
        notes.append(f"Pages with no readable text: {shown}.")
    if not any(texts):
        raise IngestError(NO_TEXT)
    empty = [i + 1 for i, text in enumerate(texts) if not text]
    if empty:
        shown = ", ".join(str(n) for n in empty[:10]) + ("…" if len(empty) > 10 else "")
        notes.append(f"Pages with no text (images only?): {shown}.")
    starts, parts, offset = [], [], 0
    for text in texts:
        starts.append(offset)
        if text:
            parts.append(text)
            offset += len(text) + 2  # the blank line after it
    body = "\n\n".join(parts) + "\n"
    starts = [min(start, len(body)) for start in starts]  # empty last pages: at the end
    title, author = _metadata(reader)
    return Extracted(
        text=body,
        kind="pdf",
        title=title,
        author=author,
        pages=tuple(starts),
        notes=tuple(notes),
    )


def _page_text(raw: str) -> str:
    """One page's text as cleaned paragraphs, without the final newline."""
    raw = raw.replace("\x00", "")
    try:
        refuse_bad_characters(raw)
    except IngestError:
        raw = raw.encode("utf-8", errors="replace").decode("utf-8")
    lines = [line for line in clean_text(raw).split("\n") if line]
    if not lines:
        return ""
    longest = max(len(line) for line in lines)
    paragraphs, current = [], ""
    for line in lines:
        if not current:
            current = line
        elif current.endswith("-") and not current.endswith(" -"):
            current += line
        else:
            current += " " + line
        if line.endswith(SENTENCE_ENDS) and len(line) < SHORT_LINE * longest:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return clean_text("\n\n".join(paragraphs)).rstrip("\n")


def _metadata(reader) -> tuple[str, str]:
    try:
        info = reader.metadata or {}
        title, author = info.get("/Title") or "", info.get("/Author") or ""
    except Exception:  # broken metadata is no reason to refuse the text
        return "", ""
    return one_line(title), one_line(author)
