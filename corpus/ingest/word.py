"""The text of a Word document (.docx) through python-docx: its paragraphs and tables in
the order they stand, each table row one paragraph with its cells separated by " | ".

A .docx is a ZIP archive; its members' sizes are checked before any is read, so a small
file that would unpack into gigabytes of XML (a zip bomb) is refused unread. No Django.
"""

import io
import zipfile

from .text import Extracted, IngestError, clean_text, one_line

MAX_MEMBERS = 2000
MAX_UNPACKED = 64 * 2**20  # bytes, all members together
MAX_RATIO = 200  # unpacked size over packed size, for members over a megabyte
MALFORMED = (
    "This Word document could not be read: the file is damaged or not a .docx. Try saving "
    "it again from the program that made it, or paste the text."
)
BOMB = (
    "This Word document would unpack to far more than its size suggests (over 64 MB): "
    "it was refused unread. Save it again, or paste the text."
)
NO_TEXT = "This Word document holds no text: paste the text instead."


def check_archive(data: bytes) -> None:
    """Refuse (IngestError) a ZIP archive that is broken or would unpack too far."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise IngestError(MALFORMED) from None
    if len(members) > MAX_MEMBERS:
        raise IngestError(BOMB)
    total = 0
    for member in members:
        total += member.file_size
        packed = max(member.compress_size, 1)
        if member.file_size > 2**20 and member.file_size / packed > MAX_RATIO:
            raise IngestError(BOMB)
    if total > MAX_UNPACKED:
        raise IngestError(BOMB)


def extract_docx(data: bytes) -> Extracted:
    """The paragraphs and table rows of a .docx, with its title and author properties."""
    check_archive(data)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                blocks.extend(_rows(block))
            else:
                blocks.append(block.text)
        properties = document.core_properties
        title, author = one_line(properties.title), one_line(properties.author)
    except IngestError:
        raise
    except Exception:  # python-docx and lxml on a broken file: one clear answer
        raise IngestError(MALFORMED) from None
    text = clean_text("\n\n".join(block.replace("\n", " ") for block in blocks))
    if not text:
        raise IngestError(NO_TEXT)
    notes = (
        ("Title and author come from the file's properties: check them.",)
        if (title or author)
        else ()
    )
    return Extracted(text=text, kind="docx", title=title, author=author, notes=notes)


def _rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        rows.append(" | ".join(cell for cell in cells if cell))
    return rows
