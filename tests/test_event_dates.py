"""An event's date when its sentence states none: the day an earlier sentence of the story set.

The real pipeline (spaCy models, gazetteer) on hand-written news texts published on Wednesday
19 February 2025; a few checks of ``carried_date`` itself on hand-made sentences.
"""

import datetime as dt

import pytest

from geo.export.records import event_record
from geo.model import DateInfo, DatePrecision, Sentence
from geo.parse.events import DatedSpan, carried_date
from geo.parse.recognize import Unit

WEDNESDAY = dt.date(2025, 2, 19)
MONDAY, TUESDAY = dt.date(2025, 2, 17), dt.date(2025, 2, 18)
PUBLISHED = DateInfo(WEDNESDAY, how="given")


def _izmail(pipeline, text: str, language: str):
    """The event the parse places at Izmail (one, whatever its type)."""
    result = pipeline.parse(text, language=language, published=PUBLISHED, article_id="probe")
    found = [e for e in result.events if e.place.name.startswith("Izma")]
    assert len(found) == 1, [(e.type.value, e.place.name, e.date) for e in result.events]
    return found[0]


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text"), [
    ("en", "On Monday night, Russian drones attacked Odesa. The strikes damaged a port in Izmail."),
    ("fr", "Lundi soir, des drones russes ont frappé Odessa. Les frappes ont aussi touché le port d'Izmaïl."),
], ids=["en", "fr"])
def test_weekday_in_previous_sentence_dates_the_next_event(pipeline, language, text):
    event = _izmail(pipeline, text, language)
    assert event.type.value == "strike"
    assert event.date == DateInfo(MONDAY, DatePrecision.DAY, "context")
    assert event_record(event)["date_how"] == "context"  # what the store, CSV and GeoJSON keep


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text"), [
    ("en", "Russian drones attacked Odesa yesterday. The strikes damaged a port in Izmail."),
    ("fr", "Hier, des drones russes ont frappé Odessa. Les frappes ont aussi touché le port d'Izmaïl."),
], ids=["en", "fr"])
def test_yesterday_in_previous_sentence_dates_the_next_event(pipeline, language, text):
    assert _izmail(pipeline, text, language).date.date == TUESDAY


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text"), [
    ("en", "Russian drones attacked Odesa on Monday night.\n\nThe strikes also damaged a port in Izmail."),
    ("fr", "Lundi soir, des drones russes ont frappé Odessa.\n\nLes frappes ont aussi touché le port d'Izmaïl."),
], ids=["en", "fr"])
def test_day_of_the_previous_paragraph_dates_the_next_event(pipeline, language, text):
    assert _izmail(pipeline, text, language).date.date == MONDAY


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text"), [
    ("en", ("On Monday night, Russian drones attacked Odesa.\n\n"
            "The strikes damaged a port in Izmail. Repairs began on Tuesday.")),
    ("fr", ("Lundi soir, des drones russes ont frappé Odessa.\n\n"
            "Les frappes ont aussi touché le port d'Izmaïl. Mardi, les réparations ont commencé.")),
], ids=["en", "fr"])
def test_paragraph_stating_its_own_date_is_not_given_an_earlier_one(pipeline, language, text):
    event = _izmail(pipeline, text, language)
    assert event.date == DateInfo(WEDNESDAY, DatePrecision.DAY, "publication")


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text"), [
    ("en", ("On Monday night, Russian drones attacked Odesa.\n\nOfficials met in Kyiv.\n\n"
            "The strikes damaged a port in Izmail.")),
    ("fr", ("Lundi soir, des drones russes ont frappé Odessa.\n\nDes responsables se sont réunis à Kyiv.\n\n"
            "Les frappes ont aussi touché le port d'Izmaïl.")),
], ids=["en", "fr"])
def test_day_is_not_carried_over_a_paragraph_without_one(pipeline, language, text):
    assert _izmail(pipeline, text, language).date.how == "publication"


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text"), [
    ("en", "Talks are due to take place in Riyadh next Friday. Russian drones attacked a port in Izmail."),
    ("fr", ("Des pourparlers doivent se tenir à Riyad vendredi prochain. "
            "Des drones russes ont frappé le port d'Izmaïl.")),
], ids=["en", "fr"])
def test_future_date_is_not_carried(pipeline, language, text):
    event = _izmail(pipeline, text, language)
    assert event.date == DateInfo(WEDNESDAY, DatePrecision.DAY, "publication")


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text"), [
    ("en", "Last week, Russian drones attacked Odesa. The strikes damaged a port in Izmail."),
    ("fr", ("La semaine dernière, des drones russes ont frappé Odessa. "
            "Les frappes ont aussi touché le port d'Izmaïl.")),
], ids=["en", "fr"])
def test_a_week_sets_no_day_for_the_next_sentence(pipeline, language, text):
    assert _izmail(pipeline, text, language).date.how == "publication"


# ------------------------------------------------------------------ carried_date on hand-made sentences


def _units(*paragraphs: list[str]) -> list[Unit]:
    """Sentences laid out as paragraphs of one section (no tokens: carried_date reads none)."""
    units, start = [], 0
    for p, sentences in enumerate(paragraphs):
        for text in sentences:
            units.append(Unit(len(units), Sentence(start, start + len(text), text, p, 0), [], []))
            start += len(text) + 1
    return units


def _on(unit: Unit, day: dt.date, *, future: bool = False,
        precision: DatePrecision = DatePrecision.DAY) -> list[DatedSpan]:
    return [DatedSpan(unit.sentence.start, unit.sentence.start + 5, DateInfo(day, precision, "relative"), future)]


def test_nearest_earlier_day_is_carried_within_the_paragraph():
    units = _units(["Monday: A.", "Tuesday: B.", "C."])
    dates = {0: _on(units[0], MONDAY), 1: _on(units[1], TUESDAY)}
    assert carried_date(units[2], dates, units) == DateInfo(TUESDAY, DatePrecision.DAY, "context")


def test_nothing_is_carried_from_a_later_sentence_or_a_future_one():
    units = _units(["A.", "Friday next: B.", "Monday: C."])
    dates = {1: _on(units[1], dt.date(2025, 2, 21), future=True), 2: _on(units[2], MONDAY)}
    assert carried_date(units[0], dates, units) is None
    assert carried_date(units[1], dates, units) is None


def test_another_section_carries_nothing():
    units = _units(["Monday: A."], ["B."])
    moved = Unit(1, Sentence(units[1].sentence.start, units[1].sentence.end, "B.", 1, 1), [], [])
    assert carried_date(moved, {0: _on(units[0], MONDAY)}, [units[0], moved]) is None


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text"), [
    ("en", "Drones over the Danube\n\nWednesday, February 19, 2025\n\n"
           "Ukraine's navy reported new attacks on the Danube ports.\n\n"
           "Russian drones struck the port of Izmail, the governor said.\n\n"
           "The strikes on Izmail yesterday set a grain terminal on fire."),
    ("fr", "Drones sur le Danube\n\nMercredi 19 février 2025\n\n"
           "La marine ukrainienne a signalé de nouvelles attaques contre les ports du Danube.\n\n"
           "Des drones russes ont frappé le port d'Izmaïl, a indiqué le gouverneur.\n\n"
           "Les frappes d'hier sur Izmaïl ont incendié un terminal céréalier."),
], ids=["en", "fr"])
def test_dateline_is_not_a_stated_date_of_the_events(pipeline, language, text):
    # The dateline says when the article was filed: "yesterday" beats it, it is not an explicit day.
    event = _izmail(pipeline, text, language)
    assert event.date == DateInfo(TUESDAY, DatePrecision.DAY, "relative")
