"""`geo-events ingest` with web pages and `geo-events feeds`: one-line errors, nothing half-stored, summaries."""

from __future__ import annotations

import sqlite3

import pytest
from helpers import cli_runner
from web import Route, article_html, rss

import geo.cli.main

TALKS = ["The ministers met in Geneva on Tuesday for peace talks, the foreign ministry said."] * 2



@pytest.fixture
def cli(monkeypatch, capsys, tmp_path, request):
    db = tmp_path / "events.db"
    if "pipeline" in request.fixturenames:
        monkeypatch.setattr(geo.cli.main, "_pipeline", lambda: request.getfixturevalue("pipeline"))
    else:  # commands that must fail before any parsing: a pipeline would be a bug
        monkeypatch.setattr(geo.cli.main, "_pipeline", lambda: pytest.fail("no article should reach the parser"))

    return cli_runner(db, capsys)


def count(db) -> int:
    return sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] if db.exists() else 0


def test_a_url_that_times_out_is_one_line_and_stores_nothing(cli, site, monkeypatch):
    monkeypatch.setenv("GEO_ALLOW_PRIVATE_HOSTS", "1")
    monkeypatch.setenv("GEO_FETCH_TIMEOUT", "0.5")
    site.routes["/slow"] = Route(body=b"<html></html>", delay=10)
    code, out, err = cli("ingest", "--url", site.url("/slow"))
    assert code == 3 and out == "" and err.count("\n") == 1
    assert err.startswith(f"geo-events: {site.url('/slow')}: ") and "timed out" in err
    assert count(cli.db) == 0


def test_with_the_setting_off_the_local_server_itself_is_refused(cli, site, monkeypatch):
    monkeypatch.delenv("GEO_ALLOW_PRIVATE_HOSTS", raising=False)
    url = site.redirect("/go", "http://169.254.169.254/latest/meta-data/")
    code, _, err = cli("ingest", url)
    assert code == 3 and "127.0.0.1 is a loopback address: refused" in err  # the first hop already
    assert count(cli.db) == 0


def test_a_bad_setting_is_named(cli, monkeypatch):
    monkeypatch.setenv("GEO_FETCH_TIMEOUT", "soon")
    code, _, err = cli("ingest", "--url", "https://news.example/a")
    assert code == 2 and "GEO_FETCH_TIMEOUT" in err


@pytest.mark.slow
def test_urls_and_files_in_one_batch_with_a_summary(cli, site, pipeline, monkeypatch, tmp_path):
    monkeypatch.setenv("GEO_ALLOW_PRIVATE_HOSTS", "1")
    good = site.page("/talks", article_html("Talks in Geneva", TALKS, published="2025-02-18"))
    pdf = site.page("/file.pdf", b"%PDF-1.7", content_type="application/pdf")
    big = site.page("/big", b"<html>" + b"x" * 11_000_000, content_type="text/html")
    text = tmp_path / "lyon.txt"
    text.write_text("Protest in Lyon\n\nThousands marched in Lyon on Saturday.", encoding="utf-8")
    code, out, err = cli("ingest", good, pdf, big, str(text), "--published", "2025-02-18")
    assert code == 3 and out.count("ingested\t") == 2
    assert "application/pdf, not text/html" in err and "11,000,006 bytes, over the 10,000,000-byte limit" in err
    assert err.strip().splitlines()[-1] == "summary: 2 ingested, 0 skipped as duplicate, 2 failed"
    code, out, err = cli("ingest", good)  # the same URL again: not even fetched
    hits = site.hits.count("/talks")
    assert code == 0 and "summary: 0 ingested, 1 skipped as duplicate, 0 failed" in err and hits == 1
    with sqlite3.connect(cli.db) as conn:
        assert conn.execute("SELECT url, source FROM articles WHERE title = 'Talks in Geneva'").fetchone() == \
            (good, "Test News")


@pytest.mark.slow
def test_feeds_commands(cli, site, pipeline, monkeypatch):
    monkeypatch.setenv("GEO_ALLOW_PRIVATE_HOSTS", "1")
    good = site.page("/talks", article_html("Talks in Geneva", TALKS, published="2025-02-18"))
    feed = site.page("/rss", rss("Wire", [("Talks", good, "Tue, 18 Feb 2025 08:00:00 GMT")]),
                     content_type="application/rss+xml")
    bad = site.page("/bad", b"<rss><channel><item>", content_type="application/rss+xml")
    assert cli("feeds", "add", bad, feed)[1] == f"added\t{bad}\nadded\t{feed}\n"
    assert cli("feeds", "add", feed)[1] == f"already there\t{feed}\n"
    assert cli("feeds", "add", "ftp://x")[0] == 3
    code, out, err = cli("feeds", "update")
    assert code == 3 and out.count("ingested\t") == 1
    assert f"feed failed\t{bad}\t{bad}: malformed feed" in err and f"feed\t{feed}\t1 items" in err
    code, out, _ = cli("feeds", "list")
    lines = out.splitlines()
    assert lines[0].startswith(f"{bad}\t\t") and "error: " in lines[0] and lines[1].endswith("1 items, 1 new")
    assert cli("feeds", "remove", bad)[0] == 0 and len(cli("feeds", "list")[1].splitlines()) == 1
    assert cli("feeds", "remove", bad)[0] == 3
