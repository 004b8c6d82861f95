"""What the dashboard shows: ViewState ⇄ URL query parameters, and filtering a DataFrame of events (pure)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import urlencode

import pandas as pd

from geo.model import EventType

MODES = ("explore", "briefing")
TYPES = tuple(t.value for t in EventType)
MAX_ZOOM = 18
# Keys the URL may carry: ours, plus Streamlit's own (kept silently).
QUERY_KEYS = ("from", "to", "type", "country", "article", "q", "min_conf", "event", "lat", "lon", "zoom", "mode",
              "step", "lang", "autoplay", "status")
LANGS = ("en", "fr")  # interface languages (catalogues in geo/ui/locale)
STATUSES = ("reported", "background", "planned")  # an event's status (#11); events without one are reported
DEFAULT_STATUSES = ("planned", "reported")  # background events are hidden unless the view asks for them
MAX_AUTOPLAY = 3600
_FOREIGN_KEYS = ("embed", "embed_options")
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_MAX_Q = 200
# ASCII digits only: str.isdigit() and \d accept "²" and "٣", which int() and dates do not.
_WHOLE = re.compile(r"[0-9]{1,7}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
SEARCH_COLUMN = "_search"


def _clean_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({v for v in values if v}))


@dataclass(frozen=True)
class ViewState:
    """Everything a shared link restores: filters, selected event, map position, mode and briefing step."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    q: str = ""
    min_conf: float = 0.0
    event: str | None = None
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None
    mode: str = "explore"
    step: int = 0
    lang: str | None = None  # None: the browser's language
    autoplay: float | None = None  # briefing: seconds per step
    status: tuple[str, ...] = ()  # () = DEFAULT_STATUSES

    def __post_init__(self) -> None:
        # One canonical form (sorted sets, rounded floats) makes to_query/from_query an exact round trip.
        set_ = object.__setattr__
        set_(self, "types", _clean_tuple(self.types))
        set_(self, "countries", _clean_tuple(c.upper() for c in self.countries))
        set_(self, "articles", _clean_tuple(self.articles))
        set_(self, "status", _clean_tuple(self.status))
        # Lone surrogates cannot go into a URL: replaced, so that every view has a link.
        q = self.q.encode("utf-8", "replace").decode("utf-8") if _SURROGATE.search(self.q) else self.q
        set_(self, "q", " ".join(q.split())[:_MAX_Q].strip())
        set_(self, "min_conf", round(float(self.min_conf), 2))
        if self.lat is not None:
            set_(self, "lat", round(float(self.lat), 5))
        if self.lon is not None:
            set_(self, "lon", round(float(self.lon), 5))

    @classmethod
    def from_query(cls, params: Mapping[str, str | Sequence[str]]) -> tuple["ViewState", list[str]]:
        """Parse URL query parameters; malformed values are dropped with a notice, never raised."""
        try:
            return cls._from_query(params)
        except Exception:  # noqa: BLE001 - a link must never break the page: the default view, and why
            return cls(), ["This link could not be read: showing the default view."]

    @classmethod
    def _from_query(cls, params: Mapping[str, str | Sequence[str]]) -> tuple["ViewState", list[str]]:
        notices: list[str] = []
        get = _Getter(params)
        values: dict[str, Any] = {}

        for key, attr in (("from", "date_from"), ("to", "date_to")):
            raw = get.one(key)
            if raw is not None:
                try:
                    if not _DATE.fullmatch(raw):
                        raise ValueError(raw)
                    values[attr] = dt.date.fromisoformat(raw)
                except ValueError:
                    notices.append(f"Ignored {key}={raw!r}: not a date (YYYY-MM-DD).")
        if values.get("date_from") and values.get("date_to") and values["date_from"] > values["date_to"]:
            values["date_from"], values["date_to"] = values["date_to"], values["date_from"]
            notices.append("The link's dates were reversed: swapped them.")

        kept, bad = _split(get.many("type"), lambda t: t.lower() in TYPES, str.lower)
        values["types"] = kept
        if bad:
            notices.append(f"Ignored unknown event type(s) {', '.join(bad)} (known: {', '.join(TYPES)}).")
        kept, bad = _split(get.many("country"), lambda c: bool(_COUNTRY.match(c)), str.upper)
        values["countries"] = kept
        if bad:
            notices.append(f"Ignored country value(s) {', '.join(bad)}: expected two-letter codes such as RU, FR.")
        kept, bad = _split(get.many("article"), lambda a: bool(_ID.match(a)))
        values["articles"] = kept
        if bad:
            notices.append(f"Ignored malformed article id(s) {', '.join(bad)}.")

        q = get.one("q")
        if q is not None:
            values["q"] = q
            if len(" ".join(q.split())) > _MAX_Q:
                notices.append(f"The search text was cut to {_MAX_Q} characters.")

        raw = get.one("min_conf")
        if raw is not None:
            number = _float(raw)
            if number is None or not 0.0 <= number <= 1.0:
                notices.append(f"Ignored min_conf={raw!r}: expected a number from 0 to 1.")
            else:
                values["min_conf"] = number

        raw = get.one("event")
        if raw is not None:
            if _ID.match(raw):
                values["event"] = raw
            else:
                notices.append(f"Ignored event={raw!r}: not an event id.")

        lat, lon = get.one("lat"), get.one("lon")
        if lat is not None or lon is not None:
            flat, flon = _float(lat or ""), _float(lon or "")
            if flat is None or flon is None or not (-90 <= flat <= 90 and -180 <= flon <= 180):
                notices.append(f"Ignored the map centre lat={lat!r}, lon={lon!r}: both are needed, "
                               "latitude -90..90, longitude -180..180.")
            else:
                values["lat"], values["lon"] = flat, flon

        raw = get.one("zoom")
        if raw is not None:
            if _WHOLE.fullmatch(raw) and 0 <= int(raw) <= MAX_ZOOM:  # "²".isdigit(), but int("²") raises
                values["zoom"] = int(raw)
            else:
                notices.append(f"Ignored zoom={raw!r}: expected a whole number from 0 to {MAX_ZOOM}.")

        raw = get.one("mode")
        if raw is not None:
            if raw in MODES:
                values["mode"] = raw
            else:
                notices.append(f"Ignored mode={raw!r}: expected explore or briefing.")

        raw = get.one("step")
        if raw is not None:
            if _WHOLE.fullmatch(raw) and int(raw) < 1_000_000:
                values["step"] = int(raw)
            else:
                notices.append(f"Ignored step={raw!r}: expected a whole number from 0.")

        raw = get.one("lang")
        if raw is not None:
            if raw.lower() in LANGS:
                values["lang"] = raw.lower()
            else:
                notices.append(f"Ignored lang={raw!r}: expected {' or '.join(LANGS)}.")

        raw = get.one("autoplay")
        if raw is not None:
            number = _float(raw)
            if number is None or not 1 <= number <= MAX_AUTOPLAY:
                notices.append(f"Ignored autoplay={raw!r}: expected seconds per step, from 1 to {MAX_AUTOPLAY}.")
            else:
                values["autoplay"] = number

        wanted = get.many("status")
        if wanted == ["all"]:
            values["status"] = STATUSES
        else:
            kept, bad = _split(wanted, lambda v: v.lower() in STATUSES, str.lower)
            values["status"] = kept
            if bad:
                notices.append(f"Ignored unknown status value(s) {', '.join(bad)} (known: {', '.join(STATUSES)}).")

        unknown = [k for k in params if k not in QUERY_KEYS and k not in _FOREIGN_KEYS]
        if unknown:
            notices.append(f"Ignored unknown link parameter(s): {', '.join(sorted(unknown))}.")
        return cls(**values), notices

    def to_query(self) -> dict[str, str]:
        """The URL query parameters for this view: only the keys that differ from the default."""
        out: dict[str, str] = {}
        if self.date_from:
            out["from"] = self.date_from.isoformat()
        if self.date_to:
            out["to"] = self.date_to.isoformat()
        if self.types:
            out["type"] = ",".join(self.types)
        if self.countries:
            out["country"] = ",".join(self.countries)
        if self.articles:
            out["article"] = ",".join(self.articles)
        if self.q:
            out["q"] = self.q
        if self.min_conf:
            out["min_conf"] = repr(self.min_conf)
        if self.event:
            out["event"] = self.event
        if self.lat is not None and self.lon is not None:
            out["lat"], out["lon"] = repr(self.lat), repr(self.lon)
        if self.zoom is not None:
            out["zoom"] = str(self.zoom)
        if self.mode != "explore":
            out["mode"] = self.mode
        if self.step:
            out["step"] = str(self.step)
        if self.lang:
            out["lang"] = self.lang
        if self.autoplay:
            out["autoplay"] = f"{self.autoplay:g}"
        if self.status and self.status != DEFAULT_STATUSES:
            out["status"] = ",".join(self.status)
        return out

    def replace(self, **changes: Any) -> "ViewState":
        """A copy with some fields changed (normalised like the constructor)."""
        return dataclasses.replace(self, **changes)


class _Getter:
    """Query values as Streamlit gives them: a string, or a list when a key is repeated."""

    def __init__(self, params: Mapping[str, str | Sequence[str]]) -> None:
        self.params = params

    def _all(self, key: str) -> list[str]:
        value = self.params.get(key)
        if value is None:
            return []
        return [value] if isinstance(value, str) else [str(v) for v in value]

    def one(self, key: str) -> str | None:
        values = self._all(key)
        return values[-1].strip() if values else None

    def many(self, key: str) -> list[str]:
        return [part.strip() for value in self._all(key) for part in value.split(",") if part.strip()]


def _split(values: list[str], ok: Any, norm: Any = lambda v: v) -> tuple[tuple[str, ...], list[str]]:
    kept = tuple(norm(v) for v in values if ok(v))
    bad = [v for v in values if not ok(v)]
    return kept, bad


def _float(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


# ---------------------------------------------------------------- events as a DataFrame

def frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Store rows → the DataFrame the dashboard filters, with a casefolded search column."""
    df = pd.DataFrame(list(rows))
    if df.empty:
        df = pd.DataFrame(columns=["id", "type", "date", "place", "admin1", "country", "lat", "lon", "precision",
                                   "confidence", "conflicts", "sentence", "headline", "actors", "article_id",
                                   "sources"])
    actors = df["actors"].map(lambda a: " ".join(a) if isinstance(a, list) else str(a or ""))
    df[SEARCH_COLUMN] = (df["place"].fillna("") + "\n" + df["sentence"].fillna("") + "\n"
                         + df["headline"].fillna("") + "\n" + actors).str.casefold()
    return df.reset_index(drop=True)


def filter_mask(df: pd.DataFrame, view: ViewState, places: Sequence[str] = ()) -> pd.Series:
    """Which events the view's filters keep (the selected event and map position filter nothing);
    ``places``: the main names of the places the search text names in any language
    (geo.ui.place_search.place_names), whose events it finds too ("Харків" finds Kharkiv's)."""
    mask = pd.Series(True, index=df.index)
    if view.date_from:
        mask &= df["date"].notna() & (df["date"] >= view.date_from.isoformat())
    if view.date_to:
        mask &= df["date"].notna() & (df["date"] <= view.date_to.isoformat())
    if view.types:
        mask &= df["type"].isin(view.types)
    if view.countries:
        mask &= df["country"].isin(view.countries)
    if view.articles:
        wanted = set(view.articles)
        in_sources = df["sources"].map(lambda s: bool(wanted.intersection(s or ())))
        mask &= df["article_id"].isin(wanted) | in_sources
    if view.min_conf:
        mask &= df["confidence"] >= view.min_conf
    # The happening's status (#11): the parser's `event_status`, else a `status` holding one of STATUSES (the
    # stored `status` is the review state: automatic, corrected…). Anything else, or none, counts as reported.
    column = "event_status" if "event_status" in df else "status" if "status" in df else None
    if column is not None:
        status = df[column].where(df[column].isin(STATUSES), "reported")
        mask &= status.isin(view.status or DEFAULT_STATUSES).to_numpy()
    if view.q:
        column = df[SEARCH_COLUMN] if SEARCH_COLUMN in df else frame(df.to_dict("records"))[SEARCH_COLUMN]
        found = column.str.contains(view.q.casefold(), regex=False).to_numpy()
        if places:
            found = found | df["place"].isin(list(places)).to_numpy()
        mask &= found
    return mask


def filter_events(df: pd.DataFrame, view: ViewState, places: Sequence[str] = ()) -> pd.DataFrame:
    """The events the view's filters keep (``places``: as in filter_mask)."""
    mask = filter_mask(df, view, places)
    return df if mask.all() else df[mask]


def counts(shown: int, total: int, noun: str = "event") -> str:
    """'12 of 340 events' (or '340 events' when nothing is filtered out)."""
    plural = noun if total == 1 else noun + "s"
    return f"{total:,} {plural}" if shown == total else f"{shown:,} of {total:,} {plural}"


def date_bounds(df: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """The first and last event dates, or None when no event has a date."""
    dates = df["date"].dropna() if "date" in df else pd.Series(dtype=str)
    if dates.empty:
        return None
    return dt.date.fromisoformat(dates.min()), dt.date.fromisoformat(dates.max())


def per_day(df: pd.DataFrame, view: ViewState) -> pd.DataFrame:
    """Events per day (date, type, events, in_range) for the timeline: the view minus its date range."""
    mask = filter_mask(df, view.replace(date_from=None, date_to=None)) & df["date"].notna()
    # Only the two columns it counts: slicing the whole frame costs more than the counting at 100,000 events.
    grouped = df.loc[mask, ["date", "type"]].groupby(["date", "type"]).size().reset_index(name="events")
    lo = view.date_from.isoformat() if view.date_from else ""
    hi = view.date_to.isoformat() if view.date_to else "9999"
    grouped["in_range"] = (grouped["date"] >= lo) & (grouped["date"] <= hi)
    grouped["date"] = pd.to_datetime(grouped["date"])
    return grouped


def histogram_window(view: ViewState, bounds: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """The days the histogram spans: the chosen range with as much context on each side (at least a week),
    inside the data's dates; all of them when no range is chosen. One old event must not squash the rest."""
    lo, hi = bounds
    if view.date_from is None and view.date_to is None:
        return lo, hi
    start, end = view.date_from or lo, view.date_to or hi
    margin = max(end - start, dt.timedelta(days=7))
    return max(lo, start - margin), min(hi, end + margin)


def shift_days(view: ViewState, days: int, bounds: tuple[dt.date, dt.date]) -> ViewState:
    """Move the date window by whole days, keeping its width, clamped to the data's dates."""
    lo, hi = bounds
    start, end = view.date_from or lo, view.date_to or hi
    width = end - start
    start = min(max(start + dt.timedelta(days=days), lo), hi - width) if hi - width >= lo else lo
    return view.replace(date_from=start, date_to=start + width)


def check_against(view: ViewState, df: pd.DataFrame) -> tuple[ViewState, list[str]]:
    """Drop what a stale link points to (an event no longer stored), with a notice; the briefing clamps its
    step itself (briefing_step)."""
    notices = []
    if view.event and not (df["id"] == view.event).any():
        notices.append(f"The link's event {view.event} is not in this database (deleted or never stored).")
        view = view.replace(event=None)
    return view, notices


def briefing_order(df: pd.DataFrame) -> pd.DataFrame:
    """Filtered events in the order a briefing steps through them: by date, then by position in the article."""
    keys = [c for c in ("date", "article_id", "sentence_start", "id") if c in df]
    return df.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)


def briefing_step(view: ViewState, n: int) -> int:
    """The briefing step clamped to the events shown (0 when there are none)."""
    return min(max(view.step, 0), max(n - 1, 0))


def same_place(df: pd.DataFrame, event_id: str) -> pd.DataFrame:
    """Other events drawn at exactly the same point (their markers overlap)."""
    row = df[df["id"] == event_id]
    if row.empty:
        return df.iloc[0:0]
    lat, lon = row.iloc[0]["lat"], row.iloc[0]["lon"]
    return df[(df["lat"] == lat) & (df["lon"] == lon) & (df["id"] != event_id)]


def share_url(base: str, view: ViewState) -> str:
    """The link that reopens this view."""
    query = urlencode(view.to_query())
    return base.split("?", 1)[0] + ("?" + query if query else "")


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Filtered events as plain store-like records (internal columns dropped), for the exporters."""
    keep = [c for c in df.columns if not str(c).startswith("_")]
    out = df[keep].to_dict("records")
    for r in out:
        for key, value in r.items():
            if isinstance(value, float) and value != value:
                r[key] = None
    return out
