"""Scores of the geoparser against gold corpora: recognition P/R/F1 and resolution error (pure, no models).

Recognition is scored on character spans, by exact match and by overlap (any shared character), each
gold span matched to at most one predicted span. Resolution follows Gritta et al. (2018), "What's missing
in geographical parsing?" (Lang. Resources & Evaluation 52): an unresolved toponym counts as an error of
20,039 km, the longest great-circle distance; accuracy@161 km, mean and median error, and the AUC of
the sorted log error curve (lower is better). It is reported given the gold spans and end to end, where
a gold place missed by recognition counts as unresolved.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from geo.eval.corpora import GoldDocument, GoldPlace
from geo.geodesy import haversine_km as great_circle_km
from geo.model import Mention

MAX_ERROR_KM = 20039.0  # half the Earth's circumference (Gritta et al. 2018)
ACCURACY_KM = 161.0  # 100 miles

Span = tuple[int, int]
# A predicted point: (lat, lon), anything with .lat and .lon (a Place), or None when unresolved.
Prediction = Any


@dataclass(frozen=True, slots=True)
class Scores:
    """Recognition scores on spans."""

    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int

    @classmethod
    def from_counts(cls, tp: int, fp: int, fn: int) -> Scores:
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1, tp, fp, fn)


@dataclass(frozen=True, slots=True)
class ResolutionScores:
    """Resolution error over the gold places that have coordinates; None metrics when there are none."""

    n: int
    resolved: int
    accuracy_161: float | None
    mean_km: float | None
    median_km: float | None
    auc: float | None



def _overlap(a: Span, b: Span) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def match_spans(gold: Sequence[Span], predicted: Sequence[Span], *, mode: str = "exact") -> list[tuple[int, int]]:
    """Pair gold and predicted spans one to one: (gold index, predicted index) for each match.

    ``exact`` pairs identical spans; ``overlap`` pairs spans sharing at least one character, as many as
    possible (maximum bipartite matching), trying the larger overlaps first.
    """
    if mode not in ("exact", "overlap"):
        raise ValueError(f"mode must be 'exact' or 'overlap', not {mode!r}")
    if mode == "exact":
        free: dict[Span, list[int]] = {}
        for j, (start, end) in enumerate(predicted):
            free.setdefault((start, end), []).append(j)
        pairs = []
        for i, (start, end) in enumerate(gold):
            if free.get((start, end)):
                pairs.append((i, free[(start, end)].pop(0)))
        return pairs
    options = [
        sorted((j for j, p in enumerate(predicted) if _overlap(g, p) > 0), key=lambda j: -_overlap(g, predicted[j]))
        for g in gold
    ]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def recognition_scores(
    gold: Sequence[GoldDocument], predicted: Sequence[Sequence[Span]], *, mode: str = "exact"
) -> Scores:
    """Micro-averaged precision, recall and F1 of predicted spans, one list per gold document."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} predictions")
    tp = fp = fn = 0
    for doc, spans in zip(gold, predicted, strict=True):
        gold_spans = [(p.start, p.end) for p in doc.places]
        matched = len(match_spans(gold_spans, spans, mode=mode))
        tp += matched
        fp += len(spans) - matched
        fn += len(gold_spans) - matched
    return Scores.from_counts(tp, fp, fn)


def _point(prediction: Prediction) -> tuple[float, float] | None:
    if prediction is None:
        return None
    if hasattr(prediction, "lat") and hasattr(prediction, "lon"):
        return float(prediction.lat), float(prediction.lon)
    lat, lon = prediction
    return float(lat), float(lon)


def error_km(place: GoldPlace, prediction: Prediction) -> float:
    """Distance from the gold point to the predicted one; MAX_ERROR_KM when unresolved."""
    point = _point(prediction)
    if point is None:
        return MAX_ERROR_KM
    return min(MAX_ERROR_KM, great_circle_km(place.lat, place.lon, *point))  # type: ignore[arg-type]


def auc_of_errors(errors: Sequence[float]) -> float:
    """Area under the curve of sorted, normalised log errors (Gritta et al. 2018); 0 is perfect, ~1 worst.

    AUC = trapezoid(sorted(ln(1 + e_i) / ln(20039)), dx=1) / (n - 1), i.e. in numpy
    ``np.trapz(sorted(np.log(1 + e) / np.log(20039))) / (len(e) - 1)``, exactly the formula of their code
    (``np.trapz(np.log(e + 1)) / (np.log(MAX_ERROR) * (len(e) - 1))`` on the sorted errors). An all
    unresolved set gives ln(20040) / ln(20039) = 1.000005. With one error the curve is that one point.
    """
    if not errors:
        raise ValueError("no errors to score")
    scale = math.log(MAX_ERROR_KM)
    ys = sorted(math.log1p(e) / scale for e in errors)
    if len(ys) == 1:
        return ys[0]
    area = sum((a + b) / 2 for a, b in zip(ys, ys[1:]))
    return area / (len(ys) - 1)


def resolution_scores(gold_places_with_predictions: Iterable[tuple[GoldPlace, Prediction]]) -> ResolutionScores:
    """Resolution scores over (gold place, predicted point or None) pairs; places without coordinates are skipped."""
    errors = []
    resolved = 0
    for place, prediction in gold_places_with_predictions:
        if not place.has_coordinates:
            continue
        resolved += _point(prediction) is not None
        errors.append(error_km(place, prediction))
    if not errors:
        return ResolutionScores(0, 0, None, None, None, None)
    return ResolutionScores(
        n=len(errors),
        resolved=resolved,
        accuracy_161=sum(e <= ACCURACY_KM for e in errors) / len(errors),  # Gritta's code: ln(1+e) < ln(161)
        mean_km=statistics.fmean(errors),
        median_km=statistics.median(errors),
        auc=auc_of_errors(errors),
    )


def end_to_end_pairs(doc: GoldDocument, mentions: Sequence[Mention]) -> list[tuple[GoldPlace, Prediction]]:
    """Each gold place with the place of the predicted mention overlapping it (one to one), or None."""
    pairs = match_spans([(p.start, p.end) for p in doc.places], [(m.start, m.end) for m in mentions], mode="overlap")
    found = {i: mentions[j].place for i, j in pairs}
    return [(place, found.get(i)) for i, place in enumerate(doc.places)]


@dataclass(slots=True)
class Report:
    """Scores of one run over one corpus."""

    corpus: str
    docs: int
    gold_toponyms: int
    gold_with_coordinates: int
    recognition_exact: Scores | None = None
    recognition_overlap: Scores | None = None
    resolution_gold_spans: ResolutionScores | None = None
    resolution_end_to_end: ResolutionScores | None = None
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict of every figure."""
        return asdict(self)

    def to_text(self) -> str:
        """A compact table for the terminal."""
        lines = [
            f"corpus {self.corpus}: {self.docs} docs, {self.gold_toponyms} gold toponyms, "
            f"{self.gold_with_coordinates} with coordinates ({self.seconds:.1f} s)"
        ]
        if self.recognition_exact or self.recognition_overlap:
            lines.append(f"{'recognition':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>7}{'fp':>7}{'fn':>7}")
            for label, s in (("exact", self.recognition_exact), ("overlap", self.recognition_overlap)):
                if s is not None:
                    lines.append(
                        f"  {label:<12}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>7}{s.fp:>7}{s.fn:>7}"
                    )
        rows = (("gold spans", self.resolution_gold_spans), ("end to end", self.resolution_end_to_end))
        if any(r is not None and r.n for _, r in rows):
            lines.append(f"{'resolution':<14}{'n':>7}{'acc@161':>9}{'mean km':>9}{'median km':>11}{'AUC':>7}")
            for label, r in rows:
                if r is not None and r.n:
                    lines.append(
                        f"  {label:<12}{r.n:>7}{r.accuracy_161:>9.3f}{r.mean_km:>9.0f}{r.median_km:>11.1f}{r.auc:>7.3f}"
                    )
        return "\n".join(lines)


def evaluate(
    corpus_name: str,
    docs: Sequence[GoldDocument],
    *,
    recognize: Callable[[GoldDocument], list[Mention]] | None = None,
    resolve_gold: Callable[[GoldDocument], list[Mention]] | None = None,
) -> Report:
    """Score a geoparser on gold documents.

    ``recognize`` returns the predicted mentions of a document (their ``.place`` scores end to end);
    ``resolve_gold`` returns one mention per gold place, in the order of ``doc.places``, with ``.place``
    None when unresolved. Resolution is scored only for corpora with coordinates.
    """
    began = time.perf_counter()
    places = [p for doc in docs for p in doc.places]
    with_coords = sum(p.has_coordinates for p in places)
    report = Report(corpus_name, len(docs), len(places), with_coords)
    if recognize is not None:
        predicted = [list(recognize(doc)) for doc in docs]
        spans = [[(m.start, m.end) for m in mentions] for mentions in predicted]
        report.recognition_exact = recognition_scores(docs, spans, mode="exact")
        report.recognition_overlap = recognition_scores(docs, spans, mode="overlap")
        if with_coords:
            report.resolution_end_to_end = resolution_scores(
                pair for doc, mentions in zip(docs, predicted, strict=True) for pair in end_to_end_pairs(doc, mentions)
            )
    if resolve_gold is not None and with_coords:
        pairs: list[tuple[GoldPlace, Prediction]] = []
        for doc in docs:
            mentions = list(resolve_gold(doc))
            if len(mentions) != len(doc.places):
                raise ValueError(f"{doc.id}: resolve_gold gave {len(mentions)} mentions for {len(doc.places)} places")
            pairs.extend((place, mention.place) for place, mention in zip(doc.places, mentions, strict=True))
        report.resolution_gold_spans = resolution_scores(pairs)
    report.seconds = time.perf_counter() - began
    return report
