import datetime as dt
import sqlite3

import pytest

from geo.cli.main import main
from geo.model import EventType, Precision
from geo.store.db import Store
from geo.store.synth import MARK, SYNTHETIC, fill, generate, load_places


@pytest.fixture(scope="module")
def places(gazetteer):
    return load_places(gazetteer)


@pytest.fixture(scope="module")
def filled(tmp_path_factory, gazetteer):
    path = tmp_path_factory.mktemp("synth") / "events.db"
    with Store(path) as store:
        added = fill(store, 1000, seed=7, gazetteer=gazetteer)
        yield store, added


def test_fills_exactly_n_events_spread_over_articles(filled):
    store, added = filled
    rows = store.events()
    assert added == 1000 and len(rows) == 1000 and len({r["id"] for r in rows}) == 1000
    articles = store.articles()
    assert 100 <= len(articles) <= 500 and sum(a["events"] for a in articles) == 1000
    assert all(r["sources"] == [r["article_id"]] for r in rows)


def test_everything_is_marked_synthetic(filled):
    store, _ = filled
    assert all(r["sentence"].startswith(MARK) and r["headline"].startswith(SYNTHETIC) for r in store.events())
    assert all(a["source"] == SYNTHETIC and a["title"].startswith(SYNTHETIC) for a in store.articles())


def test_values_are_valid_and_varied(filled):
    store, _ = filled
    rows = store.events()
    assert all(-90 <= r["lat"] <= 90 and -180 <= r["lon"] <= 180 and (r["lat"], r["lon"]) != (0, 0) for r in rows)
    assert {r["type"] for r in rows} == {t.value for t in EventType}
    assert {r["precision"] for r in rows} == {"settlement", "facility", "region", "country"}
    assert {r["precision"] for r in rows} <= {p.value for p in Precision}
    assert all(0 < r["confidence"] <= 1 for r in rows) and len({r["confidence"] for r in rows}) > 30
    days = {dt.date.fromisoformat(r["date"]) for r in rows}
    assert min(days) >= dt.date(2025, 2, 28) - dt.timedelta(days=89) and max(days) <= dt.date(2025, 2, 28)
    assert len(days) > 60 and len({r["country"] for r in rows}) > 20
    assert any(r["conflicts"] for r in rows)


def test_offsets_point_into_the_article_text(filled):
    store, _ = filled
    for r in store.events()[:200]:
        text = store.article(r["article_id"])["text"]
        assert text[r["sentence_start"]:r["sentence_end"]] == r["sentence"]
        assert text[r["mention_start"]:r["mention_end"]] == r["place"] == r["mention_text"]


def test_same_seed_same_events_and_rerun_adds_nothing(places, filled):
    store, _ = filled
    assert generate(50, places, seed=7)[1] == generate(50, places, seed=7)[1]
    assert generate(50, places, seed=7)[1] != generate(50, places, seed=8)[1]
    assert fill(store, 1000, seed=7) == 0 and len(store.events()) == 1000


def test_bulk_write_is_fast(tmp_path, places, monkeypatch):
    import time

    monkeypatch.setattr("geo.store.synth.load_places", lambda gazetteer=None: places)
    with Store(tmp_path / "big.db") as store:
        started = time.perf_counter()
        assert fill(store, 20_000, seed=1) == 20_000
        assert time.perf_counter() - started < 10  # 100,000 take ~3.5 s here


def test_cli_synth_with_db_after_the_subcommand(tmp_path, capsys):
    path = tmp_path / "cli.db"
    assert main(["synth", "--events", "25", "--db", str(path), "--seed", "3"]) == 0
    assert "added 25 synthetic events" in capsys.readouterr().out
    assert sqlite3.connect(path).execute("SELECT count(*) FROM events").fetchone()[0] == 25
    assert main(["synth", "--events", "0", "--db", str(path)]) == 2
    assert "--events 0" in capsys.readouterr().err
