"""Event scoring (geo.eval.events) on hand-made gold whose answers are known, the gold reader, and the command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.eval.events import (
    GoldArticle,
    GoldEvent,
    PredictedEvent,
    Prediction,
    evaluate_events,
    article_errors,
    errors_text,
    match_events,
    score_article_events,
)
from geo.eval.gold_events import gold_files, load_gold, load_gold_files, validate_gold
from geo.geodesy import haversine_km

D = dt.date.fromisoformat
KYIV = (50.45466, 30.5238)
KHARKIV = (49.98081, 36.25272)
PARIS = (48.85341, 2.3488)


def gold(type_: str, point: tuple[float, float], *days: str, status: str = "reported", optional: bool = False) -> GoldEvent:
    return GoldEvent(type_, *point, tuple(D(d) for d in days), status, optional=optional)


def pred(type_: str, point: tuple[float, float], day: str | None = None, status: str = "reported") -> PredictedEvent:
    return PredictedEvent(type_, *point, D(day) if day else None, status)


def north_of(point: tuple[float, float], km: float) -> tuple[float, float]:
    """A point `km` north of `point` (one degree of latitude is about 111.2 km)."""
    return point[0] + km / 111.195, point[1]


def test_a_prediction_within_30_km_matches_at_both_radii_one_at_100_km_only_at_161():
    assert 20 < haversine_km(*KYIV, *north_of(KYIV, 25)) < 30
    g = [gold("strike", KYIV, "2022-03-01")]
    near = score_article_events(g, [pred("strike", north_of(KYIV, 25), "2022-03-01")])
    far = score_article_events(g, [pred("strike", north_of(KYIV, 100), "2022-03-01")])
    assert near["place@30km"].matched == near["place@161km"].matched == 1
    assert far["place@30km"].matched == 0 and far["place@161km"].matched == 1


def test_typed_needs_the_same_type_and_dated_a_date_among_the_gold_dates():
    g = [gold("strike", KHARKIV, "2022-03-01", "2022-03-02")]
    wrong_type = score_article_events(g, [pred("clash", KHARKIV, "2022-03-01")])
    assert wrong_type["place@30km"].matched == 1 and wrong_type["typed@30km"].matched == 0
    second_day = score_article_events(g, [pred("strike", KHARKIV, "2022-03-02")])
    assert second_day["typed+dated@30km"].matched == 1
    wrong_day = score_article_events(g, [pred("strike", KHARKIV, "2022-03-05")])
    assert wrong_day["typed@30km"].matched == 1 and wrong_day["typed+dated@30km"].matched == 0
    undated = score_article_events(g, [pred("strike", KHARKIV, None)])
    assert undated["typed+dated@30km"].matched == 0


def test_a_gold_event_without_dates_accepts_any_predicted_date():
    counts = score_article_events([gold("meeting", PARIS)], [pred("meeting", PARIS, "2025-02-17")])
    assert counts["typed+dated@30km"].matched == 1


def test_matching_is_one_to_one_and_nearest_first():
    g = [gold("strike", KYIV), gold("strike", north_of(KYIV, 10))]
    p = [pred("strike", north_of(KYIV, 9)), pred("strike", north_of(KYIV, 1))]
    pairs = match_events(g, p, radius_km=30, mode="place")
    assert [(i, j) for i, j, _ in pairs] == [(0, 1), (1, 0)]
    twice = score_article_events([gold("strike", KYIV)], [pred("strike", KYIV), pred("strike", KYIV)])
    assert twice["place@30km"].matched == 1 and twice["place@30km"].predicted == 2
    assert twice["place@30km"].precision == 0.5 and twice["place@30km"].recall == 1.0


def test_background_and_planned_gold_and_background_predictions_are_left_out_unless_asked():
    g = [gold("strike", KYIV, status="reported"), gold("strike", KHARKIV, status="background"),
         gold("meeting", PARIS, status="planned")]
    p = [pred("strike", KYIV), pred("strike", KHARKIV, status="background"), pred("meeting", PARIS)]
    default = score_article_events(g, p)["place@30km"]
    assert (default.matched, default.gold, default.predicted) == (1, 1, 2)
    everything = score_article_events(g, p, include_all=True)["place@30km"]
    assert (everything.matched, everything.gold, everything.predicted) == (3, 3, 3)


def test_an_optional_gold_event_is_never_missed_and_a_prediction_on_it_is_not_counted_wrong():
    g = [gold("meeting", PARIS), gold("statement", KYIV, optional=True)]
    with_it = score_article_events(g, [pred("meeting", PARIS), pred("statement", KYIV)])["place@30km"]
    without = score_article_events(g, [pred("meeting", PARIS)])["place@30km"]
    assert (with_it.matched, with_it.gold, with_it.predicted) == (1, 1, 1)
    assert (without.matched, without.gold, without.predicted) == (1, 1, 1)


def test_errors_name_the_missed_gold_and_the_extra_predictions_but_not_an_optional_match():
    g = [gold("meeting", PARIS), gold("strike", KHARKIV), gold("statement", KYIV, optional=True)]
    p = [pred("meeting", north_of(PARIS, 20)), pred("strike", north_of(KHARKIV, 400)), pred("statement", KYIV)]
    missed, extra = article_errors(g, p)
    assert missed == [g[1]] and extra == [p[1]]
    text = errors_text([_article("fr", g)], [Prediction([], p)])
    assert text.splitlines()[0] == "fr-a [fr]" and "missed  strike" in text and text.count("extra") == 1


def _article(lang: str, events: list[GoldEvent], text: str = "", places=()) -> GoldArticle:
    return GoldArticle(f"{lang}-a", text, lang, D("2022-03-01"), list(places), events, has_places=bool(text))


def test_report_counts_per_language_and_overall_and_place_recognition():
    from geo.eval.corpora import GoldPlace

    text = "Shelling hit Kharkiv and Kyiv."
    places = [GoldPlace(13, 20, "Kharkiv", *KHARKIV), GoldPlace(25, 29, "Kyiv", *KYIV)]
    fr = _article("fr", [gold("strike", KHARKIV, "2022-03-01")], text, places)
    en = _article("en", [gold("strike", KYIV, "2022-03-01"), gold("clash", PARIS, "2022-03-01")])
    p_fr = Prediction([(13, 20, *KHARKIV), (0, 8, *PARIS)], [pred("strike", KHARKIV, "2022-03-01")])
    p_en = Prediction([], [pred("strike", KYIV, "2022-03-02")])
    report = evaluate_events("t", [fr, en], [p_fr, p_en])
    assert report.events["fr"]["typed+dated@161km"].recall == 1.0
    assert report.events["en"]["typed@161km"].recall == 0.5 and report.events["en"]["typed+dated@161km"].matched == 0
    assert report.events["all"]["place@30km"].matched == 2 and report.events["all"]["place@30km"].gold == 3
    places_fr = report.places["fr"]
    assert (places_fr.exact.tp, places_fr.exact.fp, places_fr.exact.fn) == (1, 1, 1)
    assert places_fr.found_within_161 == 1 and places_fr.gold_places == 2
    assert report.places["en"] is None  # the English gold has no place annotation
    out = report.to_dict()
    json.dumps(out)
    assert out["events"]["all"]["place@30km"]["recall"] == pytest.approx(2 / 3)
    assert "[fr]" in report.to_text() and "found and within 161 km" in report.to_text()


def _write_gold(folder: Path, obj: dict, text: str = "Kyiv\n\nShelling hit Kyiv.\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(text, encoding="utf-8")
    path = folder / "a.json"
    path.write_text(json.dumps(obj), encoding="utf-8")
    return path


GOOD = {"article": "a.txt", "language": "en", "published": "2022-03-01",
        "places": [{"text": "Kyiv", "start": 0, "end": 4, "kind": "settlement", "lat": KYIV[0], "lon": KYIV[1]}],
        "events": [{"type": "strike", "lat": KYIV[0], "lon": KYIV[1], "dates": ["2022-03-01"], "status": "reported"}]}


def test_the_gold_reader_reads_folders_recursively_and_the_article_beside_the_gold(tmp_path):
    _write_gold(tmp_path / "en", GOOD)
    [article] = load_gold_files([tmp_path])
    assert article.language == "en" and article.published == D("2022-03-01")
    assert article.places[0].text == "Kyiv" and article.events[0].dates == (D("2022-03-01"),)
    assert gold_files([tmp_path]) == [tmp_path / "en" / "a.json"]


@pytest.mark.parametrize("change, message", [
    ({"places": [{**GOOD["places"][0], "end": 3}]}, "not 'Kyiv'"),
    ({"events": [{**GOOD["events"][0], "type": "bombing"}]}, "type 'bombing'"),
    ({"events": [{**GOOD["events"][0], "status": "rumoured"}]}, "status 'rumoured'"),
    ({"events": [{**GOOD["events"][0], "lat": 123}]}, "lat"),
    ({"events": [{**GOOD["events"][0], "dates": ["1 March"]}]}, "not a date"),
    ({"article": "missing.txt"}, "not found"),
])
def test_bad_gold_is_refused_with_a_message_naming_the_problem(tmp_path, change, message):
    path = _write_gold(tmp_path, {**GOOD, **change})
    problems = validate_gold(path)
    assert len(problems) == 1 and message in problems[0]
    with pytest.raises(InputError):
        load_gold(path)


def test_the_shared_jour_1091_gold_reads_with_its_article_from_the_shared_folder(shared):
    article = load_gold(shared / "eval" / "jour-1091-gold.json")
    assert article.language == "fr" and article.published == D("2025-02-18") and len(article.text) > 1000
    assert len([e for e in article.events if not e.optional]) == 5 and not article.has_places


@pytest.mark.slow
def test_eval_events_on_a_small_gold_parses_with_the_real_pipeline(tmp_path, capsys):
    from geo.cli.main import main

    text = "Frappes sur Kharkiv\n\nDes frappes russes ont touché Kharkiv mardi 1er mars 2022, faisant dix morts.\n"
    start = text.index("Kharkiv", 20)
    obj = {"article": "a.txt", "language": "fr", "published": "2022-03-01",
           "places": [{"text": "Kharkiv", "start": 12, "end": 19, "kind": "settlement", "lat": KHARKIV[0], "lon": KHARKIV[1]},
                      {"text": "Kharkiv", "start": start, "end": start + 7, "kind": "settlement",
                       "lat": KHARKIV[0], "lon": KHARKIV[1]}],
           "events": [{"type": "strike", "lat": KHARKIV[0], "lon": KHARKIV[1], "dates": ["2022-03-01"],
                       "status": "reported"}]}
    _write_gold(tmp_path / "fr", obj, text)
    assert main(["eval", "events", str(tmp_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["articles"] == 1 and out["articles_per_language"] == {"fr": 1}
    assert out["events"]["fr"]["place@161km"]["recall"] == 1.0
    assert out["places"]["fr"]["found_within_161"] == 2
    assert main(["eval", "events", str(tmp_path)]) == 0
    assert "R@161" in capsys.readouterr().out


def test_eval_events_without_gold_or_with_a_missing_file_fails_with_a_message(tmp_path, capsys):
    from geo.cli.main import main

    assert main(["eval", "events"]) == 3
    assert "at least one gold" in capsys.readouterr().err
    assert main(["eval", "events", str(tmp_path / "nope.json")]) == 3
    assert "no such gold file" in capsys.readouterr().err
    assert main(["eval", "lgl", "extra.json"]) == 3


def test_a_place_inside_the_name_of_a_body_is_neither_required_nor_held_against(tmp_path):
    text = "МИД России\n\nМИД России заявил.\n"
    start = text.index("России", 12)
    obj = {**GOOD, "language": "ru", "places": [
        {"text": "России", "start": 4, "end": 10, "kind": "country", "lat": 60.0, "lon": 100.0, "in_name": "МИД России"},
        {"text": "России", "start": start, "end": start + 6, "kind": "country", "lat": 60.0, "lon": 100.0}]}
    [article] = load_gold_files([_write_gold(tmp_path, obj, text)])
    assert [p.start for p in article.places] == [start] and article.ignored == [(4, 10)]
    prediction = Prediction([(4, 10, 60.0, 100.0), (start, start + 6, 60.0, 100.0)], [])
    places = evaluate_events("t", [article], [prediction]).places["ru"]
    assert (places.exact.tp, places.exact.fp, places.exact.fn) == (1, 0, 0)
