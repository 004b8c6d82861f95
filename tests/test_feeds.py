"""Feeds: parsing RSS and Atom, and updating feeds from a server on 127.0.0.1 (bad feeds and items included)."""

from __future__ import annotations

import pytest
from web import article_html, rss

from geo.ingest.feeds import FeedError, check_feed_url, parse_feed, update_all
from geo.settings import FetchSettings
from geo.store.db import Store

OPEN = FetchSettings(allow_private=True, timeout=3.0)
DATE = "Mon, 17 Feb 2025 08:00:00 GMT"
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>Talks in Geneva</title><link href="https://news.example/geneva"/><updated>2025-02-18T10:00:00Z</updated>
<id>1</id></entry><entry><title>No link</title><id>2</id><updated>2025-02-18T10:00:00Z</updated>
<content type="html">&lt;p&gt;The ministers met in Geneva on Tuesday for peace talks.&lt;/p&gt;</content></entry></feed>"""



def test_rss_and_atom_items_with_links_dates_and_content():
    title, items = parse_feed(rss("RSS News", [("Strike", "https://news.example/a", DATE)]).encode(), "feed")
    assert title == "RSS News" and [(i.url, i.title, str(i.published)) for i in items] == [
        ("https://news.example/a", "Strike", "2025-02-17")]
    title, items = parse_feed(ATOM.encode(), "atom")
    assert title == "Atom News" and items[0].url == "https://news.example/geneva" and "ministers met" in items[1].content


@pytest.mark.parametrize("body, fragment", [
    (b'<rss version="2.0"><channel><title>Broken</title><item><title>Strike</title><link>http://x/a</link></item>'
     b"<item><title>Unclosed", "malformed feed (no element found at line 2)"),
    (b"this is not a feed at all {", "malformed feed"),
    (b"<html><body><p>a web page</p></body></html>", "not an RSS or Atom feed"),
])
def test_a_malformed_feed_is_a_clear_error(body, fragment):
    with pytest.raises(FeedError) as exc:
        parse_feed(body, "https://news.example/feed")
    assert fragment in str(exc.value) and "\n" not in str(exc.value)


def test_html_entities_in_a_feed_are_tolerated():
    body = rss("T &nbsp; News", [("A", "https://news.example/a", DATE)]).encode()
    assert len(parse_feed(body, "feed")[1]) == 1


def test_feed_urls_are_checked():
    with pytest.raises(FeedError, match="not a feed address"):
        check_feed_url("javascript:alert(1)")
    assert check_feed_url(" https://news.example/rss ") == "https://news.example/rss"


@pytest.mark.slow
def test_update_all_goes_on_past_a_malformed_feed_and_a_bad_item(site, pipeline, tmp_path):
    good = site.page("/good.html", article_html("Talks in Geneva", [
        "The ministers met in Geneva on Tuesday for peace talks, the foreign ministry said."] * 2,
        published="2025-02-18"))
    site.page("/pdf", b"%PDF-1.7", content_type="application/pdf")
    site.page("/ok.xml", rss("Good", [("Talks", good, DATE), ("Missing", site.url("/gone"), DATE),
                                      ("A PDF", site.url("/pdf"), DATE)]), content_type="application/rss+xml")
    site.page("/broken.xml", b"<rss><channel><item><title>x</tit", content_type="application/rss+xml")
    with Store(tmp_path / "e.db") as store:
        store.add_feed(site.url("/broken.xml"))
        store.add_feed(site.url("/unreachable.xml"))
        store.add_feed(site.url("/ok.xml"))
        broken, missing, ok = update_all(store, pipeline, settings=OPEN)
        assert "malformed feed" in broken.error and "HTTP 404" in missing.error
        assert ok.error == "" and ok.items == 3 and ok.summary.ingested == 1
        reasons = sorted(f.reason for f in ok.summary.failures)
        assert "HTTP 404" in reasons[0] and "application/pdf, not text/html" in reasons[1]
        assert [a["title"] for a in store.articles()] == ["Talks in Geneva"]
        assert [f["error"] != "" for f in store.feeds()] == [True, True, False]
        # Again: the stored item is not fetched twice; the bad ones are tried again
        hits = len(site.hits)
        ok = update_all(store, pipeline, settings=OPEN)[2]
        assert ok.summary.duplicates == 1 and ok.summary.ingested == 0 and "/good.html" not in site.hits[hits:]
