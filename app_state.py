"""Resources the pages share, cached once per server process (Streamlit is imported only here and in pages)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.gazetteer.corrected import CorrectedPlaces
from geo.gazetteer.index import Gazetteer
from geo.ingest.workflow import load_demo
from geo.parse.pipeline import Pipeline
from geo.store import query
from geo.store.db import Store, db_path
from geo.store.filters import EventFilter
from geo.ui import mapview, server_view, view


@st.cache_resource(show_spinner="Opening the gazetteer…")
def gazetteer() -> Gazetteer:
    """The offline gazetteer, opened once per process."""
    return Gazetteer.open()


@st.cache_resource(show_spinner="Loading the gazetteer and language models…")
def pipeline() -> Pipeline:
    """The geoparser (gazetteer, spaCy models), loaded once per process.

    Names reviewers corrected resolve as they said: the corrections are read from $GEO_DB's store through a
    connection of CorrectedPlaces' own (asking store() from inside a parse could wait on store() itself)."""
    p = Pipeline(CorrectedPlaces(gazetteer(), db_path))
    p.warm_up()
    return p


@st.cache_resource(show_spinner=False)
def online_geocoders():
    """The online geocoders GEO_GEOCODERS names (rate-limited, cached), or None; a bad setting raises."""
    import os

    from geo.ui.review import online_geocoders as build

    return build(os.environ)


@st.cache_resource(show_spinner="Opening the event store…")
def store() -> Store:
    """The event store at $GEO_DB; an empty store is filled with the demo articles."""
    s = Store()
    if s.count_articles() == 0:
        load_demo(s, pipeline())
    return s


def version() -> tuple:
    """The store's data version: every cached answer below is keyed by it (a write anywhere refreshes them)."""
    return query.data_version(store())


# The page's questions to the database (geo.store.query), each cached per data version and filter: a rerun that
# changes nothing asks nothing; whatever the store's size, only counts, cells and the events shown come back.
@st.cache_data(max_entries=4, show_spinner=False)
def _cube(version: tuple) -> pd.DataFrame:
    return query.cube(store())


def store_days() -> pd.DataFrame:
    """Events per (date, type) over the whole store, undated ones as date None (bounds, dense range, total)."""
    return server_view.cube_days(_cube(version()), EventFilter())


def store_facets() -> dict[str, dict[str, int]]:
    """Events per type and per country over the whole store (the counts beside the filters)."""
    return server_view.cube_facets(_cube(version()))


@st.cache_data(max_entries=16, show_spinner=False)
def _articles(version: tuple, limit: int, include: tuple[str, ...]) -> tuple[dict[str, str], dict[str, int]]:
    return query.recent_articles(store(), limit, include)


def articles(limit: int, include: tuple[str, ...] = ()) -> tuple[dict[str, str], dict[str, int]]:
    """The newest articles (and those named): id → label, id → events, for the article filter."""
    return _articles(version(), limit, tuple(include))


@st.cache_data(max_entries=64, show_spinner=False)
def _days(version: tuple, where: EventFilter) -> pd.DataFrame:
    return query.per_day(store(), where)


def days(where: EventFilter) -> pd.DataFrame:
    """Events per (date, type) a filter keeps: from the store's cube when it can answer, else a GROUP BY."""
    if server_view.cube_answers(where):
        return server_view.cube_days(_cube(version()), where)
    return _days(version(), where)


@st.cache_data(max_entries=64, show_spinner=False)
def _grid(version: tuple, where: EventFilter, cell_deg: float) -> list[query.GridCell]:
    return query.grid(store(), where, cell_deg=cell_deg, limit=None)


def grid(where: EventFilter, cell_deg: float) -> list[query.GridCell]:
    """Every non-empty grid cell of a filter, busiest first (one GROUP BY cell in the database)."""
    return _grid(version(), where, cell_deg)


@st.cache_data(max_entries=16, show_spinner=False)
def _points(version: tuple, where: EventFilter, limit: int | None) -> pd.DataFrame:
    return mapview.prepare(query.map_points(store(), where, limit=limit))


def points(where: EventFilter, limit: int | None = None) -> pd.DataFrame:
    """The map's columns of the events a filter keeps, ready to draw (only called for a few thousand)."""
    return _points(version(), where, limit)


@st.cache_data(max_entries=8, show_spinner=False)
def _full_events(version: tuple, where: EventFilter, limit: int | None) -> pd.DataFrame:
    return view.frame(list(store().iter_events(where, limit=limit)))


def full_events(where: EventFilter, limit: int | None = None) -> pd.DataFrame:
    """Every column of the events a filter keeps (briefing, exports), in date order, at most `limit`."""
    return _full_events(version(), where, limit)


def article_events(article_id: str) -> pd.DataFrame:
    """The events an article reported first, in the order a briefing steps through them."""
    rows = [e for e in store().iter_events(EventFilter(articles=(article_id,)), limit=500)
            if e["article_id"] == article_id]
    return view.briefing_order(view.frame(rows))


def same_point(event: dict) -> pd.DataFrame:
    """Other events at exactly this event's point (their markers overlap), at most ten."""
    return pd.DataFrame(query.same_point(store(), event, 10), columns=["id", "type", "date", "place", "country",
                                                                        "article_id"])


def reset() -> None:
    """Forget the cached store and everything read from it (tests that switch $GEO_DB call this)."""
    store.clear()
    online_geocoders.clear()
    for cached in (_cube, _articles, _days, _grid, _points, _full_events):
        cached.clear()


@st.cache_data(show_spinner=False, max_entries=256)
def searched_places(query: str) -> tuple[str, ...]:
    """The main names of the places a sidebar search names in any language or case ("Харкові" → Kharkiv)."""
    from geo.ui.place_search import place_names

    return tuple(place_names(query, gazetteer())) if query.strip() else ()
