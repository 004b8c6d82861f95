"""Read-only questions the dashboard asks the store, on top of Store's public methods and connection."""

from __future__ import annotations

from typing import Any

import pandas as pd

from geo.store.db import Store
from geo.ui import mapview, view


def data_version(store: Store) -> tuple[Any, ...]:
    """Changes whenever the database changes (a cache key for the events frame); O(1), asked on every rerun.

    SQLite's data_version moves when another connection commits (the CLI, another server process);
    total_changes counts this connection's own writes (the Sources page shares the cached store)."""
    other = store._conn.execute("PRAGMA data_version").fetchone()[0]
    return (str(store.path), other, store._conn.total_changes)


def events_frame(store: Store) -> pd.DataFrame:
    """Every shown event as a DataFrame ready to filter and draw (search column, drawing columns)."""
    return mapview.prepare(view.frame(store.events()))


def facet_counts(df: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Events per type, country and article over the whole store (the counts beside the filters)."""
    return {column: {str(k): int(v) for k, v in df[column].value_counts().items()}
            for column in ("type", "country", "article_id")}


def article_titles(store: Store) -> dict[str, str]:
    """Article id → a label to choose it by (title, else source name, else id), newest first."""
    out = {}
    for a in store.articles():
        label = a.get("title") or a.get("source") or a["id"]
        published = f" ({a['published']})" if a.get("published") else ""
        out[a["id"]] = f"{label}{published}"
    return out
