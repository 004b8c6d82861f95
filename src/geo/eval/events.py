"""Event scores against hand-made gold: recall and precision at 30 and 161 km, typed, typed and dated (pure, no I/O).

A predicted event matches a gold event of the same article when its point lies within the radius (and, for
"typed", it has the same type; for "typed+dated", its date is also one of the gold dates). Matching is one to
one and greedy by distance: all admissible pairs, nearest first, each event used once. Gold events whose
status is background or planned and predicted events marked background are left out unless asked.
Optional gold events (the text allows them but does not require them) never count as missed; a prediction
that matches one is neither right nor wrong, so it leaves the precision's denominator.
Place recognition is scored on the gold ``places`` spans with geo.eval.score (exact and overlap), with
"found and within 161 km": gold places overlapped by a predicted mention placed within 161 km of the gold point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from geo.eval.corpora import GoldDocument, GoldPlace
from geo.eval.score import (
    ACCURACY_KM,
    Scores,
    end_to_end_pairs,
    error_km,
    recognition_scores,
)
from geo.geodesy import haversine_km

RADII_KM = (30.0, 161.0)
MODES = ("place", "typed", "typed+dated")  # what a match needs beyond the radius
EXCLUDED_GOLD = frozenset({"background", "planned"})
EXCLUDED_PREDICTED = frozenset({"background"})
STATUSES = ("reported", "background", "planned")
TYPES = ("strike", "clash", "meeting", "statement", "protest", "other")


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One happening of the gold: type, point, the day(s) it may have happened, status."""

    type: str
    lat: float
    lon: float
    dates: tuple[dt.date, ...] = ()
    status: str = "reported"
    place: str = ""
    what: str = ""
    optional: bool = False


@dataclass(frozen=True, slots=True)
class PredictedEvent:
    """One event of the parser, reduced to what is scored."""

    type: str
    lat: float
    lon: float
    date: dt.date | None = None
    status: str = "reported"
    place: str = ""


@dataclass(slots=True)
class GoldArticle:
    """An annotated article: its text, language, publication date, place spans and events."""

    id: str
    text: str
    language: str
    published: dt.date | None
    places: list[GoldPlace] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)
    has_places: bool = False  # whether the gold annotates every place span (place recognition is scored)
    # Place spans inside the proper name of a body ("in_name": МИД России): neither required nor held against.
    ignored: list[tuple[int, int]] = field(default_factory=list)

    def as_document(self) -> GoldDocument:
        """The article as geo.eval.score's document (spans and points)."""
        return GoldDocument(self.id, self.text, self.language, list(self.places), self.published)


@dataclass(slots=True)
class Prediction:
    """What the parser gave for one article: mentions as (start, end, lat, lon or None) and events."""

    mentions: list[tuple[int, int, float | None, float | None]] = field(default_factory=list)
    events: list[PredictedEvent] = field(default_factory=list)


def _admissible(g: GoldEvent, p: PredictedEvent, radius: float, mode: str) -> float | None:
    """Distance of the pair when it may match under ``mode`` within ``radius``, else None."""
    if mode != "place" and g.type != p.type:
        return None
    # No gold date: the text does not say when, so any predicted date is accepted.
    if mode == "typed+dated" and g.dates and p.date not in g.dates:
        return None
    km = haversine_km(g.lat, g.lon, p.lat, p.lon)
    return km if km <= radius else None


def match_events(gold: Sequence[GoldEvent], predicted: Sequence[PredictedEvent], *, radius_km: float,
                 mode: str = "place") -> list[tuple[int, int, float]]:
    """One-to-one greedy matching by distance: (gold index, predicted index, km), nearest pairs first."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    pairs = sorted(
        (km, i, j)
        for i, g in enumerate(gold)
        for j, p in enumerate(predicted)
        if (km := _admissible(g, p, radius_km, mode)) is not None
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    out = []
    for km, i, j in pairs:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            out.append((i, j, km))
    return sorted(out)


@dataclass(slots=True)
class Counts:
    """Matched, gold and predicted event counts; recall and precision from them."""

    matched: int = 0
    gold: int = 0
    predicted: int = 0

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    def add(self, other: Counts) -> None:
        self.matched += other.matched
        self.gold += other.gold
        self.predicted += other.predicted

    def to_dict(self) -> dict[str, Any]:
        return {"matched": self.matched, "gold": self.gold, "predicted": self.predicted,
                "recall": self.recall, "precision": self.precision}


def _key(radius: float, mode: str) -> str:
    return f"{mode}@{radius:g}km"


def score_article_events(gold: Sequence[GoldEvent], predicted: Sequence[PredictedEvent], *,
                         include_all: bool = False) -> dict[str, Counts]:
    """Counts of one article for every radius and mode ('place@30km', 'typed+dated@161km', …)."""
    required = [g for g in gold if not g.optional and (include_all or g.status not in EXCLUDED_GOLD)]
    optional = [g for g in gold if g.optional and (include_all or g.status not in EXCLUDED_GOLD)]
    preds = [p for p in predicted if include_all or p.status not in EXCLUDED_PREDICTED]
    out = {}
    for radius in RADII_KM:
        for mode in MODES:
            pairs = match_events(required, preds, radius_km=radius, mode=mode)
            used = {j for _, j, _ in pairs}
            rest = [p for j, p in enumerate(preds) if j not in used]
            excused = len(match_events(optional, rest, radius_km=radius, mode=mode)) if optional else 0
            out[_key(radius, mode)] = Counts(len(pairs), len(required), len(preds) - excused)
    return out


def article_errors(gold: Sequence[GoldEvent], predicted: Sequence[PredictedEvent], *, radius_km: float = 161.0,
                   include_all: bool = False) -> tuple[list[GoldEvent], list[PredictedEvent]]:
    """The gold events no prediction matched by place within the radius, and the predictions matching none."""
    required = [g for g in gold if not g.optional and (include_all or g.status not in EXCLUDED_GOLD)]
    preds = [p for p in predicted if include_all or p.status not in EXCLUDED_PREDICTED]
    pairs = match_events(required, preds, radius_km=radius_km)
    matched_gold, matched_pred = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    rest = [p for j, p in enumerate(preds) if j not in matched_pred]
    optional = [g for g in gold if g.optional]
    excused = {j for _, j, _ in match_events(optional, rest, radius_km=radius_km)} if optional else set()
    return ([g for i, g in enumerate(required) if i not in matched_gold],
            [p for j, p in enumerate(rest) if j not in excused])


def errors_text(articles: Sequence[GoldArticle], predictions: Sequence[Prediction], *,
                include_all: bool = False) -> str:
    """Per article, the missed gold events and the extra predictions (place within 161 km), for reading."""
    lines = []
    for article, prediction in zip(articles, predictions, strict=True):
        missed, extra = article_errors(article.events, prediction.events, include_all=include_all)
        if not missed and not extra:
            continue
        lines.append(f"{article.id} [{article.language}]")
        lines += [f"  missed  {g.type:<9} {g.place or f'{g.lat:.2f},{g.lon:.2f}'}: {g.what}" for g in missed]
        lines += [f"  extra   {p.type:<9} {p.place} {p.date or ''} ({p.status})" for p in extra]
    return "\n".join(lines)


@dataclass(slots=True)
class PlaceScores:
    """Place recognition on the gold spans and the share of gold places found and placed within 161 km."""

    exact: Scores
    overlap: Scores
    gold_places: int
    found_within_161: int

    @property
    def found_within_161_share(self) -> float | None:
        return self.found_within_161 / self.gold_places if self.gold_places else None

    def to_dict(self) -> dict[str, Any]:
        return {"exact": asdict(self.exact), "overlap": asdict(self.overlap), "gold_places": self.gold_places,
                "found_within_161": self.found_within_161, "found_within_161_share": self.found_within_161_share}


def score_places(articles: Sequence[GoldArticle], predictions: Sequence[Prediction]) -> PlaceScores | None:
    """Recognition P/R/F1 (exact, overlap) and found-within-161 km over the articles whose gold has places."""
    pairs = [(a, p) for a, p in zip(articles, predictions, strict=True) if a.has_places]
    if not pairs:
        return None
    docs = [a.as_document() for a, _ in pairs]
    kept = [[m for m in p.mentions if not any(min(m[1], e) > max(m[0], s) for s, e in a.ignored)] for a, p in pairs]
    spans = [[(s, e) for s, e, _, _ in mentions] for mentions in kept]
    found = 0
    for doc, mentions_kept in zip(docs, kept, strict=True):
        mentions = [_PointMention(s, e, None if lat is None or lon is None else (lat, lon))
                    for s, e, lat, lon in mentions_kept]
        for place, point in end_to_end_pairs(doc, mentions):  # type: ignore[arg-type]
            found += point is not None and place.has_coordinates and error_km(place, point) <= ACCURACY_KM
    return PlaceScores(recognition_scores(docs, spans, mode="exact"), recognition_scores(docs, spans, mode="overlap"),
                       sum(len(d.places) for d in docs), found)


@dataclass(frozen=True, slots=True)
class _PointMention:
    """Just enough of a Mention for score.end_to_end_pairs: a span and its predicted point."""

    start: int
    end: int
    place: tuple[float, float] | None


@dataclass(slots=True)
class EventReport:
    """Event and place scores per language and overall."""

    corpus: str
    articles: int
    include_all: bool
    events: dict[str, dict[str, Counts]]  # language or "all" -> key -> counts
    places: dict[str, PlaceScores | None]
    articles_per_language: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able: every count, recall and precision."""
        return {
            "corpus": self.corpus, "articles": self.articles, "include_all": self.include_all,
            "articles_per_language": self.articles_per_language,
            "events": {lang: {k: c.to_dict() for k, c in by_key.items()} for lang, by_key in self.events.items()},
            "places": {lang: (s.to_dict() if s else None) for lang, s in self.places.items()},
        }

    def to_text(self) -> str:
        """A readable table: one block per language, then all."""
        def pct(x: float | None) -> str:
            return "   -" if x is None else f"{x:.2f}"

        lines = [f"events on {self.corpus}: {self.articles} articles"
                 + (" (background and planned included)" if self.include_all else "")]
        for lang in self.events:
            first = self.events[lang][_key(RADII_KM[0], MODES[0])]
            n = self.articles_per_language.get(lang, self.articles)
            lines.append(f"\n[{lang}] {n} articles, {first.gold} gold events, {first.predicted} predicted")
            lines.append(f"  {'match':<14}" + "".join(f"{f'R@{r:g}':>8}{f'P@{r:g}':>8}" for r in RADII_KM))
            for mode in MODES:
                row = f"  {mode:<14}"
                for radius in RADII_KM:
                    c = self.events[lang][_key(radius, mode)]
                    row += f"{pct(c.recall):>8}{pct(c.precision):>8}"
                lines.append(row)
            s = self.places.get(lang)
            if s is not None:
                lines.append(f"  places ({s.gold_places} gold)   P      R      F1")
                for label, sc in (("exact", s.exact), ("overlap", s.overlap)):
                    lines.append(f"    {label:<12}{sc.precision:>7.3f}{sc.recall:>7.3f}{sc.f1:>7.3f}")
                lines.append(f"    found and within 161 km: {pct(s.found_within_161_share)}"
                             f" ({s.found_within_161}/{s.gold_places})")
        return "\n".join(lines)


def evaluate_events(corpus: str, articles: Sequence[GoldArticle], predictions: Sequence[Prediction], *,
                    include_all: bool = False) -> EventReport:
    """Score predictions (one per article, same order) per language and overall ('all')."""
    if len(articles) != len(predictions):
        raise ValueError(f"{len(articles)} articles but {len(predictions)} predictions")
    languages = sorted({a.language for a in articles})
    events: dict[str, dict[str, Counts]] = {lang: {} for lang in [*languages, "all"]}
    for article, prediction in zip(articles, predictions, strict=True):
        counts = score_article_events(article.events, prediction.events, include_all=include_all)
        for lang in (article.language, "all"):
            for key, c in counts.items():
                events[lang].setdefault(key, Counts()).add(c)
    places: dict[str, PlaceScores | None] = {}
    for lang in [*languages, "all"]:
        chosen = [(a, p) for a, p in zip(articles, predictions, strict=True) if lang == "all" or a.language == lang]
        places[lang] = score_places([a for a, _ in chosen], [p for _, p in chosen])
    per_language = {lang: sum(a.language == lang for a in articles) for lang in languages}
    return EventReport(corpus, len(articles), include_all, events, places, per_language)
