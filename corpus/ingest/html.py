"""The main text of a web page and its metadata, through trafilatura.

trafilatura drops navigation, cookie notices, share buttons, "related" lists, comments,
scripts, styles and frames, and keeps the article's paragraphs (one a line in its text
output); its fallbacks (readability, jusText) run when its own pass finds little. Only
text leaves this module: no markup a page held can reach a page of ours. No Django.
"""

import datetime

from .detect import decode
from .text import Extracted, IngestError, clean_text, one_line

MIN_WORDS = 20  # fewer is a menu or a sign-in box that the fallbacks picked up, not an article
# Extraction costs about 2.5 s of CPU per MB of HTML: an article page is a few hundred KB,
# so a larger one is refused before it is parsed rather than hold a worker for long.
MAX_HTML_BYTES = 3 * 1024 * 1024
TOO_LARGE = (
    "This web page is more than 3 MB of HTML, too large to read its article from. Save the "
    "article as a PDF or paste its text."
)
NO_BODY = (
    "No article text found on this page: it may be built by JavaScript, behind a sign-in, "
    "or mostly links. Paste the text instead, or upload the page saved from your browser."
)


def extract_html(data: bytes, *, content_type: str = "") -> Extracted:
    """The article of an HTML document (bytes), with its title, byline, site, date,
    language and canonical URL when the page states them."""
    import trafilatura
    from trafilatura.utils import load_html

    if len(data) > MAX_HTML_BYTES:
        raise IngestError(TOO_LARGE)
    markup, notes = decode(data, content_type=content_type, html=True)
    if "\x00" in markup:
        markup = markup.replace("\x00", "")
        notes.append("NUL characters in the page were dropped.")
    try:
        tree = load_html(markup)
    except Exception:  # lxml refuses some inputs outright; they hold no article either
        tree = None
    if tree is None:
        raise IngestError(NO_BODY)
    language = (tree.get("lang") or "").strip()[:35]
    try:
        document = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            favor_precision=True,
            deduplicate=False,
        )
    except Exception:  # trafilatura failing on a hostile page means no article, not a 500
        document = None
    body = clean_text((getattr(document, "text", None) or "").replace("\n", "\n\n"))
    if len(body.split(None, MIN_WORDS)) < MIN_WORDS:
        raise IngestError(NO_BODY)
    published, precision = _date(getattr(document, "date", None))
    if published is not None:
        notes.append("The publication date was read from the page: check it.")
    return Extracted(
        text=body,
        kind="html",
        title=one_line(document.title),
        author=one_line(document.author),
        publisher=one_line(document.sitename),
        published=published,
        precision=precision,
        language=one_line(document.language) or language,
        url=one_line(document.url),
        notes=tuple(notes),
    )


def _date(value) -> tuple[datetime.date | None, str]:
    """trafilatura gives dates as YYYY-MM-DD."""
    if not value:
        return None, ""
    try:
        return datetime.date.fromisoformat(str(value)[:10]), "day"
    except ValueError:
        return None, ""
