"""Issue #14 over real sockets on 127.0.0.1: a deadline on the whole fetch (slow headers too), upper-case
redirects named as sent, deep pages read."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from typing import Iterator

import pytest
from web import article_html

from geo.ingest.fetch import BlockedAddress, FetchTimeout, fetch, fetch_article
from geo.settings import FetchSettings

OPEN = FetchSettings(allow_private=True, timeout=5.0)
CLOSED = FetchSettings(allow_private=False, timeout=5.0)


@contextmanager
def trickling_server(answer: bytes, pause: float) -> Iterator[int]:
    """A server on 127.0.0.1 that sends ``answer`` one byte every ``pause`` seconds (headers included)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (socket.timeout, OSError):
                continue
            with conn:
                try:
                    conn.recv(4096)
                    for i in range(len(answer)):
                        if stop.is_set():
                            break
                        conn.sendall(answer[i : i + 1])
                        time.sleep(pause)
                except OSError:
                    pass  # the client hung up: what a deadline does

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def test_headers_sent_one_byte_at_a_time_do_not_hold_a_fetch_past_its_deadline():
    answer = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 400 + b"\r\nContent-Type: text/html\r\n\r\n<html></html>"
    with trickling_server(answer, pause=0.05) as port:  # each byte well within the socket timeout
        started = time.monotonic()
        with pytest.raises(FetchTimeout) as exc:
            fetch(f"http://127.0.0.1:{port}/slow", settings=FetchSettings(allow_private=True, timeout=1.0))
        took = time.monotonic() - started
    assert took < 2.5, f"the fetch took {took:.1f} s with a 1 s limit"
    assert "timed out" in str(exc.value) and "\n" not in str(exc.value)


def test_a_body_trickling_byte_by_byte_is_cut_at_the_deadline_not_returned_half():
    body = b"<html><body><p>" + b"x" * 2000 + b"</p></body></html>"
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    with trickling_server(answer, pause=0.002) as port:
        started = time.monotonic()
        with pytest.raises(FetchTimeout):
            fetch(f"http://127.0.0.1:{port}/drip", settings=FetchSettings(allow_private=True, timeout=0.8))
        assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("scheme", ["HTTP", "Http", "HTTPS"])
def test_a_redirect_to_an_upper_case_scheme_is_followed_or_refused_for_what_it_is(site, scheme):
    site.page("/secret", "<html><body><p>internal</p></body></html>")
    location = f"{scheme}://127.0.0.1:{site.port}/secret"
    start = site.redirect("/go", location)
    with pytest.raises(BlockedAddress) as exc:
        fetch(site.url("/go", host="localhost"), settings=CLOSED, trusted_hosts={"localhost"})
    message = str(exc.value)
    # Refused because the address is private, named plainly: not as a bad scheme, not "127.0.0.1 is 127.0.0.1".
    assert "127.0.0.1 is a loopback address: refused" in message
    assert "not an http" not in message and start.replace("127.0.0.1", "localhost") in message
    assert "/secret" not in site.hits


def test_an_upper_case_redirect_is_followed_when_allowed(site):
    site.page("/end", article_html("End", ["A drone struck an oil depot in Lyudinovo on Monday."]))
    site.redirect("/go", f"HTTP://127.0.0.1:{site.port}/end")
    page = fetch(site.url("/go"), settings=OPEN)
    assert page.final_url == f"http://127.0.0.1:{site.port}/end"


def test_a_page_nested_300_deep_is_fetched_and_read(site):
    paragraph = "A Ukrainian drone struck an oil depot in Lyudinovo, in Russia's Kaluga region, on Monday."
    html = ("<!doctype html><html><head><title>Depot struck</title></head><body>" + "<div>" * 300
            + f"<p>{paragraph}</p>" + "</div>" * 300 + "</body></html>")
    url = site.page("/deep", html)
    raw = fetch_article(url, settings=OPEN)
    assert paragraph in raw.text and raw.title == "Depot struck"


def test_an_upper_case_address_asked_is_not_called_a_redirect(site):
    url = f"HTTP://127.0.0.1:{site.port}/secret"
    with pytest.raises(BlockedAddress) as exc:
        fetch(url, settings=CLOSED)
    assert str(exc.value).startswith(f"{url}: 127.0.0.1 is a loopback address: refused")
    assert "redirected" not in str(exc.value) and site.hits == []
