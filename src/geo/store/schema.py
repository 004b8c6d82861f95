"""The event store's SQLite schema, its versions, and the steps that bring an older file up to date."""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 2

# Version 1: articles, events, event_sources, mentions. synth.py writes these four tables with positional
# INSERTs, so their columns never change; what version 2 adds lives in tables of its own.
_V1 = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    published TEXT,
    published_precision TEXT,
    published_how TEXT,
    ingested TEXT NOT NULL,
    notices TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    date TEXT,
    date_precision TEXT,
    date_how TEXT,
    place_id INTEGER NOT NULL,
    place TEXT NOT NULL,
    admin1 TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    precision TEXT NOT NULL,
    confidence REAL NOT NULL,
    conflicts TEXT NOT NULL DEFAULT '[]',
    sentence TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    sentences TEXT NOT NULL DEFAULT '[]',
    headline TEXT NOT NULL DEFAULT '',
    trigger TEXT NOT NULL DEFAULT '',
    mention_start INTEGER,
    mention_end INTEGER,
    mention_text TEXT NOT NULL DEFAULT '',
    actors TEXT NOT NULL DEFAULT '[]',
    candidates TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'automatic'
);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE TABLE IF NOT EXISTS event_sources (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, article_id)
);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    place_id INTEGER,
    name TEXT,
    country TEXT,
    lat REAL,
    lon REAL,
    precision TEXT,
    confidence REAL,
    PRIMARY KEY (article_id, start, end)
);
"""

# Version 2: one event from many sources, feeds, corrections and the aliases they teach.
_V2 = """
CREATE INDEX IF NOT EXISTS articles_url ON articles(url) WHERE url != '';
CREATE INDEX IF NOT EXISTS events_type_date ON events(type, date);
CREATE INDEX IF NOT EXISTS event_sources_article ON event_sources(article_id);
-- How a source other than the event's first article states it (the first one's is in events).
CREATE TABLE IF NOT EXISTS event_reports (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    sentence TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    sentences TEXT NOT NULL DEFAULT '[]',
    headline TEXT NOT NULL DEFAULT '',
    trigger TEXT NOT NULL DEFAULT '',
    mention_start INTEGER,
    mention_end INTEGER,
    mention_text TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    date TEXT,
    confidence REAL,
    PRIMARY KEY (event_id, article_id)
);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    added TEXT NOT NULL,
    checked TEXT,
    error TEXT NOT NULL DEFAULT '',
    items INTEGER NOT NULL DEFAULT 0,
    new_items INTEGER NOT NULL DEFAULT 0
);
-- Never cascades: a correction outlives its article, and is applied again when the article comes back.
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    event_id TEXT NOT NULL,
    article_id TEXT NOT NULL DEFAULT '',
    mention_text TEXT NOT NULL DEFAULT '',
    mention_start INTEGER,
    field TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    how TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS corrections_event ON corrections(event_id);
CREATE INDEX IF NOT EXISTS corrections_article ON corrections(article_id);
CREATE TABLE IF NOT EXISTS place_aliases (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    place TEXT NOT NULL,
    correction_id INTEGER,
    updated TEXT NOT NULL
);
"""

STEPS = {1: _V1, 2: _V2}


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring a database at ``version`` (0 = new) to SCHEMA_VERSION, one step per version, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in STEPS[step].split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
