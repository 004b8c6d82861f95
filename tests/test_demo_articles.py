"""The project's own demo articles end to end against their gold list (data/samples/gold.json)."""

import datetime as dt

import pytest

from geo.eval.score import great_circle_km
from geo.ingest.samples import demo_articles, demo_gold
from geo.model import DateInfo

pytestmark = pytest.mark.slow
TOLERANCE_KM = 30


@pytest.fixture(scope="module")
def parsed(pipeline):
    return {a.path.name: pipeline.parse(a.text, language=a.language, published=DateInfo(a.published),
                                        article_id=a.path.stem)
            for a in demo_articles()}


def _found(gold: dict, events) -> bool:
    dates = {gold["date"]}
    if gold.get("until"):
        start, end = dt.date.fromisoformat(gold["date"]), dt.date.fromisoformat(gold["until"])
        dates = {(start + dt.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)}
    return any(
        e.type.value == gold["type"] and great_circle_km(gold["lat"], gold["lon"], e.place.lat, e.place.lon)
        <= TOLERANCE_KM and e.date is not None and e.date.date.isoformat() in dates
        for e in events
    )


def test_most_gold_events_are_found(parsed):
    gold = demo_gold()
    found = [g for g in gold if _found(g, parsed[g["file"]].events)]
    missed = [(g["file"], g["type"], g["place"]) for g in gold if g not in found]
    # Recall on the project's own gold list; the misses are printed to show what is left.
    assert len(found) / len(gold) >= 0.80, missed  # 22 of 27 found now (four languages)


def test_traps_place_no_event(parsed):
    """Newspapers, metonymy and the word "réunion" put no event anywhere; Washington and New York
    appear only where the article has something happen there (the gold list says so)."""
    gold = demo_gold()
    for name, result in parsed.items():
        for e in result.events:
            assert e.place.country != "RE", (name, e.sentences[0].text)
            if e.place.name in ("New York City", "Washington"):
                assert any(g["file"] == name and great_circle_km(g["lat"], g["lon"], e.place.lat, e.place.lon)
                           <= TOLERANCE_KM for g in gold), (name, e.place, e.sentences[0].text)
