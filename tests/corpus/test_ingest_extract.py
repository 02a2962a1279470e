"""Extraction: each kind of document becomes clean text, with what it says about itself,
and bad input is refused with a message that names the reason."""

import datetime
import io
import zipfile

import pytest

from corpus.ingest import IngestError, clean_text, extract, page_of
from tests.corpus.ingesting import (
    ARTICLE,
    FURNITURE,
    article_page,
    docx_of,
    image_only_pdf,
    pdf_of,
)
from tests.hostile import PAYLOADS


def test_html_keeps_the_article_paragraphs_and_drops_every_kind_of_furniture():
    result = extract(article_page().encode(), filename="page.html")
    assert result.kind == "html"
    paragraphs = result.text.rstrip("\n").split("\n\n")
    for text in ARTICLE:
        assert text in paragraphs
    for what, words in FURNITURE.items():
        assert words not in result.text, what
    assert "<" not in result.text and "onclick" not in result.text


def test_html_metadata_comes_from_the_page():
    result = extract(article_page().encode())
    assert result.title == "Rights talk"
    assert result.author == "Jane Roe"
    assert result.publisher == "The Daily Example"
    assert result.published == datetime.date(2021, 3, 4)
    assert result.precision == "day"
    assert result.language == "en"
    assert result.url == "https://example.org/rights"


def test_html_is_read_in_its_declared_charset():
    page = article_page([ARTICLE[0], "Les réfugiés et la procédure d’asile sont au cœur " * 3])
    data = page.replace('charset="utf-8"', 'charset="iso-8859-15"').replace("’", "'")
    result = extract(data.encode("iso-8859-15"))
    assert "Les réfugiés et la procédure d'asile sont au cœur" in result.text


def test_html_in_an_undeclared_single_byte_charset_does_not_fail():
    page = article_page([ARTICLE[0], "Les réfugiés et la procédure sont au cœur " * 3])
    data = page.replace('<meta charset="utf-8">', "").encode("cp1252")
    result = extract(data)
    assert "réfugiés" in result.text


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><nav><a href='/'>Home</a> <a href='/x'>More</a></nav></body></html>",
        "<html><head><title>App</title></head><body><div id=app></div>"
        "<script>start()</script></body></html>",
        "<html><body></body></html>",
    ],
    ids=["links only", "built by javascript", "empty"],
)
def test_a_page_with_no_article_is_refused_with_a_helpful_message(page):
    with pytest.raises(IngestError, match="No article text found on this page: it may be"):
        extract(page.encode())


def test_html_payloads_reach_the_text_only_as_words():
    paragraphs = [*ARTICLE, *(f"Example of an attack string: {p}" for p in PAYLOADS)]
    result = extract(article_page(paragraphs).encode())
    assert ARTICLE[0] in result.text
    assert "data-pwned src=x onerror" not in result.text  # tags are gone, not escaped
    assert "<script" not in result.text


def test_pdf_text_is_read_per_page_and_offsets_find_the_page():
    data = pdf_of([ARTICLE[:1], ARTICLE[1:2], ARTICLE[2:]], title="Three pages")
    result = extract(data, filename="report.pdf")
    assert result.kind == "pdf"
    assert result.title == "Three pages"
    assert len(result.pages) == 3 and result.pages[0] == 0
    for number, text in enumerate(ARTICLE, start=1):
        offset = result.text.index(text)
        assert result.pages[number - 1] == offset
        assert page_of(result.pages, offset) == number
        assert page_of(result.pages, offset + len(text) - 1) == number


def test_pdf_paragraphs_on_one_page_stay_apart():
    result = extract(pdf_of([ARTICLE]))
    assert result.text.rstrip("\n").split("\n\n") == ARTICLE


def test_a_pdf_of_images_only_is_refused_with_the_message():
    with pytest.raises(IngestError) as refused:
        extract(image_only_pdf())
    assert str(refused.value) == (
        "This PDF holds images of text, not text: paste the text or upload a searchable PDF."
    )


def test_an_empty_page_between_pages_of_text_is_noted_and_offsets_stay_right():
    result = extract(pdf_of([ARTICLE[:1], [], ARTICLE[1:2]]))
    assert len(result.pages) == 3
    second = result.text.index(ARTICLE[1])
    assert page_of(result.pages, second) == 3
    assert any("Pages with no text" in note and "2" in note for note in result.notes)


def test_a_pdf_with_an_empty_user_password_is_read():
    result = extract(pdf_of([ARTICLE[:1]], password=""))
    assert ARTICLE[0] in result.text


def test_a_pdf_locked_by_a_password_is_refused():
    with pytest.raises(IngestError, match="protected by a password"):
        extract(pdf_of([ARTICLE[:1]], password="secret"))


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n garbage", b"%PDF-1.4\n" + bytes(range(256)) * 20, pdf_of([ARTICLE])[:400]],
    ids=["garbage", "binary", "truncated"],
)
def test_a_malformed_pdf_gets_a_clear_message(data):
    with pytest.raises(IngestError, match="could not be read|images of text"):
        extract(data)


def test_pages_past_the_cap_are_not_read_and_a_note_says_so():
    result = extract(pdf_of([[f"Page {n} says something."] for n in range(1, 6)]), max_pages=2)
    assert "Page 2 says" in result.text and "Page 3 says" not in result.text
    assert len(result.pages) == 2
    assert any("first 2 of the 5 pages" in note for note in result.notes)


def test_docx_paragraphs_and_table_rows_in_order():
    data = docx_of(ARTICLE, table=[["Year", "Cases"], ["1994", "3"]], title="T", author="Ann")
    result = extract(data, filename="notes.docx")
    assert result.kind == "docx"
    assert result.text.rstrip("\n").split("\n\n") == [
        "Rights talk",
        *ARTICLE,
        "Year | Cases",
        "1994 | 3",
        "After the table.",
    ]
    assert (result.title, result.author) == ("T", "Ann")


def zip_of(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_docx_that_would_unpack_too_far_is_refused_unread():
    bomb = zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": b" " * (80 * 2**20)})
    assert len(bomb) < 200_000
    with pytest.raises(IngestError, match="would unpack"):
        extract(bomb, filename="bomb.docx")


def test_a_broken_docx_gets_a_clear_message():
    broken = zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<not xml"})
    with pytest.raises(IngestError, match="Word document could not be read"):
        extract(broken)


def test_a_zip_that_is_not_a_word_document_is_refused():
    with pytest.raises(IngestError, match="not a Word document"):
        extract(zip_of({"photo.txt": "x"}), filename="photos.zip")


MARKDOWN = """# The *case* for pressure #

Quiet **diplomacy** has [failed](https://example.org/x "a title"), says the_report.
It is __long__ with `code` and 5 * 3.

- first item
- second ![a picture](img.png)

> quoted words

```
code **kept**
```

Second heading
--------------

<b>bold</b> &amp; <https://example.org/y>

[ref]: https://example.org/z
"""


def test_markdown_becomes_plain_text_with_its_paragraphs():
    result = extract(MARKDOWN.encode(), filename="notes.md")
    assert result.kind == "markdown"
    assert result.text.rstrip("\n").split("\n\n") == [
        "The case for pressure",
        "Quiet diplomacy has failed, says the_report.\nIt is long with code and 5 * 3.",
        "first item",
        "second a picture",
        "quoted words",
        "code **kept**",
        "Second heading",
        "bold & https://example.org/y",
    ]


def test_markdown_is_known_by_content_type_too():
    assert extract(b"# Title\n\nText.", content_type="text/markdown").kind == "markdown"


def test_plain_text_is_cleaned():
    data = "\ufeffFirst line  \r\nsecond line\r\n\r\n\r\n\r\n  Next\tparagraph \x07\r\n".encode()
    result = extract(data, filename="a.txt")
    assert result.kind == "text"
    assert result.text == "First line\nsecond line\n\nNext\tparagraph\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("before\x00after", "NUL character"), ("lone \ud800 surrogate", "lone surrogate")],
)
def test_clean_text_refuses_nul_and_lone_surrogates(text, reason):
    with pytest.raises(IngestError, match=reason):
        clean_text(text)


def test_a_text_file_with_nul_bytes_is_refused():
    with pytest.raises(IngestError):
        extract(b"some words\x00more words", filename="a.txt")


def test_clean_text_normalises_to_nfc_and_one_blank_line():
    assert clean_text("Cafe\u0301\u2028\u2029\n\n\nx\u00a0 ") == "Café\n\nx\n"
    assert clean_text(" \n\t\n") == ""


def test_page_of_without_pages_and_on_each_page():
    assert page_of((), 10) is None
    assert page_of([0, 10, 20], 0) == 1
    assert page_of([0, 10, 20], 19) == 2
    assert page_of([0, 10, 10, 20], 10) == 3  # page 2 is empty


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n....", "PNG image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", "old Word"),
        (b"", "empty"),
        (b"\x01\x02\x00\x03", "not one the library reads"),
    ],
)
def test_files_of_other_kinds_are_refused_by_name(data, words):
    with pytest.raises(IngestError, match=words):
        extract(data, filename="upload.bin")


def test_magic_bytes_win_over_the_declared_type():
    data = pdf_of([ARTICLE[:1]])
    assert extract(data, content_type="text/html", filename="x.html").kind == "pdf"
    page = article_page().encode()
    assert extract(page, content_type="application/pdf", filename="x.pdf").kind == "html"


def test_payloads_in_plain_text_are_kept_as_the_words_they_are():
    """Plain text is text: a payload stays verbatim and is escaped wherever it is shown."""
    data = "\n\n".join(p for p in PAYLOADS if "\u202e" not in p).encode()
    result = extract(data, filename="notes.txt")
    assert "<script data-pwned>window.__pwned=1;alert('script')</script>" in result.text


def test_markdown_links_keep_their_words_and_lose_their_addresses():
    result = extract(b"See [markdown link](javascript:window.__pwned=1) here.", filename="a.md")
    assert result.text == "See markdown link here.\n"


def test_a_page_served_with_a_wrong_type_is_still_read_as_html():
    assert extract(article_page().encode(), content_type="image/png").kind == "html"


def test_a_declared_type_the_library_does_not_read_is_refused():
    with pytest.raises(IngestError, match="not one the library reads"):
        extract(b"some bytes", content_type="application/zip")


def test_a_web_page_too_large_to_read_quickly_is_refused_before_it_is_parsed():
    page = b"<html><body><article><p>" + b"words " * 600_000 + b"</p></article></body></html>"
    with pytest.raises(IngestError, match="more than 3 MB of HTML"):
        extract(page, filename="huge.html", content_type="text/html")
