"""Choose one gazetteer place per mention, using the rest of the document as evidence.

Each candidate gets a score from what it is (kind, population, importance, spelling) and from the
document (the countries and regions it names, how near the story's other places are). The context
comes from a first pass on the candidates alone and is refined once with the second pass's choices.
Where the text places a name in a region and the gazetteer has it only elsewhere, the gazetteer's
place stands, with a lower confidence and a recorded conflict.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol, Sequence

from geo.geodesy import NamedPoints, haversine_km
from geo.lang.names import named_after
from geo.lang.regions import region_root
from geo.model import Candidate, Mention, Place, PlaceKind, Precision, Role

MAX_CANDIDATES = 40
CITY_REGION_KM = 100.0
LIST_SHARE = 2 / 3  # of the other names of a list that are regions of one country, to read a name as one
SHARPNESS = 5.0  # softmax temperature turning score gaps into confidence
_PRECISION = {
    PlaceKind.SETTLEMENT: Precision.SETTLEMENT,
    PlaceKind.DISTRICT: Precision.DISTRICT,
    PlaceKind.REGION: Precision.REGION,
    PlaceKind.COUNTRY: Precision.COUNTRY,
    PlaceKind.CONTINENT: Precision.CONTINENT,
    PlaceKind.AREA: Precision.AREA,
}


@dataclass(frozen=True)
class Weights:
    """How much each piece of evidence counts. Tuned on LGL and GeoVirus together (BENCHMARKS.md)."""

    country: float = 1.3  # prior by kind: a bare name is a country before it is a town
    continent: float = 0.8
    region: float = 0.8
    area: float = 1.0
    district: float = -0.2
    population: float = 0.8  # times log10(population + 1) / 7
    capital: float = 0.5
    admin_seat: float = 0.1
    variant: float = -0.25  # a spelling variant, not the name itself
    alternate: float = -0.25  # the name is only one of the place's alternate (often former) names
    country_share: float = 2.0  # times the share of the document's other places in the country
    country_share_names: float = 3.0  # ... in full from this many other names on; less below
    # (3, not the search's 2: Berlin beside one Russian name stays Berlin, for 3 LGL toponyms)
    sentence_region: float = 0.6  # lies in a region the same sentence names
    document_region: float = 0.5  # lies in a region the document names (less than one the sentence names)
    proximity: float = 0.25  # times exp(-distance to the story's nearest other place / scale)
    proximity_km: float = 100.0
    region_holds_story: float = 0.0  # a region candidate holding other places of the story
    world_capital: float = 0.6  # a national capital, in a story that spans three countries or more
    pair_proximity: float = 0.5  # times exp(-distance to the nearest reading of another name / scale)
    pair_candidates: int = 10  # readings per name that count for pair_proximity

    def kind_prior(self, kind: PlaceKind) -> float:
        """The prior of a kind of place (settlements are the zero point)."""
        return 0.0 if kind is PlaceKind.SETTLEMENT else getattr(self, kind.value)


DEFAULT_WEIGHTS = Weights()


class Places(Protocol):
    """What resolution needs from a gazetteer."""

    def lookup_fuzzy(self, name: str) -> list[tuple[Place, str]]: ...
    def demonym(self, word: str) -> Place | None: ...

    def region(self, iso2: str, admin1_code: str) -> Place | None: ...



def in_region(place: Place, region: Place) -> bool:
    """Whether a place lies in an admin-1 region (or is it)."""
    return place.country == region.country and place.admin1_code == region.admin1_code and bool(region.admin1_code)


@dataclass
class Context:
    """What the document as a whole says about where its story is."""

    countries: Counter[str] = field(default_factory=Counter)  # votes by distinct name
    regions: list[Place] = field(default_factory=list)
    points: list[tuple[str, float, float]] = field(default_factory=list)  # (name key, lat, lon)
    point_regions: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # region -> name keys in it
    # Every plausible reading of every name: "Athens" and "Henderson County" are both in Texas only once.
    readings: "Readings | None" = None
    _nearest: dict[tuple[int, str], float | None] = field(default_factory=dict, repr=False, compare=False)
    _index: NamedPoints | None = field(default=None, repr=False, compare=False)

    def nearest(self, place: Place, key: str) -> float | None:
        """Distance from a place to the story's nearest point named otherwise (km), remembered: a name
        repeated in a story asks again. The points are indexed on the first question, once complete."""
        k = (place.id, key)
        if k not in self._nearest:
            if self._index is None:
                self._index = NamedPoints(self.points)
            self._nearest[k] = self._index.nearest_km(place.lat, place.lon, key)
        return self._nearest[k]


def candidates_for(mention: Mention, places: Places) -> list[tuple[Place, str]]:
    """Gazetteer entries the mention's text may name, with how the name matched."""
    country = places.demonym(mention.text)
    if mention.kind == "demonym":
        return [(country, "demonym")] if country else []
    found = _exonyms(places.lookup_fuzzy(mention.text)[:MAX_CANDIDATES])
    root = None if found else region_root(mention.text)
    if root:
        # "la région de Koursk", "l'oblast de Zaporijjia": a region form on a town's name in any spelling.
        found = _exonyms(places.lookup_fuzzy(root)[:MAX_CANDIDATES])
    if mention.region_word or root:
        regions = _regions_named(root or mention.text, found, places)
        if regions:
            return [(r, "exact") for r in regions]
    if country is not None and not any(
        how == "exact" and (p.kind is not PlaceKind.SETTLEMENT or p.population >= 100_000) for p, how in found
    ):
        # "Canadian", "russe": a nationality word stands for its country, not for a hamlet of that name.
        mention.kind = "demonym"
        return [(country, "demonym")]
    if mention.source == "facility":
        settlements = [c for c in found if c[0].kind is PlaceKind.SETTLEMENT]
        found = settlements or found
    capitals = {p.country for p, how in found if p.feature_code == "PPLC" and how == "exact"}
    if capitals:
        # A national capital is read before a region of its own country named like it ("Washington").
        found = [(p, how) for p, how in found if not (p.kind is PlaceKind.REGION and p.country in capitals)]
    areas = {p.country for p, how in found if p.kind is PlaceKind.AREA and how == "exact"}
    if areas:
        # A sea or a territory is what its name means; a province abroad is named after it ("Red Sea" in
        # Sudan) or only shares it ("Gaza" in Mozambique).
        found = [(p, how) for p, how in found if not (p.kind is PlaceKind.REGION and p.country not in areas)]
    countries = {p.country for p, how in found if p.kind is PlaceKind.COUNTRY and how == "exact"}
    if countries:
        # A country's own name is the country, not its capital that shares it ("Mexico", "Guatemala").
        found = [(p, how) for p, how in found if not (p.feature_code == "PPLC" and p.country in countries)]
    return found


def _regions_named(name: str, found: list[tuple[Place, str]], places: Places) -> list[Place]:
    """The regions a name read as a region may be: "Washington state" the region of that name; "the
    Kharkiv and Sumy regions" the regions these towns name; "the Kyiv region" Kyiv Oblast, around the
    city-region of Kyiv, which is the city."""
    regions = [p for p, how in found if p.kind is PlaceKind.REGION and how == "exact"]
    regions += [r for p, how in found if p.kind is PlaceKind.SETTLEMENT
                and (r := places.region(p.country, p.admin1_code)) is not None and named_after(r.name, p.name)]
    regions += [p for p, how in places.lookup_fuzzy(f"{name} region") if p.kind is PlaceKind.REGION and how == "exact"]
    towns = [p for p, _ in found if p.kind is PlaceKind.SETTLEMENT]
    regions = list(dict.fromkeys(regions))
    return [r for r in regions if not _is_city_region(r, towns)] or regions


def _exonyms(found: list[tuple[Place, str]]) -> list[tuple[Place, str]]:
    """An other name of a place larger than every place that bears it as its own name is that place's
    name in another language ("Moscou", "Odessa", "Pékin" beside Pekin, Illinois), not a former name of
    a small one ("Delhi" was Dili's) or of a town in the same country: it counts in full."""
    largest = max((p.population for p, how in found if how == "exact"), default=-1)
    # Within one country an other name is a former one: Elizabeth, New Jersey, was once Elizabethtown.
    countries = {p.country for p, how in found if how == "exact"}
    return [(p, "exonym" if how == "alternate" and p.population > largest and p.country not in countries else how)
            for p, how in found]


def prior(place: Place, how: str, w: Weights = DEFAULT_WEIGHTS) -> float:
    """Score of a candidate on its own: kind, size, importance, exactness of the name."""
    score = w.kind_prior(place.kind) + w.population * math.log10(place.population + 1) / 7.0
    if place.feature_code == "PPLC" and how != "alternate":  # "Delhi" is one of Dili's old names: no capital
        score += w.capital
    elif place.feature_code.startswith("PPLA"):
        score += w.admin_seat
    if how.startswith("variant"):
        score += w.variant
    elif how == "alternate":
        score += w.alternate
    return score


CITY_OVER_REGION = 1_000_000  # a settlement this large is what its name means, before its region


def _cities_before_regions(mentions: Sequence[Mention], pool: dict[int, list[tuple[Place, str]]],
                           chosen: dict[int, Place | None], w: Weights) -> None:
    """A city name is the city unless the text says otherwise: "New York" in a story with no other place
    in New York State is the city, not the state's centre. A story about the region's own places
    (upstate towns) may mean the state; a region word ("New York state") always does (in place)."""
    for m in mentions:
        cands = pool[id(m)]
        if m.region_word or len(cands) < 2:
            continue
        cities = [p for p, _ in cands if p.kind is PlaceKind.SETTLEMENT and p.population >= CITY_OVER_REGION]
        regions = [p for p, _ in cands if p.kind is PlaceKind.REGION and any(in_region(c, p) for c in cities)]
        if not regions:
            continue
        local = any(o.text != m.text and (c := chosen[id(o)]) is not None and c.kind is not PlaceKind.COUNTRY
                    and any(in_region(c, r) for r in regions) for o in mentions)
        if not local:
            pool[id(m)] = [(p, how) for p, how in cands if p not in regions]
            chosen[id(m)] = max(pool[id(m)], key=lambda c: prior(*c, w))[0]


def resolve(mentions: Sequence[Mention], places: Places, weights: Weights = DEFAULT_WEIGHTS) -> None:
    """Choose a place for every mention (in place): candidates, confidence, precision, conflicts."""
    pool = {id(m): candidates_for(m, places) for m in mentions}
    _read_holders(mentions, pool)
    chosen: dict[int, Place | None] = {
        id(m): max(pool[id(m)], key=lambda c: prior(*c, weights))[0] if pool[id(m)] else None for m in mentions
    }
    _cities_before_regions(mentions, pool, chosen, weights)
    for m in _listed_among_regions(mentions, chosen):
        m.region_word = True
        pool[id(m)] = candidates_for(m, places) or pool[id(m)]
    readings = Readings(mentions, pool, weights)
    same_sentence: dict[int, list[Mention]] = {}  # what the sentence-level readings compare, not the whole text
    for m in mentions:
        same_sentence.setdefault(m.sentence, []).append(m)
    for _ in range(2):  # context from the priors, then from the first contextual choice
        context = _context(mentions, chosen)
        context.readings = readings
        scored_all = {id(m): _ranked(m, pool[id(m)], context, chosen, same_sentence[m.sentence], weights)
                      for m in mentions}
        chosen = {k: (v[0].place if v else None) for k, v in scored_all.items()}
    for m in mentions:
        scored = scored_all[id(m)]
        if not scored:
            m.place, m.candidates, m.confidence, m.precision = None, [], 0.0, None
            continue
        best = scored[0]
        m.candidates = scored[:5]
        # "the Kharkiv region", "Iwate prefecture": a name read as a region stays the region.
        m.place = best.place if m.region_word or region_root(m.text) else _city_of(best.place, pool[id(m)])
        m.confidence = _confidence(scored, best, pool[id(m)])
        m.precision = _precision(m, m.place)
    final = {id(m): m.place for m in mentions}  # Hamburg the city-state is a city now, not a region
    for m in mentions:
        _record_conflicts(m, _nearest_region(m, same_sentence[m.sentence], final), pool[id(m)])


def _read_holders(mentions: Sequence[Mention], pool: dict[int, list[tuple[Place, str]]]) -> None:
    """"Athens, Georgia": where the second name has a reading that holds a reading of the first, keep
    only those readings of both (in place)."""
    at = {(m.sentence, m.start): m for m in mentions}
    for m in mentions:
        holder = at.get((m.sentence, m.within)) if m.within >= 0 else None
        if holder is None:
            continue
        wide = [p for p, _ in pool[id(holder)] if p.kind in (PlaceKind.REGION, PlaceKind.COUNTRY)]
        held = [(p, how) for p, how in pool[id(m)] if any(_holds(w, p) for w in wide)]
        if held:
            holders = {w.id for w in wide if any(_holds(w, p) for p, _ in held)}
            pool[id(m)] = held
            pool[id(holder)] = [(p, how) for p, how in pool[id(holder)] if p.id in holders]


def _holds(wide: Place, place: Place) -> bool:
    return place.id != wide.id and (in_region(place, wide) if wide.kind is PlaceKind.REGION
                                    else place.country == wide.country)


def _listed_among_regions(mentions: Sequence[Mention], chosen: dict[int, Place | None]) -> list[Mention]:
    """Names listed with regions of one country read as regions too ("Utah, Washington and Wyoming")."""
    lists: dict[tuple[int, int], list[Mention]] = {}
    for m in mentions:
        if m.listed >= 0:
            lists.setdefault((m.sentence, m.listed), []).append(m)
    out = []
    for names in lists.values():
        for m in names:
            mates = [chosen[id(o)] for o in names if o is not m and o.text.lower() != m.text.lower()]
            regions = Counter(p.country for p in mates if p is not None and p.kind is PlaceKind.REGION)
            if len(mates) >= 2 and regions and max(regions.values()) >= LIST_SHARE * len(mates) \
                    and not m.region_word and (chosen[id(m)] is None or chosen[id(m)].kind is not PlaceKind.REGION):
                out.append(m)
    return out


def _is_city_region(region: Place, towns: list[Place]) -> bool:
    """Whether a region is a city's own (Kyiv City, Moscow): a town named like it lies in it, near its point."""
    return any(in_region(t, region) and named_after(region.name, t.name)
               and haversine_km(t.lat, t.lon, region.lat, region.lon) <= CITY_REGION_KM for t in towns)


def _city_of(place: Place, cands: list[tuple[Place, str]]) -> Place:
    """A city-region is its city ("Moscow", "Geneva", "Berlin"): a settlement of the same name inside the
    region, near its point, stands for it, so that the map shows a town, not a region."""
    if place.kind is not PlaceKind.REGION:
        return place
    towns = [p for p, _ in cands if p.kind is PlaceKind.SETTLEMENT and in_region(p, place)
             and haversine_km(p.lat, p.lon, place.lat, place.lon) <= CITY_REGION_KM]
    return max(towns, key=lambda p: p.population) if towns else place


def _precision(m: Mention, place: Place) -> Precision:
    """A facility named near a settlement, or a landmark, is a facility; otherwise the place's kind."""
    if (m.source == "facility" and place.kind is PlaceKind.SETTLEMENT) or place.feature_code == "LDMK":
        return Precision.FACILITY
    return _PRECISION[place.kind]


def _ranked(m: Mention, cands: list[tuple[Place, str]], ctx: Context, chosen: dict[int, Place | None],
            mentions: Sequence[Mention], w: Weights) -> list[Candidate]:
    regions = _sentence_regions(m, mentions, chosen)
    current = chosen[id(m)]
    out = [Candidate(p, *_score(m, p, how, ctx, regions, w, current)) for p, how in cands]
    out.sort(key=lambda c: -c.score)
    return out


# Names that stand for someone, or for where things go, place nothing else ("entre nous et Washington").
_NOT_PLACING = (Role.ACTOR, Role.DIRECTION, Role.TOPIC)


def _sentence_regions(m: Mention, mentions: Sequence[Mention], chosen: dict[int, Place | None]) -> list[Place]:
    return [
        chosen[id(o)] for o in mentions
        if o is not m and o.sentence == m.sentence and chosen[id(o)] is not None
        and chosen[id(o)].kind is PlaceKind.REGION and o.role not in _NOT_PLACING
    ]


def _nearest_region(m: Mention, mentions: Sequence[Mention], chosen: dict[int, Place | None]) -> list[Place]:
    """The region the sentence puts this name in: the nearest region named in it ("celle de Kropotkinskaya,
    dans le kraï de Krasnodar, et celle d'Andreapol, dans la région de Tver")."""
    near = [
        (min(abs(o.start - m.end), abs(m.start - o.end)), chosen[id(o)]) for o in mentions
        if o is not m and o.sentence == m.sentence and chosen[id(o)] is not None
        and chosen[id(o)].kind is PlaceKind.REGION and o.role not in _NOT_PLACING
    ]
    return [min(near, key=lambda x: x[0])[1]] if near else []


class Readings:
    """The most plausible settlement readings of each distinct name, for pairwise proximity."""

    def __init__(self, mentions: Sequence[Mention], pool: dict[int, list[tuple[Place, str]]], w: Weights) -> None:
        self.points: list[tuple[str, float, float]] = []
        seen: set[str] = set()
        for m in mentions:
            key = m.text.lower()
            if key in seen:
                continue
            seen.add(key)
            local = [p for p, how in sorted(pool[id(m)], key=lambda c: -prior(*c, w))
                     if p.kind in (PlaceKind.SETTLEMENT, PlaceKind.DISTRICT)][: w.pair_candidates]
            self.points += [(key, p.lat, p.lon) for p in local]
        self._index = NamedPoints(self.points)
        self._nearest: dict[tuple[int, str], float | None] = {}

    def nearest(self, place: Place, key: str) -> float | None:
        """Distance from a place to the nearest reading of another name (km), remembered."""
        k = (place.id, key)
        if k not in self._nearest:
            self._nearest[k] = self._index.nearest_km(place.lat, place.lon, key)
        return self._nearest[k]


def _context(mentions: Sequence[Mention], chosen: dict[int, Place | None]) -> Context:
    ctx = Context()
    seen: set[tuple[str, int]] = set()
    for m in mentions:
        place = chosen[id(m)]
        if place is None:
            continue
        key = m.text.lower()
        if (key, place.id) in seen:
            continue  # a name repeated ten times is one piece of evidence, not ten
        seen.add((key, place.id))
        if place.country and m.role is not Role.ACTOR:  # "talks with Washington" says who, not where
            ctx.countries[place.country] += 1
        if place.kind is PlaceKind.REGION:
            ctx.regions.append(place)
        if place.kind in (PlaceKind.SETTLEMENT, PlaceKind.DISTRICT):
            ctx.points.append((key, place.lat, place.lon))
            ctx.point_regions.setdefault((place.country, place.admin1_code), set()).add(key)
    return ctx


def _score(m: Mention, place: Place, how: str, ctx: Context, sentence_regions: list[Place],
           w: Weights, current: Place | None) -> tuple[float, list[str]]:
    score = prior(place, how, w)
    reasons = [f"{place.kind.value}, population {place.population:,}"]
    if how.startswith("variant"):
        reasons.append(f"spelling variant ({how.split(':', 1)[-1]})")
    total = sum(ctx.countries.values())
    # The document's other places: this mention's own vote (for the country it chose so far) is left out.
    own = 1 if current is not None and current.country else 0
    if place.country and total - own > 0:
        mine = 1 if current is not None and current.country == place.country else 0
        share = (ctx.countries[place.country] - mine) / (total - own)
        if share > 0:
            # One other name is weak evidence: "Paris" beside "Ukraine" is not a Ukrainian village.
            score += w.country_share * share * min(1.0, (total - own) / w.country_share_names)
            reasons.append(f"{share:.0%} of the story's other places are in {place.country}")
    if place.feature_code == "PPLC" and (len(ctx.countries) >= 3 or m.role is Role.ACTOR):
        # International news names capitals for governments and summits ("talks in Washington"),
        # and a name that acts is a government ("entre nous et Washington").
        score += w.world_capital
        reasons.append("a capital, in an international story" if m.role is not Role.ACTOR else "a capital, acting")
    if place.kind is PlaceKind.REGION and ctx.point_regions.get((place.country, place.admin1_code), set()) - {
            m.text.lower()}:
        score += w.region_holds_story
        reasons.append("holds other places of the story")
    if place.kind in (PlaceKind.SETTLEMENT, PlaceKind.DISTRICT):
        if any(in_region(place, r) for r in sentence_regions):
            score += w.sentence_region
            reasons.append("in the region the sentence names")
        elif any(in_region(place, r) for r in ctx.regions):
            score += w.document_region
            reasons.append("in a region the article names")
    if place.kind not in (PlaceKind.COUNTRY, PlaceKind.CONTINENT):
        key = m.text.lower()
        nearest = ctx.nearest(place, key)
        if nearest is not None:
            score += w.proximity * math.exp(-nearest / w.proximity_km)
            if nearest < w.proximity_km:
                reasons.append(f"{nearest:.0f} km from another place of the story")
        if w.pair_proximity and ctx.readings is not None:
            nearest = ctx.readings.nearest(place, key)
            if nearest is not None:
                score += w.pair_proximity * math.exp(-nearest / w.proximity_km)
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
