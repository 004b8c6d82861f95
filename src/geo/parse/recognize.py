"""Find the spans of an article that name places: NER, gazetteer match, facility phrases.

Each recogniser proposes spans; ``merge`` keeps one per stretch of text; ``geo.parse.roles`` reads the words
around each name (locative, actor, destination). Nothing here chooses a place: see resolve.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

from geo.lang.lexicons import Lexicon, shared_words
from geo.lang.names import fold, name_key, named_after
from geo.lang.pack import words
from geo.model import Mention, Role, Sentence
from geo.parse.nlp import (
    NATIONALITY_LABELS,
    ORGANISATION_LABELS,
    PERSON_LABELS,
    PLACE_LABELS,
    Entity,
    Token,
)
from geo.parse.roles import (
    DETERMINERS,
    JOINERS,
    OF_WORDS,
    REGION_WORDS,
    WIDE_KINDS,
    hit_right_before,
    role_before,
)


class Names(Protocol):
    """What recognition needs from a gazetteer."""

    def lookup(self, name: str, *, limit: int = 50) -> list: ...
    def lookup_fuzzy(self, name: str) -> list: ...
    def demonym(self, word: str): ...
    def abbreviation_keys(self) -> frozenset[str]: ...
    def dotted_only_keys(self) -> frozenset[str]: ...


@dataclass(slots=True)
class Unit:
    """A sentence with its tokens and entities, offsets into the article text."""

    index: int
    sentence: Sentence
    tokens: Sequence[Token]  # a list, or geo.parse.units.Tokens (made into objects when read)
    entities: list[Entity]
    has_ner: bool = False  # whether a statistical NER read this sentence


# Names joined in one entity: "Kharkiv and Odesa", "Kharkiv et Odessa" (the joiners of every language pack).
_LIST_SPLIT = re.compile(r"\s*(?:,|" + "|".join(rf"\b{re.escape(w)}\b" for w in sorted(JOINERS - {","})) + r")\s*")
_PRONOUNS = words("pronoun")  # demonstratives standing for a noun before them ("celle d'Andreapol")
# Words that point into a place without naming another ("East Texas"), unless the gazetteer has the whole
# ("East Timor", "West Virginia", "South Sudan").
_COMPASS = words("compass")
# Articles that are not part of the name after them ("the Netherlands"), unlike "Le Havre", "La Paz".
_LOOSE_ARTICLES = words("loose_article")
_UNIT_NOUNS = words("unit_noun")  # a name ending with one of these is a place's name
_HYPHENS = "-\u2011"
_PRIORITY = {"facility": 3, "ner": 2, "gazetteer": 1}


# ---------------------------------------------------------------- NER


def ner_mentions(unit: Unit, text: str, names: Names) -> list[Mention]:
    """Place entities (and nationalities, as demonyms) from the statistical NER."""
    out: list[Mention] = []
    for ent in unit.entities:
        surface = text[ent.start : ent.end]
        if ent.label in NATIONALITY_LABELS:
            if names.demonym(surface) is not None:
                out.append(Mention(ent.start, ent.end, surface, "ner", "demonym", sentence=unit.index))
            continue
        if ent.label not in PLACE_LABELS:
            continue
        start, end = _trim(text, ent.start, ent.end, names)
        if end > start:
            out.append(Mention(start, end, text[start:end], "ner", sentence=unit.index))
    return out


def _trim(text: str, start: int, end: int, names: Names) -> tuple[int, int]:
    """Drop a leading article ("l'Europe", "the Netherlands" stays if that is its name)."""
    surface = text[start:end]
    for possessive in ("'s", "’s"):  # "Boone County's"
        if surface.endswith(possessive):
            surface, end = surface[:-2], end - 2
    while surface and surface[-1] in " ,;:'\"»)" or (surface.endswith(".") and _abbreviation_end(
            text, start, end - 1, names) != end):
        surface = surface[:-1]
        end -= 1
    end = _abbreviation_end(text, start, end, names)
    surface = text[start:end]
    if names.lookup(surface, limit=1):
        return start, end
    first, _, rest = surface.partition(" ")
    if fold(first).strip() in _COMPASS and rest and names.lookup(rest, limit=1):
        return end - len(rest), end  # "East Texas", "Northeast Ohio": the place is Texas, Ohio
    folded = fold(surface)
    first = folded.split()[0] if folded.split() else ""
    if first in DETERMINERS and len(folded.split()) > 1:
        cut = folded.index(first) + len(first)
        while cut < len(surface) and folded[cut] == " ":
            cut += 1
        return start + cut, end
    return start, end


# ---------------------------------------------------------------- gazetteer match


class SurfaceMatcher:
    """Aho-Corasick over folded text for the salient names of the gazetteer."""

    def __init__(self, keys: Iterable[str]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        for key in keys:
            if key:
                self._automaton.add_word(key, len(key))
        self._automaton.make_automaton()

    def __contains__(self, key: str) -> bool:
        """Whether a key is one the matcher searches for (geo.parse.slavic reads inflected names back to it)."""
        return self._automaton.exists(key)

    def find(self, folded: str) -> list[tuple[int, int]]:
        """Longest non-overlapping whole-word matches as (start, end)."""
        spans = []
        for end_index, length in self._automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            if (start == 0 or not folded[start - 1].isalnum()) and (end == len(folded) or not folded[end].isalnum()):
                spans.append((start, end))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        out: list[tuple[int, int]] = []
        for s in spans:
            if out and s[0] < out[-1][1]:
                continue
            out.append(s)
        return out


def gazetteer_mentions(unit: Unit, text: str, folded: str, matcher: SurfaceMatcher, names: Names,
                       stop_words: frozenset[str], lexicon: Lexicon | None = None) -> list[Mention]:
    """Gazetteer names in a sentence that the rest of the evidence does not rule out."""
    s = unit.sentence
    out: list[Mention] = []
    found = matcher.find(folded[s.start : s.end])
    spans = {s.start + a: s.start + b for a, b in found}
    for start, end in found:
        start, end = s.start + start, _abbreviation_end(text, s.start + start, s.start + end, names)
        end = _known_longer_end(unit, start, end, names, text)
        if _inside_compound(text, start, end, spans, names):
            continue  # "Croix-Rouge", "Ouest-France": a word of a hyphenated name, not a place
        first, _, rest = text[start:end].partition(" ")
        if rest and fold(first) in _LOOSE_ARTICLES and names.lookup(rest, limit=1):
            start += len(first) + 1  # "the Netherlands": the name is "Netherlands", as NER and gold corpora count it
        surface = text[start:end]
        verdict = _plausible(unit, text, start, end, names, stop_words, lexicon)
        if verdict:
            out.append(Mention(start, end, surface, "gazetteer", sentence=unit.index,
                               role=Role.NAME_PART if verdict is Role.NAME_PART else Role.NONE))
    return out


def _plausible(unit: Unit, text: str, start: int, end: int, names: Names, stop_words: frozenset[str],
               lexicon: Lexicon | None) -> bool | Role:
    """False, True, or Role.NAME_PART: a place naming an organisation ("Texas Department of Health",
    "Ohio Supreme Court"): a mention of the place, never where an event happens."""
    surface = text[start:end]
    words = surface.split()
    # "réunion", "mer": common words are written in lower case; "région de Tver" ends with a name.
    if not surface[:1].isupper() and not (len(words) > 1 and words[-1][:1].isupper()):
        return False
    if not surface.endswith(".") and name_key(surface) in names.dotted_only_keys():
        return False  # "the Miss category": "Miss." is Mississippi only with its dot
    notable = _self_evident(surface, names)  # "Butler County" says it is a place; a bare "Butler" may be anyone
    if surface.isupper() and len(surface) <= 5 and not notable:
        return False  # "OTAN", "CPC", "RIA": acronyms name organisations far more often than towns
    ner_agrees = _ner_agrees(unit, start, end)
    first = bool(unit.tokens) and unit.tokens[0].start == start
    lower_tail = len(words) > 1 and not words[-1][:1].isupper()  # "La réunion", "Arabie saoudite"
    if first and (len(words) == 1 or lower_tail):
        # A capital at a sentence's start is no evidence of a name ("Summit in Geneva…", "Der Gipfel").
        if fold(surface) in stop_words:
            return False
        if not (ner_agrees or _at_dateline(unit, text, start, end) or (notable and not lower_tail)):
            return False
    locative = _after_locative(unit, start, lexicon)
    other = _other_entity(unit, start, end)
    longer = _longer_name_end(unit, end, names, text, start)
    if other is not None and other.label in ORGANISATION_LABELS and not locative \
            and other.end - other.start > end - start:
        if lexicon and _names_an_event(unit, other, lexicon):
            return True  # "conférence de Munich": where the event is
        if _ends_with_media_word(unit, max(other.end, longer or 0), lexicon):
            return False  # "New York Times": a title
        # Only a well-known place reads as such inside a name: "Ohio Supreme Court", not "University Bank".
        return Role.NAME_PART if notable else False
    if other is not None and not locative and not _at_dateline(unit, text, start, end):
        if notable and _names_only(unit, other, text, names):
            return True  # the small English model tags "Kharkiv" ORG, "Zaporizhzhia" PERSON
        return False  # the NER read it as a person, a date, a number ("June", "Saakashvili")
    if longer is not None and _ends_with_media_word(unit, longer, lexicon):
        return False  # "Washington Post"
    if longer is not None and not ner_agrees:
        return Role.NAME_PART if notable and unit.has_ner else False
    # Without a cue or the NER's word, only a well-known place: a small town's name is more often a
    # word or a surname ("Officer", "Bell"), and in German every noun is capitalised ("Montag").
    return notable or locative or ner_agrees


def _self_evident(surface: str, names: Names) -> bool:
    """A name that reads as a place without a cue: a well-known place, or one named with its unit word."""
    words = surface.split()
    return (len(words) > 1 and fold(words[-1]) in _UNIT_NOUNS) or _is_notable(names.lookup(surface, limit=5))


def _abbreviation_end(text: str, start: int, end: int, names: Names | None = None) -> int:
    """Keep an abbreviation's last dot ("U.S.", "W.Va.", "Ga."): folding reads dots as spaces."""
    if end < len(text) and text[end] == "." and (
            "." in text[start:end] or (names is not None and name_key(text[start:end]) in names.abbreviation_keys())):
        return end + 1
    return end


def _at_dateline(unit: Unit, text: str, start: int, end: int) -> bool:
    opens_paragraph = start == 0 or text[:start].rstrip(" ").endswith("\n")
    return opens_paragraph and unit.sentence.paragraph <= 1 and bool(_DATELINE_TAIL.match(text, end))


def _names_only(unit: Unit, entity: Entity, text: str, names: Names) -> bool:
    """Whether a non-place entity is nothing but well-known place names, alone or joined
    ("Kharkiv and Odesa" read as a WORK_OF_ART): then the label is the model's mistake."""
    parts = _LIST_SPLIT.split(text[entity.start : entity.end])
    return all(p and _is_notable(names.lookup(p, limit=5)) for p in parts)


def _other_entity(unit: Unit, start: int, end: int) -> Entity | None:
    """An NER entity that is not a place, overlapping the span."""
    return next((e for e in unit.entities if e.start < end and start < e.end
                 and e.label not in PLACE_LABELS and e.label not in NATIONALITY_LABELS), None)


def _ner_agrees(unit: Unit, start: int, end: int) -> bool:
    return any(e.start < end and start < e.end and e.label in PLACE_LABELS for e in unit.entities)


def _after_locative(unit: Unit, start: int, lexicon: Lexicon | None) -> bool:
    if lexicon is None:
        return False
    before = [t.key for t in unit.tokens if t.end <= start]
    return role_before(before, lexicon) in (Role.LOCATIVE, Role.TARGET) or hit_right_before(before, lexicon)


def _is_notable(places: list) -> bool:
    """A country, a region, a city, or a town that names its region (its seat: "Kherson" in Kherson
    Oblast, whatever GeoNames counts): "US", "UK", "RIYAD", "KYIV" in a dateline."""
    return any(p.kind in ("country", "region") or p.population >= 100_000 or _names_its_region(p) for p in places)


def _names_its_region(place) -> bool:
    return place.kind == "settlement" and named_after(place.admin1, place.name)


def _names_an_event(unit: Unit, entity: Entity, lexicon: Lexicon) -> bool:
    keys = [t.key for t in unit.tokens if entity.start <= t.start < entity.end]
    return any(lexicon.triggers.match(keys, i) for i in range(len(keys)))


def _inside_compound(text: str, start: int, end: int, spans: dict[int, int], names: Names) -> bool:
    """Whether a match is one word of a hyphenated name whose other word is capitalised and no well-known
    place ("Croix-Rouge", "Ouest-France"); not "Chicago-based", "Dallas-Fort Worth", "EU-Israel",
    "D-Charleston" (the matcher reads hyphens as spaces; ``spans``: the sentence's matches, start -> end)."""
    if end + 1 < len(text) and text[end] in _HYPHENS and text[end + 1].isupper():
        other = spans.get(end + 1)
        partner = text[end + 1 : other] if other is not None else _word_after(text, end + 1)
    elif start >= 2 and text[start - 1] in _HYPHENS and _word_before(text, start - 1)[:1].isupper():
        partner = _word_before(text, start - 1)
    else:
        return False
    # An acronym ("EU", "D" for Democrat) or a well-known place on the other side: two names side by side.
    return not (partner.isupper() or _self_evident(partner, names)
                or any(p.kind in ("area", "continent") for p in names.lookup(partner, limit=3)))


def _word_after(text: str, start: int) -> str:
    end = start
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in _HYPHENS):
        start -= 1
    return text[start:end]


def _known_longer_end(unit: Unit, start: int, end: int, names: Names, text: str) -> int:
    """The end of the longest known name the match opens: "Mala" is part of "Mala Tokmachka", a village
    too small to be searched for, which the text names in full."""
    for t in (t for t in unit.tokens if t.start > end):
        if not t.upper or t.start - end > 1 or not names.lookup(text[start : t.end], limit=1):
            break
        end = t.end
    return end


def _longer_name_end(unit: Unit, end: int, names: Names, text: str, start: int) -> int | None:
    """Where a longer capitalised name the match opens ends ("Texas Department", "New York Times"),
    or None when the next word is not a capitalised continuation (or makes a place itself)."""
    following = [t for t in unit.tokens if t.start >= end]
    if not following or following[0].start - end > 1 or not following[0].upper or not following[0].text[:1].isalpha():
        return None
    if names.lookup(text[start : following[0].end], limit=1) or names.lookup(following[0].text, limit=1):
        return None
    stop = following[0].end
    for t in following[1:]:
        if not t.upper or not t.text[:1].isalpha():
            break
        stop = t.end
    return stop


def _ends_with_media_word(unit: Unit, end: int, lexicon: Lexicon | None) -> bool:
    last = [t.key for t in unit.tokens if t.end <= end][-1:]
    media = {p[0] for p in lexicon.context.get("media", ())} if lexicon else shared_words("media")
    return bool(last) and last[0] in media


# ---------------------------------------------------------------- facilities


def facility_mentions(unit: Unit, text: str, lexicon: Lexicon, names: Names) -> list[Mention]:
    """Names next to a facility noun: "raffinerie de pétrole d'Ilsky", "Kropotkinskaya pumping station"."""
    toks = unit.tokens
    keys = [t.key for t in toks]
    out: list[Mention] = []
    last_facility = ""
    i = 0
    while i < len(toks):
        hit = lexicon.facilities.match(keys, i) if not toks[i].upper or i == 0 else None
        if hit is None:
            if last_facility and keys[i] in _PRONOUNS and i + 2 < len(toks) and keys[i + 1] in OF_WORDS \
                    and toks[i + 2].upper:
                # "deux stations … : celle de Kropotkinskaya … et celle d'Andreapol": the pronoun stands
                # for the facility noun before it.
                k = i + 2
                while k < len(toks) and toks[k].upper and toks[k].text[:1].isalpha():
                    k += 1
                m = _facility_name(unit, text, toks[i + 2].start, toks[k - 1].end, last_facility, names)
                if m is not None:
                    out.append(m)
            i += 1
            continue
        n = hit[0]
        noun_start, noun_end = i, i + n
        # After the noun: up to five lower-case qualifiers, then names joined by "et"/"and"/",".
        j = noun_end
        while j < len(toks) and j - noun_end < 5 and not toks[j].upper and toks[j].text[:1].isalpha() \
                and keys[j] not in REGION_WORDS:
            j += 1
        if j < len(toks) and keys[j] in REGION_WORDS:
            j = noun_end  # "une centrale dans la région de Kharkiv": a region, not the town's facility
        phrase_end = toks[j - 1].end if j > noun_end else toks[noun_end - 1].end
        facility = last_facility = text[toks[noun_start].start : phrase_end]
        found_after = False
        while j < len(toks) and toks[j].upper:
            k = j
            while k < len(toks) and toks[k].upper and toks[k].text[:1].isalpha():
                k += 1
            if k == j:
                break
            m = _facility_name(unit, text, toks[j].start, toks[k - 1].end, facility, names)
            if m is None:
                break
            out.append(m)
            found_after = True
            if k < len(toks) - 1 and toks[k].key in JOINERS and toks[k + 1].upper:
                j = k + 1
                continue
            break
        if not found_after:
            # Before the noun: "the Ilsky oil refinery", "Kropotkinskaya pumping station".
            b = noun_start
            while b > 0 and noun_start - b < 3 and not toks[b - 1].upper and toks[b - 1].key not in DETERMINERS \
                    and toks[b - 1].text[:1].isalpha():
                b -= 1
            k = b
            while k > 0 and toks[k - 1].upper and toks[k - 1].text[:1].isalpha():
                k -= 1
            if k < b and k > 0:  # not the sentence's first word: capitalised for another reason
                m = _facility_name(unit, text, toks[k].start, toks[b - 1].end,
                                   text[toks[b].start : toks[noun_end - 1].end] if b < noun_end else facility, names)
                if m is not None:
                    out.append(m)
        i = max(noun_end, j)
    return out


def _facility_name(unit: Unit, text: str, start: int, end: int, facility: str, names: Names) -> Mention | None:
    surface = text[start:end]
    if fold(surface) in DETERMINERS:
        return None  # "Une usine de la ville…": the article opening the sentence, not a name
    found = names.lookup_fuzzy(surface)
    if not found or any(p.kind in WIDE_KINDS for p, how in found if how == "exact"):
        return None  # "the refinery in Russia's Krasnodar region": a country or region names no facility
    after = [t.key for t in unit.tokens if t.start >= end][:1]
    if after and after[0] in REGION_WORDS:
        return None  # "the pumping station in the Krasnodar region"
    return Mention(start, end, surface, "facility", facility=facility, sentence=unit.index, role=Role.FACILITY)


# ---------------------------------------------------------------- merge and roles


def merge(mentions: Sequence[Mention], names: Names | None = None) -> list[Mention]:
    """One mention per stretch of text: facility over NER over gazetteer, then the longer span; but an
    NER span no gazetteer knows gives way to a known name that opens it ("Butler County Jail")."""
    if names is not None:
        inner: dict[int, list[Mention]] = {}  # by start: a long text must not compare every pair
        for g in mentions:
            if g.source == "gazetteer":
                inner.setdefault(g.start, []).append(g)
        mentions = [m for m in mentions if not (
            m.source == "ner" and m.kind == "toponym"
            and any(g.end < m.end and _self_evident(g.text, names) for g in inner.get(m.start, ()))
            and not names.lookup_fuzzy(m.text))]
    # Facility phrases first; then the longer span ("région de Tver" over the NER's "Tver"); then NER.
    ranked = sorted(mentions, key=lambda m: (m.source != "facility", -(m.end - m.start),
                                             -_PRIORITY.get(m.source, 0), m.start))
    kept: list[Mention] = []
    starts: list[int] = []  # the kept spans never overlap: sorted by start, their ends are sorted too
    ends: list[int] = []
    for m in ranked:
        i = bisect.bisect_left(starts, m.end)  # the kept spans starting before m ends: the last may overlap
        if (i and ends[i - 1] > m.start) or (m.end <= m.start and any(
                m.start < k.end and k.start < m.end for k in kept)):
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def surnames(units: Iterable[Unit], text: str, names: Names) -> frozenset[str]:
    """Last words of the people the NER names in full ("Andy Trapani", "John Scott"); never a country
    or a region: the NER's "Rethinking Egypt" is no one."""
    out = set()
    for unit in units:
        for e in unit.entities:
            words = text[e.start : e.end].split()
            if e.label in PERSON_LABELS and len(words) >= 2 and words[-1][:1].isupper():
                out.add(words[-1])
    return frozenset(w for w in out if not any(p.kind in WIDE_KINDS for p in names.lookup(w, limit=5)))


def not_people(mentions: Sequence[Mention], people: frozenset[str]) -> list[Mention]:
    """Drop bare surnames of people the article names in full: after "Andy Trapani", "Trapani is a
    producer" is the man, not the Sicilian town. A locative cue keeps the place ("born in Jackson")."""
    return [m for m in mentions if m.text not in people or m.locative or m.kind == "demonym"]


@functools.lru_cache(maxsize=16)
def titles(language: str) -> dict[str, bool]:
    """A language's titles and honorifics (data/lang/<code>/titles.tsv), folded → whether the title
    counts only with a capital ("General Syrskyi", not "the general Kharkiv area")."""
    from geo.lang.pack import pack

    p = pack(language)
    return {fold(r["word"]).strip(): r.get("capital", "") == "yes" for r in p.rows("titles.tsv")} if p else {}


def titled(before: Sequence[Token], language: str) -> bool:
    """Whether the tokens right before a name end with a title: "President", "M .", "prime minister"."""
    TITLES = titles(language)
    last = list(before[-3:])
    for n in (1, 2, 3):
        if len(last) < n:
            continue
        keys = [t.key for t in last[-n:]]
        for form in ("".join(keys), " ".join(keys), " ".join(keys[:-1]) + keys[-1]):
            if form in TITLES and (not TITLES[form] or last[-n].upper):
                return True
    return False


def not_titled(units: Sequence[Unit], mentions: Sequence[Mention], language: str) -> list[Mention]:
    """Drop names written after a title or an honorific: "President Jackson", "M. Nancy", "Mme Florence"
    are people, whatever a gazetteer holds under their names."""
    by_unit = {u.index: u for u in units}

    def person(m: Mention) -> bool:
        unit = by_unit.get(m.sentence)
        if unit is None or m.kind != "toponym" or m.source == "facility":
            return False
        return titled([t for t in unit.tokens if t.end <= m.start][-3:], language)

    return [m for m in mentions if not person(m)]


def not_eponyms(units: Sequence[Unit], mentions: Sequence[Mention], lexicon: Lexicon | None) -> list[Mention]:
    """Drop names that name a disease or a strain, not a place: "Marburg virus", "la fièvre de Lassa"."""
    if lexicon is None:
        return list(mentions)
    after_words = {p[0] for p in lexicon.context.get("eponym", ()) if len(p) == 1}
    before_phrases = lexicon.context.get("eponym-before", ())
    by_unit = {u.index: u for u in units}

    def eponym(m: Mention) -> bool:
        unit = by_unit.get(m.sentence)
        if unit is None or m.kind != "toponym" or m.source == "facility":
            return False
        keys = [t.key for t in unit.tokens]
        i = bisect.bisect_left([t.start for t in unit.tokens], m.end)
        if i < len(keys) and keys[i] in after_words:
            return True
        before = [k for k, t in zip(keys, unit.tokens) if t.end <= m.start]
        while before and before[-1] in DETERMINERS:
            before.pop()
        return any(tuple(before[-len(p):]) == p for p in before_phrases)

    return [m for m in mentions if not eponym(m)]


def stop_words(language: str) -> frozenset[str]:
    """Common words of a language that a capital at the start of a sentence does not make a name."""
    try:
        from spacy.util import get_lang_class

        return frozenset(fold(w) for w in get_lang_class(language).Defaults.stop_words)
    except Exception:  # noqa: BLE001 - an unknown language simply has no stop list
        return frozenset()


def name_keys(mentions: Iterable[Mention]) -> set[str]:
    """Lookup keys of the mentions' surface texts."""
    return {name_key(m.text) for m in mentions}


_OPEN_QUOTES, _CLOSE_QUOTES = "«“", "»”"


def mark_quoted(mentions: Sequence[Mention], paragraphs: Sequence[tuple[int, int]], text: str) -> None:
    """Flag mentions inside quotation marks; quotes never run across paragraphs (in place)."""
    starts = [s for s, _ in paragraphs]  # in text order: found by bisection, not by a scan per mention
    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i < 0 or not m.start < paragraphs[i][1]:
            continue
        before = text[starts[i] : m.start]
        depth = sum(before.count(c) for c in _OPEN_QUOTES) - sum(before.count(c) for c in _CLOSE_QUOTES)
        m.quoted = depth > 0 or before.count('"') % 2 == 1


_DATELINE_TAIL = re.compile(r"\s*(?:\([^)]{0,40}\)\s*)?[,–—-]")


def find_dateline(mentions: Sequence[Mention], first_body: tuple[int, int] | None, text: str) -> Mention | None:
    """The place a report is filed from: a name opening the first paragraph, then a comma or a dash
    ("RIYAD, 18 février 2025 –", "Kyiv (Reuters) -")."""
    if first_body is None:
        return None
    for m in mentions:
        if m.start == first_body[0] and m.place is not None and m.kind == "toponym":
            if _DATELINE_TAIL.match(text, m.end):
                return m
    return None
