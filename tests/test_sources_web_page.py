"""The Sources page's web page and feed tabs through AppTest, against a server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from web import article_html, rss

from geo.store.db import Store
from geo.ui.sources import read_uploads, summary_line

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "pages" / "1_Sources.py")
TALKS = ["The ministers met in Geneva on Tuesday for peace talks, the foreign ministry said."] * 2



@pytest.fixture
def app(pipeline, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "events.db"
    with Store(path) as store:  # not empty: no demo articles
        from geo.model import Article

        store.add(Article("seed", "seed text", title="Seed"), [])
    monkeypatch.setenv("GEO_DB", str(path))
    monkeypatch.syspath_prepend(str(ROOT))
    import app_state

    app_state.reset()
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    at.db = path
    yield at
    app_state.reset()


def unmd(text: str) -> str:
    return text.replace("\\", "")


def submit(at, label: str):
    next(b for b in at.button if b.label == label).click()
    at.run()
    assert not at.exception, at.exception


def titles(db) -> list[str]:
    with Store(db) as store:
        return sorted(a["title"] for a in store.articles())


def test_a_web_page_is_fetched_and_added(app, site, monkeypatch):
    monkeypatch.setenv("GEO_ALLOW_PRIVATE_HOSTS", "1")
    app.text_input(key="web_url").input(site.page("/talks", article_html("Talks in Geneva", TALKS,
                                                                         published="2025-02-18")))
    submit(app, "Fetch, parse and add")
    assert any("Added Talks in Geneva with 1 event" in unmd(s.value) for s in app.success), app.error
    assert titles(app.db) == ["Seed", "Talks in Geneva"]
    submit(app, "Fetch, parse and add")
    assert [unmd(i.value) for i in app.info] == [f"Already stored, not fetched again: {site.url('/talks')}"]
    assert site.hits == ["/talks"]


def test_a_private_address_is_refused_on_the_page(app, site, monkeypatch):
    monkeypatch.delenv("GEO_ALLOW_PRIVATE_HOSTS", raising=False)
    app.text_input(key="web_url").input(site.page("/talks", article_html("Talks in Geneva", TALKS)))
    submit(app, "Fetch, parse and add")
    assert "a loopback address: refused" in unmd(app.error[0].value) and site.hits == []
    assert titles(app.db) == ["Seed"]


def test_feeds_are_added_updated_and_listed(app, site, monkeypatch):
    monkeypatch.setenv("GEO_ALLOW_PRIVATE_HOSTS", "1")
    page = site.page("/talks", article_html("Talks in Geneva", TALKS, published="2025-02-18"))
    feed = site.page("/rss", rss("Geneva Wire", [("Talks", page, "Tue, 18 Feb 2025 08:00:00 GMT")]),
                     content_type="application/rss+xml")
    site.page("/bad", b"<rss><channel><item>", content_type="application/rss+xml")
    for url in (feed, site.url("/bad"), "not a url"):
        app.text_input(key="feed_url").input(url)
        submit(app, "Add feed")
    assert "not a feed address" in unmd(app.error[0].value)
    app.button(key="feeds_update").click().run()
    assert not app.exception
    assert any("Geneva Wire: 1 items; 1 ingested" in unmd(s.value) for s in app.success)
    assert any("malformed feed" in unmd(e.value) for e in app.error)
    assert titles(app.db) == ["Seed", "Talks in Geneva"]
    with Store(app.db) as store:
        assert [(f["title"], f["new_items"], bool(f["error"])) for f in store.feeds()] == [
            ("Geneva Wire", 1, False), ("", 0, True)]


def test_batch_uploads_report_each_bad_line_and_a_summary():
    raws, failures = read_uploads([
        ("a.jsonl", b'{"text": "Talks in Geneva on Tuesday."}\nnot json\n'),
        ("b.csv", b"text,title\nProtest in Lyon.,Lyon\nbroken,row,here\n"),
        ("c.txt", b""),
    ])
    assert [r.title for r in raws] == ["", "Lyon"]
    assert [f.reason for f in failures] == ["a.jsonl line 2: not JSON (Expecting value at column 1)",
                                            "b.csv line 3: 3 fields where the header has 2",
                                            "c.txt: empty: no text to parse"]
    assert summary_line([], failures) == "Batch: 0 ingested, 0 skipped as duplicate, 3 failed"
