"""Dates: publication dates (day counters, datelines) and dates in sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.model import DateInfo, DatePrecision
from geo.parse.dates import (
    DAY_ONE,
    DateMention,
    dateline_span,
    day_counter_date,
    find_dates,
    publication_date,
)

D = dt.date
BASE = D(2025, 2, 18)  # a Tuesday: day 1091
DAY, WEEK, MONTH, YEAR = (DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH, DatePrecision.YEAR)


def one(sentence: str, language: str, base: dt.date = BASE) -> DateMention:
    found = find_dates(sentence, base=base, language=language)
    assert len(found) == 1, found
    m = found[0]
    assert sentence[m.start : m.end] == m.text
    return m


def dates(sentence: str, language: str, base: dt.date = BASE) -> list[tuple[str, dt.date, DatePrecision, str, bool]]:
    return [(m.text, m.info.date, m.info.precision, m.info.how, m.future)
            for m in find_dates(sentence, base=base, language=language)]


# ---------------------------------------------------------------- day counter


def test_day_one_and_counter_arithmetic():
    assert DAY_ONE == D(2022, 2, 24)
    assert day_counter_date(1) == DAY_ONE
    assert day_counter_date(1091) == D(2025, 2, 18)
    assert day_counter_date(1000) == D(2024, 11, 19)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jour 1091 de résistance: il n’y a pas de consensus en Europe\n\nRutte a déclaré…", D(2025, 2, 18)),
        ("Jour 1091 de la guerre : les négociations de Riyad\n\nTexte.", D(2025, 2, 18)),
        ("Day 1091 of the war: talks in Riyadh\n\nText.", D(2025, 2, 18)),
        ("Day 1091 of the full-scale invasion: talks\n\nText.", D(2025, 2, 18)),
        ("Day 1000 of the war: Ukraine fires US missiles\n\nText.", D(2024, 11, 19)),
        ("Le 1091e jour de la guerre en Ukraine\n\nTexte.", D(2025, 2, 18)),
        ("Day 1,094 of the war: anniversary\n\nText.", D(2025, 2, 21)),
    ],
)
def test_publication_date_day_counter(text, expected):
    assert publication_date(text) == DateInfo(expected, DAY, "day-counter")


def test_day_counter_needs_war_context():
    # "Day 3 of the summit" is not the war's day counter
    assert publication_date("Day 3 of the summit in Munich\n\nText.") is None


def test_digest_header_beats_later_dates():
    digest = (
        "Jour 1091 de résistance: il n’y a pas de consensus en Europe sur l’envoi de troupes\n\n"
        "Le 17 février, les forces de défense ukrainiennes ont mené une frappe."
    )
    assert publication_date(digest, language="fr") == DateInfo(D(2025, 2, 18), DAY, "day-counter")


# ---------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("PARIS, 18 février 2025 (AFP) - Les dirigeants européens…", "fr"),
        ("Sommet de Paris\n\n18 février 2025 — Les dirigeants européens…", "fr"),
        ("Publié le 18 février 2025 à 10h32\n\nLes dirigeants…", "fr"),
        ("February 18, 2025\n\nEuropean leaders met…", "en"),
        ("KYIV, February 18, 2025 (Reuters) – Ukraine said…", "en"),
        ("Published: 2025-02-18\n\nEuropean leaders met…", "en"),
        ("Published: 2025-02-18\n\nEuropean leaders met…", None),
        ("PARIS, 18 février 2025 (AFP) - Les dirigeants européens…", None),
    ],
)
def test_publication_date_dateline(text, language):
    assert publication_date(text, language=language) == DateInfo(D(2025, 2, 18), DAY, "dateline")


def test_dateline_without_year_needs_a_base():
    text = "KYIV, Feb. 18 (Reuters) – Ukraine's military said on Tuesday…"
    assert publication_date(text, language="en") is None  # no year, no base: not guessed
    got = publication_date(text, language="en", base=D(2025, 2, 20))
    assert got == DateInfo(D(2025, 2, 18), DAY, "dateline")
    # year roll-over: a "Dec. 30" dateline read in early January is last year's
    got = publication_date("KYIV, Dec. 30 (Reuters) – Text", language="en", base=D(2025, 1, 2))
    assert got == DateInfo(D(2024, 12, 30), DAY, "dateline")


@pytest.mark.parametrize(
    "text",
    [
        "Le 17 février, les forces ukrainiennes ont frappé une raffinerie.",  # a sentence, not a dateline
        "Lundi 17 février 2025, les dirigeants européens se sont réunis à Paris.",
        "Les dirigeants européens se sont réunis à Paris.\n\nIls ont parlé 3 heures et demie.",
        "",
    ],
)
def test_no_publication_date(text):
    assert publication_date(text, language="fr") is None


@pytest.mark.parametrize(
    ("text", "language", "dateline"),
    [
        ("Title\n\nTuesday, February 18, 2025\n\nEuropean leaders met yesterday.", "en",
         "Tuesday, February 18, 2025"),
        ("Titre\n\n18 février 2025. - Cette nuit, des drones ont frappé Odessa.", "fr", "18 février 2025"),
        ("KYIV, Feb. 18 (Reuters) – Ukraine's military said on Monday…", "en", "Feb. 18"),
    ],
)
def test_dateline_span(text, language, dateline):
    start, end, day = dateline_span(text, language=language, base=D(2025, 2, 18))
    assert (text[start:end], day) == (dateline, D(2025, 2, 18))


def test_no_dateline_span_in_a_sentence():
    text = "Titre\n\nLundi 17 février 2025, les dirigeants européens se sont réunis à Paris."
    assert dateline_span(text, language="fr", base=D(2025, 2, 18)) is None


def test_dateline_only_near_the_top():
    text = "Titre\n\n" + "Texte sans date. " * 30 + "\n\n18 février 2025 — fin"
    assert publication_date(text, language="fr") is None


# ---------------------------------------------------------------- explicit dates


@pytest.mark.parametrize(
    ("sentence", "language", "text", "expected"),
    [
        ("Le 17 février, les forces ukrainiennes ont frappé.", "fr", "17 février", D(2025, 2, 17)),
        ("La frappe du 17 février 2025 a touché Ilsky.", "fr", "17 février 2025", D(2025, 2, 17)),
        ("Ils se sont réunis lundi 17 février à Paris.", "fr", "lundi 17 février", D(2025, 2, 17)),
        ("Le 3 mars dernier, un drone a frappé Odessa.", "fr", "3 mars dernier", D(2024, 3, 3)),
        ("Le 1er février, une frappe.", "fr", "1er février", D(2025, 2, 1)),
        ("Le 17 févr. 2025, une frappe.", "fr", "17 févr. 2025", D(2025, 2, 17)),
        ("Daté du 17/02/2025 à Kyiv.", "fr", "17/02/2025", D(2025, 2, 17)),
        ("European leaders met on February 17 in Paris.", "en", "February 17", D(2025, 2, 17)),
        ("The strike on Feb. 17 hit a refinery.", "en", "Feb. 17", D(2025, 2, 17)),
        ("The strike on 17 Feb hit a refinery.", "en", "17 Feb", D(2025, 2, 17)),
        ("Talks opened on February 17, 2025.", "en", "February 17, 2025", D(2025, 2, 17)),
        ("Talks opened on Monday, Feb. 17.", "en", "Monday, Feb. 17", D(2025, 2, 17)),
        ("The drone struck on the 14th of February.", "en", "the 14th of February", D(2025, 2, 14)),
        ("Le rapport du 2025-02-17 le confirme.", "fr", "2025-02-17", D(2025, 2, 17)),
        ("Report dated 2025-02-17.", "en", "2025-02-17", D(2025, 2, 17)),
    ],
)
def test_explicit_dates(sentence, language, text, expected):
    m = one(sentence, language)
    assert (m.text, m.info, m.future, m.until) == (text, DateInfo(expected, DAY, "explicit"), False, None)


def test_year_roll_over():
    # nearest on or before the base date
    assert one("Le 17 février, une frappe.", "fr").info.date == D(2025, 2, 17)
    assert one("Le 18 février, une frappe.", "fr").info.date == D(2025, 2, 18)  # same day
    assert one("Le 10 avril, une frappe.", "fr").info.date == D(2024, 4, 10)  # 51 days ahead: too far
    assert one("Le 20 février dernier, une frappe.", "fr").info.date == D(2024, 2, 20)  # "dernier" looks back
    assert one("Le 28 décembre, une frappe.", "fr", base=D(2025, 1, 3)).info.date == D(2024, 12, 28)
    assert one("On Dec. 28, a strike.", "en", base=D(2025, 1, 3)).info.date == D(2024, 12, 28)
    assert one("Le 2 janvier, une frappe.", "fr", base=D(2025, 1, 3)).info.date == D(2025, 1, 2)
    # 29 February only exists in leap years
    assert one("Le 29 février, une frappe.", "fr").info.date == D(2024, 2, 29)


def test_explicit_dates_just_ahead_are_upcoming():
    # a day and month a few days after the base is this year's, not last year's
    m = one("Le sommet aura lieu le 20 février à Kyiv.", "fr")
    assert (m.info.date, m.future) == (D(2025, 2, 20), True)
    m = one("Leaders will meet on March 6 in Brussels.", "en")
    assert (m.info.date, m.future) == (D(2025, 3, 6), True)
    m = one("Les élections du 28 février.", "fr", base=D(2025, 1, 3))  # 56 days ahead: too far
    assert (m.info.date, m.future) == (D(2024, 2, 28), False)


def test_explicit_future():
    m = one("Le sommet aura lieu le 24 février prochain à Kyiv.", "fr")
    assert (m.info.date, m.future, m.info.how) == (D(2025, 2, 24), True, "explicit")
    m = one("Des élections le 17 février 2026.", "fr")
    assert (m.info.date, m.future) == (D(2026, 2, 17), True)


def test_invalid_dates_are_dropped():
    assert find_dates("Le 31 février, rien.", base=BASE, language="fr") == []
    assert find_dates("Le 45 mars, rien.", base=BASE, language="fr") == []


def test_ranges():
    m = one("La conférence de Munich, du 14 au 16 février, a réuni 50 dirigeants.", "fr")
    assert (m.text, m.info.date, m.until) == ("du 14 au 16 février", D(2025, 2, 14), D(2025, 2, 16))
    m = one("The Munich Security Conference (Feb. 14-16, 2025) ended.", "en")
    assert (m.text, m.info.date, m.until) == ("Feb. 14-16, 2025", D(2025, 2, 14), D(2025, 2, 16))
    m = one("The conference ran 14–16 February.", "en")
    assert (m.info.date, m.until) == (D(2025, 2, 14), D(2025, 2, 16))
    m = one("Dans la nuit du 16 au 17 février, des drones ont frappé.", "fr")
    assert (m.info.date, m.until) == (D(2025, 2, 16), D(2025, 2, 17))


def test_month_and_year_alone():
    assert dates("Les pourparlers ont commencé en février.", "fr") == [("février", D(2025, 2, 1), MONTH, "explicit", False)]
    assert dates("Talks began in March.", "en") == [("March", D(2024, 3, 1), MONTH, "explicit", False)]
    assert dates("Début février, rien.", "fr") == [("février", D(2025, 2, 1), MONTH, "explicit", False)]
    assert dates("Prévu en février 2025.", "fr") == [("février 2025", D(2025, 2, 1), MONTH, "explicit", False)]
    assert dates("La production a chuté en 2024.", "fr") == [("2024", D(2024, 1, 1), YEAR, "explicit", False)]
    assert dates("Output fell in 2024.", "en") == [("2024", D(2024, 1, 1), YEAR, "explicit", False)]
    assert dates("Kyiv wants to join by 2030.", "en") == [("2030", D(2030, 1, 1), YEAR, "explicit", True)]


# ---------------------------------------------------------------- relative dates


@pytest.mark.parametrize(
    ("sentence", "language", "text", "expected", "precision", "future"),
    [
        ("Hier, des drones ont frappé Odessa.", "fr", "Hier", D(2025, 2, 17), DAY, False),
        ("Hier soir, des drones ont frappé.", "fr", "Hier soir", D(2025, 2, 17), DAY, False),
        ("Avant-hier, des drones ont frappé.", "fr", "Avant-hier", D(2025, 2, 16), DAY, False),
        ("Aujourd'hui, les délégations se réunissent.", "fr", "Aujourd'hui", BASE, DAY, False),
        ("Aujourd’hui, les délégations se réunissent.", "fr", "Aujourd’hui", BASE, DAY, False),
        ("Cette nuit, des drones ont frappé Kharkiv.", "fr", "Cette nuit", D(2025, 2, 17), DAY, False),
        ("La semaine dernière, Trump a appelé Poutine.", "fr", "La semaine dernière", D(2025, 2, 11), WEEK, False),
        ("Le mois dernier, les frappes ont doublé.", "fr", "Le mois dernier", D(2025, 1, 1), MONTH, False),
        ("L'an dernier, les frappes ont doublé.", "fr", "L'an dernier", D(2024, 1, 1), YEAR, False),
        ("Il y a trois jours, une frappe.", "fr", "Il y a trois jours", D(2025, 2, 15), DAY, False),
        ("Lundi, les dirigeants se sont réunis à Paris.", "fr", "Lundi", D(2025, 2, 17), DAY, False),
        ("Ce dimanche, des drones ont frappé.", "fr", "Ce dimanche", D(2025, 2, 16), DAY, False),
        ("Mardi, les délégations se sont réunies.", "fr", "Mardi", BASE, DAY, False),  # on the base day
        ("Mardi dernier, Trump a appelé Poutine.", "fr", "Mardi dernier", D(2025, 2, 11), DAY, False),
        ("Dans la nuit de dimanche à lundi, des drones.", "fr", "nuit de dimanche à lundi", D(2025, 2, 16), DAY, False),
        ("Yesterday, drones hit Odesa.", "en", "Yesterday", D(2025, 2, 17), DAY, False),
        ("Today, the delegations meet.", "en", "Today", BASE, DAY, False),
        ("Drones hit Kharkiv overnight.", "en", "overnight", D(2025, 2, 17), DAY, False),
        ("Drones hit Kharkiv last night.", "en", "last night", D(2025, 2, 17), DAY, False),
        ("Last week, Trump called Putin.", "en", "Last week", D(2025, 2, 11), WEEK, False),
        ("Last month, strikes doubled.", "en", "Last month", D(2025, 1, 1), MONTH, False),
        ("Leaders met in Paris on Monday.", "en", "Monday", D(2025, 2, 17), DAY, False),
        ("Trump spoke last Tuesday.", "en", "last Tuesday", D(2025, 2, 11), DAY, False),
        ("Three days ago, a strike hit Odesa.", "en", "Three days ago", D(2025, 2, 15), DAY, False),
        # future references: returned, flagged
        ("Demain, Zelensky sera à Ankara.", "fr", "Demain", D(2025, 2, 19), DAY, True),
        ("Une rencontre est peu probable la semaine prochaine.", "fr", "la semaine prochaine", D(2025, 2, 25), WEEK, True),
        ("Lundi prochain, un sommet à Kyiv.", "fr", "Lundi prochain", D(2025, 2, 24), DAY, True),
        ("A meeting is unlikely next week.", "en", "next week", D(2025, 2, 25), WEEK, True),
        ("Zelensky will be in Ankara tomorrow.", "en", "tomorrow", D(2025, 2, 19), DAY, True),
        ("Kellogg arrives next Wednesday.", "en", "next Wednesday", D(2025, 2, 19), DAY, True),
    ],
)
def test_relative(sentence, language, text, expected, precision, future):
    m = one(sentence, language)
    assert (m.text, m.info, m.future) == (text, DateInfo(expected, precision, "relative"), future)


def test_several_in_one_sentence_sorted_and_not_overlapping():
    got = dates("Lundi 17 février, hier, la délégation est arrivée, et demain elle repart.", "fr")
    assert [g[0] for g in got] == ["Lundi 17 février", "hier", "demain"]
    got = find_dates("On Monday, Feb. 17, and yesterday.", base=BASE, language="en")
    assert [(m.start, m.end) for m in got] == [(3, 18), (24, 33)]


# ---------------------------------------------------------------- traps


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Jour 1091 de résistance.", "fr"),
        ("La raffinerie a une capacité de 6,6 millions de tonnes par an.", "fr"),
        ("La réunion, qui a duré 3 heures et demie, s'est achevée.", "fr"),
        ("Les négociations ont duré 4 heures et demie.", "fr"),
        ("Le Consortium de l’oléoduc de la mer Caspienne.", "fr"),
        ("Sa position est claire, mer et terre.", "fr"),
        ("Plus de 2000 soldats ont été déployés.", "fr"),
        ("Sept soldats ont été blessés.", "fr"),
        ("La sonde s'est posée sur Mars.", "fr"),
        ("The talks may resume soon, officials said.", "en"),
        ("Protesters will march on the embassy.", "en"),
        ("The refinery processes 6.6 million tonnes.", "en"),
        ("In two years of war, the front barely moved.", "en"),
        ("Some 1,091 drones were launched.", "en"),
        ("The talks lasted four and a half hours.", "en"),
    ],
)
def test_traps_are_not_dates(sentence, language):
    assert find_dates(sentence, base=BASE, language=language) == []


def test_unknown_language_still_reads_iso_dates():
    got = find_dates("Raport z 2025-02-17, wczoraj.", base=BASE, language="pl")  # no Polish pack
    assert [(m.text, m.info.date) for m in got] == [("2025-02-17", D(2025, 2, 17))]


def test_language_codes_are_normalised_and_datetime_base_accepted():
    m = one("Hier, une frappe.", "FR-fr", base=dt.datetime(2025, 2, 18, 23, 59))
    assert m.info.date == D(2025, 2, 17)


def test_mention_is_frozen():
    m = one("Hier, une frappe.", "fr")
    with pytest.raises(AttributeError):
        m.start = 3  # type: ignore[misc]
