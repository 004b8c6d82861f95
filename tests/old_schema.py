"""The SQLite schema as geo-events wrote it before Alembic (PRAGMA user_version 1 and 2), to test upgrades.

A copy of what geo/store/schema.py held: files made by earlier versions must keep opening.
"""

VERSION_1 = """
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

VERSION_2 = """
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
