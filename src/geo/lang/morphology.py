"""Russian and Ukrainian word forms → the nominative forms a gazetteer names (pymorphy3 and its dictionaries).

"Харкові", "Харкова" → "харків"; "под Курском" → "курск"; "Запорізькій області" → "запорізька область".
Each word yields its candidate nominatives, most likely first: pymorphy3's analyses (place names, tagged
Geox, first; an adjective keeps its gender and number, so it agrees with "область"), then the ending
rules of the language pack (data/lang/<code>/name_endings.tsv) for names the dictionary lacks. The
analysers load on first use, once per language; nothing here runs for French or English text.
"""

from __future__ import annotations

import itertools
import re
import threading
from functools import lru_cache
from typing import Any

from geo.lang.pack import pack

__all__ = ["SLAVIC", "is_cyrillic", "script_languages", "word_forms", "name_forms", "adjective_region_forms",
           "region_forms", "unit_nouns", "is_adjective",
           "can_be_adjective", "is_person_name", "cases", "verb_tense"]

SLAVIC = ("ru", "uk")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ONLY_UK = set("ґєії")
_ONLY_RU = set("ыэъё")
_MAX_WORDS = 4  # a longer name is no inflected place name ("Автономна Республіка Крим" is three)
_MAX_FORMS = 6
_PERSON = frozenset({"Surn", "Name", "Patr"})
_lock = threading.Lock()


def is_cyrillic(text: str) -> bool:
    """Whether a text holds any Cyrillic letter."""
    return bool(_CYRILLIC.search(text))


def script_languages(word: str, hint: str | None = None) -> tuple[str, ...]:
    """The languages a Cyrillic word can be read in: its letters first (ї is Ukrainian, ы Russian), then the hint."""
    letters = set(word.lower())
    if letters & _ONLY_UK:
        return ("uk",)
    if letters & _ONLY_RU:
        return ("ru",)
    if hint in SLAVIC:
        return (hint, "ru" if hint == "uk" else "uk")
    return SLAVIC


@lru_cache(maxsize=2)
def _analyser(language: str) -> Any:
    """pymorphy3's analyser with the language's dictionary (pymorphy3-dicts-ru / -uk), loaded once."""
    import pymorphy3

    with _lock:
        return pymorphy3.MorphAnalyzer(lang=language)


@lru_cache(maxsize=2)
def _ending_rules(language: str) -> tuple[tuple[str, str], ...]:
    """(oblique ending, nominative ending) pairs from the language pack, longest first."""
    lang = pack(language)
    found = lang.rows("name_endings.tsv") if lang else []
    rows = [(r["ending"].lower(), r.get("nominative", "").lower()) for r in found]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=65536)
def word_forms(word: str, hint: str | None = None) -> tuple[str, ...]:
    """Candidate nominative forms of one word (lower case), the word itself first, most likely next."""
    low = word.lower()
    if not is_cyrillic(low) or len(low) < 2:
        return (low,)
    geo: list[str] = []
    other: list[str] = []
    for language in script_languages(low, hint):
        for parse in _analyser(language).parse(low)[:8]:
            tag = parse.tag.grammemes  # a set: the Ukrainian tag set has no "Geox", and `in` on a tag checks
            forms = [parse.normal_form]
            if "ADJF" in tag or "NOUN" in tag:
                nominative = parse.inflect({"nomn"})
                if nominative is not None:
                    forms.insert(0, nominative.word)
            (geo if "Geox" in tag else other).extend(forms)
        for ending, nominative in _ending_rules(language):
            if low.endswith(ending) and len(low) - len(ending) >= 3:
                other.append(low[: len(low) - len(ending)] + nominative)
    out = [low]
    for form in geo + other:
        if form not in out:
            out.append(form)
    return tuple(out)


def name_forms(name: str, hint: str | None = None) -> list[str]:
    """Candidate nominative forms of a name of one to four words, the name as written first."""
    words = name.split()
    if not words or len(words) > _MAX_WORDS or not is_cyrillic(name):
        return [name.lower()]
    per_word = [word_forms(w, hint)[:_MAX_FORMS] for w in words]
    out: list[str] = []
    for combo in itertools.product(*per_word):
        form = " ".join(combo)
        if form not in out:
            out.append(form)
        if len(out) >= 64:
            break
    return out


@lru_cache(maxsize=16384)
def adjective_region_forms(word: str, unit_nominative: str, hint: str | None = None) -> tuple[str, ...]:
    """An adjective written with a region's unit noun, as that region's name in the nominative:
    ("Курской", "область") → "курская область"; ("донецька", "область") → "донецька область".
    The adjective agrees with the unit noun's gender, whatever case and number the text uses
    ("в Курской и Белгородской областях")."""
    low = word.lower()
    if not is_cyrillic(low):
        return ()
    out: list[str] = []
    for language in script_languages(low, hint):
        analyser = _analyser(language)
        unit = analyser.parse(unit_nominative)[0]
        gender = unit.tag.gender
        for parse in analyser.parse(low)[:8]:
            if "ADJF" not in parse.tag.grammemes:
                continue
            wanted = {"nomn"} | ({gender} if gender else set())
            # Russian adjectives carry a number, Ukrainian ones in pymorphy3's tag set do not.
            inflected = parse.inflect(wanted | {"sing"}) or parse.inflect(wanted)
            if inflected is not None:
                phrase = f"{inflected.word} {unit_nominative}"
                if phrase not in out:
                    out.append(phrase)
    return tuple(out)


@lru_cache(maxsize=4)
def unit_nouns(language: str) -> tuple[str, ...]:
    """Nominatives of the administrative unit nouns of a language pack (region_units.tsv), in its order."""
    lang = pack(language)
    return tuple(r["unit"].lower() for r in lang.rows("region_units.tsv")) if lang else ()


def region_forms(word: str, hint: str | None = None) -> list[str]:
    """A lone adjective as the regions it can name with each unit noun: "Курской" → "курская область", ….
    Used where the adjective shares a unit noun written once ("в Курской и Белгородской областях")."""
    out: list[str] = []
    for language in script_languages(word, hint):
        for unit in unit_nouns(language):
            out += [f for f in adjective_region_forms(word, unit, language) if f not in out]
    return out


@lru_cache(maxsize=16384)
def is_adjective(word: str, hint: str | None = None) -> bool:
    """Whether a word reads only as a feminine adjective, never as a noun ("Курской", "Харківській";
    not "Курском", also the town Курск, nor "Донецька", also Донецьк's genitive)."""
    low = word.lower()
    if not is_cyrillic(low):
        return False
    languages = script_languages(low, hint)
    known = [lang for lang in languages if _analyser(lang).word_is_known(low)] or languages
    readings = [p.tag.grammemes for language in known[:1] for p in _analyser(language).parse(low)[:8]]
    # A surname reading ("Сумська") does not make the word a noun of place.
    return bool(readings) and all("ADJF" in g or g & _PERSON for g in readings) and "femn" in readings[0]


@lru_cache(maxsize=16384)
def can_be_adjective(word: str, hint: str | None = None) -> bool:
    """Whether any reading of a word is a full adjective ("Запорізької", "курской", "Донецька")."""
    low = word.lower()
    return is_cyrillic(low) and any("ADJF" in p.tag.grammemes for language in script_languages(low, hint)
                                    for p in _analyser(language).parse(low)[:8])


@lru_cache(maxsize=16384)
def is_person_name(word: str, hint: str | None = None) -> bool:
    """Whether a capitalised word's likeliest reading is a first name, surname or patronymic ("Зеленський",
    "Шевченко"), in the dictionary of its script's language."""
    low = word.lower()
    if not is_cyrillic(low):
        return False
    languages = script_languages(low, hint)
    known = [lang for lang in languages if _analyser(lang).word_is_known(low)]
    if not known:
        return False
    parses = _analyser(known[0]).parse(low)
    return bool(parses) and bool(parses[0].tag.grammemes & _PERSON)


_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "loc2", "gen2", "acc2", "voct"})


@lru_cache(maxsize=65536)
def cases(word: str, language: str) -> frozenset[str]:
    """The grammatical cases a noun or adjective form can be in, over its readings in the language's
    dictionary of the likeliest reading's number ("Москву" → accs; "Киеве" → loct; "Київ" → nomn, accs;
    "Сочи" → every case); empty for a word of no case."""
    low = word.lower()
    if language not in SLAVIC or not is_cyrillic(low):
        return frozenset()
    readings = [p.tag for p in _analyser(language).parse(low)[:8]
                if {"NOUN", "ADJF", "NPRO"} & p.tag.grammemes]
    if not readings:
        return frozenset()
    # Readings of another number are the dictionary's stretch ("Київ" as a plural genitive): the likeliest
    # reading's number stands.
    number = _plural(readings[0])
    found = frozenset(c for t in readings if _plural(t) == number for c in t.grammemes & _CASES)
    if any("neut" in t.grammemes and "nomn" in t.grammemes and "Geox" in t.grammemes for t in readings):
        # News leaves neuter place names in -о undeclined: "в Дебальцево", "в Иваново" are "in".
        found |= {"loct"}
    return found


def _plural(tag: Any) -> bool:
    """Whether a reading is plural (the Ukrainian tag set marks no singular)."""
    return "plur" in tag.grammemes


@lru_cache(maxsize=65536)
def verb_tense(word: str, language: str) -> str:
    """The tense of a word's likeliest reading when it is a verb: "futr" ("пройдет", "відбудуться",
    "проводитиме"), "past", "pres", "infn"; "" when its likeliest reading is no verb."""
    low = word.lower()
    if language not in SLAVIC or not is_cyrillic(low):
        return ""
    parses = _analyser(language).parse(low)
    if not parses:
        return ""
    tag = parses[0].tag.grammemes
    if "INFN" in tag or ("VERB" in tag and "infn" in tag):
        return "infn"
    if "VERB" not in tag:
        return ""
    return next((t for t in ("futr", "past", "pres") if t in tag), "")
