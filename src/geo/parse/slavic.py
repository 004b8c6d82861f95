"""Russian and Ukrainian place names in any case: the recogniser the Aho-Corasick matcher cannot be.

The matcher finds names as the gazetteer spells them, in the nominative ("Харків"); news writes them
in every case ("у Харкові", "под Курском", "Запорізькій області"). Here each capitalised Cyrillic word
(and runs of two or three) is read back to its nominative forms (geo.lang.morphology) and kept when one
is a name the matcher searches for, on the same evidence the matcher's hits need (geo.parse.recognize);
an adjective before a unit noun ("Курской области", "донецька область") names that region.
"""

from __future__ import annotations

from typing import Container

from geo.lang.lexicons import Lexicon
from geo.lang.morphology import (
    SLAVIC,
    adjective_region_forms,
    can_be_adjective,
    is_cyrillic,
    is_person_name,
    name_forms,
    unit_nouns,
    word_forms,
)
from geo.lang.names import name_key
from geo.model import Mention, PlaceKind, Role
from geo.parse.recognize import Names, Unit, _plausible
from geo.parse.roles import JOINERS

__all__ = ["SLAVIC", "inflected_mentions"]

_MAX_WORDS = 3
# Words that join adjectives sharing one unit noun: "Курской и Белгородской областях" (folded; the packs' joiners).
_JOIN = JOINERS


def _unit_of(word: str, language: str) -> str | None:
    units = unit_nouns(language)
    return next((f for f in word_forms(word, language) if f in units), None) if units else None


def inflected_mentions(unit: Unit, text: str, names: Names, salient: Container[str], stop_words: frozenset[str],
                       lexicon: Lexicon | None, language: str) -> list[Mention]:
    """Places named in an oblique case, or by an adjective before a unit noun, in one sentence; ``salient``
    holds the keys the matcher searches for (SurfaceMatcher)."""
    toks = unit.tokens
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if not t.text[:1].isalpha() or not is_cyrillic(t.text):
            i += 1
            continue
        regions, after = _adjective_regions(unit, i, text, names, language)
        if regions:
            out += regions
            i = after
            continue
        if not t.upper:
            i += 1
            continue
        if t.text.isupper() and 2 <= len(t.text) <= 4 and t.key not in salient and not unit.has_ner:
            # "РФ", "США" written as initials: too short for the matcher; only a country counts.
            if any(p.kind is PlaceKind.COUNTRY for p in names.lookup(t.text, limit=3)):
                out.append(Mention(t.start, t.end, t.text, "gazetteer", sentence=unit.index))
            i += 1
            continue
        found = None
        as_written = False
        for n in range(min(_MAX_WORDS, len(toks) - i), 0, -1):
            span = toks[i : i + n]
            # Later words may be lower case where the name has them ("Середземному морі", "Чорному морі").
            if any(not s.text[:1].isalpha() for s in span[1:]) or any(
                    b.start - a.end > 1 for a, b in zip(span, span[1:])):
                continue
            surface = text[span[0].start : span[-1].end]
            if name_key(surface) in salient:
                found, as_written = (span[0].start, span[-1].end, n), True
                break
            if any(name_key(f) in salient for f in name_forms(surface, language)[1:]):
                found = (span[0].start, span[-1].end, n)
                break
        if found is None:
            i += 1
            continue
        start, end, n = found
        joined = _joined(toks, i, text, salient, language)
        # Without an NER (Ukrainian) nothing else proposes a town too small to be well known: a known
        # place's name is taken unless it reads as a person's ("Шевченко") or opens the sentence.
        unaided = not unit.has_ner and _likely_place(text[start:end], i == 0, names, language)
        # A name as written is the matcher's, on its own evidence; here only when a list joins it to a
        # place ("Куп'янськ та Вовчанськ") or no NER read the sentence.
        verdict = (joined or unaided) if as_written else (
            _plausible(unit, text, start, end, names, stop_words, lexicon) or joined or unaided)
        if verdict:
            out.append(Mention(start, end, text[start:end], "gazetteer", sentence=unit.index,
                               role=Role.NAME_PART if verdict is Role.NAME_PART else Role.NONE))
        i += n
    return out


def _adjective_regions(unit: Unit, i: int, text: str, names: Names, language: str) -> tuple[list[Mention], int]:
    """Adjectives from token i on, joined by "и"/"та"/",", before a unit noun: each names a region
    ("в Курской и Белгородской областях" → Курская область, Белгородская область). The last adjective's
    mention spans the noun too; ([], i) when the words are no such phrase."""
    toks = unit.tokens
    if not can_be_adjective(toks[i].text, language):
        return [], i
    adjectives = [i]
    j = i + 1
    while j < len(toks) and j - i <= 6:
        key = toks[j].key
        if key in _JOIN and j + 1 < len(toks) and can_be_adjective(toks[j + 1].text, language):
            adjectives.append(j + 1)
            j += 2
            continue
        break
    if j >= len(toks) or not is_cyrillic(toks[j].text):
        return [], i
    unit_noun = _unit_of(toks[j].text, language)
    if unit_noun is None:
        return [], i
    out: list[Mention] = []
    for k in adjectives:
        region = None
        for form in adjective_region_forms(toks[k].text, unit_noun, language):
            region = next((p for p in names.lookup(form, limit=3) if p.kind is PlaceKind.REGION), None)
            if region is not None:
                break
        if region is None:
            continue
        end = toks[j].end if k == adjectives[-1] else toks[k].end
        start = toks[k].start
        out.append(Mention(start, end, text[start:end], "gazetteer", sentence=unit.index, role=Role.NONE))
    return out, (j + 1 if out else i)


# A town this large is taken at a sentence's start without an NER; a smaller one needs a cue there.
_UNAIDED_FIRST_POPULATION = 50_000
_UNAIDED_POPULATION = 5_000
_WELL_KNOWN = 100_000
# Countries whose place names are written in Cyrillic at home (ISO 3166-1 alpha-2).
_CYRILLIC_COUNTRIES = frozenset({"UA", "RU", "BY", "MD", "KZ", "KG", "TJ", "UZ", "BG", "RS", "MK", "ME", "BA", "MN",
                                 "GE", "AM", "AZ"})
_WIDE = (PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.AREA, PlaceKind.CONTINENT)


def _likely_place(surface: str, first: bool, names: Names, language: str) -> bool:
    """Whether a capitalised name no NER read is a place: a country, region or area, or a town of some
    size, and no word of it reads as a person's name."""
    if any(is_person_name(w, language) for w in surface.split()):
        return False
    floor = _UNAIDED_FIRST_POPULATION if first else _UNAIDED_POPULATION
    # A small town far from where Cyrillic is written is a transliteration that a common word shares
    # ("Сили" is Sealy, Texas; "Зараз" Zaraza): only a well-known one counts.
    return any(p.kind in _WIDE or p.population >= _WELL_KNOWN
               or (p.population >= floor and p.country in _CYRILLIC_COUNTRIES)
               for p in names.lookup(surface, limit=5))


def _joined(toks: list, i: int, text: str, salient: Container[str], language: str) -> bool:
    """Whether token i follows a place name and a joiner: "під Бахмутом та Авдіївкою",
    "обстріляли Куп'янськ та Вовчанськ" (the name before, in any case, is one the matcher knows)."""
    if i < 2 or toks[i - 1].key not in _JOIN or not toks[i - 2].upper:
        return False
    before = toks[i - 2].text
    return any(name_key(f) in salient for f in name_forms(before, language))
