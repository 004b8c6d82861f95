"""Stored events → GeoJSON, CSV, JSON (pure: rows in, text or dicts out)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Sequence, TextIO

from geo.model import Event, Mention, Role

# The GeoJSON properties are a contract that scripts rely on: extend, never rename.
PROPERTIES = (
    "id", "type", "date", "date_precision", "date_how", "place", "admin1", "country", "precision", "confidence",
    "conflicts", "sentence", "headline", "article_id", "sources", "trigger", "actors", "status",
    "event_status",  # reported | background | planned (geo.parse.status); "status" is the review status
)
CSV_COLUMNS = ("id", "type", "date", "date_precision", "place", "admin1", "country", "lat", "lon", "precision",
               "confidence", "conflicts", "sentence", "headline", "article_id", "sources")


def event_record(e: Event) -> dict[str, Any]:
    """An in-memory Event as the same flat record the store returns."""
    main = next((s for s in e.sentences if not s.is_headline), e.sentences[0])
    return {
        "id": e.id, "type": e.type.value,
        "date": e.date.date.isoformat() if e.date else None,
        "date_precision": e.date.precision.value if e.date else None,
        "date_how": e.date.how if e.date else None,
        "place": e.place.name, "admin1": e.place.admin1, "country": e.place.country,
        "lat": e.place.lat, "lon": e.place.lon, "place_id": e.place.id,
        "precision": e.precision.value, "confidence": e.confidence, "conflicts": list(e.conflicts),
        "sentence": main.text, "sentence_start": main.start, "sentence_end": main.end,
        "headline": e.headline, "article_id": e.article_id, "sources": list(e.sources),
        "trigger": e.trigger, "actors": list(e.actors), "status": e.status, "event_status": e.event_status,
        "mention_start": e.mention.start if e.mention else None,
        "mention_end": e.mention.end if e.mention else None,
    }


def to_feature(row: dict[str, Any]) -> dict[str, Any]:
    """One event record → a GeoJSON Feature (Point [lon, lat])."""
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {"type": "Point", "coordinates": [round(row["lon"], 6), round(row["lat"], 6)]},
        # The store keeps the events of the map, all reported, and has no column for it yet.
        "properties": {k: row.get(k, "reported" if k == "event_status" else None) for k in PROPERTIES},
    }


def to_geojson(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Event records → a GeoJSON FeatureCollection."""
    return {"type": "FeatureCollection", "features": [to_feature(r) for r in rows]}


# A cell a spreadsheet would run as a formula starts with one of these (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: text starting like a formula gets a leading apostrophe (OWASP);
    numbers stay numbers (a longitude of -3.5 is no formula); carriage returns become line feeds."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    # A bare carriage return is not quoted by the csv module when lines end in "\n": it would end the row.
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    """Event records → CSV text (lists joined with ' | '), every text cell neutralised (safe_cell)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: safe_cell(" | ".join(map(str, r[k])) if isinstance(r.get(k), list) else r.get(k))
                         for k in CSV_COLUMNS})
    return buf.getvalue()


def write_geojson(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write a FeatureCollection one feature at a time (the same text as dumps(to_geojson(rows)) + newline).

    Memory stays flat however many rows stream in; returns how many were written."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for n, row in enumerate(rows, 1):
        out.write((", " if n > 1 else "") + dumps(to_feature(row)))
    out.write("]}\n")
    return n


def write_json(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write a JSON array of records one at a time (the same text as dumps(list(rows)) + newline)."""
    out.write("[")
    n = 0
    for n, row in enumerate(rows, 1):
        out.write((", " if n > 1 else "") + dumps(row))
    out.write("]\n")
    return n


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write one JSON record per line."""
    n = 0
    for n, row in enumerate(rows, 1):
        out.write(dumps(row) + "\n")
    return n


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write CSV row by row (the same text as to_csv(rows), every text cell neutralised)."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for n, r in enumerate(rows, 1):
        writer.writerow({k: safe_cell(" | ".join(map(str, r[k])) if isinstance(r.get(k), list) else r.get(k))
                         for k in CSV_COLUMNS})
    return n


def mention_record(m: Mention) -> dict[str, Any]:
    """A mention as the CLI prints it; offsets are into the input text exactly as given."""
    p = m.place
    return {
        "start": m.start, "end": m.end, "text": m.text,
        "name": p.name if p else None, "country": p.country if p else None,
        "lat": p.lat if p else None, "lon": p.lon if p else None,
        "precision": m.precision.value if m.precision else None,
        "confidence": m.confidence,
        "kind": m.kind, "role": Role(m.role).value, "source": m.source,
        "admin1": p.admin1 if p else None, "geonameid": p.id if p and p.id > 0 else None,
        "conflicts": list(m.conflicts),
    }


def trace_record(steps: Sequence[Any]) -> list[dict[str, Any]]:
    """A trace (geo.parse.doc.Step list) as JSON: stage, decision, reasons."""
    return [{"stage": s.stage, "decision": s.decision, "reasons": list(s.reasons)} for s in steps]


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)
