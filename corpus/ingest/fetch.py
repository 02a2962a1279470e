"""Bring a page or a PDF from an address, without letting the address reach our network.

The host is resolved once; every address it resolves to must be public (not loopback,
private, link-local, multicast, reserved, unspecified or otherwise not global, IPv4-mapped
IPv6 included), unless ``host:port`` is in ``trusted_hosts`` (tests' local servers). The
connection goes to the address that was checked — no second lookup, so a DNS answer that
changes between check and connect (rebinding) gains nothing — with the Host header and, for
https, SNI and the certificate check on the name. Each redirect (at most 3) is checked the
same way. One deadline covers the whole fetch: a watchdog closes the socket when it passes,
so a server dripping bytes cannot hold a worker. The body is read to at most
``max_bytes + 1`` bytes. Standard library only; no Django.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from .detect import SNIFF, media_type
from .text import IngestError

MAX_REDIRECTS = 3
REDIRECTS = {301, 302, 303, 307, 308}
ACCEPTED_TYPES = {"text/html", "application/xhtml+xml", "application/pdf", "text/plain"}
CHUNK = 64 * 1024
USER_AGENT = "LedgerOfReasons/1.0 (fetching a source a person asked for)"
URL_SAFE = "/%:@!$&'()*+,;=~-._?#[]"


@dataclass(frozen=True)
class Fetched:
    data: bytes
    content_type: str
    url: str  # the final address, after redirects


def resolve(host: str, port: int) -> list[str]:
    """Every IP address ``host`` resolves to (tests replace this function)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise IngestError(
            f"The address's host ({host}) could not be found: check the address."
        ) from None
    return list(dict.fromkeys(info[4][0] for info in infos))


def refused(address: str) -> bool:
    """Whether an IP address is one a fetch may never reach."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def fetch(
    url: str, *, max_bytes: int, timeout: float = 10.0, trusted_hosts: Iterable[str] = ()
) -> Fetched:
    """The body of ``url`` (an HTML page, a PDF or plain text), or IngestError saying why
    not. ``timeout`` is the time the whole fetch may take, redirects included."""
    trusted = {host.strip().lower() for host in trusted_hosts}
    deadline = time.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        target = _target(url)
        response = _get(
            target, trusted=trusted, deadline=deadline, timeout=timeout, max_bytes=max_bytes
        )
        if response.status in REDIRECTS:
            location = response.headers.get("Location", "")
            if not location:
                raise IngestError("The address answered with a redirect to nowhere.")
            url = urljoin(url, location.strip())
            continue
        if response.status != 200:
            raise IngestError(
                f"The address answered {response.status} {response.reason[:60]}, not a page: "
                "check it in a browser."
            )
        return _accepted(response, url)
    raise IngestError(
        f"The address redirects more than {MAX_REDIRECTS} times: open it in a browser and "
        "bring the address it ends at."
    )


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # ASCII (IDNA) form, for DNS, the Host header and SNI
    port: int
    path: str

    @property
    def host_port(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def _target(url: str) -> _Target:
    if len(url) > 4000:
        raise IngestError("The address is too long (over 4,000 characters).")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise IngestError("The address is not a valid web address.") from None
    if parts.scheme not in ("http", "https"):
        raise IngestError("Only web addresses (starting http:// or https://) can be fetched.")
    if parts.username is not None or parts.password is not None:
        raise IngestError("The address holds a user name or password: leave them out.")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise IngestError("The address has no host name.")
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise IngestError("The address's host name is not a valid name.") from None
    path = quote(parts.path or "/", safe=URL_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=URL_SAFE)
    default = 443 if parts.scheme == "https" else 80
    return _Target(parts.scheme, ascii_host.lower(), port or default, path)


@dataclass
class _Response:
    status: int
    reason: str
    headers: http.client.HTTPMessage
    data: bytes


def _address(target: _Target, trusted: set[str]) -> str:
    """The checked address to connect to."""
    addresses = resolve(target.host, target.port)
    if not addresses:
        raise IngestError(f"The address's host ({target.host}) could not be found.")
    if target.host_port in trusted:
        return addresses[0]
    if any(refused(address) for address in addresses):
        raise IngestError(
            "The address leads to a private or local network, which the library does not "
            "fetch from: bring a public address."
        )
    return addresses[0]


def _get(
    target: _Target, *, trusted: set[str], deadline: float, timeout: float, max_bytes: int
) -> _Response:
    address = _address(target, trusted)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise IngestError(_timed_out(timeout))
    if target.scheme == "https":
        connection = _PinnedHTTPS(address, target.port, target.host, remaining)
    else:
        connection = http.client.HTTPConnection(address, target.port, timeout=remaining)
    expired = threading.Event()
    opened = []  # the socket, kept here: http.client forgets it once an answer will close

    def stop():
        expired.set()
        for sock in opened:
            with contextlib.suppress(OSError):  # already closed: nothing left to stop
                sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(remaining, stop)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.connect()  # bounded by its own timeout, the time remaining
        opened.append(connection.sock)
        if expired.is_set():
            stop()
        connection.request(
            "GET",
            target.path,
            headers={
                "Host": target.host_header,
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.8",
                "Accept-Encoding": "identity",
                "Connection": "close",
            },
        )
        response = connection.getresponse()
        if response.status in REDIRECTS or response.status != 200:
            return _Response(response.status, response.reason, response.headers, b"")
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            raise IngestError(
                "The address answered in a compressed form the library does not read."
            )
        declared = response.headers.get("Content-Length", "")
        if declared.strip().isdigit() and int(declared) > max_bytes:
            raise IngestError(_too_large(max_bytes))
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = response.read(min(CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise IngestError(_too_large(max_bytes))
        if expired.is_set():
            raise IngestError(_timed_out(timeout))
        return _Response(response.status, response.reason, response.headers, b"".join(chunks))
    except IngestError:
        raise
    except ssl.SSLError:
        raise IngestError(
            "The address's secure connection could not be checked (its certificate is not "
            "valid for the name): the page was not fetched."
        ) from None
    except (OSError, http.client.HTTPException, ValueError):
        if expired.is_set() or time.monotonic() >= deadline:
            raise IngestError(_timed_out(timeout)) from None
        raise IngestError(
            "The address could not be reached, or broke off its answer: check it in a browser."
        ) from None
    finally:
        watchdog.cancel()
        connection.close()


def _timed_out(timeout: float) -> str:
    return (
        f"The address took too long to answer (the library waits {timeout:g} seconds at "
        "most): try again later, or save the page and upload it."
    )


def _too_large(max_bytes: int) -> str:
    return (
        f"The page is larger than the library takes ({max_bytes / 2**20:.1f} MB at most): "
        "save the part you need and upload it."
    )


def _accepted(response: _Response, url: str) -> Fetched:
    """The fetched body if it is HTML, a PDF or plain text, by its type or its first bytes."""
    content_type = response.headers.get("Content-Type", "")[:200]
    declared, _ = media_type(content_type)
    head = response.data[:SNIFF]
    looks = b"%PDF-" in head or head.lstrip().lower().startswith((b"<!doctype html", b"<html"))
    if declared not in ACCEPTED_TYPES and not looks:
        shown = declared or "no type"
        raise IngestError(
            f"The address answered with {shown}, not a web page, a PDF or plain text."
        )
    if not response.data:
        raise IngestError("The address answered with an empty page.")
    return Fetched(data=response.data, content_type=content_type, url=url)


def tls_context() -> ssl.SSLContext:
    """The certificate check for https: the system's authorities (tests add their own)."""
    return ssl.create_default_context()


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to an address already checked, with SNI and the certificate check on the
    host's name."""

    def __init__(self, address: str, port: int, server_name: str, timeout: float):
        super().__init__(address, port, timeout=timeout, context=tls_context())
        self._server_name = server_name

    def connect(self):
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self._server_name)
