"""Synthetic events for demos and benchmarks: plausible, clearly marked SYNTHETIC, written in bulk.

Places are real gazetteer settlements drawn with weight sqrt(population) (so that not every event lands in
Tokyo), and their admin-1 regions and countries for coarser precisions. The same seed gives the same rows;
running again with the same seed adds nothing (ids are derived from the seed).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import math
import random
import sqlite3
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from geo.errors import GazetteerError, StoreError
from geo.gazetteer.index import Gazetteer
from geo.lang.pack import available, pack
from geo.model import Role
from geo.store import tables as t
from geo.store.db import Store

TABLES = (t.articles, t.events, t.event_sources, t.mentions)
WRITE_ROWS = 20_000

SYNTHETIC = "SYNTHETIC"
MARK = "[synthetic]"
DEFAULT_END = dt.date(2025, 2, 28)
DEFAULT_DAYS = 90
SETTLEMENTS = 3000  # the largest settlements of the gazetteer

TYPE_WEIGHTS = {"strike": 30, "clash": 15, "meeting": 15, "statement": 20, "protest": 12, "other": 8}
PRECISIONS = {"settlement": 70, "facility": 10, "region": 12, "country": 8}
CONFIDENCE = {"facility": (0.5, 0.95), "settlement": (0.6, 0.99), "region": (0.4, 0.8), "country": (0.3, 0.7)}
DATE_PRECISIONS = {"day": 85, "week": 10, "month": 5}


@functools.cache
def templates() -> dict[str, dict[str, tuple[str, ...]]]:
    """Language -> event type -> sentences with {mark} and {place}, from the packs' synthetic.tsv."""
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for code in available():
        rows = [r for r in pack(code).rows("synthetic.tsv") if r["type"] != "actor"]
        if rows:
            out[code] = {k: tuple(r["text"] for r in rows if r["type"] == k) for k in dict.fromkeys(r["type"] for r in rows)}
    return out


@functools.cache
def actors() -> tuple[str, ...]:
    """Names of actors synthetic events cite, from every pack's synthetic.tsv."""
    return tuple(r["text"] for code in available() for r in pack(code).rows("synthetic.tsv") if r["type"] == "actor")


@dataclass(frozen=True, slots=True)
class SynthPlace:
    """A gazetteer place as the events table stores it."""

    id: int
    name: str
    admin1: str
    country: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Places:
    """Settlements with cumulative weights, and their regions and countries."""

    settlements: list[tuple[SynthPlace, str]]  # (place, admin1_code)
    cum_weights: list[float]
    regions: dict[tuple[str, str], SynthPlace]
    countries: dict[str, SynthPlace]


def load_places(gazetteer: Gazetteer | None = None, *, settlements: int = SETTLEMENTS) -> Places:
    """The largest settlements of the gazetteer (weighted by sqrt(population)), their regions and countries."""
    gaz = gazetteer or Gazetteer.open()
    cols = "id, name, admin1, country, lat, lon, admin1_code, population"
    try:
        con = sqlite3.connect(f"file:{gaz.path}?mode=ro", uri=True)
        try:
            towns = con.execute(f"SELECT {cols} FROM places WHERE kind = 'settlement' AND population > 0 "
                                "ORDER BY population DESC, id LIMIT ?", (settlements,)).fetchall()
            regions = con.execute(f"SELECT {cols} FROM places WHERE kind = 'region' ORDER BY id").fetchall()
            countries = con.execute(f"SELECT {cols} FROM places WHERE kind = 'country' ORDER BY id").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise GazetteerError(f"cannot read places from the gazetteer {gaz.path}: {exc}") from exc
    if not towns:
        raise GazetteerError(f"the gazetteer {gaz.path} has no settlements: "
                             "rebuild it with `geo-events gazetteer build`")
    place = lambda r: SynthPlace(r[0], r[1], r[2], r[3], r[4], r[5])  # noqa: E731
    return Places(
        settlements=[(place(r), r[6]) for r in towns],
        cum_weights=list(itertools.accumulate(math.sqrt(r[7]) for r in towns)),
        regions={(r[3], r[6]): place(r) for r in regions},
        countries={r[3]: place(r) for r in countries},
    )


def _hid(*parts: object) -> str:
    return hashlib.sha1(":".join(map(str, parts)).encode()).hexdigest()[:16]


def _picker(rng: random.Random, weights: dict[str, int]) -> Callable[[], str]:
    keys, cum = list(weights), list(itertools.accumulate(weights.values()))
    return lambda: rng.choices(keys, cum_weights=cum)[0]


def generate(n: int, places: Places, *, seed: int = 1, end: dt.date = DEFAULT_END,
             days: int = DEFAULT_DAYS) -> tuple[list[tuple], list[tuple], list[tuple], list[tuple]]:
    """Rows for the articles, events, event_sources and mentions tables (store column order)."""
    rng = random.Random(f"synth:{seed}")
    pick_type, pick_prec, pick_dprec = (_picker(rng, w) for w in (TYPE_WEIGHTS, PRECISIONS, DATE_PRECISIONS))
    towns = rng.choices(places.settlements, cum_weights=places.cum_weights, k=n)
    articles, events, sources, mentions = [], [], [], []
    ingested = dt.datetime.combine(end, dt.time(12), dt.timezone.utc).isoformat(timespec="seconds")
    i = 0
    while i < n:
        size = min(n - i, rng.randint(1, 9))
        aid = _hid("synthetic-article", seed, len(articles))
        day = end - dt.timedelta(days=rng.randrange(days))
        language = rng.choice(tuple(templates()))
        headline = f"{SYNTHETIC}: news from {towns[i][0].name}, {day.isoformat()}"
        text, rows = headline + "\n\n", []
        for k in range(size):
            town, admin1_code = towns[i + k]
            precision = pick_prec()
            place = (places.regions.get((town.country, admin1_code), town) if precision == "region"
                     else places.countries.get(town.country, town) if precision == "country" else town)
            type_ = pick_type()
            template = rng.choice(templates()[language][type_])
            sentence = template.format(mark=MARK, place=place.name)
            start = len(text)
            text += sentence + " "
            m_start = start + len(template.split("{place}")[0].format(mark=MARK))
            low, high = CONFIDENCE[precision]
            confidence = round(rng.uniform(low, high), 2)
            conflicts = []
            if rng.random() < 0.03:
                conflicts = [f"{MARK} text says elsewhere, gazetteer says {place.admin1 or place.country}"]
                confidence = round(confidence * 0.6, 2)
            lag = dt.timedelta(days=rng.choice((0, 0, 0, 1, 2)))  # reported the same day or a little later
            date = max(end - dt.timedelta(days=days - 1), day - lag)
            cited = rng.sample(actors(), rng.randint(0, 2))
            eid = _hid("synthetic-event", seed, i + k)
            rows.append((
                eid, aid, type_, date.isoformat(), pick_dprec(), "synthetic",
                place.id, place.name, place.admin1, place.country, place.lat, place.lon, precision, confidence,
                json.dumps(conflicts, ensure_ascii=False), sentence, start, start + len(sentence),
                json.dumps([{"start": start, "end": start + len(sentence), "headline": False}]),
                headline, "", m_start, m_start + len(place.name), place.name,
                json.dumps(cited, ensure_ascii=False), "[]", "automatic", "[]",
            ))
            sources.append((eid, aid))
            mentions.append((aid, m_start, m_start + len(place.name), place.name, "toponym", Role.LOCATIVE.value, place.id,
                             place.name, place.country, place.lat, place.lon, precision, confidence))
        events += rows
        articles.append((aid, headline, text.rstrip(), "", SYNTHETIC, language, day.isoformat(), "day", "synthetic",
                         ingested, json.dumps([f"{SYNTHETIC}: generated by geo-events synth (seed {seed})"])))
        i += size
    return articles, events, sources, mentions


def fill(store: Store, n: int, *, seed: int = 1, end: dt.date = DEFAULT_END, days: int = DEFAULT_DAYS,
         gazetteer: Gazetteer | None = None) -> int:
    """Add n synthetic events to the store in one transaction; returns how many were new."""
    if n < 0 or days < 1:
        raise ValueError(f"need n >= 0 and days >= 1, got n={n}, days={days}")
    rows = generate(n, load_places(gazetteer), seed=seed, end=end, days=days)
    columns = [[c.name for c in table.columns if c.name != "seq"] for table in TABLES]
    count = select(func.count()).select_from(t.events)
    try:
        with store.transaction() as conn:
            before = conn.execute(count).scalar_one()
            for table, names, table_rows in zip(TABLES, columns, rows):
                statement = store.insert(table).on_conflict_do_nothing()
                ordered = "seq" in table.c
                first = store.seq(conn, len(table_rows)) if ordered else 0
                for i in range(0, len(table_rows), WRITE_ROWS):
                    part = table_rows[i:i + WRITE_ROWS]
                    values = [dict(zip(names, r)) for r in part]
                    if ordered:
                        for k, v in enumerate(values, first + i):
                            v["seq"] = k
                    conn.execute(statement, values)
            return conn.execute(count).scalar_one() - before
    except SQLAlchemyError as exc:
        raise StoreError(f"could not write synthetic events to {store.where}: {exc}") from exc
