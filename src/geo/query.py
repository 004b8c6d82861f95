"""Read-only questions the dashboard asks the store, on top of Store's public methods and connection."""

from __future__ import annotations

from typing import Any

import pandas as pd

from geo import mapview, view
from geo.store import Store


def data_version(store: Store) -> tuple[Any, ...]:
    """Changes whenever events or articles are added or deleted (a cache key for the events frame)."""
    events = store._conn.execute("SELECT count(*), coalesce(max(rowid), 0) FROM events").fetchone()
    articles = store._conn.execute("SELECT count(*), coalesce(max(ingested), '') FROM articles").fetchone()
    statuses = store._conn.execute("SELECT count(*) FROM events WHERE status != 'automatic'").fetchone()
    return (str(store.path), *events, *articles, statuses[0])


def events_frame(store: Store) -> pd.DataFrame:
    """Every shown event as a DataFrame ready to filter and draw (search column, drawing columns)."""
    return mapview.prepare(view.frame(store.events()))


def article_titles(store: Store) -> dict[str, str]:
    """Article id → a label to choose it by (title, else source name, else id), newest first."""
    out = {}
    for a in store.articles():
        label = a.get("title") or a.get("source") or a["id"]
        published = f" ({a['published']})" if a.get("published") else ""
        out[a["id"]] = f"{label}{published}"
    return out
