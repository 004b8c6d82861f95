"""The pipeline on small hand-made articles: languages, bad text, offsets."""

import datetime as dt

import pytest

from geo.model import DateInfo

pytestmark = pytest.mark.slow


def test_a_language_without_a_model_gets_gazetteer_places_and_says_so(pipeline):
    result = pipeline.parse("Der Gipfel fand am Montag in Berlin statt. Danach reiste der Kanzler nach München.")
    assert result.language == "de"
    assert any("gazetteer match only" in n for n in result.notices)
    assert {m.place.name for m in result.mentions} == {"Berlin", "Munich"}  # not "Der", not "Montag"
    assert result.events == []


def test_empty_text_gives_an_empty_result(pipeline):
    result = pipeline.parse("")
    assert result.mentions == [] and result.events == []


def test_html_inside_an_article_is_text(pipeline):
    text = "<script>alert(1)</script> Frappe à Kharkiv le 3 mars. <img src=x onerror=alert(1)>"
    result = pipeline.parse(text, language="fr", published=DateInfo(dt.date(2025, 3, 4)))
    assert [m.text for m in result.mentions] == ["Kharkiv"]
    (event,) = result.events
    assert event.type.value == "strike" and event.date.date == dt.date(2025, 3, 3)


def test_english_metonymy_newspapers_and_datelines(pipeline):
    text = ("Talks resume in Geneva\n\n"
            "GENEVA, March 3 (Reuters) - Delegations met on Monday, the Washington Post reported, "
            "as relations between Moscow and Washington thawed.")
    result = pipeline.parse(text, language="en", published=DateInfo(dt.date(2025, 3, 4)))
    places = {e.place.name for e in result.events}
    assert places == {"Geneva"}
    assert not [m for m in result.mentions if m.text == "Washington" and m.locative]


def test_offsets_are_into_the_text_as_given(pipeline):
    text = "Frappe sur l’usine d’Ilsky&nbsp;: le kraï de Krasnodar touché, selon Kyiv."
    result = pipeline.parse(text, language="fr")
    assert result.mentions
    for m in result.mentions:
        assert text[m.start : m.end] == m.text
