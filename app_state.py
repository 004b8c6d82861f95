"""Resources the pages share, cached once per server process (Streamlit is imported only here and in pages)."""

from __future__ import annotations

import streamlit as st

from geo.pipeline import Pipeline
from geo.store import Store
from geo.workflow import load_demo


@st.cache_resource(show_spinner="Loading the gazetteer and language models…")
def pipeline() -> Pipeline:
    """The geoparser (gazetteer, spaCy models), loaded once per process."""
    p = Pipeline()
    p.warm_up()
    return p


@st.cache_resource(show_spinner="Opening the event store…")
def store() -> Store:
    """The event store at $GEO_DB; an empty store is filled with the demo articles."""
    s = Store()
    if s.count_articles() == 0:
        load_demo(s, pipeline())
    return s
