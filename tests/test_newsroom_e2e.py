"""End to end: a feed on 127.0.0.1 → feeds update → one strike from two sources → a correction on the Review
page → a later article naming the same place resolves as corrected."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import cli_runner
from web import article_html, rss

import geo.cli.main
from geo.store.db import Store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
REVIEW = str(ROOT / "pages" / "2_Review.py")
DATE = "Tue, 18 Feb 2025 08:00:00 GMT"
ARTICLES = {
    "/news/lyudinovo-depot": ("Drone strike sets oil depot ablaze in Lyudinovo", [
        "A Ukrainian drone struck an oil depot in Lyudinovo, in Russia's Kaluga region, on Monday, the regional "
        "governor said.", "A fire broke out at the depot and burned for several hours before it was put out."]),
    "/news/fuel-tanks-burn": ("Fire at Lyudinovo fuel depot after drone attack", [
        "Ukrainian drones hit a fuel storage depot in the town of Lyudinovo overnight into Monday, according to "
        "local officials, setting several tanks on fire.", "No casualties were reported."]),
    "/news/hospital-protest": ("Residents protest in Saki", [
        "Hundreds of residents protested in Saki on Tuesday against the closure of the town hospital.",
        "The protesters gathered in front of the town hall."]),
}
FOURTH = ("/news/saki-shelling", "Shelling in Saki", [
    "Russian shelling hit Saki on Tuesday, local authorities said.", "Two houses were damaged."])
SAKI_UA = 694910  # Saki, Crimea (the resolver alone reads "Saki" as the larger Saki, Oyo, Nigeria)



def publish(site, articles) -> str:
    for path, (title, paragraphs) in articles.items():
        site.page(path, article_html(title, paragraphs, published="2025-02-18"))
    site.page("/feed.xml", rss("Test News", [(t, site.url(p), DATE) for p, (t, _) in articles.items()]),
              content_type="application/rss+xml")
    return site.url("/feed.xml")


@pytest.fixture
def cli(pipeline, monkeypatch, capsys, tmp_path):
    db = tmp_path / "events.db"
    monkeypatch.setattr(geo.cli.main, "_pipeline", lambda: pipeline)
    monkeypatch.setenv("GEO_ALLOW_PRIVATE_HOSTS", "1")  # the test server is on 127.0.0.1
    monkeypatch.setenv("GEO_DB", str(db))

    return cli_runner(db, capsys)


def review_page(db: Path):
    from streamlit.testing.v1 import AppTest

    import app_state

    app_state.reset()
    at = AppTest.from_file(REVIEW, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def test_feed_to_one_event_from_two_sources_to_a_correction_that_teaches(cli, site, monkeypatch):
    feed = publish(site, ARTICLES)
    assert cli("feeds", "add", feed)[0] == 0
    code, out, err = cli("feeds", "update")
    assert code == 0, err
    assert out.count("ingested\t") == 3 and "summary: 3 ingested (1 of their events already reported" in err

    with Store(cli.db) as store:
        titles = {a["id"]: a["title"] for a in store.articles()}
        strikes = [e for e in store.events(types=["strike"]) if e["place"] == "Lyudinovo"]
        assert len(strikes) == 1, strikes
        (strike,) = strikes
        assert sorted(titles[a] for a in strike["sources"]) == sorted(t for t, _ in list(ARTICLES.values())[:2])
        said = {s["title"]: s["sentence"] for s in strike["source_sentences"]}
        assert "struck an oil depot in Lyudinovo" in said["Drone strike sets oil depot ablaze in Lyudinovo"]
        assert "hit a fuel storage depot" in said["Fire at Lyudinovo fuel depot after drone attack"]
        assert [e["id"] for e in store.events(min_sources=2)] == [strike["id"]]
        (protest,) = store.events(types=["protest"])
        assert protest["mention_text"] == "Saki" and protest["place_id"] != SAKI_UA
        assert protest["id"] in {e["id"] for e in store.review_queue()}

    monkeypatch.syspath_prepend(str(ROOT))
    at = review_page(cli.db)
    at.selectbox(key="review_event").select(protest["id"]).run()
    options = at.radio(key="review_candidate").options
    pick = next(i for i, label in enumerate(options) if label.startswith("Saki, Crimea, UA"))
    at.radio(key="review_candidate").set_value(pick)
    at.button(key="review_pick").click().run()
    assert not at.exception and not at.error, at.error
    assert any("Place set to Saki, Crimea" in s.value.replace("\\", "") for s in at.success)

    with Store(cli.db) as store:  # a new connection: the correction is on disk
        fixed = store.event(protest["id"])
        assert (fixed["place_id"], fixed["country"], fixed["status"]) == (SAKI_UA, "UA", "corrected")
        (correction,) = store.corrections(protest["id"])
        assert correction["before"]["place_id"] == protest["place_id"] and correction["after"]["place_id"] == SAKI_UA
        assert protest["id"] not in {e["id"] for e in store.review_queue()}

    # A fourth article in the feed names the same place: the feed's old items are skipped, and it resolves
    # to the corrected Saki.
    publish(site, {**ARTICLES, FOURTH[0]: FOURTH[1:]})
    hits = len(site.hits)
    code, out, err = cli("feeds", "update")
    assert code == 0, err
    assert out.count("ingested\t") == 1 and "3 skipped as duplicate" in err
    assert site.hits[hits:].count(FOURTH[0]) == 1 and not any(p in site.hits[hits:] for p in ARTICLES)
    with Store(cli.db) as store:
        (new,) = [a for a in store.articles() if a["title"] == FOURTH[1]]
        (shelling,) = store.events(article_id=new["id"])
        assert shelling["place_id"] == SAKI_UA and shelling["mention_text"] == "Saki"
        code, out, _ = cli("feeds", "list")
        assert code == 0 and "Test News" in out and "4 items, 1 new" in out

    # The corrected article deleted and fetched again from the feed: the correction holds again.
    with Store(cli.db) as store:
        assert store.delete_article(protest["article_id"])
    code, out, err = cli("feeds", "update")
    assert code == 0 and out.count("ingested\t") == 1, err
    with Store(cli.db) as store:
        (again,) = store.events(article_id=protest["article_id"])
        assert (again["place_id"], again["status"]) == (SAKI_UA, "corrected")
        assert len(store.corrections()) == 1
