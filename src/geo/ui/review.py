"""The Review page's logic (no streamlit): what to check, the places to choose from, searching, the small map."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import folium

from geo.errors import SettingsError
from geo.gazetteer.corrected import point_id
from geo.model import EventType, Place, PlaceKind
from geo.settings import value
from geo.store.db import COARSE_PRECISIONS, REVIEW_CONFIDENCE
from geo.ui import mapview

UNREACHABLE = "online geocoder unreachable, offline result kept"
_PRECISION = {PlaceKind.SETTLEMENT: "settlement", PlaceKind.DISTRICT: "district", PlaceKind.REGION: "region",
              PlaceKind.COUNTRY: "country", PlaceKind.AREA: "area", PlaceKind.CONTINENT: "continent"}
TYPES = tuple(t.value for t in EventType)
SEARCH_LIMIT = 8
NAMED_POINT_KM = 25.0  # a click this close to a town is named after it


@dataclass(frozen=True)
class Choice:
    """A place a reviewer can give an event: what to show, and what Store.correct takes."""

    label: str
    place: dict[str, Any]
    how: str  # candidate, gazetteer, online, map


@dataclass
class SearchResult:
    choices: list[Choice] = field(default_factory=list)
    notice: str = ""


def reasons(event: Mapping[str, Any]) -> list[str]:
    """Why an event is in the queue, in words."""
    out = []
    if event.get("confidence", 1.0) < REVIEW_CONFIDENCE:
        out.append(f"low confidence ({event['confidence']:.2f})")
    out += [f"conflict: {c}" for c in event.get("conflicts") or []]
    if event.get("precision") in COARSE_PRECISIONS:
        out.append(f"placed at a {event['precision']} centre, not a town")
    return out


def event_label(event: Mapping[str, Any]) -> str:
    """One line naming an event in the queue chooser."""
    where = ", ".join(x for x in (event.get("place"), event.get("country")) if x)
    return f"{event['type']} · {where} · {event.get('date') or 'undated'} · confidence {event['confidence']:.2f}"


def sentence_parts(event: Mapping[str, Any]) -> tuple[str, str, str]:
    """The event's sentence cut around its place name: (before, name, after); name '' when not inside."""
    sentence, base = event.get("sentence") or "", event.get("sentence_start") or 0
    start, end = event.get("mention_start"), event.get("mention_end")
    if start is None or end is None or not base <= start < end <= base + len(sentence):
        return sentence, "", ""
    return sentence[: start - base], sentence[start - base: end - base], sentence[end - base:]


def sentence_markdown(event: Mapping[str, Any]) -> str:
    """The sentence as literal markdown (nothing in it is markup) with the place name in bold."""
    from geo.ui.sources import plain

    before, name, after = sentence_parts(event)
    if not name:
        return plain(before)
    # plain() trims: the spaces around the name are put back, outside the ** (or they would not be bold).
    left = plain(before) + (" " if before[-1:].isspace() else "")
    right = (" " if after[:1].isspace() else "") + plain(after)
    return f"{left}**{plain(name)}**{right}"


def place_record(place: Place, precision: str | None = None) -> dict[str, Any]:
    """A gazetteer place as the dict Store.correct takes."""
    return {"place_id": place.id, "place": place.name, "admin1": place.admin1, "country": place.country,
            "lat": place.lat, "lon": place.lon, "precision": precision or _PRECISION[place.kind]}


def candidate_choices(event: Mapping[str, Any], gazetteer: Any = None) -> list[Choice]:
    """The places the resolver weighed for the event's name, best first (the gazetteer fills older rows)."""
    out = []
    for c in event.get("candidates") or []:
        place = gazetteer.get(c["id"]) if gazetteer is not None else None
        if place is not None:
            record = place_record(place)
        else:
            parts = [p.strip() for p in str(c.get("name", "")).split(",")]
            record = {"place_id": c["id"], "place": c.get("place") or parts[0], "admin1": c.get("admin1", ""),
                      "country": c.get("country") or (parts[-1] if len(parts) > 1 else ""),
                      "lat": c["lat"], "lon": c["lon"], "precision": c.get("kind") or "settlement"}
        if record["precision"] == "settlement" and event.get("precision") == "facility":
            record["precision"] = "facility"  # "the oil depot of X" stays a facility near the town chosen
        out.append(Choice(f"{c.get('name') or record['place']} (score {c.get('score', 0):.2f})", record, "candidate"))
    return out


def search(query: str, gazetteer: Any, online: Any = None) -> SearchResult:
    """Places named ``query``: the offline gazetteer's, then the online geocoders' when configured.

    An online geocoder that fails leaves the offline answer standing, with UNREACHABLE as the notice."""
    query = " ".join(query.split())
    result = SearchResult()
    if not query:
        result.notice = "Type a place name to search for."
        return result
    for place, how in gazetteer.lookup_fuzzy(query)[:SEARCH_LIMIT]:
        spelled = " (spelling variant)" if how.startswith("variant") else ""
        result.choices.append(Choice(f"{place.label}{spelled} · {place.kind.value}", place_record(place), "gazetteer"))
    if online is not None:
        before = len(online.failures)
        found = online.geocode(query, exactly_one=False, limit=SEARCH_LIMIT)
        if len(online.failures) > before:
            result.notice = UNREACHABLE
        for loc in found or []:
            result.choices.append(online_choice(loc, gazetteer))
    if not result.choices and not result.notice:
        result.notice = f"No place named {query!r} found."
    return result


def online_choice(location: Any, gazetteer: Any) -> Choice:
    """A geopy Location from an online geocoder as a choice (country and region from the nearest town)."""
    lat, lon = float(location.latitude), float(location.longitude)
    raw = location.raw if isinstance(location.raw, dict) else {}
    props = raw.get("properties") if isinstance(raw.get("properties"), dict) else {}  # Photon's GeoJSON
    country = str((raw.get("address") or {}).get("country_code") or props.get("countrycode") or "").upper()
    near = gazetteer.reverse(lat, lon) if gazetteer is not None else None
    name = str(location.address or "").split(",")[0].strip() or (near.name if near else f"{lat:.4f}, {lon:.4f}")
    record = {"place_id": point_id(lat, lon), "place": name, "admin1": near.admin1 if near else "",
              "country": country or (near.country if near else ""), "lat": lat, "lon": lon,
              "precision": "settlement"}
    return Choice(f"{location.address} (online)", record, "online")


def point_choice(lat: float, lon: float, gazetteer: Any, name: str = "") -> Choice:
    """A point clicked on the map: named as the article names the place (else after the town it lies in),
    its region and country those of the nearest town."""
    from geo.gazetteer.index import haversine_km

    near = gazetteer.reverse(lat, lon) if gazetteer is not None else None
    close = near is not None and haversine_km(lat, lon, near.lat, near.lon) <= NAMED_POINT_KM
    label = name.strip() or (near.name if close else f"{lat:.4f}, {lon:.4f}")
    record = {"place_id": point_id(lat, lon), "place": label, "admin1": near.admin1 if near else "",
              "country": near.country if near else "", "lat": round(lat, 5), "lon": round(lon, 5),
              "precision": "settlement"}
    return Choice(f"{label} at {lat:.4f}, {lon:.4f}", record, "map")


def online_geocoders(settings: Mapping[str, str] | None = None) -> Any:
    """A chain of the online geocoders GEO_GEOCODERS names (rate-limited, cached), or None if it names none."""
    from geo.geocoders import GeocoderChain, build_chain

    settings = os.environ if settings is None else settings
    names = value("GEO_GEOCODERS", settings) or []
    if all(n == "offline" for n in names):
        return None
    chain = build_chain({**settings, "GEO_GEOCODERS": ",".join(n for n in names if n != "offline")})
    if not isinstance(chain, GeocoderChain):
        raise SettingsError("GEO_GEOCODERS: could not build the online geocoders")
    return chain


def history(corrections: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Corrections as table rows: when, field, before, after."""
    return [{"when": c["at"], "field": c["field"], "before": _shown(c["before"]), "after": _shown(c["after"]),
             "how": c.get("how", "")} for c in corrections]


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        where = ", ".join(x for x in (value.get("place"), value.get("admin1"), value.get("country")) if x)
        return f"{where} ({value['lat']:.4f}, {value['lon']:.4f})"
    return str(value)


def review_map(event: Mapping[str, Any], choices: Sequence[Choice]) -> folium.Map:
    """A small map: the event's point (black ring) and its other candidate places (numbered, blue)."""
    m = mapview.base_map(mapview.local_assets(), center=(event["lat"], event["lon"]), zoom=6, outlines=True)
    for i, c in enumerate(choices, 1):
        folium.CircleMarker((c.place["lat"], c.place["lon"]), radius=6, color="#0072B2", fill=True,
                            fill_opacity=0.7, weight=1, tooltip=mapview.esc(f"{i}. {c.label}")).add_to(m)
    folium.CircleMarker((event["lat"], event["lon"]), radius=11, color="#000000", fill=False, weight=3,
                        tooltip=mapview.esc(f"now: {event['place']}")).add_to(m)
    points = [(c.place["lat"], c.place["lon"]) for c in choices] + [(event["lat"], event["lon"])]
    if len(points) > 1:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        m.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))], padding=(20, 20), max_zoom=9)
    return m
