"""The real French digest end to end: the five events of its gold file, and none of its traps."""

import datetime as dt
import json

import pytest

from geo.eval.score import great_circle_km
from geo.export.records import event_record

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def digest(shared, pipeline):
    text = (shared / "samples" / "jour-1091-fr.txt").read_text(encoding="utf-8")
    gold = json.loads((shared / "eval" / "jour-1091-gold.json").read_text(encoding="utf-8"))
    return text, gold, pipeline.parse(text, article_id="digest")


def test_publication_date_from_the_day_counter(digest):
    _, gold, result = digest
    assert result.language == "fr"
    assert result.published.date == dt.date.fromisoformat(gold["published"])
    assert result.published.how == "day-counter"


def test_each_gold_event_is_found_within_tolerance(digest):
    _, gold, result = digest
    for g in gold["events"]:
        near = [e for e in result.events
                if great_circle_km(g["lat"], g["lon"], e.place.lat, e.place.lon) <= gold["tolerance_km"]]
        assert near, f"no event near {g['place']}"
        assert any(e.type.value == g["type"] and e.date and e.date.date.isoformat() in g["dates"] for e in near), \
            f"{g['place']}: {[(e.type.value, e.date) for e in near]}"


def test_one_event_per_happening(digest):
    _, gold, result = digest
    # The digest states five happenings (plus Tusk's statement in Warsaw, optional in the gold file).
    allowed = len(gold["events"]) + len(gold["optional_events"])
    assert len(gold["events"]) <= len(result.events) <= allowed
    riyadh = [e for e in result.events if great_circle_km(24.688, 46.722, e.place.lat, e.place.lon) < 30]
    assert len(riyadh) == 1 and len(riyadh[0].sentences) >= 2  # headline and body are one event


def test_andreapol_conflict_is_recorded(digest):
    _, _, result = digest
    (andreapol,) = [e for e in result.events if e.place.name.startswith("Andreapol")]
    assert andreapol.place.admin1 == "Tver Oblast"
    assert any("Krasnodar" in c and "Tver" in c for c in andreapol.conflicts)
    assert andreapol.confidence < 0.8


def test_traps_make_no_place_and_no_event(digest):
    text, gold, result = digest
    for e in result.events:
        assert e.place.country != "RE" and e.place.name not in ("New York City", "Washington")
        assert not (e.place.country == "US" and e.precision.value == "settlement")
    surfaces = {m.text.lower() for m in result.mentions}
    assert "réunion" not in surfaces and "mer" not in surfaces and "new york" not in surfaces
    washington = [m for m in result.mentions if m.text == "Washington"]
    assert washington and all(not m.locative for m in washington)


def test_offsets_point_into_the_text_as_given(digest):
    text, _, result = digest
    for m in result.mentions:
        assert text[m.start : m.end] == m.text
    for e in result.events:
        record = event_record(e)
        assert text[record["sentence_start"] : record["sentence_end"]] == record["sentence"]
        assert text[record["mention_start"] : record["mention_end"]] == e.mention.text
