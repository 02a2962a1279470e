"""Adding a source from a file (HTML, PDF, DOCX, Markdown, plain text) or from its address
(a local server, trusted through SOURCE_FETCH_TRUSTED_HOSTS): what the review step shows,
what is saved, and the clear refusals (no text layer, no article body, private address)."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corpus.adding.extraction import page_of
from corpus.models import Source
from tests.corpus.ingesting import ARTICLE, article_page, docx_of, image_only_pdf, pdf_of
from tests.factories import UserFactory, debate_with_thesis, signed_in_client
from tests.hostile import injections

pytestmark = pytest.mark.django_db

PAGES = [
    ["The first page says that quiet diplomacy failed."],
    ["The second page lists the prisoners released."],
    ["The third page argues that pressure works."],
]


@pytest.fixture
def debate():
    owner = UserFactory(username="owner")
    return debate_with_thesis(slug="open", title="Open debate", owner=owner)


@pytest.fixture
def client(debate):
    return signed_in_client(debate.owner)


def new_url(debate):
    return reverse("arguments:source_new", args=[debate.slug])


def upload(client, debate, name, data, content_type):
    file = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(new_url(debate), {"way": "file", "file": file})


def textarea(html):
    """The text the review form holds, as the browser would read it."""
    from html import unescape

    found = re.search(r'<textarea name="text"[^>]*>\n?(.*?)</textarea>', html, re.S)
    return unescape(found.group(1))


def field(html, name):
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
    return found.group(1) if found else ""


def save(client, debate, html, **changes):
    data = {
        "step": "save",
        "token": field(html, "token"),
        "text": textarea(html),
        "title": field(html, "title") or "A title",
        "byline": field(html, "byline"),
        "publisher": field(html, "publisher"),
        "published": field(html, "published"),
        "precision": "day",
        "url": field(html, "url"),
        "genre": "article",
        "language": field(html, "language") or "en",
    }
    return client.post(new_url(debate), data | changes)


def test_an_html_article_comes_in_as_its_text_only_with_its_details(client, debate):
    response = upload(client, debate, "rights.html", article_page().encode(), "text/html")
    html = response.content.decode()
    text = textarea(html)
    assert ARTICLE[0] in text and ARTICLE[2] in text
    assert "window.__pwned" not in text and "Share on Facebook" not in text
    assert "<p" not in text and "onclick" not in text
    assert injections(html) == []
    assert field(html, "byline") == "Jane Roe"
    assert field(html, "publisher") == "The Daily Example"
    assert field(html, "published") == "2021-03-04"
    assert field(html, "url") == "https://example.org/rights"
    save(client, debate, html)
    source = Source.objects.get()
    assert source.origin == "file" and source.pages == []
    assert "<" not in source.text and source.raw == ""


def test_a_pdf_keeps_its_page_numbers_through_the_review(client, debate):
    response = upload(
        client, debate, "report.pdf", pdf_of(PAGES, title="The report"), "application/pdf"
    )
    html = response.content.decode()
    assert 'id="pages-note"' in html
    assert field(html, "title") == "The report"
    save(client, debate, html, genre="report")
    source = Source.objects.get()
    assert len(source.pages) == 3 and source.pages[0] == 0
    third = source.text.index("The third page")
    assert page_of(source.pages, third) == 3


def test_a_pdf_whose_text_was_edited_in_review_loses_its_page_numbers(client, debate):
    html = upload(client, debate, "r.pdf", pdf_of(PAGES), "application/pdf").content.decode()
    save(client, debate, html, text=textarea(html).replace("quiet", "silent"))
    assert Source.objects.get().pages == []


def test_a_pdf_without_a_text_layer_is_refused_with_the_reason(client, debate):
    html = upload(client, debate, "scan.pdf", image_only_pdf(), "application/pdf").content.decode()
    assert 'class="form-errors"' in html and "Check the source" not in html
    assert "text" in re.search(r'class="form-errors"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert Source.objects.count() == 0


def test_a_page_with_no_article_body_is_refused_with_the_reason(client, debate):
    empty = (
        b"<html><head><title>x</title><script>a()</script></head>"
        b"<body><nav>Home</nav></body></html>"
    )
    html = upload(client, debate, "empty.html", empty, "text/html").content.decode()
    assert 'class="form-errors"' in html and "Check the source" not in html
    assert Source.objects.count() == 0


def test_a_word_document_comes_in_with_its_paragraphs(client, debate):
    data = docx_of(ARTICLE[:2], title="Rights talk", author="Jane Roe")
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    html = upload(client, debate, "talk.docx", data, content_type).content.decode()
    assert ARTICLE[1] in textarea(html)
    assert field(html, "byline") == "Jane Roe"
    save(client, debate, html)
    assert Source.objects.get().origin == "file"


def test_markdown_comes_in_without_its_markup(client, debate):
    data = b"# Rights talk\n\nPressure **works**, [the report](https://example.org) says.\n"
    html = upload(client, debate, "talk.md", data, "text/markdown").content.decode()
    text = textarea(html)
    assert "Pressure works, the report says." in text
    assert "**" not in text and "](" not in text


# By address ------------------------------------------------------------------------------

PDF = pdf_of(PAGES)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        bodies = {
            "/article": (article_page().encode(), "text/html; charset=utf-8"),
            "/report.pdf": (PDF, "application/pdf"),
            "/image": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
        }
        body, content_type = bodies.get(self.path, (b"Not here", "text/plain"))
        self.send_response(200 if self.path in bodies else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def fetch_form(client, debate, url):
    return client.post(new_url(debate), {"way": "url", "url": url}).content.decode()


def test_an_article_is_fetched_from_its_address(client, debate, server, settings):
    settings.SOURCE_FETCH_TRUSTED_HOSTS = [server]
    html = fetch_form(client, debate, f"http://{server}/article")
    assert ARTICLE[0] in textarea(html)
    save(client, debate, html)
    assert Source.objects.get().origin == "url"


def test_a_pdf_is_fetched_with_its_pages(client, debate, server, settings):
    settings.SOURCE_FETCH_TRUSTED_HOSTS = [server]
    html = fetch_form(client, debate, f"http://{server}/report.pdf")
    assert field(html, "url") == f"http://{server}/report.pdf"
    save(client, debate, html)
    assert len(Source.objects.get().pages) == 3


def test_a_private_address_is_refused_unless_trusted(client, debate, server, settings):
    settings.SOURCE_FETCH_TRUSTED_HOSTS = []
    html = fetch_form(client, debate, f"http://{server}/article")
    assert "private or local network" in html
    assert f'value="http://{server}/article"' in html  # the form keeps the address
    assert Source.objects.count() == 0


def test_a_page_that_is_neither_html_nor_pdf_is_refused(client, debate, server, settings):
    settings.SOURCE_FETCH_TRUSTED_HOSTS = [server]
    html = fetch_form(client, debate, f"http://{server}/image")
    assert 'class="form-errors"' in html and "Check the source" not in html
    assert Source.objects.count() == 0
