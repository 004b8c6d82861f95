"""Fetching pages and feeds over HTTP, safely: public addresses only, a time limit, a size cap, known types.

The host is resolved once and every address it resolves to is checked; the connection then goes to the
checked address itself (no second lookup that could answer differently), and redirects are followed here,
each one checked the same way.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Callable, Collection, Sequence
from urllib.parse import urljoin, urlsplit

from geo.errors import InputError
from geo.ingest.readers import RawArticle, decode, html_tree, parse_date
from geo.settings import FetchSettings

MAX_REDIRECTS = 5
CHUNK = 64 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
              "text/plain")
_REDIRECTS = {301, 302, 303, 307, 308}
_HTML_TAG = re.compile(rb"<(!doctype html|html|head|body|article|main|div|p|h1|title)[\s>/]", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)

Resolver = Callable[..., list]


class FetchError(InputError):
    """A page or feed that could not be fetched or is not what was asked for."""


class FetchTimeout(FetchError, TimeoutError):
    """The server did not answer, or not completely, within the time limit."""


class BlockedAddress(FetchError):
    """The URL (or a redirect) leads to a private, loopback, link-local or reserved address."""


class TooLarge(FetchError):
    """The answer is larger than the size cap."""


class WrongType(FetchError):
    """The answer is not the kind of document asked for (not HTML, not a feed)."""


@dataclass(frozen=True)
class Page:
    """What a server answered: the final URL (after redirects), its type and the body's bytes."""

    url: str
    final_url: str
    content_type: str
    charset: str
    body: bytes

    def text(self) -> str:
        """The body decoded by the declared charset, else the page's own meta charset, else UTF-8."""
        charset = self.charset or _meta_charset(self.body)
        if charset:
            try:
                return self.body.decode(charset, errors="replace")
            except LookupError:
                pass  # an unknown charset name: fall back to the strict UTF-8 reading below
        return decode(self.body, self.url)


def fetch(url: str, *, accept: Sequence[str] = HTML_TYPES, settings: FetchSettings | None = None,
          resolve: Resolver = socket.getaddrinfo, trusted_hosts: Collection[str] = (),
          clock: Callable[[], float] = time.monotonic) -> Page:
    """GET a URL (following up to 5 redirects) within the settings' time and size limits.

    trusted_hosts are exempt from the address check (an intranet server). Raises FetchError subclasses
    with a one-line message naming the URL."""
    settings = settings or FetchSettings.from_env()
    deadline = clock() + settings.timeout
    current = _checked_url(url, url)
    for hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        trusted = settings.allow_private or parts.hostname in trusted_hosts
        ips = _addresses(url, current if hop else "", parts.hostname or "", _port(parts), resolve, trusted)
        conn = _connect(url, parts.scheme, parts.hostname or "", _port(parts), ips, _left(url, deadline, clock))
        resp: http.client.HTTPResponse | None = None
        # A socket's timeout bounds each read, not the whole answer: a server sending its headers one byte
        # a second would hold the fetch for ever. At the deadline the connection is cut, wherever it is.
        watchdog = threading.Timer(max(0.0, deadline - clock()), _cut, (conn,))
        watchdog.daemon = True
        watchdog.start()
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            conn.request("GET", path, headers={
                "User-Agent": settings.user_agent, "Accept": ", ".join(accept) + ", */*;q=0.1",
                "Accept-Encoding": "identity",  # no compression: the size cap counts what is really read
                "Connection": "close",
            })
            resp = conn.getresponse()
            if resp.status in _REDIRECTS:
                location = resp.getheader("Location")
                if not location:
                    raise FetchError(f"{url}: HTTP {resp.status} redirect without a Location")
                current = _checked_url(urljoin(current, location.strip()), url, location.strip())
                continue
            if not 200 <= resp.status < 300:
                raise FetchError(f"{url}: HTTP {resp.status} {resp.reason}".rstrip())
            content_type, charset = _content_type(resp.getheader("Content-Type", ""))
            if content_type and not any(content_type == a for a in accept):
                raise WrongType(f"{url}: the server sent {content_type}, not {' or '.join(accept[:2])}")
            body = _read_capped(url, resp, settings.max_bytes, deadline, clock)
            if conn.cut:  # the body ended because the deadline cut it: not the whole page
                raise FetchTimeout(f"{url}: no complete answer within {settings.timeout:g} s (timed out)")
            body = _decompressed(url, body, resp.getheader("Content-Encoding", ""), settings.max_bytes)
            return Page(url, current, content_type, charset, body)
        except FetchError:
            raise
        except (socket.timeout, TimeoutError) as exc:
            raise FetchTimeout(f"{url}: no complete answer within {settings.timeout:g} s (timed out)") from exc
        except (http.client.HTTPException, OSError, ValueError) as exc:
            if conn.cut:
                raise FetchTimeout(f"{url}: no complete answer within {settings.timeout:g} s (timed out)") from exc
            if isinstance(exc, http.client.HTTPException):
                raise FetchError(f"{url}: not a valid HTTP answer ({type(exc).__name__})") from exc
            if isinstance(exc, OSError):
                raise FetchError(f"{url}: connection failed ({exc.strerror or exc})") from exc
            raise
        finally:
            watchdog.cancel()
            if resp is not None:
                resp.close()
            conn.close()
            if conn.held is not None:
                conn.held.close()
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def fetch_article(url: str, *, settings: FetchSettings | None = None, **kwargs) -> RawArticle:
    """An article from a web page: its main text, title, date and site name (trafilatura)."""
    import trafilatura

    page = fetch(url, accept=HTML_TYPES, settings=settings, **kwargs)
    html = page.text()
    if not _HTML_TAG.search(html[:65536].encode("utf-8", "replace")):
        raise WrongType(f"{url}: the answer is not an HTML page")
    tree = html_tree(html)  # an lxml tree without libxml2's depth limit: a page nested 300 deep is read
    if tree is None:
        raise FetchError(f"{url}: no article text found on the page")
    doc = trafilatura.bare_extraction(tree, url=page.final_url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    text = (doc.text if doc else "") or ""
    if not text.strip():
        raise FetchError(f"{url}: no article text found on the page")
    try:
        published = parse_date(doc.date, url) if doc.date else None
    except InputError:
        published = None  # a page date we cannot read is no reason to refuse the article
    site = doc.sitename or urlsplit(page.final_url).hostname or ""
    return RawArticle(text, url, title=doc.title or "", url=url, published=published, source=site,
                      published_how="page")


def _checked_url(target: str, asked: str, sent: str = "") -> str:
    """An http(s) URL with the scheme and host in lower case (``HTTP://Host`` is ``http://host``), no fragment.

    ``sent``: the Location a redirect gave, named as the server wrote it when the URL is refused."""
    parts = urlsplit(target.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        where = "" if target == asked else f" (redirected to {sent or target})"
        raise FetchError(f"{asked}{where}: not an http:// or https:// address")
    netloc = parts.netloc.rpartition("@")[2]
    return parts._replace(scheme=parts.scheme.lower(), netloc=netloc.lower(), fragment="").geturl()


def _port(parts) -> int:
    try:
        return parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(f"{parts.geturl()}: bad port ({exc})") from exc


def _left(url: str, deadline: float, clock: Callable[[], float]) -> float:
    left = deadline - clock()
    if left <= 0:
        raise FetchTimeout(f"{url}: no complete answer in time (timed out)")
    return left


def why_not_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is not one of the public internet's ('a loopback address'…), or None if it is."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, what in (("is_loopback", "loopback"), ("is_link_local", "link-local"), ("is_private", "private"),
                       ("is_multicast", "multicast"), ("is_unspecified", "unspecified"), ("is_reserved", "reserved")):
        if getattr(ip, test):
            return f"a {what} address"
    return None if ip.is_global else "not a public address"


def _addresses(url: str, redirected: str, host: str, port: int, resolve: Resolver, trusted: bool) -> list[tuple]:
    """Every address the host resolves to, each checked (unless trusted); ``redirected``: where a redirect led,
    "" on the first request (an "HTTP://" URL asked is not a redirect because it is written in capitals)."""
    try:
        infos = resolve(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve {host} ({getattr(exc, 'strerror', None) or exc})") from exc
    if not infos:
        raise FetchError(f"{url}: {host} has no address")
    if not trusted:
        for info in infos:
            ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
            why = why_not_public(ip)
            if why:
                hop = f" redirected to {redirected}:" if redirected else ""
                named = f"{host} is {ip}," if _literal(host) != ip else f"{ip} is"  # not "10.0.0.1 is 10.0.0.1"
                raise BlockedAddress(f"{url}:{hop} {named} {why}: refused (GEO_ALLOW_PRIVATE_HOSTS=1 allows it)")
    return infos


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host name spells itself (127.0.0.1, ::1), or None."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _cut(conn: "_PinnedHTTP") -> None:
    """End a connection at the fetch's deadline: a read waiting on it returns at once."""
    conn.cut = True
    sock = conn.held
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed: nothing is waiting on it


def _connect(url: str, scheme: str, host: str, port: int, infos: list[tuple], timeout: float
             ) -> http.client.HTTPConnection:
    """A connection to the first reachable checked address (the host name is kept for TLS and Host:)."""
    last: OSError | None = None
    for family, _type, _proto, _name, sockaddr in infos:
        conn = (_PinnedHTTPS if scheme == "https" else _PinnedHTTP)(host, port, sockaddr, family, timeout)
        try:
            conn.connect()
            return conn
        except FetchError:
            raise
        except (socket.timeout, TimeoutError) as exc:
            raise FetchTimeout(f"{url}: {host} did not answer within {timeout:g} s (timed out)") from exc
        except OSError as exc:
            last = exc
            conn.close()
    raise FetchError(f"{url}: cannot connect to {host} ({getattr(last, 'strerror', None) or last})")


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to one given address, whatever the name resolves to now."""

    def __init__(self, host: str, port: int, sockaddr: tuple, family: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._sockaddr, self._family = sockaddr, family
        # http.client lets go of .sock once the response owns it: kept here to be closed for sure.
        self.held: socket.socket | None = None
        self.cut = False  # the deadline passed and the connection was cut (_cut)

    def _socket(self) -> socket.socket:
        sock = socket.socket(self._family, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._sockaddr)
        except BaseException:
            sock.close()
            raise
        return sock

    def connect(self) -> None:
        self.sock = self.held = self._socket()


class _PinnedHTTPS(_PinnedHTTP):
    """The same over TLS, the certificate checked against the host name."""

    default_port = 443

    def connect(self) -> None:
        context = ssl.create_default_context()
        self.sock = self.held = context.wrap_socket(self._socket(), server_hostname=self.host)


def _content_type(header: str) -> tuple[str, str]:
    kind, _, params = header.partition(";")
    match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", params, re.I)
    return kind.strip().lower(), (match.group(1) if match else "")


def _meta_charset(body: bytes) -> str:
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii", "replace") if match else ""


def _decompressed(url: str, body: bytes, encoding: str, cap: int) -> bytes:
    """A body some servers compress anyway (we ask for none), inflated no further than the cap."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise WrongType(f"{url}: the answer is compressed as {encoding!r}, which cannot be read")
    inflater = zlib.decompressobj(wbits=47 if "gzip" in encoding else 15)
    try:
        out = inflater.decompress(body, cap + 1)
    except zlib.error as exc:
        raise FetchError(f"{url}: a broken {encoding} answer ({exc})") from exc
    if len(out) > cap or inflater.unconsumed_tail:
        raise TooLarge(f"{url}: the page inflates past the {cap:,}-byte limit (stopped reading)")
    return out


def _read_capped(url: str, resp: http.client.HTTPResponse, cap: int, deadline: float, clock: Callable[[], float]) -> bytes:
    """The body, read in chunks; refused as soon as it passes the cap or the deadline."""
    declared = resp.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > cap:
        raise TooLarge(f"{url}: the page is {int(declared):,} bytes, over the {cap:,}-byte limit (not read)")
    parts: list[bytes] = []
    size = 0
    while True:
        _left(url, deadline, clock)  # a read still waiting at the deadline is ended by the watchdog (_cut)
        chunk = resp.read1(CHUNK)  # what has arrived: read(n) would wait for n bytes, past the deadline
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > cap:
            raise TooLarge(f"{url}: the page is over the {cap:,}-byte limit (stopped reading)")
        parts.append(chunk)
