import datetime as dt
import sqlite3

import pytest
from helpers import PARIS, make_event

from geo.errors import StoreError
from geo.model import Article, EventType
from geo.store.db import SCHEMA_VERSION, Store, db_path, db_url
from geo.store.schema import head


def article(id_="a1", text="Frappe sur Kropotkin."):
    return Article(id_, text, title="Titre", language="fr")


def test_schema_is_created_versioned_and_in_wal(tmp_path):
    path = tmp_path / "events.db"
    with Store(path):
        pass
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head()


def test_a_postgresql_url_gets_the_same_schema_at_the_newest_revision(postgres):
    import pg
    from sqlalchemy import create_engine, inspect, text

    url = pg.create_database(postgres)
    with Store(url) as store:
        assert store.dialect == "postgresql" and "postgres@" in store.where
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head()
        assert {"articles", "events", "event_sources", "event_reports", "mentions", "feeds", "corrections",
                "place_aliases", "store_state"} <= set(inspect(conn).get_table_names())
        indexes = {i["name"] for i in inspect(conn).get_indexes("events")}
        assert {"events_date", "events_type_date", "events_country", "events_lat_lon"} <= indexes
    engine.dispose()
    Store(url).close()  # opening again migrates nothing and fails nothing


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "events.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_ingest_is_idempotent(store_url):
    with Store(store_url) as store:
        first = store.add(article(), [make_event()])
        second = store.add(article(), [make_event()])
        assert (first.status, second.status) == ("ingested", "duplicate")
        rows = store.events()
        assert len(rows) == 1 and rows[0]["sources"] == ["a1"]
        assert rows[0]["conflicts"] == ["c"] and rows[0]["actors"] == ["OTAN"]


def test_a_failure_leaves_no_half_stored_article(store_url):
    with Store(store_url) as store:
        bad = make_event("e1", article_id="a1")
        bad.sentences = []  # breaks while writing the event, after the article row
        with pytest.raises(Exception):
            store.add(article(), [bad])
        assert store.count_articles() == 0 and store.events() == []


def test_filters_and_delete(store_url):
    with Store(store_url) as store:
        store.add(article("a1"), [make_event("e1", day="2025-02-17"), make_event("e2", place=PARIS, day="2025-02-18",
                                                                                   type_=EventType.MEETING)])
        assert [r["id"] for r in store.events(date_from=dt.date(2025, 2, 18))] == ["e2"]
        assert [r["id"] for r in store.events(types=["strike"])] == ["e1"]
        assert store.articles()[0]["events"] == 2
        assert store.delete_article("a1") and store.events() == []


def test_db_path_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GEO_DB", str(tmp_path / "x.db"))
    assert db_path() == tmp_path / "x.db"
    url = "postgresql+psycopg://geo:secret@db.example:5432/events"
    monkeypatch.setenv("GEO_DB", url)
    assert db_path() == url and db_url() == url
    assert db_url(str(tmp_path / "y.db")) == f"sqlite:///{tmp_path / 'y.db'}"
    monkeypatch.setenv("GEO_DB", " ")
    with pytest.raises(StoreError, match="GEO_DB"):
        db_path()


def test_a_version_2_file_from_before_alembic_upgrades_and_keeps_its_order(tmp_path):
    from old_schema import VERSION_1, VERSION_2

    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path)
    conn.executescript(VERSION_1 + VERSION_2)
    for aid in ("a3", "a1", "a2"):
        conn.execute("INSERT INTO articles (id, text, url, ingested) VALUES (?, ?, ?, '2025-02-18')",
                     (aid, f"text {aid}", f"https://news.example/{aid}"))
    conn.execute("INSERT INTO events VALUES (" + ",".join("?" * 27) + ")",
                 ("e1", "a3", "strike", "2025-02-17", "day", "given", 1, "Kropotkin", "", "RU", 45.437, 40.57,
                  "settlement", 0.9, "[]", "Drones hit Kropotkin.", 0, 21, "[]", "", "", 11, 20, "Kropotkin", "[]",
                  "[]", "automatic"))
    conn.executemany("INSERT INTO event_sources VALUES ('e1', ?)", [("a3",), ("a1",), ("a2",)])
    conn.executemany("INSERT INTO feeds (url, added) VALUES (?, '2025-02-18')",
                     [("https://z.example/rss",), ("https://a.example/rss",)])
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with Store(path) as store:
        (row,) = store.events()
        assert row["sources"] == ["a3", "a1", "a2"]  # insertion order, not alphabetical
        assert [f["url"] for f in store.feeds()] == ["https://z.example/rss", "https://a.example/rss"]
        assert store.add(Article("a4", "new", url="https://news.example/a1"), []).status == "duplicate"
        store.add(Article("a4", "new"), [make_event("e4", day="2025-03-01", article_id="a4")])
        assert store.event("e4")["sources"] == ["a4"]
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_store_from_a_newer_revision_is_refused(tmp_path):
    path = tmp_path / "events.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    with pytest.raises(StoreError, match="newer"):
        Store(path)
