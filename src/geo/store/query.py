"""Read-only questions the dashboard asks the store, on top of Store's public methods.

For big stores (a million events on PostgreSQL) the filters, the counts and the map's points are computed by
the database: facets(), grid() and overview() (both in one pass) take an EventFilter and return small
results, whatever the store's size; per_day() and cube() feed the timeline, map_points() the markers of a
filtered set small enough to draw (the page never reads the whole store).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Float, func, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from geo.store import tables as t
from geo.store.db import Store
from geo.store.filters import EventFilter

__all__ = ["MAP_COLUMNS", "EventFilter", "GridCell", "Overview", "cube", "data_version", "facets", "grid", "map_points",
           "overview", "per_day", "recent_articles", "same_point"]


def data_version(store: Store) -> tuple[Any, ...]:
    """Changes whenever the database changes (the key of the page's cached answers); O(1), asked on every rerun.

    Every write, from any process (the CLI, another server, the Sources page), moves the store's version."""
    return (store.url, *store.data_version())


def facets(store: Store, where: EventFilter = EventFilter()) -> dict[str, dict[str, int]]:
    """Events per type and per country among those a filter keeps, counted by the database.

    Returns {"type": {value: n}, "country": {value: n}}, most frequent first; the number of events kept is
    sum(facets["type"].values()). One GROUP BY type, country over the filtered set (a single scan)."""
    e = t.events.c
    n = func.count().label("n")
    with store.reading() as conn:
        rows = conn.execute(select(e.type, e.country, n).where(*where.conditions()).group_by(e.type, e.country)).all()
    out: dict[str, dict[str, int]] = {}
    for name, column in (("type", 0), ("country", 1)):
        counts: dict[str, int] = {}
        for row in rows:
            counts[str(row[column])] = counts.get(str(row[column]), 0) + int(row[2])
        out[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return out


class _floor(FunctionElement):
    """floor(x) on PostgreSQL; on SQLite (no floor() in every build) a cast, exact for x >= 0."""

    type = Float()
    inherit_cache = True


@compiles(_floor)
def _floor_default(element: _floor, compiler: Any, **kw: Any) -> str:
    return f"floor({compiler.process(element.clauses, **kw)})"


@compiles(_floor, "sqlite")
def _floor_sqlite(element: _floor, compiler: Any, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS INTEGER)"


@dataclass(frozen=True)
class GridCell:
    """One square of the map grid: how many events fall in it, where their centre is, and one of them."""

    row: int  # floor((lat + 90) / cell_deg)
    col: int  # floor((lon + 180) / cell_deg)
    count: int
    lat: float  # mean latitude of the cell's events (where to draw the cluster)
    lon: float
    south: float
    west: float
    north: float
    east: float
    event_id: str  # the smallest event id in the cell (a stable one to show when count == 1)


def grid(store: Store, where: EventFilter = EventFilter(), *, cell_deg: float = 1.0,
         limit: int | None = 20_000) -> list[GridCell]:
    """The events a filter keeps, aggregated by the database into square cells of ``cell_deg`` degrees.

    For a map of a large filtered set: one marker per non-empty cell (count, centre of its events, bounds)
    instead of one per event. Pass the map's view as where.bbox to aggregate only what is on screen, and a
    cell size matched to the zoom (e.g. 360 / 2**(zoom + 2)). Cells come busiest first; ``limit`` caps how
    many (None: all)."""
    if not cell_deg > 0:
        raise ValueError(f"cell_deg must be positive, got {cell_deg}")
    e = t.events.c
    row, col = _cells(cell_deg)
    n = func.count().label("n")
    query = (select(row, col, n, func.avg(e.lat), func.avg(e.lon), func.min(e.id))
             .where(*where.conditions()).group_by(row, col).order_by(n.desc(), row, col))
    if limit is not None:
        query = query.limit(int(limit))
    with store.reading() as conn:
        rows = conn.execute(query).all()
    return [_cell(int(r), int(c), int(count), float(lat), float(lon), first, cell_deg)
            for r, c, count, lat, lon, first in rows]


@dataclass(frozen=True)
class Overview:
    """What the page needs after a filter change: how many events, the facet counts and the map grid."""

    count: int
    facets: dict[str, dict[str, int]]  # as facets() gives them
    cells: list[GridCell]  # as grid() gives them


def overview(store: Store, where: EventFilter = EventFilter(), *, cell_deg: float = 1.0,
             limit: int | None = 20_000) -> Overview:
    """count, facets() and grid() of one filter in a single pass of the database over the filtered events.

    The database groups by (type, country, cell), a few thousand groups at most, and they are folded here
    into the three answers: one scan instead of three, which is what keeps a filter change on a million
    events fast. Same arguments and answers as facets() and grid()."""
    if not cell_deg > 0:
        raise ValueError(f"cell_deg must be positive, got {cell_deg}")
    e = t.events.c
    row, col = _cells(cell_deg)
    query = (select(e.type, e.country, row, col, func.count(), func.sum(e.lat), func.sum(e.lon), func.min(e.id))
             .where(*where.conditions()).group_by(e.type, e.country, row, col))
    with store.reading() as conn:
        groups = conn.execute(query).all()
    by_type: dict[str, int] = {}
    by_country: dict[str, int] = {}
    cells: dict[tuple[int, int], list[Any]] = {}
    for type_, country, r, c, n, lat, lon, first in groups:
        by_type[type_] = by_type.get(type_, 0) + n
        by_country[country] = by_country.get(country, 0) + n
        cell = cells.setdefault((int(r), int(c)), [0, 0.0, 0.0, first])
        cell[0] += n
        cell[1] += float(lat)
        cell[2] += float(lon)
        cell[3] = min(cell[3], first)
    ranked = sorted(cells.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    return Overview(
        sum(by_type.values()),
        {name: dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
         for name, counts in (("type", by_type), ("country", by_country))},
        [_cell(r, c, n, lat / n, lon / n, first, cell_deg) for (r, c), (n, lat, lon, first) in ranked])


def _cells(cell_deg: float) -> tuple[Any, Any]:
    """The grid row and column of an event, as SQL."""
    e = t.events.c
    # Constants inlined, not bound: PostgreSQL matches the GROUP BY expression to the SELECT one only when
    # they are the same text, and two bound parameters are two different texts.
    size = literal_column(repr(float(cell_deg)))
    return (_floor((e.lat + literal_column("90.0")) / size).label("row"),
            _floor((e.lon + literal_column("180.0")) / size).label("col"))


def _cell(r: int, c: int, n: int, lat: float, lon: float, first: str, cell_deg: float) -> GridCell:
    return GridCell(r, c, n, lat, lon, r * cell_deg - 90.0, c * cell_deg - 180.0,
                    (r + 1) * cell_deg - 90.0, (c + 1) * cell_deg - 180.0, first)


# ------------------------------------------------------------------ the dashboard's other questions (#13, #15)
MAP_COLUMNS = ("id", "type", "date", "place", "country", "lat", "lon", "precision", "confidence", "conflicts")


def per_day(store: Store, where: EventFilter = EventFilter()) -> pd.DataFrame:
    """Dated events per (date, type) among those a filter keeps: one GROUP BY, for the timeline's histogram.

    Columns date (ISO text; None for the undated events), type, events; sorted by date then type."""
    e = t.events.c
    query = (select(e.date, e.type, func.count()).where(*where.conditions())
             .group_by(e.date, e.type).order_by(e.date.asc().nulls_first(), e.type))
    with store.reading() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame([(d, ty, int(n)) for d, ty, n in rows], columns=["date", "type", "events"])


def map_points(store: Store, where: EventFilter = EventFilter(), *, limit: int | None = None) -> pd.DataFrame:
    """The columns the map draws (MAP_COLUMNS, conflicts decoded) of the events a filter keeps, in date order.

    Far lighter than Store.iter_events (no text, no sources): what a filter change reads when markers are shown."""
    import json

    e = t.events.c
    query = (select(*(e[name] for name in MAP_COLUMNS)).where(*where.conditions())
             .order_by(e.date.asc().nulls_first(), e.sentence_start, e.id))
    if limit is not None:
        query = query.limit(int(limit))
    with store.reading() as conn:
        rows = conn.execute(query).all()
    df = pd.DataFrame(rows, columns=list(MAP_COLUMNS))
    df["conflicts"] = df["conflicts"].map(lambda c: json.loads(c) if c and c != "[]" else [])
    return df


def recent_articles(store: Store, limit: int, include: tuple[str, ...] = ()) -> tuple[dict[str, str], dict[str, int]]:
    """The ``limit`` newest articles, and those ``include`` names: id → label (title, else source, else id; with its date) and id → how
    many events it reports. Two small queries, whatever the store's size."""
    a, s = t.articles.c, t.event_sources.c
    n = select(func.count()).select_from(t.event_sources).where(s.article_id == a.id).scalar_subquery()
    columns = (a.id, a.title, a.source, a.published, n.label("events"))
    order = (a.published.desc().nulls_last(), a.ingested.desc().nulls_last(), a.id)
    with store.reading() as conn:
        rows = list(conn.execute(select(*columns).order_by(*order).limit(int(limit))).mappings())
        if include:
            rows += conn.execute(select(*columns).where(a.id.in_(list(include)))).mappings().all()
    titles: dict[str, str] = {}
    counts: dict[str, int] = {}
    for r in rows:
        label = r["title"] or r["source"] or r["id"]
        titles[r["id"]] = f"{label} ({r['published']})" if r["published"] else label
        counts[r["id"]] = int(r["events"])
    return titles, counts


def same_point(store: Store, event: dict[str, Any], limit: int = 10) -> list[dict[str, Any]]:
    """Other shown events at exactly this event's point (stacked markers), in date order."""
    e = t.events.c
    query = (select(e.id, e.type, e.date, e.place, e.country, e.article_id)
             .where(e.lat == event["lat"], e.lon == event["lon"], e.id != event["id"], e.status != "rejected")
             .order_by(e.date.asc().nulls_first(), e.id).limit(int(limit)))
    with store.reading() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def cube(store: Store) -> pd.DataFrame:
    """Shown events counted per (date, type, country, status): one scan, a few thousand rows, from which the page
    answers the timeline, the counts and the facets of any type/country/date/status filter without asking again."""
    e = t.events.c
    query = (select(e.date, e.type, e.country, e.status, func.count()).where(*EventFilter().conditions())
             .group_by(e.date, e.type, e.country, e.status))
    with store.reading() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame([(d, ty, c, s, int(n)) for d, ty, c, s, n in rows],
                        columns=["date", "type", "country", "status", "events"])
