"""A real little web server on 127.0.0.1 for fetch and feed tests: routes set by each test, hits recorded."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterable, Iterator


@dataclass
class Route:
    status: int = 200
    body: bytes | Callable[[], Iterable[bytes]] = b""  # bytes, or a function yielding chunks (streamed)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering


class Site:
    """Routes by path; every request's path is appended to ``hits``; ``sent`` counts streamed bytes per path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        self.sent: dict[str, int] = {}
        self.release = threading.Event()  # set at teardown: slow handlers stop waiting
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                site.hits.append(self.path)
                route = site.routes.get(self.path) or site.routes.get(self.path.split("?", 1)[0])
                if route is None:
                    self.send_error(404)
                    return
                if route.delay:
                    site.release.wait(route.delay)
                self.send_response(route.status)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                if isinstance(route.body, bytes):
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                    return
                self.send_header("Connection", "close")
                self.end_headers()
                site.sent[self.path] = 0
                try:
                    for chunk in route.body():
                        self.wfile.write(chunk)
                        site.sent[self.path] += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading: what we want to see

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", **kw) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, headers={"Content-Type": content_type}, **kw)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.routes[path] = Route(status=status, headers={"Location": to})
        return self.url(path)

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def serve() -> Iterator[Site]:
    """A Site for the time of a test (each test module's `site` fixture)."""
    s = Site()
    try:
        yield s
    finally:
        s.close()


def article_html(title: str, paragraphs: list[str], *, published: str = "", site_name: str = "Test News") -> str:
    """A news page as trafilatura expects one: title, site name, date, an <article> with paragraphs."""
    meta = f'<meta property="og:site_name" content="{site_name}">'
    if published:
        meta += f'<meta property="article:published_time" content="{published}T08:00:00Z">'
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{meta}</head><body>"
            f"<nav>Home · World · Sport</nav><article><h1>{title}</h1>{body}</article>"
            f"<footer>© Test News</footer></body></html>")


def rss(title: str, items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed: items are (title, link, RFC 822 date)."""
    entries = "".join(f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate></item>"
                      for t, link, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.org/</link><description>test</description>{entries}</channel></rss>")


def slow_chunks(total: int, chunk: int = 1 << 16, pause: float = 0.0) -> Callable[[], Iterable[bytes]]:
    """A body of ``total`` bytes made as it is sent (never held in memory at once)."""
    def gen() -> Iterable[bytes]:
        left = total
        head = b"<!doctype html><html><body><p>"
        yield head
        left -= len(head)
        while left > 0:
            n = min(chunk, left)
            yield b"x" * n
            left -= n
            if pause:
                time.sleep(pause)
    return gen
