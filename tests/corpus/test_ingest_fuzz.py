"""extract() on any bytes either returns clean text or raises IngestError: never another
exception, whatever kind the bytes pretend to be."""

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.ingest import IngestError, extract
from tests.corpus.ingesting import ARTICLE, article_page, docx_of, pdf_of
from tests.fuzzing import NASTY

STARTS = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<!doctype html><p>", b"<html>", b"\xef\xbb\xbf"]
NAMES = ["", "a.pdf", "a.docx", "a.html", "a.md", "a.txt", "a.bin"]
TYPES = ["", "text/html; charset=utf-8", "application/pdf", "text/plain; charset=klingon"]

SAMPLES = [pdf_of([ARTICLE]), docx_of(ARTICLE), article_page().encode()]


def clean(result):
    text = result.text
    assert "\x00" not in text and "\r" not in text
    text.encode("utf-8")  # no lone surrogate
    assert text == "" or (text.endswith("\n") and not text.endswith("\n\n"))
    assert all(line == line.strip() for line in text.split("\n"))


@given(
    start=st.sampled_from(STARTS),
    body=st.binary(max_size=2000),
    filename=st.sampled_from(NAMES),
    content_type=st.sampled_from(TYPES),
)
def test_random_bytes_give_text_or_an_ingest_error(start, body, filename, content_type):
    try:
        result = extract(start + body, filename=filename, content_type=content_type)
    except IngestError as error:
        assert str(error).endswith((".", "?", "!"))
        return
    clean(result)


@given(
    sample=st.sampled_from(SAMPLES),
    where=st.integers(min_value=0, max_value=10**6),
    dropped=st.integers(min_value=0, max_value=5000),
    noise=st.binary(max_size=64),
)
def test_damaged_documents_give_text_or_an_ingest_error(sample, where, dropped, noise):
    """A real PDF, DOCX or page with a piece cut out and some bytes put in its place."""
    at = where % len(sample)
    data = sample[:at] + noise + sample[at + dropped :]
    try:
        result = extract(data)
    except IngestError:
        return
    clean(result)


@pytest.mark.parametrize("piece", NASTY)
def test_nasty_text_gives_text_or_an_ingest_error(piece):
    for name in ("a.txt", "a.md", "a.html"):
        with contextlib.suppress(IngestError):
            clean(extract(piece.encode("utf-8", "surrogatepass"), filename=name))
