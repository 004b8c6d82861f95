"""The event store: SQLite (a file, the embedded default) or PostgreSQL (a SQLAlchemy URL), one set of queries.

Queries are SQLAlchemy Core (geo.store.tables); the schema is created and upgraded by Alembic migrations
(geo.store.schema). Writers never read-then-write a key: articles, sources, reports and mentions go in with
INSERT ... ON CONFLICT, and every write transaction first moves the store_state counter, a row lock that
serialises writers on PostgreSQL (SQLite's BEGIN IMMEDIATE does the same), so that two ingests reporting one
happening at the same moment still make one event with two sources.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from sqlalchemy import (
    Connection,
    Engine,
    Insert,
    Table,
    and_,
    create_engine,
    delete,
    event,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from geo.errors import InputError, StoreError
from geo.export.records import trace_record
from geo.geodesy import haversine_km
from geo.happening import MERGE_DAYS, MERGE_KM, MERGE_PRECISIONS, Report, same_happening
from geo.lang.names import name_key
from geo.model import Article, Event, Role
from geo.paths import DATA_DIR
from geo.store import tables as t
from geo.store.corrections import apply, checked, decode, encode, field_value
from geo.store.filters import EventFilter
from geo.store.schema import SCHEMA_VERSION, is_current, upgrade

__all__ = ["Store", "IngestOutcome", "SCHEMA_VERSION", "DEFAULT_DB", "db_path", "db_url", "MERGE_KM",
           "REVIEW_CONFIDENCE", "EventFilter"]

DEFAULT_DB = DATA_DIR / "events.db"
REVIEW_CONFIDENCE = 0.6
COARSE_PRECISIONS = ("region", "country", "area", "continent")
STATUSES = ("automatic", "accepted", "corrected", "rejected")
_JSON_KEYS = ("conflicts", "sentences", "actors", "candidates")
# Columns events() leaves out: the write order, and the trace (read one event at a time with trace()).
_NOT_LISTED = ("seq", "trace")
_NO_HEAD = {"title": "", "url": "", "published": None}
_IN_CHUNK = 500  # ids per IN (...) list
STREAM_ROWS = 1000  # events read from the server per round trip when streaming


def is_url(value: str | os.PathLike[str]) -> bool:
    """Whether a GEO_DB / --db value is a SQLAlchemy URL (dialect://...) rather than a file path."""
    text = str(value)
    if "://" not in text:
        return False
    try:
        make_url(text)
    except ArgumentError:
        return False
    return True


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path | str:
    """The store to open: the explicit one, else $GEO_DB, else data/events.db (a Path, or a URL string)."""
    value = explicit if explicit is not None else os.environ.get("GEO_DB")
    if value is not None and not str(value).strip():
        raise StoreError("GEO_DB is set but empty: give a path to a SQLite file or a database URL")
    if not value:
        return DEFAULT_DB
    return str(value).strip() if is_url(value) else Path(value)


def db_url(explicit: str | os.PathLike[str] | None = None) -> str:
    """The store as a SQLAlchemy URL (a file path becomes sqlite:///ABSOLUTE-PATH)."""
    where = db_path(explicit)
    return where if isinstance(where, str) else f"sqlite:///{Path(where).resolve()}"


def shown(url: str) -> str:
    """A URL fit for messages: the password hidden."""
    return make_url(url).render_as_string(hide_password=True)


@dataclass(frozen=True)
class IngestOutcome:
    article_id: str
    status: str  # "ingested" or "duplicate"
    events: int
    merged: int = 0  # of those events, how many another stored article already reported


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy's begin event below says BEGIN, not pysqlite
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # A writer takes the write lock at once: two writers never both read, then both fail to upgrade.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("geo_write") else "BEGIN")

    return engine


def make_engine(url: str) -> Engine:
    """An engine for a store URL: SQLite in WAL with foreign keys, or PostgreSQL through psycopg 3."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        return _sqlite_engine(url)
    if u.get_backend_name() == "postgresql":
        if u.drivername == "postgresql":
            u = u.set(drivername="postgresql+psycopg")
        return create_engine(u, pool_pre_ping=True)
    raise StoreError(f"{shown(url)}: the event store runs on SQLite or PostgreSQL (postgresql+psycopg://...)")


class Store:
    """Articles, events (each with every article that reports it), mentions, feeds and corrections."""

    merge_km = MERGE_KM

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        where = db_path(path)
        self.path: Path | str = where  # a Path for a SQLite file, else the URL (messages use self.where)
        self.url = db_url(path)
        self.where = str(where) if isinstance(where, Path) else shown(where)
        try:
            self.engine = make_engine(self.url)
            self.dialect = self.engine.dialect.name
            with self.engine.connect() as conn, conn.begin():
                current = is_current(conn)
            if not current:
                with self.engine.connect().execution_options(geo_write=True) as conn, conn.begin():
                    upgrade(conn, self.where)
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"cannot open the event store at {self.where}: {_reason(exc)}") from exc
        self.aliases_version = 0  # moves when this store changes place_aliases (CorrectedPlaces reloads)

    @property
    def name(self) -> str:
        """A short name to show: the SQLite file's name, or the database URL without its password."""
        return self.path.name if isinstance(self.path, Path) else self.where

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def insert(self, table: Table) -> Insert:
        """INSERT for this database's dialect, with on_conflict_do_nothing / on_conflict_do_update."""
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        """A locked, unreachable or corrupt database becomes a StoreError that says what failed."""
        try:
            yield
        except SQLAlchemyError as exc:
            raise StoreError(f"could not {what} in {self.where}: {_reason(exc)}") from exc

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction (COMMIT, or ROLLBACK on any error: nothing is ever half-stored).

        It starts by moving the store's version, which also makes concurrent writers wait their turn."""
        state = t.store_state
        with self.engine.connect().execution_options(geo_write=True) as conn, conn.begin():
            last = conn.execute(update(state).where(state.c.id == 1).values(version=state.c.version + 1)
                                .returning(state.c.seq)).scalar_one()
            numbers = itertools.count(last + 1)
            conn.info["geo_seq"] = numbers
            try:
                yield conn
                conn.execute(update(state).where(state.c.id == 1).values(seq=next(numbers) - 1))
            finally:
                conn.info.pop("geo_seq", None)

    @staticmethod
    def seq(conn: Connection, n: int = 1) -> int:
        """The first of n new insertion-order numbers (inside transaction(), which holds the lock on them)."""
        numbers = conn.info["geo_seq"]
        first = next(numbers)
        for _ in range(n - 1):
            next(numbers)
        return first

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection to read with (one transaction: a consistent view)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def data_version(self) -> tuple[int, ...]:
        """Moves whenever this store changes, from this process or another one (cheap to ask)."""
        with self._errors("read the data version"), self.reading() as conn:
            return (conn.execute(select(t.store_state.c.version)).scalar_one(),)

    # ------------------------------------------------------------ writing

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        with self._errors("look up an article"), self.reading() as conn:
            return conn.execute(select(1).where(t.articles.c.id == article_id)).first() is not None

    def has_url(self, url: str) -> bool:
        """Whether an article from this URL (fragment ignored) is stored."""
        url = url.split("#", 1)[0].strip()
        if not url:
            return False
        a = t.articles.c
        with self._errors("look up a URL"), self.reading() as conn:
            # "url != ''" lets the database use the partial index articles_url
            return conn.execute(select(1).where(a.url == url, a.url != "")).first() is not None

    def stored_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids are stored (one query per few hundred)."""
        ids, found = list(dict.fromkeys(ids)), set()
        with self._errors("look up articles"), self.reading() as conn:
            for part in _chunks(ids, _IN_CHUNK):
                found.update(conn.execute(select(t.articles.c.id).where(t.articles.c.id.in_(part))).scalars())
        return found

    def add(self, article: Article, events: Sequence[Event], mentions: Sequence[Any] = (),
            notices: Sequence[str] = ()) -> IngestOutcome:
        """Store an article with its events and mentions; the same article (text or URL) twice is a no-op.

        An event that another stored article already reports (same type, a place within merge_km, a date
        within a day) is not stored again: this article becomes one more of that event's sources."""
        url = article.url.split("#", 1)[0].strip()
        merged = 0
        pub = article.published
        try:
            with self.transaction() as conn:
                new = conn.execute(self.insert(t.articles).values(
                    id=article.id, title=article.title, text=article.text, url=url, source=article.source,
                    language=article.language, published=pub.date.isoformat() if pub else None,
                    published_precision=pub.precision.value if pub else None, published_how=pub.how if pub else None,
                    ingested=(article.ingested or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
                    notices=json.dumps(list(notices)),
                ).on_conflict_do_nothing().returning(t.articles.c.id)).first()
                if new is None:  # this id, or this URL, is stored already (by us or a concurrent writer)
                    return IngestOutcome(article.id, "duplicate", 0)
                for e in events:
                    row = _event_row(e)
                    known = conn.execute(select(t.events.c.article_id).where(t.events.c.id == e.id)).first()
                    if known is not None and known[0] == article.id:
                        continue  # the parser gave two events one id: the first stands
                    # The same id under another article: this article again, after its first source was
                    # deleted and the event moved on to the next one.
                    target = e.id if known is not None else self._same_happening(conn, row, article.id)
                    if target is not None:
                        merged += 1
                        conn.execute(self.insert(t.event_sources).values(event_id=target, article_id=article.id,
                                                                         seq=self.seq(conn))
                                     .on_conflict_do_nothing())
                        report = _report_row(target, article.id, row)
                        ins = self.insert(t.event_reports).values(**report, seq=self.seq(conn))
                        conn.execute(ins.on_conflict_do_update(
                            index_elements=["event_id", "article_id"],
                            set_={k: ins.excluded[k] for k in report if k not in ("event_id", "article_id")}))
                        continue
                    conn.execute(t.events.insert().values(**row, seq=self.seq(conn)))
                    for source in dict.fromkeys([article.id, *e.sources]):
                        known_source = (select(literal(e.id), t.articles.c.id, literal(self.seq(conn)))
                                        .where(t.articles.c.id == source))
                        conn.execute(self.insert(t.event_sources).from_select(
                            ["event_id", "article_id", "seq"], known_source).on_conflict_do_nothing())
                    self._reapply(conn, row)
                for m in mentions:
                    p = m.place
                    values = dict(article_id=article.id, start=m.start, end=m.end, text=m.text, kind=m.kind,
                                  role=Role(m.role).value, place_id=p.id if p else None, name=p.name if p else None,
                                  country=p.country if p else None, lat=p.lat if p else None,
                                  lon=p.lon if p else None, precision=m.precision.value if m.precision else None,
                                  confidence=m.confidence)
                    ins = self.insert(t.mentions).values(**values)
                    conn.execute(ins.on_conflict_do_update(
                        index_elements=["article_id", "start", "end"],
                        set_={k: ins.excluded[k] for k in values if k not in ("article_id", "start", "end")}))
        except SQLAlchemyError as exc:
            raise StoreError(f"could not store article {article.id} in {self.where}: {_reason(exc)}") from exc
        return IngestOutcome(article.id, "ingested", len(events), merged)

    def _same_happening(self, conn: Connection, row: dict[str, Any], article_id: str) -> str | None:
        """The stored event this new one reports again, if any (nearest place, then nearest date): one
        that geo.happening's rule says is the same. Across articles only a report with a day of its own
        is compared; the query only narrows the rows to those the rule can accept (an index-friendly box)."""
        type_, date, lat, lon = row["type"], row["date"], row["lat"], row["lon"]
        if not date or row["date_precision"] != "day" or row["precision"] not in MERGE_PRECISIONS:
            return None
        day = dt.date.fromisoformat(date)
        dlat = self.merge_km / 111.0
        dlon = dlat / max(0.05, math.cos(math.radians(min(89.0, abs(lat)))))
        e = t.events.c
        theirs = select(t.event_sources.c.event_id).where(t.event_sources.c.article_id == article_id)
        rows = conn.execute(
            select(e.id, e.date, e.lat, e.lon, e.precision).where(
                e.type == type_,
                e.date.between((day - dt.timedelta(days=MERGE_DAYS)).isoformat(),
                               (day + dt.timedelta(days=MERGE_DAYS)).isoformat()),
                e.date_precision == "day", e.precision.in_(MERGE_PRECISIONS), e.status != "rejected",
                e.lat.between(lat - dlat, lat + dlat), e.lon.between(lon - dlon, lon + dlon),
                e.id.not_in(theirs),
            ).order_by(e.seq)
        ).all()
        new = Report(type_, row["precision"], lat, lon, day)
        near = [(haversine_km(lat, lon, r.lat, r.lon), abs((dt.date.fromisoformat(r.date) - day).days), i, r.id)
                for i, r in enumerate(rows)
                if same_happening(new, Report(type_, r.precision, r.lat, r.lon, dt.date.fromisoformat(r.date)),
                                  self.merge_km)]
        return min(near)[3] if near else None

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and its events; True if it existed.

        An event that other articles also report stays, now stated by the next of them (same id)."""
        e, r = t.events.c, t.event_reports.c
        moved_keys = ("sentence", "sentence_start", "sentence_end", "sentences", "headline", "trigger",
                      "mention_start", "mention_end", "mention_text", "trace")
        with self._errors("delete the article"), self.transaction() as conn:
            shared = conn.execute(
                select(t.event_reports).join(t.events, r.event_id == e.id)
                .where(e.article_id == article_id).order_by(r.seq)).mappings().all()
            moved: set[str] = set()
            for rep in shared:
                if rep["event_id"] in moved:
                    continue
                moved.add(rep["event_id"])
                conn.execute(update(t.events).where(e.id == rep["event_id"])
                             .values(article_id=rep["article_id"], **{k: rep[k] for k in moved_keys}))
                conn.execute(delete(t.event_reports).where(r.event_id == rep["event_id"],
                                                           r.article_id == rep["article_id"]))
            return conn.execute(delete(t.articles).where(t.articles.c.id == article_id)).rowcount > 0

    # ------------------------------------------------------------ corrections

    def correct(self, event_id: str, field: str, after: Any, *, how: str = "") -> int:
        """Change one field of an event by hand (place, type, date or status), recording when and before/after.

        place: a dict with place_id, place, admin1, country, lat, lon (and precision); the event's name then
        becomes an alias of that place. type: an EventType value. date: YYYY-MM-DD. status: accepted or
        rejected. Returns the correction's id."""
        value = checked(field, after)
        with self._errors("store the correction"), self.transaction() as conn:
            row = conn.execute(select(t.events).where(t.events.c.id == event_id)).mappings().first()
            if row is None:
                raise InputError(f"no event {event_id!r} in the store (deleted meanwhile?)")
            before = field_value(dict(row), field)
            cid = conn.execute(t.corrections.insert().values(
                at=_now(), event_id=event_id, article_id=row["article_id"], mention_text=row["mention_text"],
                mention_start=row["mention_start"], field=field, before=encode(field, before),
                after=encode(field, value), how=how)).inserted_primary_key[0]
            apply(conn, event_id, field, value)
            if field == "place" and row["mention_text"].strip():
                alias = dict(key=name_key(row["mention_text"]), name=row["mention_text"],
                             place=encode(field, value), correction_id=cid, updated=_now())
                ins = self.insert(t.place_aliases).values(**alias)
                conn.execute(ins.on_conflict_do_update(
                    index_elements=["key"], set_={k: ins.excluded[k] for k in alias if k != "key"}))
                self.aliases_version += 1
            return int(cid)

    def corrections(self, event_id: str | None = None) -> list[dict[str, Any]]:
        """Corrections (of one event, or all), oldest first; before/after decoded."""
        query = select(t.corrections).order_by(t.corrections.c.id)
        if event_id is not None:
            query = query.where(t.corrections.c.event_id == event_id)
        with self._errors("read corrections"), self.reading() as conn:
            out = []
            for r in conn.execute(query).mappings():
                d = dict(r)
                d["before"], d["after"] = decode(d["field"], d["before"]), decode(d["field"], d["after"])
                out.append(d)
            return out

    def place_aliases(self) -> dict[str, dict[str, Any]]:
        """Name key → the place a reviewer chose for that name (a dict with the PLACE_KEYS and 'name')."""
        a = t.place_aliases.c
        with self._errors("read place aliases"), self.reading() as conn:
            return {r.key: {**json.loads(r.place), "name": r.name}
                    for r in conn.execute(select(a.key, a.name, a.place))}

    def _reapply(self, conn: Connection, row: dict[str, Any]) -> None:
        """Corrections made before to this event (by id, or by its article and mention) hold again."""
        c = t.corrections.c
        found = conn.execute(select(c.field, c.after).where(or_(
            c.event_id == row["id"],
            and_(c.article_id == row["article_id"], c.mention_text == row["mention_text"], c.mention_text != "",
                 or_(c.field == "place", c.mention_start.is_not_distinct_from(row["mention_start"]))),
        )).order_by(c.id)).all()
        for r in found:
            apply(conn, row["id"], r.field, decode(r.field, r.after))

    # ------------------------------------------------------------ feeds

    def add_feed(self, url: str, title: str = "") -> bool:
        """Remember a feed; False if it was already there."""
        with self._errors("add the feed"), self.transaction() as conn:
            return conn.execute(self.insert(t.feeds).values(url=url, title=title, added=_now(), seq=self.seq(conn))
                                .on_conflict_do_nothing().returning(t.feeds.c.url)).first() is not None

    def feeds(self) -> list[dict[str, Any]]:
        """Feeds in the order they were added."""
        cols = [c for c in t.feeds.c if c.name != "seq"]
        with self._errors("list feeds"), self.reading() as conn:
            return [dict(r) for r in conn.execute(select(*cols).order_by(t.feeds.c.seq)).mappings()]

    def feed_checked(self, url: str, *, title: str = "", error: str = "", items: int = 0, new_items: int = 0) -> None:
        """Record the outcome of fetching a feed."""
        changes: dict[str, Any] = dict(checked=_now(), error=error, items=items, new_items=new_items)
        if title:
            changes["title"] = title
        with self._errors("update the feed"), self.transaction() as conn:
            conn.execute(update(t.feeds).where(t.feeds.c.url == url).values(**changes))

    def delete_feed(self, url: str) -> bool:
        """Forget a feed (its articles stay); True if it existed."""
        with self._errors("delete the feed"), self.transaction() as conn:
            return conn.execute(delete(t.feeds).where(t.feeds.c.url == url)).rowcount > 0

    # ------------------------------------------------------------ reading

    def count_articles(self) -> int:
        """How many articles are stored."""
        with self._errors("count articles"), self.reading() as conn:
            return conn.execute(select(func.count()).select_from(t.articles)).scalar_one()

    def articles(self) -> list[dict[str, Any]]:
        """Articles with their event counts, newest first."""
        a, s = t.articles.c, t.event_sources.c
        n = select(func.count()).select_from(t.event_sources).where(s.article_id == a.id).scalar_subquery()
        query = (select(a.id, a.title, a.url, a.source, a.language, a.published, a.published_how, a.ingested,
                        n.label("events"))
                 .order_by(a.published.desc().nulls_last(), a.ingested.desc().nulls_last(), a.id))
        with self._errors("list articles"), self.reading() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its full text, or None."""
        with self._errors("read the article"), self.reading() as conn:
            row = conn.execute(select(t.articles).where(t.articles.c.id == article_id)).mappings().first()
            return dict(row) if row else None

    def events(self, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
               types: Sequence[str] = (), article_id: str | None = None, min_sources: int = 1) -> list[dict[str, Any]]:
        """Stored events as plain dicts (JSON fields decoded), in date order.

        article_id: events that article reports (first or not); min_sources: reported by at least that many."""
        return list(self.iter_events(EventFilter(date_from, date_to, tuple(types),
                                                 articles=(article_id,) if article_id else (),
                                                 min_sources=min_sources)))

    def iter_events(self, where: EventFilter = EventFilter(), *, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Events as events() gives them, streamed from the database a thousand at a time (memory stays flat)."""
        return self._select(where.conditions(), _DATE_ORDER, limit)

    def count_events(self, where: EventFilter = EventFilter()) -> int:
        """How many events a filter keeps, counted by the database."""
        with self._errors("count events"), self.reading() as conn:
            return conn.execute(select(func.count()).select_from(t.events).where(*where.conditions())).scalar_one()

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event (whatever its status) as events() gives it, or None."""
        return next(self._select([t.events.c.id == event_id], [t.events.c.id]), None)

    def trace(self, event_id: str) -> list[dict[str, Any]]:
        """Why the event is where it is: the parser's steps ({stage, decision, reasons}) as stored at ingest;
        [] for an unknown event or one stored without a trace."""
        with self._errors("read an event's trace"), self.reading() as conn:
            text = conn.execute(select(t.events.c.trace).where(t.events.c.id == event_id)).scalar()
        return json.loads(text) if text else []

    def review_queue(self, *, limit: int = 500, confidence: float = REVIEW_CONFIDENCE) -> list[dict[str, Any]]:
        """Events nobody has reviewed that need a look: low confidence, a conflict, or a region or country point.

        Least sure first."""
        e = t.events.c
        where = [e.status == "automatic",
                 or_(e.confidence < confidence, e.conflicts != "[]", e.precision.in_(COARSE_PRECISIONS))]
        return list(self._select(where, [e.confidence, e.date.asc().nulls_first(), e.id], limit))

    def _select(self, where: Sequence[Any], order: Sequence[Any], limit: int | None = None) -> Iterator[dict[str, Any]]:
        cols = [c for c in t.events.c if c.name not in _NOT_LISTED]
        query = select(*cols).where(*where).order_by(*order)
        if limit is not None:
            query = query.limit(int(limit))
        try:
            with self.engine.connect() as conn, conn.begin():
                result = conn.execution_options(stream_results=True, yield_per=STREAM_ROWS).execute(query)
                for part in result.mappings().partitions():
                    rows = [dict(r) for r in part]
                    for d in rows:
                        for key in _JSON_KEYS:
                            d[key] = json.loads(d[key]) if d.get(key) else []
                    self._add_sources(rows)
                    yield from rows
        except SQLAlchemyError as exc:
            raise StoreError(f"could not read events in {self.where}: {_reason(exc)}") from exc

    def _add_sources(self, events: list[dict[str, Any]]) -> None:
        """Each event's sources (article ids, first first) and source_sentences: {article_id, title, url,
        published, sentence} per source."""
        s, r = t.event_sources.c, t.event_reports.c
        sources: dict[str, list[str]] = {d["id"]: [] for d in events}
        reports: dict[tuple[str, str], str] = {}
        with self.reading() as conn:
            for part in _chunks(list(sources), _IN_CHUNK):
                for row in conn.execute(select(s.event_id, s.article_id).where(s.event_id.in_(part))
                                        .order_by(s.event_id, s.seq)):
                    sources[row.event_id].append(row.article_id)
            shared = [eid for eid, arts in sources.items() if len(arts) > 1]
            for part in _chunks(shared, _IN_CHUNK):
                for row in conn.execute(select(r.event_id, r.article_id, r.sentence).where(r.event_id.in_(part))):
                    reports[(row.event_id, row.article_id)] = row.sentence
            heads = self._article_heads(conn, {a for d in events for a in sources[d["id"]] or [d["article_id"]]})
        for d in events:
            d["sources"] = sources[d["id"]]
            d["source_sentences"] = [
                {"article_id": a, **heads.get(a, _NO_HEAD),
                 "sentence": d["sentence"] if a == d["article_id"] else reports.get((d["id"], a), "")}
                for a in d["sources"] or [d["article_id"]]
            ]

    @staticmethod
    def _article_heads(conn: Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
        """Title, URL and date of these articles."""
        a = t.articles.c
        out = {}
        for part in _chunks(sorted(ids), _IN_CHUNK):
            for r in conn.execute(select(a.id, a.title, a.url, a.published).where(a.id.in_(part))):
                out[r.id] = {"title": r.title, "url": r.url, "published": r.published}
        return out


_DATE_ORDER = (t.events.c.date.asc().nulls_first(), t.events.c.sentence_start, t.events.c.id)


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _reason(exc: BaseException) -> str:
    """The database's own message, without SQLAlchemy's statement dump."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _event_row(e: Event) -> dict[str, Any]:
    p = e.place
    main = next((s for s in e.sentences if not s.is_headline), e.sentences[0])
    m = e.mention
    candidates = [
        {"id": c.place.id, "name": c.place.label, "lat": c.place.lat, "lon": c.place.lon,
         "score": round(c.score, 3), "reasons": c.reasons,
         "place": c.place.name, "admin1": c.place.admin1, "country": c.place.country, "kind": c.place.kind.value}
        for c in (m.candidates if m else [])
    ]
    return dict(zip(t.EVENT_COLUMNS, (
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
        json.dumps(trace_record(e.trace), ensure_ascii=False),
    )))


def _report_row(event_id: str, article_id: str, row: dict[str, Any]) -> dict[str, Any]:
    """How a further source states an event (columns of event_reports), from that source's own event row."""
    return {"event_id": event_id, "article_id": article_id,
            **{k: row[k] for k in t.REPORT_COLUMNS if k not in ("event_id", "article_id")}}
