"""Corrections in the event store: checking a new value, recording it, writing it to the event row."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, case, update

from geo.errors import InputError
from geo.model import EventType
from geo.store.tables import events

PLACE_KEYS = ("place_id", "place", "admin1", "country", "lat", "lon", "precision")


def checked(field: str, value: Any) -> Any:
    """A correction's new value, validated (InputError with a one-line reason otherwise)."""
    if field == "place":
        if not isinstance(value, dict) or not {"place", "lat", "lon"} <= set(value):
            raise InputError("a place correction needs a place name, lat and lon")
        lat, lon = float(value["lat"]), float(value["lon"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"({lat}, {lon}) is not a point on Earth")
        return {"place_id": int(value.get("place_id") or 0), "place": str(value["place"]),
                "admin1": str(value.get("admin1") or ""), "country": str(value.get("country") or ""),
                "lat": lat, "lon": lon, "precision": str(value.get("precision") or "settlement")}
    if field == "type":
        if value not in {t.value for t in EventType}:
            raise InputError(f"{value!r} is not an event type ({', '.join(t.value for t in EventType)})")
        return value
    if field == "date":
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise InputError(f"{value!r} is not a date (expected YYYY-MM-DD)") from None
    if field == "status":
        if value not in ("accepted", "rejected"):
            raise InputError(f"{value!r} is not a review decision (accepted or rejected)")
        return value
    raise InputError(f"{field!r} cannot be corrected (place, type, date or status)")


def field_value(row: dict[str, Any], field: str) -> Any:
    """An event row's current value of a correctable field (a place: its keys, confidence and conflicts)."""
    if field == "place":
        return {**{k: row[k] for k in PLACE_KEYS}, "confidence": row["confidence"],
                "conflicts": json.loads(row["conflicts"] or "[]")}
    return row[field]


def encode(field: str, value: Any) -> str:
    """A value as the corrections table holds it: JSON for a place, text otherwise."""
    return json.dumps(value, ensure_ascii=False) if field == "place" else ("" if value is None else str(value))


def decode(field: str, text: str) -> Any:
    """The inverse of encode."""
    return json.loads(text) if field == "place" else text


def apply(conn: Connection, event_id: str, field: str, value: Any) -> None:
    """Write one corrected field to an event: a human-set place is sure and conflict-free."""
    row = update(events).where(events.c.id == event_id)
    if field == "place":
        conn.execute(row.values(**{k: value[k] for k in PLACE_KEYS}, confidence=1.0, conflicts="[]",
                                status="corrected"))
    elif field == "type":
        conn.execute(row.values(type=value, status="corrected"))
    elif field == "date":
        conn.execute(row.values(date=value, date_precision="day", date_how="corrected", status="corrected"))
    elif field == "status":
        # Accepting keeps an earlier correction's 'corrected'; rejecting always wins.
        status = case((events.c.status == "corrected", events.c.status), else_=value) if value == "accepted" else value
        conn.execute(row.values(status=status))
