"""Choose one gazetteer place per mention, using the rest of the document as evidence.

Two passes: first each mention on its own (population, kind, spelling), which fixes the
document's context (the countries and regions it names, where its other places lie); then every
mention again with that context. Where the text places a name in a region and the gazetteer has it
only elsewhere, the gazetteer's place stands, with a lower confidence and a recorded conflict.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol, Sequence

from geo.model import Candidate, Mention, Place, PlaceKind, Precision

MAX_CANDIDATES = 40
SHARPNESS = 5.0  # softmax temperature turning score gaps into confidence
_KIND_PRIOR = {
    PlaceKind.COUNTRY: 0.9,
    PlaceKind.CONTINENT: 0.8,
    PlaceKind.REGION: 0.55,
    PlaceKind.DISTRICT: 0.05,
    PlaceKind.SETTLEMENT: 0.0,
}
_FEATURE_BONUS = {"PPLC": 0.25, "PPLA": 0.1, "PPLA2": 0.05}
_PRECISION = {
    PlaceKind.SETTLEMENT: Precision.SETTLEMENT,
    PlaceKind.DISTRICT: Precision.DISTRICT,
    PlaceKind.REGION: Precision.REGION,
    PlaceKind.COUNTRY: Precision.COUNTRY,
    PlaceKind.CONTINENT: Precision.CONTINENT,
}


class Places(Protocol):
    """What resolution needs from a gazetteer."""

    def lookup_fuzzy(self, name: str) -> list[tuple[Place, str]]: ...
    def demonym(self, word: str) -> Place | None: ...


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def in_region(place: Place, region: Place) -> bool:
    """Whether a place lies in an admin-1 region (or is it)."""
    return place.country == region.country and place.admin1_code == region.admin1_code and bool(region.admin1_code)


@dataclass
class Context:
    """What the document as a whole says about where its story is."""

    countries: Counter[str] = field(default_factory=Counter)
    regions: list[Place] = field(default_factory=list)
    points: list[tuple[str, float, float]] = field(default_factory=list)  # (mention key, lat, lon)


def candidates_for(mention: Mention, places: Places) -> list[tuple[Place, str]]:
    """Gazetteer entries the mention's text may name, with how the name matched."""
    if mention.kind == "demonym":
        country = places.demonym(mention.text)
        return [(country, "demonym")] if country else []
    found = places.lookup_fuzzy(mention.text)[:MAX_CANDIDATES]
    if not found:
        # "American", "russe": a nationality word stands for its country.
        country = places.demonym(mention.text)
        if country is not None:
            mention.kind = "demonym"
            return [(country, "demonym")]
    if mention.source == "facility":
        settlements = [c for c in found if c[0].kind is PlaceKind.SETTLEMENT]
        found = settlements or found
    return found


def prior(place: Place, how: str) -> float:
    """Score of a candidate on its own: kind, size, importance, exactness of the name."""
    pop = math.log10(place.population + 1) / 7.0
    score = _KIND_PRIOR.get(place.kind, 0.0) + pop + _FEATURE_BONUS.get(place.feature_code, 0.0)
    if how.startswith("variant"):
        score -= 0.25
    return score


def resolve(mentions: Sequence[Mention], places: Places) -> None:
    """Choose a place for every mention (in place): candidates, confidence, precision, conflicts."""
    pool = {id(m): candidates_for(m, places) for m in mentions}
    # Pass 1: on their own.
    first: dict[int, tuple[Place, str] | None] = {}
    for m in mentions:
        cands = pool[id(m)]
        first[id(m)] = max(cands, key=lambda c: prior(*c)) if cands else None
    context = _context(mentions, first)
    # Pass 2: with the document's context.
    for m in mentions:
        cands = pool[id(m)]
        if not cands:
            m.place, m.candidates, m.confidence, m.precision = None, [], 0.0, None
            continue
        same_sentence_regions = [
            first[id(o)][0] for o in mentions
            if o is not m and o.sentence == m.sentence and first[id(o)] is not None
            and first[id(o)][0].kind is PlaceKind.REGION
        ]
        scored = []
        for place, how in cands:
            score, reasons = _score(m, place, how, context, same_sentence_regions)
            scored.append(Candidate(place, score, reasons))
        scored.sort(key=lambda c: -c.score)
        m.candidates = scored[:5]
        best = scored[0]
        m.place = best.place
        m.confidence = _confidence(scored, best, cands)
        m.precision = Precision.FACILITY if m.source == "facility" and best.place.kind is PlaceKind.SETTLEMENT \
            else _PRECISION[best.place.kind]
        _record_conflicts(m, same_sentence_regions, cands)


def _context(mentions: Sequence[Mention], first: dict[int, tuple[Place, str] | None]) -> Context:
    ctx = Context()
    for m in mentions:
        chosen = first[id(m)]
        if chosen is None:
            continue
        place = chosen[0]
        if place.country:
            ctx.countries[place.country] += 1
        if place.kind is PlaceKind.REGION:
            ctx.regions.append(place)
        if place.kind in (PlaceKind.SETTLEMENT, PlaceKind.DISTRICT):
            ctx.points.append((m.text.lower(), place.lat, place.lon))
    return ctx


def _score(m: Mention, place: Place, how: str, ctx: Context, sentence_regions: list[Place]) -> tuple[float, list[str]]:
    score = prior(place, how)
    reasons = [f"{place.kind.value}, population {place.population:,}"]
    if how.startswith("variant"):
        reasons.append(f"spelling variant ({how.split(':', 1)[-1]})")
    total = sum(ctx.countries.values())
    if place.country and total:
        # Share of the document's other places in this country (this mention's own vote removed).
        share = (ctx.countries[place.country] - 1) / max(total - 1, 1) if ctx.countries[place.country] else 0.0
        if share > 0:
            score += 0.8 * share
            reasons.append(f"{share:.0%} of the other places are in {place.country}")
    if place.kind in (PlaceKind.SETTLEMENT, PlaceKind.DISTRICT):
        if any(in_region(place, r) for r in sentence_regions):
            score += 1.2
            reasons.append("in the region the sentence names")
        elif any(in_region(place, r) for r in ctx.regions):
            score += 0.6
            reasons.append("in a region the article names")
        others = [(lat, lon) for key, lat, lon in ctx.points if key != m.text.lower()]
        if others:
            nearest = min(haversine_km(place.lat, place.lon, lat, lon) for lat, lon in others)
            score += 0.5 * math.exp(-nearest / 300.0)
            if nearest < 300:
                reasons.append(f"{nearest:.0f} km from another place of the story")
    return score, reasons


def _confidence(scored: list[Candidate], best: Candidate, cands: list[tuple[Place, str]]) -> float:
    """Softmax share of the candidates within 50 km of the best, discounted for spelling variants.

    Paris the city and Paris the département are one answer on a map: they share the mass.
    """
    exps = [math.exp(SHARPNESS * (c.score - best.score)) for c in scored]
    near = sum(x for x, c in zip(exps, scored)
               if haversine_km(c.place.lat, c.place.lon, best.place.lat, best.place.lon) <= 50)
    share = near / sum(exps)
    how = next((h for p, h in cands if p == best.place), "exact")
    if how.startswith("variant"):
        share *= 0.8
    return round(min(0.99, max(0.05, share)), 3)


def _record_conflicts(m: Mention, sentence_regions: list[Place], cands: list[tuple[Place, str]]) -> None:
    """The sentence puts the name in a region where the gazetteer has no such place."""
    place = m.place
    if place is None or place.kind not in (PlaceKind.SETTLEMENT, PlaceKind.DISTRICT):
        return
    for region in sentence_regions:
        if region.country != place.country or in_region(place, region):
            continue
        if any(in_region(p, region) for p, _ in cands):
            continue
        where = place.admin1 or place.country
        m.conflicts.append(
            f"text says {region.name}, gazetteer says {where}: the gazetteer has no {place.name} in "
            f"{region.name}; the one kept is {haversine_km(place.lat, place.lon, region.lat, region.lon):.0f} km "
            f"from it"
        )
        m.confidence = round(m.confidence * 0.6, 3)
        return
