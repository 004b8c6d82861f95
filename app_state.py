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


@st.cache_resource(max_entries=2, show_spinner="Reading the events…")
def _events_frame(version: tuple) -> pd.DataFrame:
    # Keyed by the store's data version: an ingest or a delete (Sources page) builds a new frame.
    # cache_resource hands out the same frame without copying it; pages only ever read it.
    return query.events_frame(store())


def events_frame() -> pd.DataFrame:
    """All shown events as a DataFrame ready to filter and draw, rebuilt when the store changes."""
    return _events_frame(query.data_version(store()))


@st.cache_resource(max_entries=2, show_spinner=False)
def _facets(version: tuple) -> tuple[dict[str, str], dict[str, dict[str, int]]]:
    # cache_resource, not cache_data: no copy of 20,000 titles on every rerun (nobody writes to them).
    return query.article_titles(store()), query.facet_counts(_events_frame(version))


def article_titles() -> dict[str, str]:
    """Article id → label, for the article filter, newest first."""
    return _facets(query.data_version(store()))[0]


def facet_counts() -> dict[str, dict[str, int]]:
    """Events per type, country and article (for the counts beside the filters)."""
    return _facets(query.data_version(store()))[1]


def reset() -> None:
    """Forget the cached store and everything read from it (tests that switch $GEO_DB call this)."""
    store.clear()
    online_geocoders.clear()
    _events_frame.clear()
    _facets.clear()


@st.cache_data(show_spinner=False, max_entries=256)
def searched_places(query: str) -> tuple[str, ...]:
    """The main names of the places a sidebar search names in any language or case ("Харкові" → Kharkiv)."""
    from geo.ui.place_search import place_names

    return tuple(place_names(query, gazetteer())) if query.strip() else ()
