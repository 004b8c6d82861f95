"""The event store: one SQLite file (WAL), schema created and versioned here."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from geo.errors import StoreError
from geo.model import Article, Event
from geo.paths import DATA_DIR

SCHEMA_VERSION = 1
DEFAULT_DB = DATA_DIR / "events.db"

_SCHEMA = """
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


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database path: the explicit one, else $GEO_DB, else data/events.db."""
    value = explicit if explicit is not None else os.environ.get("GEO_DB")
    if value is not None and not str(value).strip():
        raise StoreError("GEO_DB is set but empty: give a path to a SQLite file")
    return Path(value) if value else DEFAULT_DB


@dataclass(frozen=True)
class IngestOutcome:
    article_id: str
    status: str  # "ingested" or "duplicate"
    events: int


class Store:
    """Articles, events and mentions in SQLite."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = db_path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the event store at {self.path}: {exc}") from exc
        self._lock = threading.RLock()

    def _migrate(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this code's {SCHEMA_VERSION}: upgrade geo-events"
            )
        if version < SCHEMA_VERSION:
            self._conn.executescript(_SCHEMA)
            self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        """A locked or corrupt database becomes a StoreError that says what failed."""
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"could not {what} in {self.path}: {exc}") from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error: nothing is ever half-stored."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # ------------------------------------------------------------ writing

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        with self._errors("look up an article"):
            return self._conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add(self, article: Article, events: Sequence[Event], mentions: Sequence[Any] = (),
            notices: Sequence[str] = ()) -> IngestOutcome:
        """Store an article with its events and mentions; the same article twice is a no-op."""
        try:
            with self.transaction() as conn:
                if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                    return IngestOutcome(article.id, "duplicate", 0)
                conn.execute(
                    "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (article.id, article.title, article.text, article.url, article.source, article.language,
                     article.published.date.isoformat() if article.published else None,
                     article.published.precision.value if article.published else None,
                     article.published.how if article.published else None,
                     (article.ingested or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
                     json.dumps(list(notices))),
                )
                for e in events:
                    conn.execute("INSERT OR REPLACE INTO events VALUES (" + ",".join("?" * 27) + ")", _event_row(e))
                    for source in e.sources or [article.id]:
                        conn.execute("INSERT OR IGNORE INTO event_sources VALUES (?, ?)", (e.id, source))
                for m in mentions:
                    p = m.place
                    conn.execute(
                        "INSERT OR REPLACE INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (article.id, m.start, m.end, m.text, m.kind, m.role,
                         p.id if p else None, p.name if p else None, p.country if p else None,
                         p.lat if p else None, p.lon if p else None,
                         m.precision.value if m.precision else None, m.confidence),
                    )
        except sqlite3.Error as exc:
            raise StoreError(f"could not store article {article.id} in {self.path}: {exc}") from exc
        return IngestOutcome(article.id, "ingested", len(events))

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and its events; True if it existed."""
        with self._errors("delete the article"):
            with self.transaction() as conn:
                cur = conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
                return cur.rowcount > 0

    # ------------------------------------------------------------ reading

    def count_articles(self) -> int:
        """How many articles are stored."""
        with self._errors("count articles"):
            return self._conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def articles(self) -> list[dict[str, Any]]:
        """Articles with their event counts, newest first."""
        with self._errors("list articles"):
            rows = self._conn.execute(
                "SELECT a.id, a.title, a.url, a.source, a.language, a.published, a.published_how, a.ingested, "
                "count(e.id) AS events FROM articles a LEFT JOIN events e ON e.article_id = a.id "
                "GROUP BY a.id ORDER BY a.published DESC, a.ingested DESC"
            ).fetchall()
            return [dict(r) for r in rows]

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its full text, or None."""
        with self._errors("read the article"):
            row = self._conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
            return dict(row) if row else None

    def events(self, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
               types: Sequence[str] = (), article_id: str | None = None) -> list[dict[str, Any]]:
        """Stored events as plain dicts (JSON fields decoded), in date order."""
        with self._errors("read events"):
            where, args = ["status != 'rejected'"], []
            if date_from:
                where.append("date >= ?")
                args.append(date_from.isoformat())
            if date_to:
                where.append("date <= ?")
                args.append(date_to.isoformat())
            if types:
                where.append(f"type IN ({','.join('?' * len(types))})")
                args += list(types)
            if article_id:
                where.append("article_id = ?")
                args.append(article_id)
            sql = (
                "SELECT e.*, (SELECT json_group_array(s.article_id) FROM event_sources s WHERE s.event_id = e.id) "
                "AS sources FROM events e WHERE " + " AND ".join(where) + " ORDER BY date, sentence_start"
            )
            out = []
            for row in self._conn.execute(sql, args):
                d = dict(row)
                for key in ("conflicts", "sentences", "actors", "candidates", "sources"):
                    d[key] = json.loads(d[key]) if d.get(key) else []
                out.append(d)
            return out


def _event_row(e: Event) -> tuple[Any, ...]:
    p = e.place
    main = next((s for s in e.sentences if not s.is_headline), e.sentences[0])
    m = e.mention
    candidates = [
        {"id": c.place.id, "name": c.place.label, "lat": c.place.lat, "lon": c.place.lon,
         "score": round(c.score, 3), "reasons": c.reasons}
        for c in (m.candidates if m else [])
    ]
    return (
        e.id, e.article_id, e.type.value,
        e.date.date.isoformat() if e.date else None,
        e.date.precision.value if e.date else None,
        e.date.how if e.date else None,
        p.id, p.name, p.admin1, p.country, p.lat, p.lon, e.precision.value, e.confidence,
        json.dumps(e.conflicts, ensure_ascii=False), main.text, main.start, main.end,
        json.dumps([{"start": s.start, "end": s.end, "headline": s.is_headline} for s in e.sentences]),
        e.headline, e.trigger,
        m.start if m else None, m.end if m else None, m.text if m else "",
        json.dumps(e.actors, ensure_ascii=False), json.dumps(candidates, ensure_ascii=False), e.status,
    )
