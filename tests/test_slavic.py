"""Russian and Ukrainian articles through the parser: models, inflected names, names across scripts,
events and dates, language detection. Texts written for these tests (no article is copied)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.model import DateInfo, DatePrecision
from geo.parse.as_given import as_given  # noqa: F401 - offsets are checked on the result below
from geo.parse.dates import find_dates
from geo.parse.text import detect_language

PUBLISHED = DateInfo(dt.date(2025, 3, 5), DatePrecision.DAY, "given")  # a Wednesday

RU = (
    "Удары по Харькову и Курской области\n\n"
    "Вчера российские войска нанесли ракетный удар по Харькову. В Курской и Белгородской областях "
    "продолжаются бои. Под Курском сбит беспилотник. В понедельник в Москве прошли переговоры министров "
    "иностранных дел России и Турции. В Донецке прошла акция протеста."
)
UK = (
    "Обстріл Харкова та Запорізької області\n\n"
    "У понеділок російські війська обстріляли Харків. У Запорізькій області тривають бої. Учора в Києві "
    "відбулася зустріч міністрів закордонних справ України та Польщі. Минулого тижня у Львові пройшов "
    "мітинг. Під Бахмутом та Авдіївкою точилися запеклі бої."
)


def _places(result) -> dict[str, str]:
    return {m.text: m.place.name for m in result.mentions if m.place is not None}


@pytest.mark.parametrize("written, place", [
    ("Харкові", "Kharkiv"), ("Харкова", "Kharkiv"), ("Києві", "Kyiv"), ("Москве", "Moscow"),
    ("Курском", "Kursk"), ("Запорізькій області", "Zaporizhzhia Oblast"), ("Курской области", "Kursk Oblast"),
    ("Одесі", "Odesa"), ("Авдіївці", "Avdiyivka"), ("Харькову", "Kharkiv"),
])
def test_a_case_form_looks_up_its_place(gazetteer, written, place):
    assert place in {p.name for p in gazetteer.lookup(written, limit=3)}


def test_a_lone_feminine_adjective_is_the_region_it_names(gazetteer):
    # "в Курской и Белгородской областях": "Курской" shares the unit noun written once.
    assert gazetteer.lookup("Курской", limit=1)[0].name == "Kursk Oblast"
    assert gazetteer.lookup("Курском", limit=1)[0].name == "Kursk"  # also the town: the town


@pytest.mark.parametrize("names", [
    ("Kharkiv", "Kharkov", "Харків", "Харьков"), ("Kyiv", "Kiev", "Київ", "Киев"),
    ("Mykolaiv", "Nikolaev", "Миколаїв", "Николаев"),
    ("Zaporizhzhia Oblast", "Запорізька область", "Запорожская область"),
    ("Kursk Oblast", "Курская область", "Курська область"), ("Ukraine", "Україна", "Украина"),
    ("United States", "США", "Сполучені Штати"), ("Crimea", "Крым", "Крим"),
])
def test_one_place_whatever_the_language(gazetteer, names):
    ids = {gazetteer.lookup(n, limit=1)[0].id for n in names}
    assert len(ids) == 1, names


def test_russian_article_places_events_and_dates(pipeline):
    result = pipeline.parse(RU, language="ru", published=PUBLISHED)
    places = _places(result)
    assert places["Харькову"] == "Kharkiv"
    assert places["Курском"] == "Kursk"
    assert places["Москве"] == "Moscow"
    assert places["Белгородской областях"] == "Belgorod Oblast"
    events = {(e.type.value, e.place.name): e for e in result.events}
    assert events[("strike", "Kharkiv")].date.date == dt.date(2025, 3, 4)  # "Вчера"
    assert events[("meeting", "Moscow")].date.date == dt.date(2025, 3, 3)  # "В понедельник"
    assert ("clash", "Kursk Oblast") in events
    assert ("protest", "Donetsk") in events
    for m in result.mentions:
        assert RU[m.start : m.end] == m.text  # offsets into the Cyrillic text as given


def test_ukrainian_article_places_events_and_dates(pipeline):
    result = pipeline.parse(UK, language="uk", published=PUBLISHED)
    places = _places(result)
    assert places["Харкова"] == "Kharkiv"
    assert places["Запорізькій області"] == "Zaporizhzhia Oblast"
    assert places["Києві"] == "Kyiv"
    assert places["Авдіївкою"] == "Avdiyivka"  # joined to the place before it
    events = {(e.type.value, e.place.name): e for e in result.events}
    assert events[("strike", "Kharkiv")].date.date == dt.date(2025, 3, 3)  # "У понеділок"
    assert events[("meeting", "Kyiv")].date.date == dt.date(2025, 3, 4)  # "Учора"
    assert events[("protest", "Lviv")].date.precision is DatePrecision.WEEK  # "Минулого тижня"
    assert ("clash", "Zaporizhzhia Oblast") in events
    for m in result.mentions:
        assert UK[m.start : m.end] == m.text


def test_cyrillic_offsets_survive_html_entities(pipeline):
    text = "Удар&nbsp;по Харькову. Вчера в&nbsp;Киеве прошла встреча."
    result = pipeline.parse(text, language="ru", published=PUBLISHED)
    assert {text[m.start : m.end] for m in result.mentions} >= {"Харькову", "Киеве"}


@pytest.mark.parametrize("language, sentence, expected", [
    ("ru", "Удар был нанесен 3 марта.", dt.date(2025, 3, 3)),
    ("ru", "Об этом сообщили вчера.", dt.date(2025, 3, 4)),
    ("ru", "В ночь с четверга на пятницу были взрывы.", dt.date(2025, 2, 27)),
    ("uk", "У понеділок війська обстріляли місто.", dt.date(2025, 3, 3)),
    ("uk", "Це сталося 28 лютого 2025 року.", dt.date(2025, 2, 28)),
    ("uk", "Мітинг пройшов минулого тижня.", dt.date(2025, 2, 26)),
])
def test_date_words_of_the_packs(language, sentence, expected):
    found = find_dates(sentence, base=PUBLISHED.date, language=language)
    assert [d.info.date for d in found] == [expected]


@pytest.mark.parametrize("text, code", [
    ("У Києві відбулася зустріч", "uk"), ("В Киеве прошла встреча", "ru"),
    ("Удар по Харькову", "ru"), ("Обстріл Харкова", "uk"),
    ("Les négociations se sont achevées à Riyad.", "fr"),
])
def test_language_detection_tells_russian_from_ukrainian_on_short_texts(text, code):
    assert detect_language(text) == code


def test_the_language_given_wins_over_detection(pipeline):
    result = pipeline.parse("Удар по Харькову.", language="uk", published=PUBLISHED)
    assert result.language == "uk"


def test_sidebar_search_finds_a_place_by_any_name(gazetteer):
    from geo.ui.place_search import place_names

    for query in ("Kharkiv", "Kharkov", "Харків", "Харьков", "Харкові"):
        assert "Kharkiv" in place_names(query, gazetteer), query
    assert place_names("x", gazetteer) == []


def test_french_parse_does_not_load_the_slavic_models(pipeline):
    from geo.lang import morphology
    from geo.parse import nlp

    pipeline.parse("Frappe sur Kharkiv mardi.", language="fr", published=PUBLISHED)
    # The French parse itself asks nothing of natasha or pymorphy3 (other tests may have loaded them).
    before = (nlp._natasha.cache_info().misses, morphology._analyser.cache_info().misses)
    pipeline.parse("Frappe sur Kharkiv mardi.", language="fr", published=PUBLISHED)
    assert (nlp._natasha.cache_info().misses, morphology._analyser.cache_info().misses) == before


def test_dashboard_highlights_a_cyrillic_place_and_sentence(pipeline):
    from geo.ui import highlight

    text = "Обстріл Харкова\n\nУ понеділок <b>російські</b> війська обстріляли Харків. Учора в Києві відбулася зустріч."
    result = pipeline.parse(text, language="uk", published=PUBLISHED)
    event = next(e for e in result.events if e.place.name == "Kyiv")
    mention = next(m for m in result.mentions if m.text == "Києві")
    sentence = event.sentences[0]
    out = highlight.render(text, (sentence.start, sentence.end), (mention.start, mention.end))
    assert '<mark class="place">Києві</mark>' in out
    assert "&lt;b&gt;російські&lt;/b&gt;" in out  # article text escaped, Cyrillic intact


def test_a_list_joins_a_small_town_to_a_place_and_apostrophes_stay_in_words(pipeline):
    text = "У Харківській області окупанти обстріляли Куп'янськ та Вовчанськ, загинули двоє цивільних."
    places = _places(pipeline.parse(text, language="uk", published=PUBLISHED))
    assert places["Куп'янськ"] == "Kupyansk" and places["Вовчанськ"] == "Vovchansk"


def test_the_event_filter_finds_a_place_searched_in_another_script(gazetteer):
    import pandas as pd

    from geo.ui import view as views
    from geo.ui.place_search import place_names

    df = pd.DataFrame([{"place": "Kharkiv", "sentence": "Strike on Kharkiv", "headline": "", "actors": []},
                       {"place": "Lviv", "sentence": "Rally in Lviv", "headline": "", "actors": []}])
    df = views.frame(df.to_dict("records"))
    view = views.ViewState(q="Харкові")
    assert views.filter_events(df, view).empty  # the text alone does not say it
    found = views.filter_events(df, view, place_names(view.q, gazetteer))
    assert list(found["place"]) == ["Kharkiv"]
