"""Event recall on news sentences through the real pipeline (issue #11): locative phrases read through
place nouns, compass words and hyphens, names held by a linked one, named meetings, a headline's lead
place, intentions, glued names, prepositions the parse hangs elsewhere, dates that add no distance, lists
introduced by "including", what is talked about. Sentences written for these tests."""

import datetime as dt

import pytest

from geo.model import DateInfo


def _events(pipeline, text: str, language: str) -> list[tuple[str, str]]:
    """(type, place name) of the reported events, published Wednesday 2025-02-19."""
    r = pipeline.parse(text, language=language, published=DateInfo(dt.date(2025, 2, 19)))
    return [(e.type.value, e.place.name) for e in r.events]


@pytest.mark.slow
@pytest.mark.parametrize("text, language, expected", [
    # compass phrase written with a hyphen and "du"
    ("Un attentat a tué quinze personnes au nord-est du Nigeria.", "fr", [("strike", "Nigeria")]),
    # a place noun of a locative phrase
    ("Deux civils ont été tués dans la commune de Kherson.", "fr", [("other", "Kherson")]),
    ("Russian drones struck a village north of Kharkiv on Monday.", "en", [("strike", "Kharkiv")]),
    ("Hurricane Ian made landfall in southwest Florida on Wednesday.", "en", [("other", "Florida")]),
    # a meeting named with a capital
    ("The NATO Summit opened in Vilnius on Tuesday.", "en", [("meeting", "Vilnius")]),
    ("Le Sommet de l'OTAN s'est ouvert mardi à Vilnius.", "fr", [("meeting", "Vilnius")]),
    # "près" hung on another word by the parse
    ("Un bus a été touché par un drone près de la ville de Kherson.", "fr", [("strike", "Kherson")]),
    # a date between the event word and the place adds no distance; "notamment" names a part
    ("Une attaque de missiles a visé dans la nuit de samedi à dimanche plusieurs dépôts de carburant "
     "dans l'ouest de l'Ukraine, notamment dans la région de Lviv.", "fr", [("strike", "Lviv Oblast")]),
    # what is talked about is no place of the meeting
    ("Les ministres, réunis mardi à Capri, ont appelé à une désescalade au Proche-Orient.", "fr",
     [("meeting", "Capri")]),
    ("G7 ministers, meeting in Capri on Tuesday, called for de-escalation in the Middle East.", "en",
     [("meeting", "Capri")]),
    # an intention is not a happening
    ("The president wants to meet the prime minister in Paris.", "en", []),
    # a name glued to a lowercase prefix is a stance, not a place
    ("Two pro-Beijing candidates were elected on Sunday.", "en", []),
])
def test_events_found_on_news_sentences(pipeline, text, language, expected):
    assert _events(pipeline, text, language) == expected


@pytest.mark.slow
def test_a_headline_lead_place_places_its_happening(pipeline):
    text = "Libye : des incidents dans les bureaux de vote\n\nLe scrutin s'est ouvert samedi matin."
    assert ("other", "Libya") in _events(pipeline, text, "fr")
