"""Russian and Ukrainian events read by case and tense (pymorphy3): where a name says something happened,
when a happening is ahead. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.lang.morphology import cases, verb_tense
from geo.model import DateInfo, DatePrecision

PUBLISHED = DateInfo(dt.date(2025, 3, 5), DatePrecision.DAY, "given")


def _events(pipeline, text: str, language: str) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    """(type, place) of the reported events, (type, place, status) of the others."""
    result = pipeline.parse(text, language=language, published=PUBLISHED)
    return ({(e.type.value, e.place.name) for e in result.events},
            {(e.type.value, e.place.name, e.event_status) for e in result.other_events})


@pytest.mark.parametrize("word, language, expected, absent", [
    ("Москву", "ru", "accs", "loct"), ("Киеве", "ru", "loct", "accs"), ("Київ", "uk", "accs", "gent"),
    ("Одесі", "uk", "loct", "accs"), ("Дебальцево", "ru", "loct", None),  # left undeclined in the news
])
def test_the_cases_a_name_can_be_in(word, language, expected, absent):
    found = cases(word, language)
    assert expected in found
    assert absent is None or absent not in found


@pytest.mark.parametrize("word, language, tense", [
    ("пройдет", "ru", "futr"), ("состоялась", "ru", "past"), ("провести", "ru", "infn"), ("встреча", "ru", ""),
    ("відбудуться", "uk", "futr"), ("проводитиме", "uk", "futr"), ("відвідав", "uk", "past"),
])
def test_the_tense_of_a_verb(word, language, tense):
    assert verb_tense(word, language) == tense


def test_the_accusative_after_a_preposition_of_place_is_motion_not_location(pipeline):
    reported, _ = _events(pipeline, "Делегация отправилась в Москву на переговоры.", "ru")
    assert ("meeting", "Moscow") not in reported
    reported, _ = _events(pipeline, "В Москве прошли переговоры.", "ru")
    assert ("meeting", "Moscow") in reported


def test_an_attack_into_a_region_takes_it_as_target(pipeline):
    reported, _ = _events(pipeline, "Вчера войска вторглись в Курскую область.", "ru")
    assert ("clash", "Kursk Oblast") in reported


def test_a_visited_place_is_the_verbs_accusative_object_not_the_visitors_country(pipeline):
    reported, _ = _events(pipeline, "Прем'єр-міністр Польщі відвідав сьогодні Київ.", "uk")
    assert ("meeting", "Kyiv") in reported
    assert ("meeting", "Poland") not in reported


def test_a_name_before_its_verb_is_its_subject_and_the_future_tense_plans(pipeline):
    reported, others = _events(pipeline, "Киев возобновит переговоры.", "ru")
    assert not reported
    reported, others = _events(pipeline, "В Стамбуле пройдут переговоры.", "ru")
    assert not reported and ("meeting", "Istanbul", "planned") in others
    reported, others = _events(pipeline, "У Женеві відбудуться переговори.", "uk")
    assert not reported and ("meeting", "Geneva", "planned") in others
    reported, _ = _events(pipeline, "У Женеві відбулися переговори.", "uk")
    assert ("meeting", "Geneva") in reported


def test_a_saying_verb_and_what_is_said_are_in_different_clauses(pipeline):
    reported, others = _events(pipeline, "Лавров заявил в Москве, что переговоры состоятся в Эр-Рияде.", "ru")
    assert ("statement", "Moscow") in reported
    assert not any(place == "Moscow" for _, place, _ in others)


def test_battles_for_a_town_are_fought_at_it(pipeline):
    reported, _ = _events(pipeline, "Вчера продолжались бои за Покровск.", "ru")
    assert ("clash", "Pokrovsk") in reported
    reported, _ = _events(pipeline, "Тривають бої за Покровськ.", "uk")
    assert ("clash", "Pokrovsk") in reported
