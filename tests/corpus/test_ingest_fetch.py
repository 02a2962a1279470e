"""Fetching a source by its address: a local server the test starts stands in for the web.
It is reached only when its host:port is trusted; every private or local address,
redirect or not, is refused, and a slow, large or wrong answer gets a clear message."""

import contextlib
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from corpus.ingest import IngestError, extract
from corpus.ingest import fetch as fetching
from corpus.ingest.fetch import MAX_REDIRECTS, fetch
from tests.corpus.ingesting import ARTICLE, article_page, pdf_of

PAGE = article_page().encode()
PDF = pdf_of([ARTICLE])
MB = 2**20


class Handler(BaseHTTPRequestHandler):
    hosts_seen = []
    hung_up = threading.Event()  # set when a client left in the middle of a drip

    def log_message(self, *args):  # keep the test output quiet
        pass

    def answer(self, body, content_type="text/html; charset=utf-8", status=200, **headers):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        # A client that stopped reading (over the size limit, or timed out) hung up.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.route()

    def route(self):
        Handler.hosts_seen.append(self.headers.get("Host"))
        path = self.path
        if path == "/page":
            self.answer(PAGE)
        elif path == "/pdf":
            self.answer(PDF, "application/pdf")
        elif path == "/pdf-called-html":
            self.answer(PDF, "text/html")
        elif path.startswith("/hops/"):
            left = int(path.rsplit("/", 1)[1])
            self.redirect(f"/hops/{left - 1}" if left > 1 else "/page")
        elif path == "/to-loopback":
            self.redirect(f"http://127.0.0.1:{self.server.server_port}/page")
        elif path == "/to-file":
            self.redirect("file:///etc/passwd")
        elif path == "/image":
            self.answer(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")
        elif path == "/big":
            self.answer(b"x" * (MB + 10), "text/plain")
        elif path == "/big-undeclared":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no length: the body runs until the connection closes
            for _ in range(20):
                self.wfile.write(b"y" * (MB // 8))
        elif path == "/gzip":
            self.answer(b"\x1f\x8b\x08\x00", "text/html", Content_Encoding="gzip")
        elif path == "/slow-body":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self.drip()
        elif path == "/slow-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self.drip(b"X-Drip: y\r\n")
        else:
            self.answer(b"<html><body>Not here</body></html>", status=404)

    def drip(self, piece=b"<"):
        """One piece every tenth of a second, each well inside any read timeout."""
        try:
            for _ in range(100):
                self.wfile.write(piece)
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            Handler.hung_up.set()  # the client gave up, as it should


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def local(server):
    """The server's base URL and the trusted hosts that let a fetch reach it."""
    host_port = f"127.0.0.1:{server.server_port}"
    return f"http://{host_port}", [host_port]


def get(url, trusted, **options):
    options.setdefault("max_bytes", MB)
    options.setdefault("timeout", 5.0)
    return fetch(url, trusted_hosts=trusted, **options)


def test_a_trusted_local_server_is_fetched_and_its_page_extracted(local):
    base, trusted = local
    fetched = get(f"{base}/page", trusted)
    assert fetched.url == f"{base}/page"
    assert fetched.content_type == "text/html; charset=utf-8"
    result = extract(fetched.data, content_type=fetched.content_type)
    assert ARTICLE[0] in result.text


def test_the_same_server_untrusted_is_refused_as_private(local):
    base, _ = local
    with pytest.raises(IngestError, match="private or local network"):
        get(f"{base}/page", [])


def test_a_pdf_is_fetched(local):
    base, trusted = local
    fetched = get(f"{base}/pdf", trusted)
    assert extract(fetched.data, content_type=fetched.content_type).kind == "pdf"


def test_a_pdf_served_as_html_is_read_as_a_pdf(local):
    base, trusted = local
    fetched = get(f"{base}/pdf-called-html", trusted)
    assert extract(fetched.data, content_type=fetched.content_type).kind == "pdf"


def test_three_redirects_are_followed(local):
    base, trusted = local
    fetched = get(f"{base}/hops/{MAX_REDIRECTS}", trusted)  # /hops/3, /2, /1, then /page
    assert fetched.url == f"{base}/page"
    assert fetched.data == PAGE


def test_a_fourth_redirect_is_refused(local):
    base, trusted = local
    with pytest.raises(IngestError, match="redirects more than 3 times"):
        get(f"{base}/hops/{MAX_REDIRECTS + 1}", trusted)


def test_a_redirect_to_an_untrusted_loopback_address_is_refused(server, monkeypatch):
    """The page's host is trusted by name; the redirect goes to 127.0.0.1, which is not."""
    port = server.server_port
    monkeypatch.setattr(fetching, "resolve", lambda host, port: ["127.0.0.1"])
    with pytest.raises(IngestError, match="private or local network"):
        get(f"http://source.test:{port}/to-loopback", [f"source.test:{port}"])


def test_a_redirect_to_a_file_is_refused(local):
    base, trusted = local
    with pytest.raises(IngestError, match="Only web addresses"):
        get(f"{base}/to-file", trusted)


def test_the_checked_address_is_connected_to_with_the_host_header_kept(server, monkeypatch):
    port = server.server_port
    lookups = []

    def resolve(host, port):
        lookups.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(fetching, "resolve", resolve)
    Handler.hosts_seen.clear()
    fetched = get(f"http://Source.Test:{port}/page", [f"source.test:{port}"])
    assert fetched.data == PAGE
    assert lookups == ["source.test"]  # one lookup: the connection used its answer
    assert Handler.hosts_seen == [f"source.test:{port}"]


@pytest.mark.parametrize("path", ["/slow-body", "/slow-headers"])
def test_a_slow_drip_server_is_left_at_the_deadline(local, path):
    """The drip would last ten seconds, each piece well inside a read timeout; the fetch
    gives up at its one-second deadline and hangs up before the drip is done."""
    base, trusted = local
    Handler.hung_up.clear()
    with pytest.raises(IngestError, match="took too long to answer"):
        get(f"{base}{path}", trusted, timeout=1.0)
    assert Handler.hung_up.wait(5)


def test_a_body_declared_over_the_limit_is_refused(local):
    base, trusted = local
    with pytest.raises(IngestError, match="larger than the library takes"):
        get(f"{base}/big", trusted)


def test_a_body_over_the_limit_without_a_length_is_refused(local):
    base, trusted = local
    with pytest.raises(IngestError, match="larger than the library takes"):
        get(f"{base}/big-undeclared", trusted)


def test_a_body_exactly_at_the_limit_is_taken(local):
    base, trusted = local
    assert len(get(f"{base}/big", trusted, max_bytes=MB + 10).data) == MB + 10


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/image", "answered with image/png, not a web page"),
        ("/gzip", "compressed form"),
        ("/missing", "answered 404"),
    ],
)
def test_wrong_answers_are_refused_by_name(local, path, words):
    base, trusted = local
    with pytest.raises(IngestError, match=words):
        get(f"{base}{path}", trusted)


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://127.0.0.1/",
        "http://0.0.0.0/",
        "http://2130706433/",  # 127.0.0.1 written as one number
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
    ],
)
def test_local_and_special_addresses_are_refused(url):
    with pytest.raises(IngestError, match="private or local network"):
        get(url, [])


@pytest.mark.parametrize(
    "addresses", [["10.0.0.7"], ["93.184.215.14", "192.168.1.2"], ["::ffff:10.1.2.3"]]
)
def test_a_name_resolving_to_a_private_address_is_refused(monkeypatch, addresses):
    monkeypatch.setattr(fetching, "resolve", lambda host, port: addresses)
    with pytest.raises(IngestError, match="private or local network"):
        get("https://news.example/article", [])


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://example.org/file", "Only web addresses"),
        ("file:///etc/passwd", "Only web addresses"),
        ("javascript:alert(1)", "Only web addresses"),
        ("https://user:secret@example.org/", "user name or password"),
        ("https:///path-only", "no host name"),
        ("http://example.org:99999/", "not a valid web address"),
    ],
)
def test_addresses_of_the_wrong_form_are_refused(url, words):
    with pytest.raises(IngestError, match=words):
        get(url, [])


def test_public_addresses_are_allowed_and_others_not():
    assert not fetching.refused("93.184.215.14")
    assert not fetching.refused("2606:4700::6810:84e5")
    for address in ("10.1.1.1", "172.16.0.1", "100.64.0.1", "::", "fc00::1", "240.0.0.1"):
        assert fetching.refused(address), address


# A test authority and a certificate for source.test that it signed (valid for a century),
# made once with openssl: `req -x509` for the authority, `req` + `x509 -req` with
# subjectAltName=DNS:source.test for the server; the authority's key was not kept.
TLS = Path(__file__).resolve().parent.parent / "fixtures" / "tls"


@pytest.fixture(scope="module")
def tls_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "source-chain.pem")
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def tls(tls_server, monkeypatch):
    """The TLS server, trusted, with its authority known and every name resolving to it."""
    monkeypatch.setattr(
        fetching, "tls_context", lambda: ssl.create_default_context(cafile=TLS / "ca.pem")
    )
    monkeypatch.setattr(fetching, "resolve", lambda host, port: ["127.0.0.1"])
    return tls_server.server_port


def test_https_checks_the_certificate_against_the_name_not_the_address(tls):
    Handler.hosts_seen.clear()
    fetched = get(f"https://source.test:{tls}/page", [f"source.test:{tls}"])
    assert fetched.data == PAGE
    assert Handler.hosts_seen == [f"source.test:{tls}"]


def test_https_to_a_name_the_certificate_does_not_cover_is_refused(tls):
    with pytest.raises(IngestError, match="certificate is not valid"):
        get(f"https://other.test:{tls}/page", [f"other.test:{tls}"])
