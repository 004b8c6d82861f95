"""Event places from syntax (geo.parse.arguments) and event status (geo.parse.status), with the real
spaCy parsers, gazetteer and shipped weights."""

import datetime as dt
import json

import pytest

from geo.model import DateInfo, DatePrecision
from geo.model import DateInfo as D
from geo.parse import arguments, stages
from geo.parse.arguments import WEIGHTS_PATH, Parse, Scorer, feature_names, preposition, preposition_classes
from geo.parse.doc import Doc, ParseInput
from geo.parse.status import is_past_history

PUBLISHED = DateInfo(dt.date(2025, 2, 19))  # a Wednesday


def _all(pipeline, text: str, language: str) -> list[tuple[str, str, str, str | None]]:
    r = pipeline.parse(text, language=language, published=PUBLISHED)
    return [(e.type.value, e.place.name, e.event_status, e.date.date.isoformat() if e.date else None)
            for e in r.events + r.other_events]


def test_the_weight_file_names_every_feature_the_code_computes():
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert data["features"] == feature_names()
    assert len(data["weights"]) == len(data["features"])
    assert 0 <= data["veto"] <= data["threshold"] <= 1


def test_a_scorer_keeps_rule_links_unless_against_them_and_adds_only_when_sure():
    sc = Scorer(["bias"], [0.0], threshold=0.9, veto=0.1)
    assert sc.probability({"bias": 1.0}) == pytest.approx(0.5)
    assert sc.accepts(0.5, rule=True) and not sc.accepts(0.05, rule=True)
    assert not sc.accepts(0.5, rule=False) and sc.accepts(0.95, rule=False)


@pytest.mark.parametrize("language, text, name, expected", [
    ("en", "Missiles launched from the Caspian Sea hit the city of Kyiv.", "sea", "origin"),
    ("en", "Missiles launched from the Caspian Sea hit the city of Kyiv.", "kyiv", "of"),
    ("en", "Fighting broke out in the town of Bakhmut.", "bakhmut", "at"),
    ("fr", "Des missiles tirés depuis la mer Caspienne ont frappé Kyiv.", "mer", "origin"),
    ("fr", "Le président a parlé à Paris.", "paris", "at"),
])
def test_the_governing_preposition_is_read_from_the_parse_in_both_label_sets(pipeline, language, text, name, expected):
    [tokens] = pipeline.models.syntax([text], language)
    parse = Parse(tokens, 0)
    i = next(i for i, t in enumerate(tokens) if t.key == name)
    assert preposition(parse, i, preposition_classes(language)) == expected


def test_only_sentences_with_an_event_word_and_a_place_are_parsed(pipeline):
    text = "Kyiv is a large city. Drones struck Kharkiv on Monday. The weather was cold."
    doc = Doc(ParseInput(text, "x", "en", PUBLISHED))
    tools = stages.Tools(pipeline.gazetteer, pipeline.models, pipeline.matcher)
    stages.run([doc], tools, [s for s in stages.STAGES if s.name not in ("link", "explain", "assemble")])
    assert list(doc.parses) == [1]
    assert arguments.worth_parsing(doc.units, doc.mentions, doc.lexicon) == [doc.units[1]]


@pytest.mark.parametrize("language, text, expected", [
    ("en", "Missiles launched from the Caspian Sea hit Kyiv on Monday.",
     [("strike", "Kyiv", "reported", "2025-02-17")]),
    ("fr", "Des missiles tirés depuis la mer Caspienne ont frappé Kyiv lundi.",
     [("strike", "Kyiv", "reported", "2025-02-17")]),
])
def test_the_launch_site_is_no_event_place_the_target_is(pipeline, language, text, expected):
    assert _all(pipeline, text, language) == expected


@pytest.mark.parametrize("language, text, expected", [
    ("en", "Talks will resume in Oman next week.", [("meeting", "Oman", "planned", "2025-02-26")]),
    ("fr", "Le sommet se tiendra à Genève le 3 mars.", [("meeting", "Geneva", "planned", "2025-03-03")]),
    ("fr", "Les deux présidents doivent se rencontrer à Riyad vendredi.",
     [("meeting", "Riyadh", "planned", "2025-02-21")]),
    ("en", "In 2022, Russian missiles struck Kharkiv.", [("strike", "Kharkiv", "background", "2022-01-01")]),
    ("fr", "Une frappe aurait fait dix morts à Kherson mardi.", [("strike", "Kherson", "reported", "2025-02-18")]),
    ("en", "Trump and Putin met in Riyadh on Tuesday.", [("meeting", "Riyadh", "reported", "2025-02-18")]),
])
def test_status_reported_background_planned(pipeline, language, text, expected):
    assert _all(pipeline, text, language) == expected


def test_planned_and_background_events_stay_off_the_map(pipeline):
    r = pipeline.parse("Talks will resume in Oman next week. In 2022, Russian missiles struck Kharkiv.",
                       language="en", published=PUBLISHED)
    assert r.events == []
    assert sorted(e.event_status for e in r.other_events) == ["background", "planned"]


def test_a_date_is_history_when_its_period_ended_weeks_before_publication():
    assert is_past_history(D(dt.date(2024, 12, 1), DatePrecision.MONTH, "explicit"), PUBLISHED)
    assert not is_past_history(D(dt.date(2025, 1, 1), DatePrecision.MONTH, "explicit"), PUBLISHED)
    assert not is_past_history(D(dt.date(2025, 2, 12), DatePrecision.DAY, "relative"), PUBLISHED)
    assert not is_past_history(D(dt.date(2020, 1, 1), DatePrecision.DAY, "publication"), PUBLISHED)


@pytest.mark.parametrize("language, text, kept", [
    ("en", "President Jackson met protesters in Lagos on Monday.", ["Lagos"]),
    ("en", "Mr. Lincoln attended a meeting in Toronto on Monday.", ["Toronto"]),
    ("fr", "M. Nancy a rencontré des manifestants à Lyon lundi.", ["Lyon"]),
    ("fr", "Le général Valence a visité Paris.", ["Paris"]),
    ("en", "Fighting continued in the general Kharkiv area.", ["Kharkiv"]),  # no capital: no title
])
def test_a_name_after_a_title_or_an_honorific_is_a_person(pipeline, language, text, kept):
    r = pipeline.parse(text, language=language, published=PUBLISHED)
    assert [m.text for m in r.mentions] == kept


@pytest.mark.parametrize("text, expected", [
    ("Protesters marched in New York on Monday.", ("New York City", "settlement")),
    ("Lawmakers met in Albany and in New York state on Monday.", ("New York", "region")),
])
def test_a_city_name_is_the_city_unless_the_text_says_otherwise(pipeline, text, expected):
    r = pipeline.parse(text, language="en", published=PUBLISHED)
    [m] = [m for m in r.mentions if m.text.startswith("New York")]
    assert (m.place.name, m.place.kind.value) == expected
