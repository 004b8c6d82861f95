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
