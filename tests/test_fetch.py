"""geo.ingest.fetch against a real server on 127.0.0.1: limits, types, private addresses, redirects."""

from __future__ import annotations

import socket
import time

import pytest
from web import Route, article_html, slow_chunks

from geo.errors import InputError, SettingsError
from geo.ingest.fetch import (
    BlockedAddress,
    FetchError,
    FetchTimeout,
    TooLarge,
    fetch,
    fetch_article,
)
from geo.settings import FetchSettings

OPEN = FetchSettings(allow_private=True, timeout=5.0)
CLOSED = FetchSettings(allow_private=False, timeout=5.0)
STRIKE = ["A Ukrainian drone struck an oil depot in Lyudinovo, in Russia's Kaluga region, on Monday, "
          "the regional governor said.", "A fire broke out at the depot and was put out by the morning."]



def one_line(exc: pytest.ExceptionInfo) -> str:
    message = str(exc.value)
    assert "\n" not in message and isinstance(exc.value, InputError)
    return message


def test_an_article_page_gives_text_title_date_and_site(site):
    url = site.page("/strike", article_html("Drone strike on Lyudinovo depot", STRIKE, published="2025-02-17",
                                            site_name="Kaluga Daily"))
    raw = fetch_article(url, settings=OPEN)
    assert "oil depot in Lyudinovo" in raw.text and "Home · World" not in raw.text
    assert raw.title == "Drone strike on Lyudinovo depot" and raw.source == "Kaluga Daily"
    assert raw.published.isoformat() == "2025-02-17" and raw.published_how == "page" and raw.url == url


def test_a_server_that_never_answers_times_out(site):
    site.routes["/slow"] = Route(body=b"<html></html>", delay=10)
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as exc:
        fetch(site.url("/slow"), settings=FetchSettings(allow_private=True, timeout=0.5))
    assert time.monotonic() - started < 3
    assert "timed out" in one_line(exc) and "/slow" in str(exc.value)


def test_a_body_that_trickles_in_past_the_deadline_times_out(site):
    site.routes["/drip"] = Route(body=slow_chunks(200_000, chunk=1000, pause=0.05),
                                 headers={"Content-Type": "text/html"})
    started = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetch(site.url("/drip"), settings=FetchSettings(allow_private=True, timeout=0.6))
    assert time.monotonic() - started < 3


def test_a_50_mb_page_is_refused_without_reading_it_all(site):
    size = 50 * 1024 * 1024
    site.routes["/huge"] = Route(body=slow_chunks(size), headers={"Content-Type": "text/html"})
    with pytest.raises(TooLarge) as exc:
        fetch(site.url("/huge"), settings=OPEN)
    assert "10,000,000-byte limit" in one_line(exc) and "stopped reading" in str(exc.value)
    time.sleep(0.2)
    assert site.sent["/huge"] < size / 2  # the server could not push the rest: nobody read it
    # Declared up front: refused before the body is read at all.
    site.routes["/declared"] = Route(body=slow_chunks(size), headers={"Content-Type": "text/html",
                                                                      "Content-Length": str(size)})
    with pytest.raises(TooLarge, match="52,428,800 bytes.*not read"):
        fetch(site.url("/declared"), settings=OPEN)


@pytest.mark.parametrize("content_type, body, fragment", [
    ("application/pdf", b"%PDF-1.7 binary", "application/pdf, not text/html"),
    ("image/png", b"\x89PNG\r\n\x1a\n", "image/png"),
    ("text/html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ("text/html", b"just some words, no markup at all", "not an HTML page"),
    ("", b'{"text": "json is not a page"}', "not an HTML page"),
])
def test_a_body_that_is_not_html_is_refused(site, content_type, body, fragment):
    url = site.page("/thing", body, content_type=content_type)
    if not content_type:
        site.routes["/thing"].headers.clear()
    with pytest.raises(InputError) as exc:
        fetch_article(url, settings=OPEN)
    assert fragment in one_line(exc)


def test_private_addresses_are_refused_unless_allowed(site):
    url = site.page("/page", article_html("T", STRIKE))
    with pytest.raises(BlockedAddress) as exc:
        fetch(url, settings=CLOSED)
    assert "127.0.0.1" in one_line(exc) and "loopback" in str(exc.value) and "GEO_ALLOW_PRIVATE_HOSTS" in str(exc.value)
    with pytest.raises(BlockedAddress, match="localhost is 127.0.0.1, a loopback"):
        fetch(site.url("/page", host="localhost"), settings=CLOSED)
    assert site.hits == []  # refused before connecting
    assert fetch(url, settings=OPEN).body.startswith(b"<!doctype html>")


@pytest.mark.parametrize("target, what", [
    ("http://127.0.0.1:{port}/secret", "loopback"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[::ffff:127.0.0.1]:{port}/secret", "loopback"),
    ("http://10.1.2.3/", "private"),
])
def test_a_redirect_to_a_private_address_is_refused(site, target, what):
    site.page("/secret", "<html><body><p>internal</p></body></html>")
    start = site.redirect("/go", target.format(port=site.port))
    # localhost is trusted for this test only, so that the redirect is what gets checked.
    with pytest.raises(BlockedAddress) as exc:
        fetch(site.url("/go", host="localhost"), settings=CLOSED, trusted_hosts={"localhost"})
    message = one_line(exc)
    assert what in message and "redirected to" in message and start.replace("127.0.0.1", "localhost") in message
    assert "/secret" not in site.hits and "/latest/meta-data/" not in site.hits


def test_every_address_of_a_host_is_checked():
    def resolve(host, port, **kw):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.1.10", port))]

    with pytest.raises(BlockedAddress, match="192.168.1.10, a private address"):
        fetch("http://news.example/a", settings=CLOSED, resolve=resolve)


def test_redirects_are_followed_up_to_five(site):
    site.page("/end", article_html("End", STRIKE))
    for i in range(5):
        site.redirect(f"/r{i}", f"/r{i + 1}" if i < 4 else "/end")
    assert fetch(site.url("/r0"), settings=OPEN).final_url.endswith("/end")
    site.redirect("/loop", "/loop")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(site.url("/loop"), settings=OPEN)
    site.redirect("/ftp", "ftp://example.org/file")
    with pytest.raises(FetchError, match="not an http"):
        fetch(site.url("/ftp"), settings=OPEN)


def test_http_errors_and_unreachable_hosts_are_one_line(site):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(site.url("/missing"), settings=OPEN)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(FetchError, match="cannot connect") as exc:
        fetch(f"http://127.0.0.1:{port}/", settings=OPEN)
    one_line(exc)
    with pytest.raises(FetchError, match="not an http"):
        fetch("file:///etc/passwd", settings=OPEN)


def test_a_compressed_answer_is_inflated_within_the_cap(site):
    import gzip

    page = article_html("Drone strike on Lyudinovo depot", STRIKE).encode()
    site.routes["/gz"] = Route(body=gzip.compress(page), headers={"Content-Type": "text/html",
                                                                  "Content-Encoding": "gzip"})
    assert fetch(site.url("/gz"), settings=OPEN).body == page
    bomb = gzip.compress(b"<html>" + b"x" * 20_000_000)  # 20 KB that would inflate to 20 MB
    site.routes["/bomb"] = Route(body=bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})
    with pytest.raises(TooLarge, match="inflates past"):
        fetch(site.url("/bomb"), settings=OPEN)


def test_page_charset_is_honoured(site):
    body = article_html("Удар по нефтебазе", ["Беспилотник атаковал нефтебазу в Людиново в понедельник, "
                                               "сообщил губернатор области."] * 3).encode("cp1251")
    url = site.page("/ru", body, content_type="text/html; charset=windows-1251")
    assert "нефтебазу в Людиново" in fetch_article(url, settings=OPEN).text


def test_settings_are_read_from_the_environment_with_clear_errors():
    s = FetchSettings.from_env({"GEO_ALLOW_PRIVATE_HOSTS": "1", "GEO_FETCH_TIMEOUT": "2.5"})
    assert s.allow_private and s.timeout == 2.5 and s.max_bytes == 10_000_000
    assert not FetchSettings.from_env({}).allow_private
    for name, value in [("GEO_ALLOW_PRIVATE_HOSTS", "maybe"), ("GEO_FETCH_TIMEOUT", "-1"),
                        ("GEO_FETCH_MAX_BYTES", "lots"), ("GEO_FETCH_TIMEOUT", "nan")]:
        with pytest.raises(SettingsError, match=name):
            FetchSettings.from_env({name: value})
