"""The event store: one SQLite file (WAL), schema versioned in geo.store.schema."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from geo import settings
from geo.errors import InputError, SettingsError, StoreError
from geo.lang.names import name_key
from geo.model import Article, Event
from geo.paths import DATA_DIR
from geo.store.corrections import apply, checked, decode, encode, field_value
from geo.store.schema import SCHEMA_VERSION, migrate

__all__ = ["Store", "IngestOutcome", "SCHEMA_VERSION", "DEFAULT_DB", "db_path", "MERGE_KM", "REVIEW_CONFIDENCE"]

DEFAULT_DB = DATA_DIR / "events.db"
MERGE_KM = 15.0  # two reports of one happening name places this close (a town and its oil depot)
MERGE_DAYS = 1
# Only points that stand for a town or less are compared: two strikes "in Ukraine" on one day are not one.
MERGE_PRECISIONS = ("facility", "settlement", "district")
REVIEW_CONFIDENCE = 0.6
COARSE_PRECISIONS = ("region", "country", "area", "continent")
STATUSES = ("automatic", "accepted", "corrected", "rejected")
_JSON_KEYS = ("conflicts", "sentences", "actors", "candidates", "sources")
_NO_HEAD = {"title": "", "url": "", "published": None}


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database path: the explicit one, else $GEO_DB, else data/events.db."""
    if explicit is not None and not str(explicit).strip():
        raise StoreError("the database path is empty: give a path to a SQLite file")
    try:
        chosen = explicit if explicit is not None else settings.value("GEO_DB")
    except SettingsError as exc:
        raise StoreError(str(exc)) from None
    return Path(chosen) if chosen else DEFAULT_DB


@dataclass(frozen=True)
class IngestOutcome:
    article_id: str
    status: str  # "ingested" or "duplicate"
    events: int
    merged: int = 0  # of those events, how many another stored article already reported


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class Store:
    """Articles, events (each with every article that reports it), mentions, feeds and corrections in SQLite."""

    merge_km = MERGE_KM

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
        self.aliases_version = 0  # moves when this connection changes place_aliases (CorrectedPlaces reloads)

    def _migrate(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this code's {SCHEMA_VERSION}: upgrade geo-events"
            )
        if version < SCHEMA_VERSION:
            migrate(self._conn, version)

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

    def data_version(self) -> tuple[int, int]:
        """Moves whenever this database changes, from this connection or another one (cheap to ask)."""
        with self._errors("read the data version"):
            return self._conn.execute("PRAGMA data_version").fetchone()[0], self._conn.total_changes

    # ------------------------------------------------------------ writing

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        with self._errors("look up an article"):
            return self._conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def has_url(self, url: str) -> bool:
        """Whether an article from this URL (fragment ignored) is stored."""
        url = url.split("#", 1)[0].strip()
        if not url:
            return False
        with self._errors("look up a URL"):
            # "url != ''" lets SQLite use the partial index articles_url
            return self._conn.execute("SELECT 1 FROM articles WHERE url = ? AND url != ''", (url,)).fetchone() is not None

    def add(self, article: Article, events: Sequence[Event], mentions: Sequence[Any] = (),
            notices: Sequence[str] = ()) -> IngestOutcome:
        """Store an article with its events and mentions; the same article (text or URL) twice is a no-op.

        An event that another stored article already reports (same type, a place within merge_km, a date
        within a day) is not stored again: this article becomes one more of that event's sources."""
        url = article.url.split("#", 1)[0].strip()
        merged = 0
        try:
            with self.transaction() as conn:
                if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone() or (url and conn.execute(
                        "SELECT 1 FROM articles WHERE url = ? AND url != ''", (url,)).fetchone()):
                    return IngestOutcome(article.id, "duplicate", 0)
                conn.execute(
                    "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (article.id, article.title, article.text, url, article.source, article.language,
                     article.published.date.isoformat() if article.published else None,
                     article.published.precision.value if article.published else None,
                     article.published.how if article.published else None,
                     (article.ingested or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
                     json.dumps(list(notices))),
                )
                for e in events:
                    row = _event_row(e)
                    known = conn.execute("SELECT article_id FROM events WHERE id = ?", (e.id,)).fetchone()
                    if known is not None and known[0] == article.id:
                        continue  # the parser gave two events one id: the first stands
                    # The same id under another article: this article again, after its first source was
                    # deleted and the event moved on to the next one.
                    target = e.id if known is not None else self._same_happening(conn, row, article.id)
                    if target is not None:
                        merged += 1
                        conn.execute("INSERT OR IGNORE INTO event_sources VALUES (?, ?)", (target, article.id))
                        conn.execute("INSERT OR REPLACE INTO event_reports VALUES (" + ",".join("?" * 14) + ")",
                                     _report_row(target, article.id, row))
                        continue
                    conn.execute("INSERT INTO events VALUES (" + ",".join("?" * 27) + ")", row)
                    for source in dict.fromkeys([article.id, *e.sources]):
                        conn.execute("INSERT OR IGNORE INTO event_sources SELECT ?, id FROM articles WHERE id = ?",
                                     (e.id, source))
                    self._reapply(conn, row)
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
        return IngestOutcome(article.id, "ingested", len(events), merged)

    def _same_happening(self, conn: sqlite3.Connection, row: tuple[Any, ...], article_id: str) -> str | None:
        """The stored event this new one reports again, if any (nearest place, then nearest date)."""
        (type_, date, date_precision), (lat, lon, precision) = row[2:5], row[10:13]
        if not date or date_precision != "day" or precision not in MERGE_PRECISIONS:
            return None
        day = dt.date.fromisoformat(date)
        dlat = self.merge_km / 111.0
        dlon = dlat / max(0.05, math.cos(math.radians(min(89.0, abs(lat)))))
        rows = conn.execute(
            f"SELECT id, date, lat, lon FROM events WHERE type = ? AND date BETWEEN ? AND ? AND date_precision = 'day' "
            f"AND precision IN ({','.join('?' * len(MERGE_PRECISIONS))}) AND status != 'rejected' "
            "AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? "
            "AND id NOT IN (SELECT event_id FROM event_sources WHERE article_id = ?) ORDER BY rowid",
            (type_, (day - dt.timedelta(days=MERGE_DAYS)).isoformat(), (day + dt.timedelta(days=MERGE_DAYS)).isoformat(),
             *MERGE_PRECISIONS, lat - dlat, lat + dlat, lon - dlon, lon + dlon, article_id),
        ).fetchall()
        near = [(_km(lat, lon, r["lat"], r["lon"]), abs((dt.date.fromisoformat(r["date"]) - day).days), i, r["id"])
                for i, r in enumerate(rows)]
        near = [n for n in near if n[0] <= self.merge_km]
        return min(near)[3] if near else None

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and its events; True if it existed.

        An event that other articles also report stays, now stated by the next of them (same id)."""
        with self._errors("delete the article"):
            with self.transaction() as conn:
                shared = conn.execute(
                    "SELECT r.* FROM events e JOIN event_reports r ON r.event_id = e.id "
                    "WHERE e.article_id = ? ORDER BY r.rowid", (article_id,)).fetchall()
                moved: set[str] = set()
                for r in shared:
                    if r["event_id"] in moved:
                        continue
                    moved.add(r["event_id"])
                    conn.execute(
                        "UPDATE events SET article_id = ?, sentence = ?, sentence_start = ?, sentence_end = ?, "
                        "sentences = ?, headline = ?, trigger = ?, mention_start = ?, mention_end = ?, "
                        "mention_text = ? WHERE id = ?",
                        (r["article_id"], r["sentence"], r["sentence_start"], r["sentence_end"], r["sentences"],
                         r["headline"], r["trigger"], r["mention_start"], r["mention_end"], r["mention_text"],
                         r["event_id"]))
                    conn.execute("DELETE FROM event_reports WHERE event_id = ? AND article_id = ?",
                                 (r["event_id"], r["article_id"]))
                cur = conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
                return cur.rowcount > 0

    # ------------------------------------------------------------ corrections

    def correct(self, event_id: str, field: str, after: Any, *, how: str = "") -> int:
        """Change one field of an event by hand (place, type, date or status), recording when and before/after.

        place: a dict with place_id, place, admin1, country, lat, lon (and precision); the event's name then
        becomes an alias of that place. type: an EventType value. date: YYYY-MM-DD. status: accepted or
        rejected. Returns the correction's id."""
        value = checked(field, after)
        with self._errors("store the correction"):
            with self.transaction() as conn:
                row = conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
                if row is None:
                    raise InputError(f"no event {event_id!r} in the store (deleted meanwhile?)")
                before = field_value(dict(row), field)
                cur = conn.execute(
                    "INSERT INTO corrections (at, event_id, article_id, mention_text, mention_start, field, before, "
                    "after, how) VALUES (?,?,?,?,?,?,?,?,?)",
                    (_now(), event_id, row["article_id"], row["mention_text"], row["mention_start"], field,
                     encode(field, before), encode(field, value), how))
                apply(conn, event_id, field, value)
                if field == "place" and row["mention_text"].strip():
                    conn.execute("INSERT OR REPLACE INTO place_aliases VALUES (?,?,?,?,?)",
                                 (name_key(row["mention_text"]), row["mention_text"], encode(field, value),
                                  cur.lastrowid, _now()))
                    self.aliases_version += 1
                return int(cur.lastrowid)

    def corrections(self, event_id: str | None = None) -> list[dict[str, Any]]:
        """Corrections (of one event, or all), oldest first; before/after decoded."""
        with self._errors("read corrections"):
            sql, args = "SELECT * FROM corrections", ()
            if event_id is not None:
                sql, args = sql + " WHERE event_id = ?", (event_id,)
            out = []
            for r in self._conn.execute(sql + " ORDER BY id", args):
                d = dict(r)
                d["before"], d["after"] = decode(d["field"], d["before"]), decode(d["field"], d["after"])
                out.append(d)
            return out

    def place_aliases(self) -> dict[str, dict[str, Any]]:
        """Name key → the place a reviewer chose for that name (a dict with the PLACE_KEYS and 'name')."""
        with self._errors("read place aliases"):
            return {r["key"]: {**json.loads(r["place"]), "name": r["name"]}
                    for r in self._conn.execute("SELECT key, name, place FROM place_aliases")}

    def _reapply(self, conn: sqlite3.Connection, row: tuple[Any, ...]) -> None:
        """Corrections made before to this event (by id, or by its article and mention) hold again."""
        event_id, article_id, mention_text, mention_start = row[0], row[1], row[23], row[21]
        found = conn.execute(
            "SELECT field, after FROM corrections WHERE event_id = ? OR (article_id = ? AND mention_text = ? AND "
            "mention_text != '' AND (field = 'place' OR mention_start IS ?)) ORDER BY id",
            (event_id, article_id, mention_text, mention_start)).fetchall()
        for r in found:
            apply(conn, event_id, r["field"], decode(r["field"], r["after"]))

    # ------------------------------------------------------------ feeds

    def add_feed(self, url: str, title: str = "") -> bool:
        """Remember a feed; False if it was already there."""
        with self._errors("add the feed"):
            with self.transaction() as conn:
                cur = conn.execute("INSERT OR IGNORE INTO feeds (url, title, added) VALUES (?, ?, ?)",
                                   (url, title, _now()))
                return cur.rowcount > 0

    def feeds(self) -> list[dict[str, Any]]:
        """Feeds in the order they were added."""
        with self._errors("list feeds"):
            return [dict(r) for r in self._conn.execute("SELECT * FROM feeds ORDER BY rowid")]

    def feed_checked(self, url: str, *, title: str = "", error: str = "", items: int = 0, new_items: int = 0) -> None:
        """Record the outcome of fetching a feed."""
        with self._errors("update the feed"):
            with self.transaction() as conn:
                conn.execute("UPDATE feeds SET title = CASE WHEN ? != '' THEN ? ELSE title END, checked = ?, error = ?, "
                             "items = ?, new_items = ? WHERE url = ?",
                             (title, title, _now(), error, items, new_items, url))

    def delete_feed(self, url: str) -> bool:
        """Forget a feed (its articles stay); True if it existed."""
        with self._errors("delete the feed"):
            with self.transaction() as conn:
                return conn.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

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
                "(SELECT count(*) FROM event_sources s WHERE s.article_id = a.id) AS events FROM articles a "
                "ORDER BY a.published DESC, a.ingested DESC"
            ).fetchall()
            return [dict(r) for r in rows]

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its full text, or None."""
        with self._errors("read the article"):
            row = self._conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
            return dict(row) if row else None

    def events(self, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
               types: Sequence[str] = (), article_id: str | None = None, min_sources: int = 1) -> list[dict[str, Any]]:
        """Stored events as plain dicts (JSON fields decoded), in date order.

        article_id: events that article reports (first or not); min_sources: reported by at least that many."""
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
            where.append("(article_id = ? OR id IN (SELECT event_id FROM event_sources WHERE article_id = ?))")
            args += [article_id, article_id]
        if min_sources > 1:
            where.append("(SELECT count(*) FROM event_sources s WHERE s.event_id = e.id) >= ?")
            args.append(int(min_sources))
        return self._select(" AND ".join(where), args, "date, sentence_start")

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event (whatever its status) as events() gives it, or None."""
        found = self._select("id = ?", [event_id], "id")
        return found[0] if found else None

    def review_queue(self, *, limit: int = 500, confidence: float = REVIEW_CONFIDENCE) -> list[dict[str, Any]]:
        """Events nobody has reviewed that need a look: low confidence, a conflict, or a region or country point.

        Least sure first."""
        where = (f"status = 'automatic' AND (confidence < ? OR conflicts != '[]' OR precision IN "
                 f"({','.join('?' * len(COARSE_PRECISIONS))}))")
        return self._select(where, [confidence, *COARSE_PRECISIONS], "confidence, date, id", limit)

    def _select(self, where: str, args: Sequence[Any], order: str, limit: int | None = None) -> list[dict[str, Any]]:
        sql = (
            "SELECT e.*, (SELECT json_group_array(article_id) FROM (SELECT s.article_id FROM event_sources s "
            "WHERE s.event_id = e.id ORDER BY s.rowid)) AS sources FROM events e WHERE " + where + " ORDER BY " + order
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._errors("read events"):
            out = []
            for row in self._conn.execute(sql, args):
                d = dict(row)
                for key in _JSON_KEYS:
                    d[key] = json.loads(d[key]) if d.get(key) else []
                out.append(d)
            self._add_source_sentences(out)
            return out

    def _add_source_sentences(self, events: list[dict[str, Any]]) -> None:
        """Each event's source_sentences: {article_id, title, url, published, sentence} per source, first first."""
        shared = [d["id"] for d in events if len(d["sources"]) > 1]
        reports: dict[tuple[str, str], str] = {}
        for chunk in range(0, len(shared), 900):
            part = shared[chunk:chunk + 900]
            for r in self._conn.execute(f"SELECT event_id, article_id, sentence FROM event_reports "
                                        f"WHERE event_id IN ({','.join('?' * len(part))})", part):
                reports[(r[0], r[1])] = r[2]
        heads = self._article_heads({a for d in events for a in d["sources"] or [d["article_id"]]})
        for d in events:
            d["source_sentences"] = [
                {"article_id": a, **heads.get(a, _NO_HEAD),
                 "sentence": d["sentence"] if a == d["article_id"] else reports.get((d["id"], a), "")}
                for a in d["sources"] or [d["article_id"]]
            ]

    def _article_heads(self, ids: set[str]) -> dict[str, dict[str, Any]]:
        """Title, URL, source and date of these articles (all of them in one pass when there are many)."""
        if len(ids) > 900:
            rows = self._conn.execute("SELECT id, title, url, source, published FROM articles")
        else:
            rows = self._conn.execute(f"SELECT id, title, url, source, published FROM articles "
                                      f"WHERE id IN ({','.join('?' * len(ids))})", list(ids))
        return {r[0]: {"title": r[1], "url": r[2], "published": r[4]} for r in rows if r[0] in ids}


def _event_row(e: Event) -> tuple[Any, ...]:
    p = e.place
    main = next((s for s in e.sentences if not s.is_headline), e.sentences[0])
    m = e.mention
    candidates = [
        {"id": c.place.id, "name": c.place.label, "lat": c.place.lat, "lon": c.place.lon,
         "score": round(c.score, 3), "reasons": c.reasons,
         "place": c.place.name, "admin1": c.place.admin1, "country": c.place.country, "kind": c.place.kind.value}
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


def _report_row(event_id: str, article_id: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
    """How a further source states an event (columns of event_reports), from that source's own event row."""
    return (event_id, article_id, row[15], row[16], row[17], row[18], row[19], row[20], row[21], row[22], row[23],
            row[7], row[3], row[13])
