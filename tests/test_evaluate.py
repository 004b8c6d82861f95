"""Evaluation metrics on hand-made gold and predictions whose answers are known."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from geo.eval.corpora import GoldDocument, GoldPlace
from geo.eval.score import (
    MAX_ERROR_KM,
    ResolutionScores,
    Scores,
    auc_of_errors,
    end_to_end_pairs,
    evaluate,
    great_circle_km,
    match_spans,
    recognition_scores,
    resolution_scores,
)
from geo.model import Mention, Place, PlaceKind

KM_PER_DEGREE = great_circle_km(0.0, 0.0, 1.0, 0.0)  # along a meridian


Coords = list[tuple[float, float] | None]


def _doc(text: str, spans: list[tuple[int, int]], coords: Coords | None = None) -> GoldDocument:
    coords = coords or [None] * len(spans)
    places = [
        GoldPlace(s, e, text[s:e], *(c if c else (None, None)), None, "")  # type: ignore[misc]
        for (s, e), c in zip(spans, coords, strict=True)
    ]
    return GoldDocument("d", text, "en", places, None)


def _place(lat: float, lon: float, name: str = "X") -> Place:
    return Place(1, name, "US", lat, lon, PlaceKind.SETTLEMENT)


def _north(lat: float, lon: float, km: float) -> tuple[float, float]:
    return lat + km / KM_PER_DEGREE, lon


def test_great_circle_known_distances():
    assert KM_PER_DEGREE == pytest.approx(111.195, abs=0.001)
    # Paris - London, about 344 km
    assert great_circle_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.5, abs=1.0)
    assert great_circle_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)


def test_recognition_exact_versus_overlap():
    gold = [_doc("Paris and the Loire valley, then Lyon", [(0, 5), (10, 26)])]
    predicted = [[(0, 5), (14, 19), (33, 37)]]
    exact = recognition_scores(gold, predicted, mode="exact")
    assert (exact.tp, exact.fp, exact.fn) == (1, 2, 1)
    assert exact.precision == pytest.approx(1 / 3)
    assert exact.recall == pytest.approx(1 / 2)
    assert exact.f1 == pytest.approx(0.4)
    overlap = recognition_scores(gold, predicted, mode="overlap")
    assert (overlap.tp, overlap.fp, overlap.fn) == (2, 1, 0)
    assert overlap.precision == pytest.approx(2 / 3)
    assert overlap.recall == 1.0
    assert overlap.f1 == pytest.approx(0.8)


def test_overlap_matching_is_one_to_one():
    # one gold span cut in two by the recogniser: one hit, one false positive
    assert len(match_spans([(0, 10)], [(0, 4), (5, 10)], mode="overlap")) == 1
    # two gold spans covered by one prediction: one hit, one miss
    assert len(match_spans([(0, 4), (5, 10)], [(0, 10)], mode="overlap")) == 1
    # a greedy pass would give (5, 12) to the first gold span and leave the second unmatched
    pairs = match_spans([(0, 10), (8, 12)], [(5, 12), (0, 3)], mode="overlap")
    assert pairs == [(0, 1), (1, 0)]
    # touching is not overlapping
    assert match_spans([(0, 5)], [(5, 9)], mode="overlap") == []
    # duplicate gold spans each need their own prediction
    assert match_spans([(0, 5), (0, 5)], [(0, 5)], mode="exact") == [(0, 0)]
    with pytest.raises(ValueError, match="mode"):
        match_spans([], [], mode="fuzzy")


def test_recognition_with_nothing_predicted_or_no_gold():
    gold = [_doc("Paris", [(0, 5)]), _doc("nothing", [])]
    assert recognition_scores(gold, [[], []]) == Scores(0.0, 0.0, 0.0, 0, 0, 1)
    assert recognition_scores(gold, [[(0, 5)], [(0, 7)]]) == Scores(0.5, 1.0, pytest.approx(2 / 3), 1, 1, 0)
    with pytest.raises(ValueError):
        recognition_scores(gold, [[]])


def test_resolution_accuracy_mean_median_with_100_and_200_km_errors():
    gold = _doc("A B C D", [(0, 1), (2, 3), (4, 5), (6, 7)], [(40.0, -75.0)] * 4)
    predictions = [(40.0, -75.0), _north(40.0, -75.0, 100), _north(40.0, -75.0, 200), None]
    scores = resolution_scores(zip(gold.places, predictions))
    assert scores.n == 4
    assert scores.resolved == 3
    assert scores.accuracy_161 == pytest.approx(0.5)  # 0 km and 100 km in, 200 km and unresolved out
    assert scores.mean_km == pytest.approx((0 + 100 + 200 + MAX_ERROR_KM) / 4, abs=0.01)
    assert scores.median_km == pytest.approx(150.0, abs=0.01)


def test_resolution_accepts_places_and_skips_gold_without_coordinates():
    gold = _doc("A B", [(0, 1), (2, 3)], [(10.0, 10.0), None])
    scores = resolution_scores(zip(gold.places, [_place(10.0, 10.0), _place(50.0, 50.0)]))
    assert (scores.n, scores.resolved, scores.accuracy_161, scores.mean_km, scores.auc) == (1, 1, 1.0, 0.0, 0.0)
    assert resolution_scores([]) == ResolutionScores(0, 0, None, None, None, None)


def test_auc_perfect_is_zero_and_all_unresolved_is_one():
    assert auc_of_errors([0.0] * 10) == 0.0
    worst = auc_of_errors([MAX_ERROR_KM] * 10)
    assert worst == pytest.approx(math.log(MAX_ERROR_KM + 1) / math.log(MAX_ERROR_KM))
    assert worst == pytest.approx(1.0, abs=1e-5)
    gold = _doc("A B", [(0, 1), (2, 3)], [(0.0, 0.0), (1.0, 1.0)])
    assert resolution_scores(zip(gold.places, [None, None])).auc == pytest.approx(1.0, abs=1e-5)


def test_auc_matches_gritta_formula():
    assert auc_of_errors([0.0, MAX_ERROR_KM]) == pytest.approx(0.5, abs=1e-5)  # ln(20040) / ln(20039) / 2
    assert auc_of_errors([MAX_ERROR_KM, 0.0, 0.0]) == pytest.approx(0.25, abs=1e-5)  # sorted: 0, 0, 1
    errors = [5.0, 0.0, 1200.0, 161.0, 20039.0, 42.0, 3.5]
    logs = np.sort(np.log(np.array(errors) + 1))
    reference = np.sum((logs[1:] + logs[:-1]) / 2) / (np.log(20039) * (len(errors) - 1))
    assert auc_of_errors(errors) == pytest.approx(float(reference))
    assert auc_of_errors([99.0]) == pytest.approx(math.log(100) / math.log(20039))


def test_end_to_end_pairs_match_by_overlap():
    gold = _doc("in New York City today", [(3, 16)], [(40.71, -74.01)])
    mentions = [Mention(0, 2, "in"), Mention(3, 11, "New York", place=_place(40.71, -74.01))]
    assert end_to_end_pairs(gold, mentions) == [(gold.places[0], mentions[1].place)]
    assert end_to_end_pairs(gold, [Mention(17, 22, "today", place=_place(0, 0))]) == [(gold.places[0], None)]


def _corpus() -> list[GoldDocument]:
    paris, lyon, london = (48.8566, 2.3522), (45.764, 4.8357), (51.5074, -0.1278)
    return [
        _doc("Paris and Lyon", [(0, 5), (10, 14)], [paris, lyon]),
        _doc("London calling", [(0, 6)], [london]),
    ]


def _recognize(doc: GoldDocument) -> list[Mention]:
    # finds Paris (right place), Lyon (placed in Paris: 392 km off), misses London, adds "calling"
    if doc.text.startswith("Paris"):
        paris = _place(48.8566, 2.3522)
        return [Mention(0, 5, "Paris", place=paris), Mention(10, 14, "Lyon", place=paris)]
    return [Mention(7, 14, "calling", place=_place(0.0, 0.0))]


def _resolve_gold(doc: GoldDocument) -> list[Mention]:
    return [Mention(p.start, p.end, p.text, source="gold", place=_place(p.lat, p.lon)) for p in doc.places]


def test_evaluate_report():
    report = evaluate("toy", _corpus(), recognize=_recognize, resolve_gold=_resolve_gold)
    assert (report.corpus, report.docs, report.gold_toponyms, report.gold_with_coordinates) == ("toy", 2, 3, 3)
    assert report.recognition_exact == Scores(2 / 3, 2 / 3, pytest.approx(2 / 3), 2, 1, 1)
    assert report.recognition_overlap == report.recognition_exact
    gold_spans = report.resolution_gold_spans
    assert (gold_spans.n, gold_spans.resolved, gold_spans.accuracy_161, gold_spans.auc) == (3, 3, 1.0, 0.0)
    e2e = report.resolution_end_to_end
    assert (e2e.n, e2e.resolved) == (3, 2)
    assert e2e.accuracy_161 == pytest.approx(1 / 3)
    assert e2e.median_km == pytest.approx(great_circle_km(48.8566, 2.3522, 45.764, 4.8357))
    data = json.loads(json.dumps(report.to_dict()))
    assert data["recognition_overlap"]["f1"] == pytest.approx(2 / 3)
    assert data["resolution_end_to_end"]["n"] == 3
    text = report.to_text()
    assert "toy" in text and "exact" in text and "overlap" in text
    assert "gold spans" in text and "end to end" in text and "acc@161" in text


def test_evaluate_without_coordinates_reports_recognition_only():
    docs = [_doc("Caen et la Villette", [(0, 4), (8, 19)])]
    calls = []

    def resolve_gold(doc):
        calls.append(doc)
        return []

    report = evaluate("hipe", docs, recognize=lambda d: [Mention(0, 4, "Caen")], resolve_gold=resolve_gold)
    assert report.recognition_exact.recall == 0.5
    assert report.resolution_gold_spans is None and report.resolution_end_to_end is None
    assert calls == []  # no resolution work for a corpus without coordinates
    assert "acc@161" not in report.to_text()


def test_evaluate_checks_resolve_gold_gives_one_mention_per_place():
    with pytest.raises(ValueError, match="1 mentions for 2 places"):
        evaluate("toy", _corpus()[:1], resolve_gold=lambda d: [Mention(0, 5, "Paris")])
